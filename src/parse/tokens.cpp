// The token shapes of reply and log texts; see tokens.hpp. Plain scanners, linear in the token.
#include "parse/tokens.hpp"

#include "core/smtp_code.hpp"

#include <algorithm>
#include <array>

namespace smtpx::parse {

using util::is_alnum;
using util::is_alpha;
using util::is_digit;

namespace {

bool digits_at(std::string_view s, std::size_t at, std::size_t n) noexcept {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (!is_digit(s[i])) return false;
    return true;
}

/// "HH:MM:SS" with an optional fraction at s[i]; the end, or 0.
std::size_t clock_end(std::string_view s, std::size_t i) noexcept {
    if (!digits_at(s, i, 2) || i + 8 > s.size() || s[i + 2] != ':' || !digits_at(s, i + 3, 2) || s[i + 5] != ':' ||
        !digits_at(s, i + 6, 2))
        return 0;
    i += 8;
    if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
    }
    return i;
}

/// A zone after a clock at s[i] ("Z", "+00:00", "-0500", and after a space also "GMT", "UTC", "UT"):
/// the end, or i when there is none.
std::size_t zone_end(std::string_view s, std::size_t i, bool spaced) noexcept {
    std::size_t j = i;
    if (spaced) {
        if (j >= s.size() || s[j] != ' ') return i;
        ++j;
    }
    if (!spaced && j < s.size() && s[j] == 'Z') return j + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) {
        if (digits_at(s, j + 1, 2) && j + 3 < s.size() && s[j + 3] == ':' && digits_at(s, j + 4, 2)) return j + 6;
        if (digits_at(s, j + 1, 4)) return j + 5;
        return i;
    }
    if (spaced) {
        for (std::string_view name : {"GMT", "UTC", "UT"})
            if (s.substr(j).starts_with(name)) return j + name.size();
    }
    return i;
}

bool is_month(std::string_view s, std::size_t at) noexcept {
    static constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (at + 3 > s.size()) return false;
    for (std::size_t m = 0; m < months.size(); m += 3)
        if (s.substr(at, 3) == months.substr(m, 3)) return true;
    return false;
}

// Generic TLDs seen in mail (plus site-internal ones); any two-letter alphabetic label counts as a
// country code. English words that double as TLDs (".one", ".mail", ".name") are left out on
// purpose: "RESOLVER.ADR.RecipientNotFound" or "header.from" must not read as host names.
constexpr std::array<std::string_view, 34> k_tlds{
    "com",  "net",    "org",  "edu",  "gov",    "mil",    "int",   "info",  "biz",         "mobi",
    "asia", "aero",   "coop", "museum", "travel", "jobs", "arpa",  "app",   "dev",         "cloud",
    "online", "site", "xyz",  "top",  "shop",   "tech",   "local", "localdomain", "lan", "internal",
    // RFC 2606 / 6761 reserved names, common in documentation and test setups.
    "example", "test", "invalid", "localhost"};

bool is_tld(std::string_view label) noexcept {
    if (label.size() == 2) return is_alpha(label[0]) && is_alpha(label[1]);
    return std::any_of(k_tlds.begin(), k_tlds.end(), [&](std::string_view t) { return util::iequals(t, label); });
}

/// `[0-9A-Za-z]{n}` at the start of `s`.
bool alnum_run(std::string_view s, std::size_t n) noexcept {
    if (s.size() < n) return false;
    return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n), [](char c) { return is_alnum(c); });
}

} // namespace

bool detail::is_reply_code(std::string_view s) noexcept {
    // The grammar is core/smtp_code's (RFC 5321 basic codes, RFC 3463 enhanced codes).
    if (core::is_basic_code(s) || core::is_enhanced_code(s)) return true;
    return s.size() > 4 && s[3] == '-' && core::is_basic_code(s.substr(0, 3)) && core::is_enhanced_code(s.substr(4));
}

bool is_number(std::string_view s) noexcept {
    bool digit = false;
    for (char c : s) {
        if (is_digit(c)) digit = true;
        else if (c != '.' && c != ',' && c != '/' && c != '-' && c != '+' && c != '%') return false;
    }
    return digit;
}

