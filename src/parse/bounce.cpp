// Whole bounce messages: headers, MIME parts, and the human-readable bodies of common MTAs.
#include "parse/codes.hpp"
#include "parse/dsn.hpp"
#include "parse/fields.hpp"
#include "parse/log_line.hpp"
#include "parse/mail.hpp"
#include "parse/mime.hpp"
#include "parse/reply.hpp"
#include "parse/transcript.hpp"
#include "util/strings.hpp"

#include <array>
#include <string>

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr int kMaxMimeDepth = 4;

/// Header names a pasted message typically starts with.
constexpr std::array<std::string_view, 20> kMessageHeaders{
    "Return-Path", "Received", "From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
    "Content-Type", "Delivered-To", "Reply-To", "Auto-Submitted", "DKIM-Signature", "Authentication-Results",
    "ARC-Seal", "X-Failed-Recipients", "Envelope-To", "Content-Transfer-Encoding", "In-Reply-To", "References"};

/// Openers and phrases of the human-readable part of bounces (what MTAs write, matched verbatim).
constexpr std::array<std::string_view, 21> kBodyMarkers{
    "This is the qmail-send program",
    "I'm afraid I wasn't able to deliver",
    "This is the mail system at host",
    "This message was created automatically by mail delivery software",
    "A message that you sent could not be delivered",
    "The following address(es) failed",
    "Delivery has failed to these recipients",
    "Your message couldn't be delivered",
    "Your message wasn't delivered",
    "Google tried to deliver your message",
    "Transcript of session follows",
    "The original message was received at",
    "Delivery to the following recipient",
    "Remote host said:",
    "Diagnostic information for administrators",
    "could not be delivered to one or more recipients",
    "The following mail could not be delivered",
    "Could not be delivered to:",
    "------- Failure Reasons",
    "There was an error delivering your mail",
    "Error message below:",
};

struct Collected {
    ParsedInput dsn;          ///< from message/delivery-status parts
    bool have_dsn = false;
    std::string human;        ///< first text/plain part (decoded)
    bool have_human = false;
};

void walk(std::string_view entity_text, int depth, Collected& c) {
    const MimeEntity e = split_entity(entity_text);
    const std::string type = header_value(e.headers, "Content-Type");
    if (util::istarts_with(type, "multipart/") && depth < kMaxMimeDepth) {
        const std::string boundary = header_param(type, "boundary");
        for (std::string_view part : split_multipart(e.body, boundary)) walk(part, depth + 1, c);
        return;
    }
    if (util::istarts_with(type, "message/rfc822") || util::istarts_with(type, "text/rfc822-headers") ||
        util::istarts_with(type, "message/global-headers"))
        return;   // the returned original message: its headers are not the bounce's
    if (util::icontains(type, "delivery-status")) {
        if (!c.have_dsn) {
            const std::string body = decoded_body(e);
            c.have_dsn = parse_dsn_fields(body, c.dsn);
        }
        return;
    }
    if ((type.empty() || util::istarts_with(type, "text/plain")) && !c.have_human) {
        c.human = decoded_body(e);
        c.have_human = true;
    }
}

/// Recipient named by a bounce body: "<a@b>:" (qmail, Postfix) or the indented address after
/// "The following address(es) failed:" (Exim).
void body_recipient(std::string_view body, ParsedInput& out) {
    util::LineReader reader(body);
    std::string_view line;
    bool after_failed = false;
    while (reader.next(line)) {
        const std::string_view t = util::trim(line);
        if (t.empty()) continue;
        if (after_failed) {
            if (t.find('@') != npos && t.find(' ') == npos) set_once(out.recipient, bare_address(t));
            after_failed = false;
        }
        if (util::icontains(t, "following address(es) failed")) after_failed = true;
        if (t.starts_with('<')) {
            const std::size_t close = t.find(">:");
            if (close != npos && t.substr(0, close).find('@') != npos) {
                set_once(out.recipient, bare_address(t.substr(0, close + 1)));
                // Postfix: "<a@b>: host H[IP] said: ..."
                const std::string_view rest = util::trim(t.substr(close + 2));
                if (util::istarts_with(rest, "host ")) {
                    const std::size_t said = util::ifind(rest, " said:");
                    const HostIp hi = split_host_ip(rest.substr(5, said == npos ? npos : said - 5));
                    set_once(out.remote_host, hi.host);
                    set_once(out.remote_ip, hi.ip);
                }
            }
        }
        if (!out.recipient.empty()) break;
    }
}

