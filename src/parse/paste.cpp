// Paste damage, undone one kind at a time; each step runs only when its trace is in the text.
#include "parse/paste.hpp"

#include "parse/timestamp.hpp"
#include "util/strings.hpp"

#include <array>

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

struct Entity {
    std::string_view name, text;
};
constexpr std::array<Entity, 10> kEntities{{
    {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}, {"&apos;", "'"},
    {"&#39;", "'"}, {"&#x27;", "'"}, {"&#34;", "\""}, {"&#64;", "@"}, {"&nbsp;", " "},
}};

bool decode_entities(std::string& s) {
    if (s.find('&') == std::string::npos) return false;
    std::string out;
    out.reserve(s.size());
    bool changed = false;
    for (std::size_t i = 0; i < s.size();) {
        bool hit = false;
        if (s[i] == '&') {
            for (const Entity& e : kEntities) {
                if (util::istarts_with(std::string_view(s).substr(i), e.name)) {
                    out += e.text;
                    i += e.name.size();
                    hit = changed = true;
                    break;
                }
            }
        }
        if (!hit) out += s[i++];
    }
    if (changed) s = std::move(out);
    return changed;
}

/// A full-width colon (U+FF1A), as Chinese and Japanese clients write "服务器响应：550 ...".
bool ascii_colons(std::string& s) {
    static constexpr std::string_view kWide = "\xEF\xBC\x9A";
    bool changed = false;
    for (std::size_t p = s.find(kWide); p != std::string::npos; p = s.find(kWide, p + 2)) {
        s.replace(p, kWide.size(), ": ");
        changed = true;
    }
    return changed;
}

/// Typographic quotes a word processor or forum put in place of ASCII ones (’550 5.7.1 ...‘).
bool ascii_quotes(std::string& s) {
    if (s.find("\xE2\x80") == std::string::npos) return false;
    bool changed = false;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80') {
            const char c = s[i + 2];
            if (c == '\x98' || c == '\x99' || c == '\x9C' || c == '\x9D') {
                out += c == '\x98' || c == '\x99' ? '\'' : '"';
                i += 2;
                changed = true;
                continue;
            }
        }
        out += s[i];
    }
    if (changed) s = std::move(out);
    return changed;
}

/// Exim writes a multi-line reply into its one log line with literal "\n" between the lines
/// ("451-first line\n451 last line"); a space makes it the flattened form the reply parser reads.
bool exim_escaped_newlines(std::string& s) {
    bool changed = false;
    for (std::size_t p = s.find("\\n"); p != std::string::npos; p = s.find("\\n", p + 1)) {
        const std::size_t c = p + 2;
        if (c + 3 < s.size() && s[c] >= '2' && s[c] <= '5' && util::is_digit(s[c + 1]) && util::is_digit(s[c + 2]) &&
            (s[c + 3] == '-' || s[c + 3] == ' ')) {
            s.replace(p, 2, " ");
            changed = true;
        }
    }
    return changed;
}

/// Lines of `s`, rebuilt after `keep` decided on each (returns false to drop it).
template <typename F>
bool rewrite_lines(std::string& s, F&& f) {
    std::string out;
    out.reserve(s.size());
    bool changed = false;
    util::LineReader reader(s);
    std::string_view line;
    bool first = true;
    while (reader.next(line)) {
        std::string piece(line);
        const int what = f(piece);   // 0 keep as is, 1 replaced, 2 drop, 3 join onto the previous line
        if (what != 0) changed = true;
        if (what == 2) continue;
        if (!first) out += what == 3 ? ' ' : '\n';
        out += what == 3 ? std::string(util::trim(piece)) : piece;
        first = false;
    }
    if (changed) s = std::move(out);
    return changed;
}

/// '>' quote markers: only when every non-empty line carries one (a sendmail ">>>" transcript has
/// "<<<" lines too, so it is left alone).
bool strip_quote_markers(std::string& s) {
    util::LineReader reader(s);
    std::string_view line;
    bool any = false;
    while (reader.next(line)) {
        if (util::trim(line).empty()) continue;
        if (!line.starts_with('>')) return false;
        any = true;
    }
    if (!any) return false;
    return rewrite_lines(s, [](std::string& l) {
        std::size_t i = 0;
        while (i < l.size() && (l[i] == '>' || (l[i] == ' ' && i > 0 && l[i - 1] == '>'))) ++i;
        if (i == 0) return 0;
        l.erase(0, i);
        return 1;
    });
}

