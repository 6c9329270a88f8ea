#include "parse/reply.hpp"

#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/mime.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// End of the line that contains `pos` (offset of its terminator or of the end of text).
std::size_t line_end(std::string_view s, std::size_t pos) {
    while (pos < s.size() && s[pos] != '\n' && s[pos] != '\r') ++pos;
    return pos;
}

/// Offset just past the line terminator at `pos` ("\r\n", "\n" or "\r").
std::size_t skip_terminator(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) return pos;
    if (s[pos] == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') return pos + 2;
    return pos + 1;
}

/// What stands at the start of one reply line.
struct Head {
    int code = -1;            ///< basic code, 0 when the line starts with an enhanced code only, -1 none
    char sep = ' ';           ///< '-' for a continuation line
    std::string_view enhanced;
    std::string_view rest;    ///< the text after the codes
};

Head read_head(std::string_view body) {
    Head h;
    std::size_t i = 0;
    if (const int code = basic_code_at(body, 0); code >= 0) {
        h.code = code;
        i = 3;
        if (i < body.size() && body[i] == ':') ++i;   // "550: 5.7.1 ..." (basic_code_at allows it only so)
        if (i < body.size() && body[i] == '-') {
            h.sep = '-';
            ++i;
        } else if (i < body.size() && body[i] == ':') {
            ++i;   // "550: ..." (see basic_code_at)
        }
        while (i < body.size() && util::is_blank(body[i])) ++i;
        std::size_t e = i;
        if (e < body.size() && body[e] == '#') ++e;
        if (const std::size_t n = enhanced_code_at(body, e)) {
            h.enhanced = body.substr(e, n);
            i = e + n;
        }
    } else if (const std::size_t n = enhanced_code_at(body, body.starts_with('#') ? 1 : 0)) {
        const std::size_t e = body.starts_with('#') ? 1 : 0;
        h.code = 0;
        h.enhanced = body.substr(e, n);
        i = e + n;
    } else {
        return h;
    }
    h.rest = body.substr(i);
    return h;
}

/// A code of the same reply, glued to a quote: "error 550-'5.7.1 ..." (Amazon SES nests the remote
/// reply this way after its own enhanced code).
int nested_quoted_code(std::string_view t) {
    for (std::size_t i = 0; i + 4 < t.size(); ++i) {
        if (t[i] < '2' || t[i] > '5') continue;
        const int code = basic_code_at(t, i);
        if (code < 200 || code > 599) continue;
        const char a = t[i + 3];
        const char b = t[i + 4];
        if ((a == '-' || a == ' ') && (b == '\'' || b == '"')) return code;
    }
    return 0;
}

/// Whether a line is "Label: NNN ..." (a client dialog's field holding a reply), not a wrapped line.
bool labelled_reply(std::string_view body) {
    const std::size_t colon = body.find(": ");
    if (colon == npos || colon == 0 || colon > 40) return false;
    const std::size_t at = colon + 2;
    const int code = basic_code_at(body, at);
    return code >= 200 && code <= 599 && (at + 3 == body.size() || body[at + 3] == ' ' || body[at + 3] == '-');
}

/// Append one line's text, separated by a space.
void add_piece(std::string& joined, std::string_view piece) {
    piece = util::trim(piece);
    if (piece.empty()) return;
    if (!joined.empty()) util::append_capped(joined, " ", kMaxStoredText);
    util::append_capped(joined, piece, kMaxStoredText);
}

/// Whether `t` at `i` holds the token `word` followed by a space or the end.
bool token_is(std::string_view t, std::size_t i, std::string_view word) {
    return !word.empty() && i <= t.size() && t.substr(i, word.size()) == word &&
           (i + word.size() == t.size() || t[i + word.size()] == ' ');
}