bool is_id_like(std::string_view s) noexcept {
    if (s.size() < 7) return false;
    int digits = 0, letters = 0;
    for (char c : s) {
        if (is_digit(c)) ++digits;
        else if (is_alpha(c)) ++letters;
        else if (c != '-' && c != '_' && c != '=' && c != '+' && c != '/') return false;
    }
    return digits >= 2 && letters >= 1;
}

bool is_generated_host(std::string_view s) noexcept {
    if (s.find('.') == std::string_view::npos || s.find('/') != std::string_view::npos) return false;
    std::size_t start = 0;
    bool generated = false;
    while (start <= s.size()) {
        std::size_t dot = s.find('.', start);
        std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        int digits = 0, letters = 0;
        for (char c : label) {
            if (is_digit(c)) ++digits;
            else if (is_alpha(c)) ++letters;
            else if (c != '-') return false;
        }
        if (digits >= 1 && letters >= 1) generated = true;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return generated;
}

std::size_t detail::timestamp_length(std::string_view s) noexcept {
    std::size_t end = 0;
    if (digits_at(s, 0, 4) && s.size() >= 19 && s[4] == '-' && digits_at(s, 5, 2) && s[7] == '-' && digits_at(s, 8, 2) &&
        (s[10] == 'T' || s[10] == ' ')) {
        if ((end = clock_end(s, 11)) != 0) end = zone_end(s, end, s[end - 1] != 'Z' && end < s.size() && s[end] == ' ');
    } else if (is_digit(s[0]) || (s.size() > 5 && s[3] == ',' && s[4] == ' ' && is_alpha(s[0]))) {
        std::size_t i = is_digit(s[0]) ? 0 : 5;   // "Tue, " goes with the date it names
        const std::size_t day = i;
        while (i < s.size() && is_digit(s[i]) && i - day < 2) ++i;
        if (i > day && i + 1 < s.size() && s[i] == ' ' && is_month(s, i + 1) && i + 4 < s.size() && s[i + 4] == ' ' &&
            digits_at(s, i + 5, 4) && i + 9 < s.size() && s[i + 9] == ' ') {
            if ((end = clock_end(s, i + 10)) != 0) end = zone_end(s, end, true);
        } else if (day == 0) {
            end = clock_end(s, 0);
        }
    }
    // Only a whole token: "10:00:00abc" is something else.
    if (end != 0 && end < s.size() && (is_alnum(s[end]) || s[end] == ':')) return 0;
    return end;
}

std::size_t host_length(std::string_view s) noexcept {
    std::size_t i = 0, labels = 0, last_start = 0;
    while (true) {
        std::size_t start = i;
        while (i < s.size() && i - start < 63 && is_label_char(s[i])) ++i;
        if (i == start || s[start] == '-' || s[i - 1] == '-') return 0;
        ++labels;
        last_start = start;
        if (i + 1 < s.size() && s[i] == '.' && is_label_char(s[i + 1])) {
            ++i;
            continue;
        }
        break;
    }
    if (labels < 2 || (i < s.size() && (is_label_char(s[i]) || s[i] == '@'))) return 0;
    std::string_view tld = s.substr(last_start, i - last_start);
    if (!is_tld(tld)) return 0;
    // A version such as "1.2.de" is not a host: something before the TLD must hold a letter.
    std::string_view rest = s.substr(0, last_start);
    if (std::none_of(rest.begin(), rest.end(), [](char c) { return is_alpha(c); })) return 0;
    return i;
}

std::size_t email_length(std::string_view s) noexcept {
    std::size_t at = 0;
    while (at < s.size() && at < 256 && is_local_char(s[at])) ++at;
    if (at == 0 || at >= s.size() || s[at] != '@' || s[0] == '.') return 0;
    std::string_view domain = s.substr(at + 1);
    if (!domain.empty() && domain[0] == '[') {
        std::size_t close = domain.find(']');
        return close != std::string_view::npos && close < 64 ? at + 1 + close + 1 : 0;
    }
    // Any dotted or single-label domain: "root@localhost" names a mailbox as much as "a@b.example".
    std::size_t n = 0;
    while (n < domain.size() && (is_label_char(domain[n]) || (domain[n] == '.' && n + 1 < domain.size() && is_label_char(domain[n + 1]))))
        ++n;
    return n == 0 ? 0 : at + 1 + n;
}

std::size_t bracketed_address_length(std::string_view s) noexcept {
    // Bounded search: a line of '<' without '>' must not make the scan quadratic.
    std::size_t close = s.substr(0, 514).find('>');
    if (close == std::string_view::npos) return 0;
    std::string_view in = s.substr(1, close - 1);
    std::size_t at = in.rfind('@');
    if (at == 0 || at == std::string_view::npos || at + 1 == in.size()) return 0;
    if (std::any_of(in.begin(), in.end(), [](char c) { return util::is_space(c) || c == '<'; })) return 0;
    return close + 1;
}

bool is_generated_local_part(std::string_view local) noexcept {
    auto digits = std::count_if(local.begin(), local.end(), [](char c) { return is_digit(c); });
    return local.size() >= 20 && digits >= 6 && local.find('=') == std::string_view::npos;
}

std::size_t exim_id_length(std::string_view s) noexcept {
    for (auto [a, b, c] : {std::array<std::size_t, 3>{6, 6, 2}, std::array<std::size_t, 3>{6, 11, 4}}) {
        std::size_t n = a + b + c + 2;
        if (s.size() >= n && alnum_run(s, a) && s[a] == '-' && alnum_run(s.substr(a + 1), b) && s[a + 1 + b] == '-' &&
            alnum_run(s.substr(a + b + 2), c) && (s.size() == n || !is_label_char(s[n])) &&
            std::any_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n), [](char ch) { return is_digit(ch); }))
            return n;
    }
    return 0;
}

