// The replies in Postfix log lines that scan_log_line() recognised: delivery status (smtp, lmtp,
// local, virtual, pipe), smtpd / postscreen / cleanup rejects, per-host "said:" / connection failures.
#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "util/strings.hpp"

namespace smtpx::parse::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// What Postfix says about one delivery attempt (the text inside "status=... (...)", or a whole
/// "host H said:" / "connect to H:" line): a remote reply, or the local MTA's own explanation.
void read_attempt_text(std::string_view t, std::string_view status, ParsedInput& out) {
    if (util::istarts_with(t, "delivery temporarily suspended: ")) t.remove_prefix(32);
    if (const std::size_t said = util::ifind(t, " said: "); said != npos && util::istarts_with(t, "host ")) {
        if (add_reply_from(t.substr(said + 7), "", out)) return;
    }
    if (const std::size_t refused = util::ifind(t, "refused to talk to me: "); refused != npos) {
        set_once(out.local_text, t);
        add_reply_from(t.substr(refused + 23), "CONNECT", out);
        return;
    }
    std::size_t start = 0;
    while (start < t.size() && util::is_blank(t[start])) ++start;
    if (basic_code_at(t, start) >= 200 && basic_code_at(t, start) <= 599 &&
        add_reply_from(t, status == "sent" ? "END-OF-DATA" : "", out))
        return;
    set_once(out.local_text, t);
}

/// "reject: RCPT from host[ip]: 550 ...; from=<a> to=<b> proto=ESMTP helo=<h>" and the cleanup
/// "reject: header Subject: ... from host[ip]; from=<a> to=<b> ...: 550 5.7.1 text".
bool read_reject(const LogEvent& ev, ParsedInput& out) {
    const std::string_view r = ev.detail;
    out.delivery_status = "reject";
    out.sender = std::string(ev.sender);
    out.recipient = std::string(ev.recipient);
    const std::size_t tail = util::irfind(r, "; from=<");
    if (util::istarts_with(r, "header ") || util::istarts_with(r, "body ")) {
        // The reply comes after the fields: "... helo=<h>: 550 5.7.1 text".
        std::string_view after = tail == npos ? r : r.substr(tail);
        const std::size_t helo = util::ifind(after, "helo=<");
        if (helo != npos) {
            const std::size_t close = after.find('>', helo);
            if (close != npos) after = after.substr(close + 1);
        }
        if (!add_reply_from(after, "END-OF-DATA", out)) set_once(out.local_text, r);
        return true;
    }
    const std::string command = canonical_command(r);
    std::string_view reply_part = tail == npos ? r : r.substr(0, tail);
    if (const ClientSpan c = postfix_client(r); c.found) {
        set_once(out.remote_host, ev.remote_host);
        set_once(out.remote_ip, ev.remote_ip);
        if (c.end <= reply_part.size()) reply_part = reply_part.substr(c.end);
    }
    if (!add_reply_from(reply_part, command, out)) set_once(out.local_text, reply_part);
    return true;
}

} // namespace

bool read_postfix(const LogEvent& ev, ParsedInput& out) {
    switch (ev.kind) {
    case EventKind::Reject: return read_reject(ev, out);
    case EventKind::Delivery:
        out.delivery_status = util::to_lower(ev.status);
        out.recipient = std::string(ev.recipient);
        out.status_enhanced = std::string(ev.dsn);
        set_once(out.remote_host, ev.remote_host);
        set_once(out.remote_ip, ev.remote_ip);
        if (!ev.detail.empty()) read_attempt_text(ev.detail, out.delivery_status, out);
        return true;
    case EventKind::Detail:
        set_once(out.remote_host, ev.remote_host);
        set_once(out.remote_ip, ev.remote_ip);
        read_attempt_text(ev.detail, "", out);
        return true;
    default: return false;
    }
}

} // namespace smtpx::parse::detail