/// Drop mid-text "NNN-", "NNN-E", "NNN E" (and "NNN " in a multi-line reply) prefixes that repeat
/// the reply's own codes: what remains of a multi-line reply flattened onto one line.
std::string strip_repeated_prefixes(std::string_view t, int code, std::string_view enhanced, bool multi) {
    std::string out;
    out.reserve(t.size());
    std::size_t i = 0;
    while (i < t.size()) {
        const bool token_start = i == 0 || t[i - 1] == ' ';
        if (token_start && code > 0 && basic_code_at(t, i) == code && i + 3 <= t.size()) {
            std::size_t j = i + 3;
            const bool dash = j < t.size() && t[j] == '-';
            const bool space_or_end = j == t.size() || t[j] == ' ';
            bool strip = false;
            if (dash) {
                strip = true;
                ++j;
                if (token_is(t, j, enhanced)) j += enhanced.size();
            } else if (space_or_end) {
                if (!enhanced.empty() && token_is(t, j + 1, enhanced)) {
                    strip = true;
                    j += 1 + enhanced.size();
                } else if (multi && enhanced.empty()) {
                    strip = true;
                }
            }
            if (strip) {
                while (j < t.size() && t[j] == ' ') ++j;
                i = j;
                continue;
            }
        }
        out.push_back(t[i]);
        ++i;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

} // namespace

std::string take_in_reply_to(std::string& text) {
    std::string_view t = util::trim_right(text);
    if (t.empty() || t.back() != ')') return {};
    const std::size_t p = util::irfind(t, "(in reply to ");
    if (p == npos) return {};
    std::string_view phrase = t.substr(p + 13, t.size() - (p + 13) - 1);
    phrase = util::trim(phrase);
    if (util::iends_with(phrase, " command")) phrase.remove_suffix(8);
    std::string cmd = canonical_command(phrase);
    if (cmd.empty()) return {};
    text.resize(util::trim_right(std::string_view(text).substr(0, p)).size());
    return cmd;
}

void finish_reply_text(Reply& reply, std::string_view joined, bool multi) {
    std::string t = util::collapse_spaces(joined, kMaxStoredText);
    if (reply.code > 0) t = strip_repeated_prefixes(t, reply.code, reply.enhanced, multi);
    std::string_view v = t;
    // "550 - Requested action not taken": the dash is a separator, not text.
    if (v.starts_with("- ")) v.remove_prefix(2);
    else if (v == "-") v = {};
    // Exchange wraps its diagnostic as "#550 5.1.1 ... ##".
    if (v.ends_with("##")) v = util::trim_right(v.substr(0, v.size() - 2));
    std::string text(v);
    if (std::string cmd = take_in_reply_to(text); !cmd.empty() && reply.command.empty()) reply.command = std::move(cmd);
    if (text.find("=?") != std::string::npos) text = decode_encoded_words(text);
    // "554\n5.2.0 STOREDRV..." (a library printed code and text apart), "550 - b'5.7.1 ...'": an
    // enhanced code of the reply's class opening the text is the reply's own.
    if (reply.enhanced.empty() && reply.code >= 200) {
        std::size_t i = text.starts_with("b'") || text.starts_with("b\"") ? 1 : 0;
        if (i < text.size() && (text[i] == '\'' || text[i] == '"' || text[i] == '(')) ++i;
        if (const std::size_t n = enhanced_code_at(text, i); n > 0 && text[i] == static_cast<char>('0' + reply.code / 100)) {
            reply.enhanced = text.substr(i, n);
            text.erase(0, i + n);
            text.erase(0, text.find_first_not_of(' ') == std::string::npos ? text.size() : text.find_first_not_of(' '));
        }
    }
    // qmail and vpopmail put the reply's own status at the end: "no mailbox here (#5.1.1 - chkuser)".
    if (reply.enhanced.empty()) {
        for (std::size_t h = text.find('#'); h != std::string::npos; h = text.find('#', h + 1)) {
            if (const std::size_t n = enhanced_code_at(text, h + 1); n > 0 && h > 0 && text[h - 1] == '(') {
                reply.enhanced = text.substr(h + 1, n);
                break;
            }
        }
    }
    reply.text = std::move(text);
}

bool parse_reply_at(std::string_view text, std::size_t& pos, ReplyExtent extent, Reply& out) {
    if (pos >= text.size()) return false;
    const std::size_t first_end = line_end(text, pos);
    const Head head = read_head(text.substr(pos, first_end - pos));
    if (head.code < 0) return false;

    // Indentation of the first line counts only when the code is the first thing on it.
    std::size_t ls = pos;
    while (ls > 0 && text[ls - 1] != '\n' && text[ls - 1] != '\r') --ls;
    std::string_view before = text.substr(ls, pos - ls);
    const std::size_t first_indent = util::trim(before).empty() ? before.size() : 0;
    char quote = 0;
    if (std::string_view b = util::trim_right(before); !b.empty() && (b.back() == '\'' || b.back() == '"')) quote = b.back();

    Reply r;
    r.code = head.code;
    r.enhanced = std::string(head.enhanced);
    bool multi = head.sep == '-';
    bool final_seen = head.sep != '-';
    std::string joined;
    add_piece(joined, head.rest);

    std::size_t end = first_end;
    std::size_t next = skip_terminator(text, first_end);
    while (next < text.size()) {
        const std::size_t le = line_end(text, next);
        const std::string_view line = text.substr(next, le - next);
        const std::string_view body = util::trim_left(line);
        if (body.empty()) {
            // A mail client's blank lines inside a wrapped multi-line reply ("550-5.7.26 ...\n\n    both
            // 550-5.7.26 ..."): the reply goes on until its final line; any other reply ends here.
            // One blank line at a time, as double spacing makes them; two end the reply anyway.
            const std::size_t after = skip_terminator(text, le);
            // A reply whose codes stand alone ("550 5.5.0", blank line, its text) goes on the same way.
            if (!((multi && !final_seen) || util::trim(joined).empty()) || after >= text.size()) break;
            if (util::trim(text.substr(after, line_end(text, after) - after)).empty()) break;
            next = after;
            continue;
        }
        const std::size_t indent = util::indent_of(line);
        const int code = basic_code_at(body, 0);
        if (r.code > 0 && code == r.code) {
            if (final_seen) break;   // the same code again after a final line: a new reply
            const Head h = read_head(body);
            std::string_view rest = h.rest;
            if (!h.enhanced.empty() && h.enhanced != r.enhanced) {
                if (r.enhanced.empty()) r.enhanced = std::string(h.enhanced);
                else rest = body.substr(4);
            }
            add_piece(joined, rest);
            multi = true;
            if (h.sep != '-') final_seen = true;
        } else if (code >= 0) {
            break;
        } else if (extent == ReplyExtent::Greedy && indent <= first_indent && !(multi && !final_seen) &&
                   labelled_reply(body)) {
            break;   // "Server Response: 454 4.7.1 ..." under "Server Error: 454": the next reply
        } else if (indent > first_indent || extent == ReplyExtent::Greedy || (multi && !final_seen)) {
            add_piece(joined, body);
        } else {
            break;
        }
        end = le;
        next = skip_terminator(text, le);
    }

    if (quote != 0) {
        std::string_view j = util::trim_right(joined);
        if (!j.empty() && j.back() == quote) joined.resize(j.size() - 1);
    }
    if (r.code == 0) r.code = nested_quoted_code(joined);
    r.raw = std::string(util::cut_utf8(text.substr(pos, end - pos), kMaxStoredText));
    finish_reply_text(r, joined, multi);
    out = std::move(r);
    pos = end;
    return true;
}

namespace {

/// Where, inside the span of a reply that did not fail, a transcript flattened onto one line goes on
/// with a failing reply after a session arrow ("... 354 Enter mail ... --> 554 Message does not
/// conform"), else npos: that reply is one of its own, not the text of the one before.
std::size_t flattened_failure(std::string_view text, std::size_t from, std::size_t to) {
    static constexpr std::string_view kArrows[] = {"-->", "<--", "<-", "<~", "<**", "<<<", "S:", "In:", "SERVER -> CLIENT:"};
    for (std::size_t i = from; i + 3 <= to; ++i) {
        if (text[i] != '4' && text[i] != '5') continue;
        if (basic_code_at(text, i) < 400) continue;
        const std::string_view before = util::trim_right(text.substr(from, i - from));
        if (before.size() == i - from) continue;   // the code must stand after a space
        for (std::string_view arrow : kArrows)
            if (before.ends_with(arrow) && (before.size() == arrow.size() || before[before.size() - arrow.size() - 1] == ' '))
                return i;
    }
    return npos;
}

} // namespace

std::vector<Reply> parse_replies(std::string_view text, ReplyExtent extent) {
    std::vector<Reply> out;
    std::size_t pos = find_reply_start(text);
    while (pos != npos && pos < text.size() && out.size() < kMaxReplies) {
        Reply r;
        const std::size_t start = pos;
        if (!parse_reply_at(text, pos, extent, r)) break;
        if (r.code >= 200 && r.code < 400) {
            if (const std::size_t f = flattened_failure(text, start + 3, pos); f != npos) {
                std::size_t cut = start;
                parse_reply_at(text.substr(0, f), cut, extent, r);
                out.push_back(std::move(r));
                pos = f;
                continue;
            }
        }
        out.push_back(std::move(r));
        const std::size_t rel = find_reply_start(text.substr(pos), /*allow_weak=*/false);
        if (rel == npos) break;
        pos += rel;
    }
    return out;
}

} // namespace smtpx::parse
