// Decides what kind of text an input is and hands it to the parser for that kind.
#include "parse/input.hpp"

#include "parse/codes.hpp"
#include "parse/dsn.hpp"
#include "parse/fields.hpp"
#include "parse/log_line.hpp"
#include "parse/reply.hpp"
#include "parse/paste.hpp"
#include "parse/transcript.hpp"
#include "parse/wrappers.hpp"
#include "util/strings.hpp"

#include <algorithm>

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

/// The replies a library, webhook or client dialog wrapped; a wrapper without one (Symfony's "Expected
/// response code 250 but got an empty response") leaves only words, whose numbers are not replies.
void parse_unwrapped(const Unwrapped& w, std::string_view t, ParsedInput& out) {
    if (w.replies.empty() || !parse_plain_replies(w.replies, out)) {
        out = ParsedInput{};
        out.kind = InputKind::Unknown;
        out.local_text = util::collapse_spaces(w.local.empty() ? t : std::string_view(w.local), kMaxStoredText);
        out.status_enhanced = w.status;
        // A library's own failure words are a recognised form even with no reply in them; a JSON
        // value is not, unless it carried a delivery status.
        if (w.family != "json" || !w.status.empty()) out.wrapper = std::string(w.family);
        return;
    }
    if (!w.status.empty()) out.status_enhanced = w.status;
    out.wrapper = std::string(w.family);
    if (out.recipient.empty()) out.recipient = w.recipient;
    if (out.remote_host.empty()) out.remote_host = w.remote_host;
}

/// Another protocol's status line ("HTTP/1.1 503 Service Unavailable", "SIP/2.0 486 Busy Here",
/// "HTTP 400 Bad Request"): the protocol's name, else empty. Its number is that protocol's status.
std::string_view foreign_protocol(std::string_view line) {
    line = util::trim(line);
    for (std::string_view proto : {"HTTP", "SIP", "RTSP"}) {
        if (line.size() <= proto.size() || !util::istarts_with(line, proto)) continue;
        std::string_view rest = line.substr(proto.size());
        if (rest.starts_with('/') && rest.size() > 1 && util::is_digit(rest[1])) return proto;
        rest = util::trim(rest);
        if (util::istarts_with(rest, "error")) rest = util::trim(rest.substr(5));
        if (rest.size() >= 3 && util::is_digit(rest[0]) && line[proto.size()] == ' ') return proto;
    }
    return {};
}

bool failed(const ParsedInput& p) {
    for (const Reply& r : p.replies)
        if (r.code >= 400) return true;
    return false;
}

/// Whether a library's wrapper around `t` carries a failing reply.
bool failed_wrapper(std::string_view t) {
    const std::optional<Unwrapped> w = unwrap(t);
    if (!w || w->replies.empty()) return false;
    return w->replies.front() >= '4';
}

/// The command a wrapper named, for the replies that do not say it themselves.
void apply_command(const std::optional<Unwrapped>& w, ParsedInput& out) {
    if (!w || w->command.empty()) return;
    for (Reply& r : out.replies)
        if (r.command.empty()) r.command = w->command;
}

} // namespace

ParsedInput parse_input(std::string_view text) {
    ParsedInput out;
    std::string_view t = util::trim(text);
    if (t.empty()) return out;
    if (parse_bare_code(t, out)) return out;
    std::string cleaned;
    if (std::optional<std::string> c = clean_paste(t)) {
        cleaned = std::move(*c);
        t = util::trim(cleaned);
    }

    const std::string_view first = first_nonempty_line(t);
    if (std::string_view proto = foreign_protocol(first); !proto.empty()) {
        out.foreign = std::string(proto);
        return out;
    }
    // A JSON value (a webhook event) first: its fields may hold anything, DSN fields included.
    std::optional<Unwrapped> wrapped;
    if (t.starts_with('{') || t.starts_with('[')) wrapped = unwrap(t);
    const bool json = wrapped && wrapped->family == "json";
    // A message, or pasted DSN fields: "Diagnostic-Code: smtp; 550 ...".
    if (!json && (is_message_header(first) || is_dsn_field_line(first) || has_dsn_fields(t))) {
        if (parse_bounce(t, out)) return out;
        out = ParsedInput{};
    }
    if (!json && looks_like_transcript(t)) {
        // A library's exception above the session log it printed ("(535, b'...')\n\nFull SMTP log
        // follows: ...") decides when the log itself shows no failure.
        if (parse_transcript(t, out) && (failed(out) || !failed_wrapper(t))) return out;
        out = ParsedInput{};
    }
    if (!json) wrapped = unwrap(t);
    if (wrapped && wrapped->family != "phrase") {
        parse_unwrapped(*wrapped, t, out);
        apply_command(wrapped, out);
        return out;
    }
    if (parse_log_line(first, out)) return out;
    if (looks_like_bounce(t)) {
        if (parse_bounce(t, out)) return out;
        out = ParsedInput{};
    }
    if (parse_exchange_diagnostic(t, out)) return out;
    // A code written with punctuation ("[550]", "Error: 552: ...") when no reply code stands as a
    // token, not even beside an enhanced code that does ("ERROR_CODE :550, ERROR_CODE :5.1.1 ...").
    const bool plain = parse_plain_replies(t, out);
    if (!plain || std::all_of(out.replies.begin(), out.replies.end(), [](const Reply& r) { return r.code == 0; })) {
        if (const std::optional<Unwrapped> loose = unwrap_loose_code(t)) {
            ParsedInput l;
            parse_unwrapped(*loose, t, l);
            if (!l.replies.empty()) out = std::move(l);
        }
    }
    if (!out.replies.empty()) {
        apply_command(wrapped, out);
        return out;
    }

    // No code at all: keep the words so wording rules can still recognise them.
    out = ParsedInput{};
    out.kind = InputKind::Unknown;
    out.local_text = util::collapse_spaces(t, kMaxStoredText);
    return out;
}

} // namespace smtpx::parse