/// Exim's "host mx.example.net [192.0.2.1]" line above its "SMTP error" line.
void exim_host_line(std::string_view body, ParsedInput& out) {
    util::LineReader reader(body);
    std::string_view line;
    while (reader.next(line)) {
        const std::string_view t = util::trim(line);
        if (util::istarts_with(t, "host ") && t.find('[') != npos && t.ends_with(']')) {
            const HostIp hi = split_host_ip(t.substr(5));
            set_once(out.remote_host, hi.host);
            set_once(out.remote_ip, hi.ip);
            return;
        }
    }
}

/// The reply in a human-readable bounce body, tried from the most specific wording to the least.
void parse_body(std::string_view body, ParsedInput& out) {
    if (util::icontains(body, "qmail-send")) out.software = "qmail";
    else if (util::icontains(body, "This is the mail system at host")) out.software = "postfix";
    if (parse_exchange_diagnostic(body, out)) {
        out.kind = InputKind::Dsn;
    } else if (const std::size_t said = util::ifind(body, "Remote host said:"); said != npos) {
        std::size_t pos = find_reply_start(body.substr(said));
        Reply r;
        if (pos != npos && parse_reply_at(body.substr(said), pos, ReplyExtent::Bounded, r)) out.replies.push_back(std::move(r));
    } else if (util::icontains(body, "SMTP error from remote ")) {
        if (util::icontains(body, "SMTP error from remote mail server")) out.software = "exim";
        exim_host_line(body, out);
        parse_smtp_error_phrase(body, out);
    } else if (util::icontains(body, "\n>>> ") || util::icontains(body, "\n<<< ")) {
        ParsedInput t;
        const std::size_t p = util::ifind(body, "\n>>> ") < util::ifind(body, "\n<<< ") ? util::ifind(body, "\n>>> ")
                                                                                       : util::ifind(body, "\n<<< ");
        if (parse_transcript(body.substr(p + 1), t)) {
            // Keep only the failures: the session replies that matter for a bounce.
            for (Reply& r : t.replies)
                if (r.code >= 400) out.replies.push_back(std::move(r));
        }
        if (out.software.empty()) out.software = "sendmail";
    }
    if (out.replies.empty()) {
        for (Reply& r : parse_replies(body, ReplyExtent::Bounded)) {
            out.replies.push_back(std::move(r));
            break;
        }
    }
    body_recipient(body, out);
}

/// Give DSN replies the command the human-readable part names for the same codes.
void borrow_commands(ParsedInput& dsn, const ParsedInput& human) {
    for (Reply& r : dsn.replies) {
        if (!r.command.empty()) continue;
        for (const Reply& h : human.replies)
            if (h.code == r.code && h.enhanced == r.enhanced && !h.command.empty()) {
                r.command = h.command;
                break;
            }
    }
}

/// A whole mail through the mail reader (the one `smtpx mail` uses): the deciding recipient's answer,
/// with every other recipient's reply after its own so that they are listed too.
bool from_mail_reader(std::string_view text, ParsedInput& out) {
    const MailReading m = read_mail(text);
    if (m.kind != MailKind::Dsn && m.kind != MailKind::PlainBounce) return false;
    const MailAnswer* pick = nullptr;
    for (const MailAnswer& a : m.answers)
        if (!pick && !a.parsed.replies.empty() && a.parsed.replies.front().code >= 500) pick = &a;
    for (auto it = m.answers.rbegin(); !pick && it != m.answers.rend(); ++it)
        if (!it->parsed.replies.empty() && it->parsed.replies.front().code >= 400) pick = &*it;
    for (const MailAnswer& a : m.answers)
        if (!pick && (!a.parsed.replies.empty() || !a.parsed.status_enhanced.empty())) pick = &a;
    if (!pick) return false;
    ParsedInput result = pick->parsed;
    if (pick->expired) result.delivery_status = "expired";
    for (const MailAnswer& a : m.answers)
        if (&a != pick)
            for (const Reply& r : a.parsed.replies) result.replies.push_back(r);
    if (result.replies.size() > 1) result.local_text.clear();
    const MimeEntity top = split_entity(text);
    set_once(result.timestamp, header_value(top.headers, "Date"));
    result.kind = InputKind::Dsn;
    out = std::move(result);
    return true;
}

} // namespace

