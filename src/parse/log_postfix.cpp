// Postfix log lines: delivery status (smtp, lmtp, local, virtual, pipe), smtpd / postscreen /
// cleanup rejects, and per-host "said:" / connection failure lines.
#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "util/strings.hpp"

namespace smtpx::parse::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// "QID: " (hex or long base-52 ids) or "NOQUEUE: " at the start of a Postfix message; returns the rest.
std::string_view after_queue_id(std::string_view m) {
    std::size_t i = 0;
    while (i < m.size() && util::is_alnum(m[i]) && i < 32) ++i;
    if (i >= 5 && i + 1 < m.size() && m[i] == ':' && m[i + 1] == ' ') return m.substr(i + 2);
    return m;
}

/// Host and address from "host H[IP]", "connect to H[IP]:25", "lost connection with H[IP]".
void host_after(std::string_view text, std::string_view marker, ParsedInput& out) {
    const std::size_t p = util::ifind(text, marker);
    if (p == npos) return;
    std::string_view h = text.substr(p + marker.size());
    std::size_t e = 0;
    while (e < h.size() && h[e] != ' ' && h[e] != ']' && e < 300) ++e;
    if (e < h.size() && h[e] == ']') ++e;
    const HostIp hi = split_host_ip(h.substr(0, e));
    set_once(out.remote_host, hi.host);
    set_once(out.remote_ip, hi.ip);
}

/// The text inside "status=word (...)": from the first '(' to the last ')'.
std::string_view paren_text(std::string_view after_status) {
    const std::size_t open = after_status.find('(');
    if (open == npos) return {};
    const std::size_t close = after_status.rfind(')');
    if (close == npos || close < open) return util::trim(after_status.substr(open + 1));
    return util::trim(after_status.substr(open + 1, close - open - 1));
}

/// What Postfix says about one delivery attempt (the text inside "status=... (...)", or a whole
/// "host H said:" / "connect to H:" line): a remote reply, or the local MTA's own explanation.
void read_attempt_text(std::string_view t, std::string_view status, ParsedInput& out) {
    if (util::istarts_with(t, "delivery temporarily suspended: ")) t.remove_prefix(32);
    if (const std::size_t said = util::ifind(t, " said: "); said != npos && util::istarts_with(t, "host ")) {
        host_after(t.substr(0, said), "host ", out);
        if (add_reply_from(t.substr(said + 7), "", out)) return;
    }
    if (const std::size_t refused = util::ifind(t, "refused to talk to me: "); refused != npos) {
        host_after(t, "connect to ", out);
        host_after(t, "host ", out);
        set_once(out.local_text, t);
        add_reply_from(t.substr(refused + 23), "CONNECT", out);
        return;
    }
    for (std::string_view marker : {"connect to ", "lost connection with ", "conversation with "})
        host_after(t, marker, out);
    std::size_t start = 0;
    while (start < t.size() && util::is_blank(t[start])) ++start;
    if (basic_code_at(t, start) >= 200 && basic_code_at(t, start) <= 599 &&
        add_reply_from(t, status == "sent" ? "END-OF-DATA" : "", out))
        return;
    set_once(out.local_text, t);
}

/// "reject: RCPT from host[ip]: 550 ...; from=<a> to=<b> proto=ESMTP helo=<h>" and the cleanup
/// "reject: header Subject: ... from host[ip]; from=<a> to=<b> ...: 550 5.7.1 text".
bool read_reject(std::string_view r, ParsedInput& out) {
    out.delivery_status = "reject";
    const std::size_t tail = util::irfind(r, "; from=<");
    if (tail != npos) {
        const std::string_view fields = r.substr(tail + 1);
        out.sender = std::string(bare_address(field_value(fields, "from", true)));
        out.recipient = std::string(bare_address(field_value(fields, "to", true)));
    }
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
    const std::size_t from = util::ifind(r, " from ");
    std::string_view reply_part = tail == npos ? r : r.substr(0, tail);
    if (from != npos && from < 40) {
        std::string_view client = r.substr(from + 6);
        std::size_t e = 0;
        // The client ends at ": " (an IPv6 literal in brackets may hold colons).
        while (e < client.size() && !(client[e] == ':' && e + 1 < client.size() && client[e + 1] == ' ') && e < 300) {
            if (client[e] == '[') {
                const std::size_t close = client.find(']', e);
                if (close != npos && close - e < 64) {
                    e = close + 1;
                    continue;
                }
            }
            ++e;
        }
        const HostIp hi = split_host_ip(client.substr(0, e));
        set_once(out.remote_host, hi.host);
        set_once(out.remote_ip, hi.ip);
        if (from + 6 + e + 2 <= reply_part.size()) reply_part = reply_part.substr(from + 6 + e + 2);
    }
    if (!add_reply_from(reply_part, command, out)) set_once(out.local_text, reply_part);
    return true;
}

} // namespace

bool is_postfix_line(const LogPrefix& p) {
    if (util::icontains(p.program, "postfix") || util::istarts_with(p.program, "postscreen")) return true;
    const std::string_view m = p.message;
    // Another syslog_name ("postfix-out/smtp", "server1-1/smtp"): the delivery line's shape still tells.
    if (!p.program.empty()) {
        const std::string_view rest = after_queue_id(m);
        return p.program.find('/') != std::string_view::npos && rest.size() != m.size() &&
               util::istarts_with(rest, "to=<") && util::icontains(rest, "status=");
    }
    if (util::istarts_with(m, "NOQUEUE: ")) return true;
    // A delivery line pasted from "to=<" on, without prefix and queue id.
    if (util::istarts_with(m, "to=<") && util::icontains(m, ", relay=") && util::icontains(m, ", status=")) return true;
    const std::string_view rest = after_queue_id(m);
    return rest.size() != m.size() && util::istarts_with(rest, "to=<") && util::icontains(rest, "status=");
}

bool extract_postfix(const LogPrefix& p, ParsedInput& out) {
    const std::string_view m = p.message;
    const std::string_view rest = after_queue_id(m);

    for (std::string_view marker : {"milter-reject: ", "reject: "}) {
        if (const std::size_t r = util::ifind(rest, marker); r != npos && r < 16)
            return read_reject(rest.substr(r + marker.size()), out);
    }

    const std::size_t st = util::ifind(rest, "status=");
    if (st != npos && (st == 0 || rest[st - 1] == ' ' || rest[st - 1] == ',')) {
        std::string_view word = rest.substr(st + 7);
        std::size_t e = 0;
        while (e < word.size() && util::is_alpha(word[e])) ++e;
        out.delivery_status = util::to_lower(word.substr(0, e));
        out.recipient = std::string(bare_address(field_value(rest, "to")));
        out.status_enhanced = std::string(field_value(rest, "dsn"));
        const HostIp relay = split_host_ip(field_value(rest, "relay"));
        std::string_view text = paren_text(word.substr(e));
        if (!text.empty()) read_attempt_text(text, out.delivery_status, out);
        // The relay field is the fallback; "host H[IP] said:" names the host that really answered.
        set_once(out.remote_host, relay.host);
        set_once(out.remote_ip, relay.ip);
        return true;
    }

    // Per-host lines without status=: "QID: host H[IP] said: ...", "QID: connect to H[IP]:25: ...".
    if (util::istarts_with(rest, "host ") || util::istarts_with(rest, "connect to ") ||
        util::istarts_with(rest, "lost connection with ") || util::istarts_with(rest, "conversation with ")) {
        read_attempt_text(rest, "", out);
        return true;
    }
    return false;
}

} // namespace smtpx::parse::detail
