#include "parse/codes.hpp"

#include "util/strings.hpp"

namespace smtpx::parse {

using util::is_alpha;
using util::is_digit;

namespace {

std::size_t digits_at(std::string_view s, std::size_t pos) noexcept {
    std::size_t n = 0;
    while (pos + n < s.size() && is_digit(s[pos + n])) ++n;
    return n;
}

bool code_terminator(char c) noexcept {
    return c == ' ' || c == '\t' || c == '-' || c == '\r' || c == '\n' || c == '\'' || c == '"';
}

/// Loose "D.D+.D+" shape used only for bare-code inputs, where a malformed code must be kept.
std::size_t loose_enhanced_len(std::string_view s) noexcept {
    std::size_t i = 0;
    for (int part = 0; part < 3; ++part) {
        const std::size_t n = digits_at(s, i);
        if (n == 0 || n > 9) return 0;
        i += n;
        if (part < 2) {
            if (i >= s.size() || s[i] != '.') return 0;
            ++i;
        }
    }
    return i;
}

} // namespace

std::size_t enhanced_code_at(std::string_view s, std::size_t pos) noexcept {
    if (pos + 5 > s.size()) return 0;
    const char cls = s[pos];
    if (cls != '2' && cls != '4' && cls != '5') return 0;
    if (pos > 0 && (is_digit(s[pos - 1]) || s[pos - 1] == '.')) return 0;
    if (s[pos + 1] != '.') return 0;
    std::size_t i = pos + 2;
    const std::size_t subject = digits_at(s, i);
    if (subject == 0 || subject > 3) return 0;
    i += subject;
    if (i >= s.size() || s[i] != '.') return 0;
    ++i;
    const std::size_t detail = digits_at(s, i);
    if (detail == 0 || detail > 3) return 0;
    i += detail;
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])) return 0;
    if (i < s.size() && is_alpha(s[i])) return 0;
    return i - pos;
}

int basic_code_at(std::string_view s, std::size_t pos) noexcept {
    if (pos + 3 > s.size()) return -1;
    if (!is_digit(s[pos]) || !is_digit(s[pos + 1]) || !is_digit(s[pos + 2])) return -1;
    if (pos > 0) {
        const char p = s[pos - 1];
        if (util::is_alnum(p) || p == '.' || p == '_' || p == '/' || p == '+' || p == ',') return -1;
    }
    if (pos + 3 < s.size() && !code_terminator(s[pos + 3])) return -1;
    return (s[pos] - '0') * 100 + (s[pos + 1] - '0') * 10 + (s[pos + 2] - '0');
}

std::string_view find_enhanced_code(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '2' && c != '4' && c != '5') continue;
        if (const std::size_t n = enhanced_code_at(s, i)) return s.substr(i, n);
    }
    return {};
}

CodeSite code_site(std::string_view s, std::size_t pos) noexcept {
    std::size_t i = pos;
    bool quoted = false;
    while (i > 0) {
        const char c = s[i - 1];
        if (c == ' ' || c == '\t' || c == '#' || c == '<' || c == '>') {
            --i;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            quoted = true;
            --i;
            continue;
        }
        break;
    }
    if (i == 0 || quoted) return CodeSite::Strong;
    const char c = s[i - 1];
    if (c == '\n' || c == '\r' || c == ':' || c == ';' || c == '=' || c == '(') return CodeSite::Strong;
    return CodeSite::Weak;
}

std::size_t find_reply_start(std::string_view s, bool allow_weak) noexcept {
    constexpr std::size_t npos = std::string_view::npos;
    std::size_t weak_basic = npos;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c < '2' || c > '5') continue;
        if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')) continue;
        const int code = basic_code_at(s, i);
        if (code >= 200 && code <= 599) {
            if (code_site(s, i) == CodeSite::Strong) return i;
            if (weak_basic == npos && i > 0 && util::is_blank(s[i - 1])) weak_basic = i;
            if (!allow_weak && weak_basic != npos) weak_basic = npos;
            continue;
        }
        if (enhanced_code_at(s, i) > 0 && code_site(s, i) == CodeSite::Strong) return i;
    }
    return allow_weak ? weak_basic : npos;
}

bool parse_bare_code(std::string_view s, ParsedInput& out) {
    std::string_view t = util::strip_quotes(util::trim(s));
    t = util::trim(t);
    if (t.empty() || t.size() > 40) return false;
    const std::string_view whole = t;
    if (t.front() == '#') t.remove_prefix(1);
    if (t.empty()) return false;

    int code = 0;
    std::string_view enhanced;
    auto take_basic = [&](std::string_view v) -> bool {
        if (v.size() != 3 || !is_digit(v[0]) || !is_digit(v[1]) || !is_digit(v[2])) return false;
        code = (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
        return true;
    };
    auto take_enhanced = [&](std::string_view v) -> bool {
        if (!v.empty() && v.front() == '#') v.remove_prefix(1);
        if (v.empty() || loose_enhanced_len(v) != v.size()) return false;
        enhanced = v;
        return true;
    };

    std::size_t sep = 0;
    while (sep < t.size() && !util::is_blank(t[sep]) && t[sep] != '-') ++sep;
    const std::string_view first = t.substr(0, sep);
    std::string_view second;
    if (sep < t.size()) {
        second = util::trim(t.substr(sep + 1));
        if (second.empty()) return false;
    }
    if (second.empty()) {
        if (!take_basic(first) && !take_enhanced(first)) return false;
    } else if (take_basic(first)) {
        if (!take_enhanced(second)) return false;
    } else if (take_enhanced(first)) {
        if (t[sep] == '-' || !take_basic(second)) return false;
    } else {
        return false;
    }

    out.kind = InputKind::BareCode;
    Reply r;
    r.code = code;
    r.enhanced = std::string(enhanced);
    r.raw = std::string(whole);
    out.replies.push_back(std::move(r));
    return true;
}

} // namespace smtpx::parse