bool is_message_header(std::string_view line) noexcept {
    if (line.starts_with("From ")) return true;   // mbox separator
    if (!is_header_line(line)) return false;
    const std::string_view name = line.substr(0, line.find(':'));
    if (util::istarts_with(name, "X-")) return true;
    for (std::string_view h : kMessageHeaders)
        if (util::iequals(name, h)) return true;
    return false;
}

bool looks_like_bounce(std::string_view text) noexcept {
    util::LineReader reader(text);
    std::string_view line;
    while (reader.next(line)) {
        if (util::trim(line).empty()) continue;
        if (is_message_header(line)) return true;
        break;
    }
    return has_bounce_marker(text);
}

bool has_bounce_marker(std::string_view text) noexcept {
    const std::string_view head = text.substr(0, text.size() < 8192 ? text.size() : 8192);
    for (std::string_view m : kBodyMarkers)
        if (util::icontains(head, m)) return true;
    return false;
}

bool parse_bounce(std::string_view text, ParsedInput& out) {
    std::string decoded;
    std::string_view t = text;
    Collected c;
    const MimeEntity top = split_entity(text);
    const bool is_message = !top.headers.empty() && is_message_header(util::trim_left(text));
    if (is_message && from_mail_reader(text, out)) return true;
    if (is_message) {
        walk(text, 0, c);
        if (!c.have_dsn && !c.have_human) {
            c.human = std::string(top.body);
            c.have_human = true;
        }
        if (!c.have_dsn && has_dsn_fields(c.human)) c.have_dsn = parse_dsn_fields(c.human, c.dsn);
    } else {
        // A pasted body may still carry quoted-printable soft breaks and escapes.
        if (looks_quoted_printable(text)) {
            decoded = decode_quoted_printable(text);
            t = decoded;
        }
        c.human = std::string(t);
        c.have_human = true;
        if (has_dsn_fields(t)) c.have_dsn = parse_dsn_fields(t, c.dsn);
    }

    ParsedInput human;
    if (c.have_human) parse_body(c.human, human);

    ParsedInput result;
    if (c.have_dsn) {
        result = std::move(c.dsn);
        borrow_commands(result, human);
        if (result.replies.empty())
            for (Reply& r : human.replies)
                if (r.code > 0) result.replies.push_back(std::move(r));
        set_once(result.recipient, human.recipient);
        set_once(result.remote_host, human.remote_host);
        set_once(result.remote_ip, human.remote_ip);
        set_once(result.software, human.software);
        if (result.replies.empty()) set_once(result.local_text, human.local_text);
    } else {
        result = std::move(human);
    }
    if (is_message) {
        set_once(result.timestamp, header_value(top.headers, "Date"));
        set_once(result.recipient, bare_address(header_value(top.headers, "X-Failed-Recipients")));
    }
    // qmail and Exim say in words whether they gave up; that is the delivery status.
    if (result.delivery_status.empty() && c.have_human) {
        if (util::icontains(c.human, "This is a permanent error")) result.delivery_status = "failed";
        else if (util::icontains(c.human, "This is a temporary error") || util::icontains(c.human, "not yet been delivered"))
            result.delivery_status = "delayed";
    }
    result.kind = InputKind::Dsn;
    const bool useful = !result.replies.empty() || !result.status_enhanced.empty() || !result.local_text.empty();
    if (useful) out = std::move(result);
    return useful;
}

} // namespace smtpx::parse
