#include "util/net.hpp"

#include "util/strings.hpp"

namespace smtpx::util {

std::size_t ipv4_length(std::string_view s) noexcept {
    std::size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        std::size_t start = i;
        int value = 0;
        while (i < s.size() && i - start < 3 && is_digit(s[i])) value = value * 10 + (s[i++] - '0');
        if (i == start || value > 255 || (i < s.size() && is_digit(s[i]))) return 0;
        if (part < 3) {
            if (i >= s.size() || s[i] != '.') return 0;
            ++i;
        }
    }
    // "1.2.3.4.5" is a version or an OID, not an address.
    if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) return 0;
    if (i < s.size() && (is_alpha(s[i]) || s[i] == '_')) return 0;
    return i;
}

std::size_t ipv6_length(std::string_view s) noexcept {
    std::size_t i = 0;
    int groups = 0, hex_digits = 0;
    bool compressed = false, has_digit = false;
    while (i < s.size()) {
        if (s[i] == ':' && i + 1 < s.size() && s[i + 1] == ':') {
            if (compressed) return 0;
            compressed = true;
            i += 2;
            continue;
        }
        // An embedded IPv4 ends the address ("::ffff:192.0.2.1").
        if (groups > 0 || compressed) {
            if (std::size_t v4 = ipv4_length(s.substr(i)); v4 > 0 && (i == 0 || s[i - 1] == ':')) {
                i += v4;
                groups += 2;
                has_digit = true;
                break;
            }
        }
        std::size_t start = i;
        while (i < s.size() && i - start < 4 && is_hex(s[i])) {
            has_digit = has_digit || is_digit(s[i]);
            ++i;
        }
        if (i == start) break;
        hex_digits += static_cast<int>(i - start);
        ++groups;
        if (i < s.size() && is_hex(s[i])) return 0;
        if (i < s.size() && s[i] == ':' && !(i + 1 < s.size() && s[i + 1] == ':')) {
            if (i + 1 >= s.size() || !is_hex(s[i + 1])) break;
            ++i;
        }
    }
    // Clock times ("12:00:00") and "Foo::Bar" must not qualify: either eight groups, or "::" with digits.
    bool ok = groups <= 8 && has_digit && hex_digits >= 1 && (groups == 8 || compressed);
    if (!ok || (i < s.size() && is_word_char(s[i])) || (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1]))) return 0;
    return i;
}

bool is_ip(std::string_view s) noexcept {
    if (istarts_with(s, "ipv6:")) s.remove_prefix(5);
    return !s.empty() && (ipv4_length(s) == s.size() || ipv6_length(s) == s.size());
}

std::string_view find_ipv4(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.'))) continue;
        if (const std::size_t n = ipv4_length(text.substr(i))) return text.substr(i, n);
    }
    return {};
}

} // namespace smtpx::util
