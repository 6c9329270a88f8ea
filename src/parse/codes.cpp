#include "parse/codes.hpp"

#include "util/strings.hpp"


namespace smtpx::parse {

using util::is_digit;

namespace {

bool code_terminator(char c) noexcept {
    return c == ' ' || c == '\t' || c == '-' || c == '\r' || c == '\n' || c == '\'' || c == '"';
}

} // namespace

int basic_code_at(std::string_view s, std::size_t pos) noexcept {
    if (pos + 3 > s.size()) return -1;
    if (!is_digit(s[pos]) || !is_digit(s[pos + 1]) || !is_digit(s[pos + 2])) return -1;
    if (pos > 0) {
        const char p = s[pos - 1];
        if (util::is_alnum(p) || p == '.' || p == '_' || p == '/' || p == '+' || p == ',') return -1;
    }
    // "550: <a@b>: User unknown" (Yahoo, some webmail bounces): a colon after a failure code at the
    // start of a line; elsewhere "NNN:" is a count, a port or a time.
    const bool line_start = pos == 0 || s[pos - 1] == '\n' || s[pos - 1] == '\r';
    const bool colon_form = line_start && (s[pos] == '4' || s[pos] == '5') && pos + 4 < s.size() && s[pos + 3] == ':' &&
                            s[pos + 4] == ' ';
    if (pos + 3 < s.size() && !code_terminator(s[pos + 3]) && !colon_form) return -1;
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
    // A tab right before it starts a table cell ("100.0%\t550 Message rejected", an error tracker's
    // table pasted as text): the cell holds the reply.
    if (pos > 0 && s[pos - 1] == '\t') return CodeSite::Strong;
    // Exchange names the host that failed before the status: 2000/2003 close each recipient's reason
    // with "<mx.example.net #5.2.2>" (when a remote reply follows, "#5.1.1 smtp;550 5.1.1 ...>", it
    // decides), 2007 and later write "mx.example.net #550 5.1.1 User unknown ##" on a line of its own.
    if (pos >= 3 && s[pos - 1] == '#' && s[pos - 2] == ' ') {
        std::size_t j = pos - 2;
        while (j > 0 && pos - j < 256 && !util::is_space(s[j - 1]) && s[j - 1] != '<') --j;
        const std::string_view host = s.substr(j, pos - 2 - j);
        if (const std::size_t n = enhanced_code_at(s, pos); n > 0 && j > 0 && !host.empty() && s[j - 1] == '<' &&
                                                             pos + n < s.size() && s[pos + n] == '>')
            return CodeSite::Strong;
        std::size_t eol = s.find('\n', pos);
        if (eol == std::string_view::npos) eol = s.size();
        const std::string_view tail = util::trim_right(s.substr(pos, eol - pos));
        std::size_t k = j;
        while (k > 0 && util::is_blank(s[k - 1])) --k;
        if ((k == 0 || s[k - 1] == '\n') && host.find('.') != std::string_view::npos && tail.ends_with("##"))
            return CodeSite::Strong;
    }
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
    // "mailer.go:201", "smtp.example.com:587": a file's line or a host's port, not a reply.
    if (c == ':' && i == pos) {
        for (std::size_t j = i - 1; j > 0 && i - j < 64; --j) {
            const char b = s[j - 1];
            if (util::is_space(b)) break;
            if (b == '.' || b == '/') return CodeSite::Weak;
        }
    }
    if (c == '\n' || c == '\r' || c == ':' || c == ';' || c == '=' || c == '(' || c == '[') return CodeSite::Strong;
    return CodeSite::Weak;
}

namespace {
/// Whether the word after a number at `end` is a unit: "300 seconds", "552 bytes", "450 messages"
/// count something; a reply code is never followed by one.
bool followed_by_unit(std::string_view s, std::size_t end) noexcept {
    while (end < s.size() && s[end] == ' ') ++end;
    std::size_t stop = end;
    while (stop < s.size() && util::is_alpha(s[stop])) ++stop;
    const std::string_view word = s.substr(end, stop - end);
    for (std::string_view unit : {"s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hour", "hours",
                                  "day", "days", "ms", "bytes", "byte", "kb", "mb", "gb", "messages", "message", "mails",
                                  "recipients", "recipient", "connections", "times", "attempts", "percent"})
        if (word.size() == unit.size() && util::istarts_with(word, unit)) return true;
    return end < s.size() && s[end] == '%';
}

/// Whether the number at `pos` is an HTTP status with its reason phrase ("resulted in a `400 Bad
/// Request` response", an API client's error): phrases no SMTP server puts after these codes.
bool http_status(std::string_view s, std::size_t pos) noexcept {
    struct Phrase {
        std::string_view code, phrase;
    };
    static constexpr Phrase kHttp[] = {{"400", " Bad Request"},       {"401", " Unauthorized"},
                                       {"403", " Forbidden"},         {"404", " Not Found"},
                                       {"405", " Method Not Allowed"}, {"429", " Too Many Requests"},
                                       {"502", " Bad Gateway"},       {"504", " Gateway Time"}};
    const std::string_view at = s.substr(pos);
    for (const Phrase& p : kHttp)
        if (at.starts_with(p.code) && util::istarts_with(at.substr(3), p.phrase)) return true;
    return false;
}
} // namespace

std::size_t find_reply_start(std::string_view s, bool allow_weak) noexcept {
    constexpr std::size_t npos = std::string_view::npos;
    std::size_t weak_basic = npos;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c < '2' || c > '5') continue;
        if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')) continue;
        const int code = basic_code_at(s, i);
        if (code >= 200 && code <= 599) {
            // The second digit is one of RFC 5321's categories (x0z-x5z), or the widespread 57z: "Port:
            // 465", "smtp.example.com 587", "Office 365" and the process ids of Exim's debug output
            // ("  277 delivering ...") are not replies; 47z and 57z are (471 4.7.1, 571 5.7.1).
            if (s[i + 1] == '6' || s[i + 1] > '7' || (s[i + 1] == '7' && c < '4')) continue;
            if (http_status(s, i)) continue;
            if (code_site(s, i) == CodeSite::Strong) return i;
            if (weak_basic == npos && i > 0 && util::is_blank(s[i - 1]) && s[i + 1] <= '5' && !followed_by_unit(s, i + 3))
                weak_basic = i;
            if (!allow_weak && weak_basic != npos) weak_basic = npos;
            continue;
        }
        if (enhanced_code_at(s, i) > 0 && code_site(s, i) == CodeSite::Strong) return i;
    }
    return allow_weak ? weak_basic : npos;
}

bool parse_bare_code(std::string_view s, ParsedInput& out) {
    const auto bare = core::parse_bare(s);
    if (!bare || bare->error == core::BareCode::Error::Empty) return false;
    out.kind = InputKind::BareCode;
    Reply r;
    r.code = bare->code();
    r.enhanced = std::string(bare->enhanced);
    r.raw = std::string(bare->whole);
    out.replies.push_back(std::move(r));
    return true;
}

} // namespace smtpx::parse