/// qmail-send's log writes the remote reply with '_' for every space and '/' between sentences:
/// "failure: 192.0.2.1_does_not_like_recipient./Remote_host_said:_550_5.1.1_..._User_unknown/".
bool qmail_underscores(std::string& s) {
    if (s.find("said:_") == std::string::npos && s.find("failure:_") == std::string::npos &&
        s.find("deferral:_") == std::string::npos && s.find("_does_not_like_") == std::string::npos)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') s[i] = ' ';
        else if (s[i] == '/' && i > 0 && (s[i - 1] == '.' || s[i - 1] == ':') ) s[i] = ' ';
    }
    if (!s.empty() && s.back() == '/') s.pop_back();
    return true;
}

/// Stack-trace lines of Java, .NET and Node.js ("    at com.sun.mail...(SMTPTransport.java:1)"),
/// which would otherwise be read as the reply's continuation.
bool drop_stack_frames(std::string& s) {
    if (s.find("\tat ") == std::string::npos && s.find("  at ") == std::string::npos &&
        s.find("--- End of") == std::string::npos)
        return false;
    return rewrite_lines(s, [](std::string& l) {
        const std::string_view t = util::trim(l);
        if (util::indent_of(l) > 0 && t.starts_with("at ") && (t.find('(') != npos || t.find('.') != npos)) return 2;
        if (t.starts_with("--- End of") || (t.starts_with("... ") && t.ends_with(" more"))) return 2;
        return 0;
    });
}

/// A log line wrapped by a mail client or a forum: the lines after it carry no log prefix of their own.
bool join_wrapped_log_line(std::string& s) {
    util::LineReader reader(s);
    std::string_view line;
    while (reader.next(line) && util::trim(line).empty()) {
    }
    const LogPrefix p = split_log_prefix(line);
    if (p.timestamp.empty()) return false;
    if (!reader.next(line)) return false;
    return rewrite_lines(s, [seen_log = false](std::string& l) mutable {
        if (util::trim(l).empty()) return seen_log ? 2 : 0;
        const LogPrefix q = split_log_prefix(l);
        if (!q.timestamp.empty()) {
            seen_log = true;
            return 0;
        }
        return seen_log ? 3 : 0;
    });
}

/// Quoted-printable copied out of a mail's source ("face=3D\"Arial\"", "recipien=" + newline + "t's"):
/// decoded only when at least two such traces show, so an ordinary '=' in a reply stays as it is.
bool quoted_printable(std::string& s) {
    auto hex = [](char c) { return util::is_digit(c) ? c - '0' : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1; };
    // A whole message carries its own encodings, which the mail reader decodes part by part.
    if (util::icontains(s, "Content-Transfer-Encoding:")) return false;
    int traces = 0;
    std::size_t bol = 0;   // where the current line begins: one pass, linear on any input
    for (std::size_t p = 0; p < s.size() && traces < 2; ++p) {
        if (s[p] == '\n') bol = p + 1;
        if (s[p] != '=') continue;
        // A soft break ends a long line (QP wraps at 76); base64's "=" padding ends short ones.
        const bool eol = p + 1 < s.size() && (s[p + 1] == '\n' || (s[p + 1] == '\r' && p + 2 < s.size() && s[p + 2] == '\n'));
        if (eol && p - bol >= 60 && p > 0 && s[p - 1] != '=') ++traces;
        else if (p + 2 < s.size() && (s.compare(p + 1, 2, "3D") == 0 || s.compare(p + 1, 2, "20") == 0)) ++traces;
    }
    if (traces < 2) return false;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '=') {
            out += s[i];
            continue;
        }
        if (i + 1 < s.size() && s[i + 1] == '\n') {
            ++i;
        } else if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 2;
        } else if (i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += '=';
        }
    }
    s = std::move(out);
    return true;
}

} // namespace

std::optional<std::string> clean_paste(std::string_view text) {
    std::string s(text);
    bool changed = quoted_printable(s);
    changed |= ascii_colons(s);
    changed |= ascii_quotes(s);
    changed |= decode_entities(s);
    changed |= exim_escaped_newlines(s);
    changed |= strip_quote_markers(s);
    changed |= qmail_underscores(s);
    changed |= drop_stack_frames(s);
    changed |= join_wrapped_log_line(s);
    if (!changed) return std::nullopt;
    return s;
}

} // namespace smtpx::parse
