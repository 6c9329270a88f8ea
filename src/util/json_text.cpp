// One table look-up per byte; the runs that need no escape are copied whole.
#include "util/json_text.hpp"

#include <array>

namespace smtpx::util {

std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
    const unsigned c = b(0);
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

bool append_json_escaped(std::string& out, std::string_view s, IllFormed ill) {
    // 0 copies as it is, 1 needs an escape, 2 starts a multi-byte sequence.
    static constexpr auto kind = [] {
        std::array<unsigned char, 256> k{};
        for (int c = 0; c < 256; ++c) k[c] = c >= 0x80 ? 2 : (c < 0x20 || c == '"' || c == '\\') ? 1 : 0;
        return k;
    }();
    const std::size_t start = out.size();
    std::size_t run = 0;   // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size();) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (kind[u] == 0) {
            ++i;
            continue;
        }
        if (kind[u] == 2) {
            if (const std::size_t n = utf8_sequence(s, i)) {
                i += n;
                continue;
            }
            if (ill == IllFormed::Refuse) {
                out.resize(start);
                return false;
            }
            out.append(s.substr(run, i - run));
            out += "\xEF\xBF\xBD";
            run = ++i;
            continue;
        }
        out.append(s.substr(run, i - run));
        switch (u) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 0xF]};
            out.append(esc, 6);
        }
        }
        run = ++i;
    }
    out.append(s.substr(run));
    return true;
}

} // namespace smtpx::util
