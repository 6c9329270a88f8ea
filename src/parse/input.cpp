// Decides what kind of text an input is and hands it to the parser for that kind.
#include "parse/input.hpp"

#include "parse/codes.hpp"
#include "parse/dsn.hpp"
#include "parse/fields.hpp"
#include "parse/log_line.hpp"
#include "parse/reply.hpp"
#include "parse/transcript.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

std::string_view first_nonempty_line(std::string_view text) {
    util::LineReader reader(text);
    std::string_view line;
    while (reader.next(line))
        if (!util::trim(line).empty()) return line;
    return {};
}

/// What the noise in front of a reply tells: "<a@b>: host H[IP] said: " (Postfix bounce body).
void read_noise(std::string_view noise, ParsedInput& out) {
    const std::string_view t = util::trim(noise);
    if (t.starts_with('<')) {
        const std::size_t close = t.find(">:");
        if (close != npos && t.substr(0, close).find('@') != npos) out.recipient = std::string(bare_address(t.substr(0, close + 1)));
    }
    const std::size_t host = util::ifind(t, "host ");
    const std::size_t said = util::ifind(t, " said:");
    if (host != npos && said != npos && host < said) {
        const HostIp hi = split_host_ip(t.substr(host + 5, said - host - 5));
        out.remote_host = std::string(hi.host);
        out.remote_ip = std::string(hi.ip);
    }
}

/// Python's smtplib exceptions print the reply as a tuple: "SMTPDataError: (554, b'5.2.0 text')",
/// "{'a@b': (550, b'5.1.1 <a@b>: Recipient address rejected')}". Returns "554 5.2.0 text" (escaped
/// line breaks restored, as smtplib joins a multi-line reply's lines), or empty when there is none.
std::string smtplib_reply(std::string_view t) {
    for (std::size_t open = t.find('('); open != npos; open = t.find('(', open + 1)) {
        std::string_view rest = t.substr(open + 1);
        if (rest.size() < 8 || rest[0] < '2' || rest[0] > '5' || !util::is_digit(rest[1]) || !util::is_digit(rest[2]) ||
            rest[3] != ',' || rest[4] != ' ')
            continue;
        std::size_t q = 5;
        if (rest[q] == 'b') ++q;
        if (q >= rest.size() || (rest[q] != '\'' && rest[q] != '"')) continue;
        const char quote = rest[q];
        std::string reply(rest.substr(0, 3));
        reply += ' ';
        for (std::size_t i = q + 1; i < rest.size() && rest[i] != quote && reply.size() < kMaxInputBytes; ++i) {
            if (rest[i] == '\\' && i + 1 < rest.size()) {
                const char e = rest[++i];
                reply += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? ' ' : e;
            } else {
                reply += rest[i];
            }
        }
        return reply;
    }
    return {};
}

bool parse_plain_replies(std::string_view text, ParsedInput& out) {
    if (util::icontains(text, "SMTP error from remote ")) {
        ParsedInput p;
        if (parse_smtp_error_phrase(text, p)) {
            p.kind = InputKind::Reply;
            out = std::move(p);
            return true;
        }
    }
    const std::size_t start = find_reply_start(text);
    if (start == npos) return false;
    std::vector<Reply> replies = parse_replies(text, ReplyExtent::Greedy);
    if (replies.empty()) return false;
    out.kind = InputKind::Reply;
    out.replies = std::move(replies);
    read_noise(text.substr(0, start), out);
    return true;
}

} // namespace

ParsedInput parse_input(std::string_view text) {
    ParsedInput out;
    const std::string_view t = util::trim(text);
    if (t.empty()) return out;
    if (parse_bare_code(t, out)) return out;

    const std::string_view first = first_nonempty_line(t);
    // A message, or pasted DSN fields: "Diagnostic-Code: smtp; 550 ...".
    if (is_message_header(first) || is_dsn_field_line(first) || has_dsn_fields(t)) {
        if (parse_bounce(t, out)) return out;
        out = ParsedInput{};
    }
    if (looks_like_transcript(t)) {
        if (parse_transcript(t, out)) return out;
        out = ParsedInput{};
    }
    if (parse_log_line(first, out)) return out;
    if (looks_like_bounce(t)) {
        if (parse_bounce(t, out)) return out;
        out = ParsedInput{};
    }
    if (parse_exchange_diagnostic(t, out)) return out;
    if (const std::string reply = smtplib_reply(t); !reply.empty()) {
        // Keep the replies, but the text as given stays the input the rules read.
        if (parse_plain_replies(reply, out)) return out;
        out = ParsedInput{};
    }
    if (parse_plain_replies(t, out)) return out;

    // No code at all: keep the words so wording rules can still recognise them.
    out = ParsedInput{};
    out.kind = InputKind::Unknown;
    out.local_text = util::collapse_spaces(t, kMaxStoredText);
    return out;
}

} // namespace smtpx::parse