std::size_t queue_id_length(std::string_view s) noexcept {
    std::size_t n = 0;
    while (n < s.size() && n < 24 && is_alnum(s[n])) ++n;
    if (n >= s.size() || s[n] != ':' || (n + 1 < s.size() && !util::is_space(s[n + 1]))) return 0;
    std::string_view id = s.substr(0, n);
    auto count = [&](auto pred) { return std::count_if(id.begin(), id.end(), pred); };
    long digits = count([](char c) { return is_digit(c); });
    bool upper_hex = std::all_of(id.begin(), id.end(), [](char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); });
    if (upper_hex && n >= 6 && n <= 12 && digits > 0 && digits < static_cast<long>(n)) return n;
    // Postfix long ids never contain vowels and separate time from inode with a 'z'.
    bool no_vowels = count([](char c) { return std::string_view("aeiouAEIOU").find(c) != std::string_view::npos; }) == 0;
    if (no_vowels && n >= 12 && n <= 20 && id.find('z') != std::string_view::npos && digits >= 2) return n;
    // Sendmail: eight base-60 date/time characters, then the process id.
    if (n == 14 && digits >= 6 && std::all_of(id.begin() + 8, id.end(), [](char c) { return is_digit(c); }) &&
        count([](char c) { return is_alpha(c); }) >= 2)
        return n;
    return 0;
}

bool preceded_by_label(std::string_view text, std::size_t pos, std::initializer_list<std::string_view> labels) noexcept {
    std::size_t end = pos;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == ':' || text[end - 1] == '=' || text[end - 1] == '\t'))
        --end;
    if (end == pos) return false;
    std::string_view before = text.substr(0, end);
    return std::any_of(labels.begin(), labels.end(), [&](std::string_view l) { return util::iends_with(before, l); });
}

std::size_t labelled_queue_id_length(std::string_view text, std::size_t pos) noexcept {
    if (!preceded_by_label(text, pos, {"queued as", "queue id", "queue-id", "queueid"})) return 0;
    std::size_t n = 0;
    while (pos + n < text.size() && n < 32 && is_alnum(text[pos + n])) ++n;
    std::string_view id = text.substr(pos, n);
    bool has_digit = std::any_of(id.begin(), id.end(), [](char c) { return is_digit(c); });
    return n >= 6 && has_digit && (pos + n == text.size() || !is_label_char(text[pos + n])) ? n : 0;
}

std::string_view without_port(std::string_view s) noexcept {
    const std::size_t colon = s.rfind(':');
    return colon != std::string_view::npos && s.find(':') == colon ? s.substr(0, colon) : s;
}

} // namespace smtpx::parse
