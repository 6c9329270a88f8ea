// The SMTP code grammar: what a basic code, an enhanced code and a codes-only input are.
#include "core/smtp_code.hpp"

#include "util/strings.hpp"

namespace smtpx::core {

using util::is_digit;

namespace {

std::size_t digits_at(std::string_view s, std::size_t pos) noexcept {
    std::size_t n = 0;
    while (pos + n < s.size() && is_digit(s[pos + n])) ++n;
    return n;
}

/// Length of ".S.D" (subject and detail of 1-3 digits) starting at `pos`, 0 when absent.
std::size_t subject_detail_at(std::string_view s, std::size_t pos) noexcept {
    std::size_t i = pos;
    for (int part = 0; part < 2; ++part) {
        if (i >= s.size() || s[i] != '.') return 0;
        const std::size_t n = digits_at(s, i + 1);
        if (n == 0 || n > 3) return 0;
        i += 1 + n;
    }
    return i - pos;
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

/// Digits and dots with at least one dot: the shape of an enhanced code, valid or not.
bool dotted(std::string_view s) noexcept {
    bool dot = false;
    for (char c : s) {
        if (c == '.') dot = true;
        else if (!is_digit(c)) return false;
    }
    return dot;
}

} // namespace

bool is_basic_code(std::string_view s) noexcept {
    return s.size() == 3 && s[0] >= '2' && s[0] <= '5' && is_digit(s[1]) && is_digit(s[2]);
}

std::size_t enhanced_code_at(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size()) return 0;
    const char cls = s[pos];
    if (cls != '2' && cls != '4' && cls != '5') return 0;
    if (pos > 0 && (is_digit(s[pos - 1]) || s[pos - 1] == '.')) return 0;
    const std::size_t n = subject_detail_at(s, pos + 1);
    if (n == 0) return 0;
    const std::size_t i = pos + 1 + n;
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])) return 0;
    if (i < s.size() && util::is_alpha(s[i])) return 0;
    return i - pos;
}

bool is_enhanced_code(std::string_view s) noexcept { return !s.empty() && enhanced_code_at(s, 0) == s.size(); }

bool is_enhanced_key(std::string_view s) noexcept {
    if (s.empty()) return false;
    if (s[0] != 'X') return is_enhanced_code(s);
    return subject_detail_at(s, 1) + 1 == s.size();
}

EnhancedParts split_enhanced(std::string_view s) noexcept {
    if (s.size() < 5 || s[1] != '.') return {};
    const std::size_t dot = s.find('.', 2);
    if (dot == std::string_view::npos) return {};
    return {s.substr(0, 1), s.substr(2, dot - 2), s.substr(dot + 1)};
}

int BareCode::code() const noexcept {
    if (basic.size() != 3) return 0;
    return (basic[0] - '0') * 100 + (basic[1] - '0') * 10 + (basic[2] - '0');
}

std::optional<BareCode> parse_bare(std::string_view input) noexcept {
    BareCode out;
    const std::string_view s = util::trim(input);
    if (s.empty()) {
        out.error = BareCode::Error::Empty;
        return out;
    }
    std::string_view t = util::trim(util::strip_quotes(s));
    out.whole = t;
    if (!t.empty() && t.front() == '#') t.remove_prefix(1);
    if (t.empty()) return std::nullopt;

    // First token: up to a blank, or up to '-' in "550-5.1.1" (a multi-line reply's code joined to its status).
    std::size_t sep = 0;
    while (sep < t.size() && !util::is_blank(t[sep]) && t[sep] != '-') ++sep;
    const std::string_view first = t.substr(0, sep);
    const bool dash = sep < t.size() && t[sep] == '-';
    const std::string_view rest = sep < t.size() ? util::trim(t.substr(sep + 1)) : std::string_view{};
    if (sep < t.size() && rest.empty()) return std::nullopt;
    for (char c : rest)
        if (util::is_blank(c)) return std::nullopt;   // more than two tokens: text, not codes

    auto take = [&](std::string_view tok) -> bool {
        if (all_digits(tok)) {
            if (!out.basic.empty()) return false;
            out.basic = tok;
            if (!is_basic_code(tok)) out.error = BareCode::Error::NotBasic, out.bad = tok;
            return true;
        }
        if (!tok.empty() && tok.front() == '#') tok.remove_prefix(1);
        if (dotted(tok)) {
            if (!out.enhanced.empty()) return false;
            out.enhanced = tok;
            if (!is_enhanced_code(tok)) out.error = BareCode::Error::NotEnhanced, out.bad = tok;
            return true;
        }
        return false;
    };
    if (!take(first)) return std::nullopt;
    if (dash && out.basic.empty()) return std::nullopt;   // "5.1.1-550" is not a reply's shape
    if (!rest.empty() && !take(rest)) return std::nullopt;
    if (dash && out.enhanced.empty()) return std::nullopt;
    return out;
}

std::string_view error_key(BareCode::Error e) noexcept {
    switch (e) {
    case BareCode::Error::Empty: return "err.empty";
    case BareCode::Error::NotBasic: return "err.not_code";
    case BareCode::Error::NotEnhanced: return "err.not_enhanced";
    case BareCode::Error::None: break;
    }
    return {};
}

} // namespace smtpx::core
