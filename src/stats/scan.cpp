// Recognises the delivery, rejection and removal lines of Postfix, Exim and Sendmail logs.
// Everything is a view into the line: statistics run over millions of lines, so no allocation here.
#include "stats/scan.hpp"

#include "parse/fields.hpp"
#include "parse/log_line.hpp"
#include "parse/timestamp.hpp"
#include "util/strings.hpp"

namespace smtpx::stats {

namespace {

constexpr auto npos = std::string_view::npos;

/// "QID: rest" -> rest, with the queue id in `qid`; an empty view when the line has no queue id.
std::string_view after_queue_id(std::string_view m, std::string_view& qid) {
    std::size_t i = 0;
    while (i < m.size() && i < 32 && util::is_alnum(m[i])) ++i;
    if (i < 5 || i + 1 >= m.size() || m[i] != ':' || m[i + 1] != ' ') return {};
    qid = m.substr(0, i);
    return m.substr(i + 2);
}

/// The reply inside a rejection: from the first " NNN " reply code on, up to the "; from=<" trailer.
std::string_view reply_from(std::string_view s) {
    for (std::size_t i = 0; i + 4 < s.size(); ++i) {
        if ((i == 0 || s[i - 1] == ' ') && s[i] >= '2' && s[i] <= '5' && util::is_digit(s[i + 1]) &&
            util::is_digit(s[i + 2]) && (s[i + 3] == ' ' || s[i + 3] == '-')) {
            std::string_view r = s.substr(i);
            if (const std::size_t tail = r.find("; from=<"); tail != npos) r = r.substr(0, tail);
            return r;
        }
    }
    return {};
}

/// "host h[ip] said: 550 ... (in reply to RCPT TO command))" -> "550 ...": the remote reply alone,
/// so that the same reply from different hosts groups together.
std::string_view postfix_reason(std::string_view t) {
    if (!t.empty() && t.back() == ')') t.remove_suffix(1);
    if (t.starts_with("host ")) {
        if (const std::size_t said = t.find(" said: "); said != npos) t.remove_prefix(said + 7);
    }
    if (const std::size_t in_reply = t.rfind(" (in reply to "); in_reply != npos && t.ends_with(" command)"))
        t = t.substr(0, in_reply);
    return t;
}

/// Value of ", key=" in a Postfix or Sendmail log message, which always write the keys in lower case
/// after ", ": an exact search, cheaper than parse::field_value's general one on this hot path.
std::string_view after_comma(std::string_view rest, std::string_view key_eq) {
    std::size_t p = 0;
    for (;;) {
        p = rest.find(key_eq, p);
        if (p == npos) return {};
        if (p >= 2 && rest[p - 1] == ' ' && rest[p - 2] == ',') break;
        ++p;
    }
    std::string_view v = rest.substr(p + key_eq.size());
    return v.substr(0, v.find(','));
}

bool is_loopback(std::string_view ip) { return ip.starts_with("127.") || ip == "::1" || ip == "IPv6:::1"; }

void relay_of(std::string_view field, LogEvent& ev) {
    auto hi = parse::split_host_ip(field);
    ev.relay = hi.host.empty() ? hi.ip : hi.host;
    ev.handoff = is_loopback(hi.ip) || (hi.ip.empty() && is_loopback(hi.host));
}

// Postfix: "QID: to=<a>, relay=h[ip]:25, ..., dsn=5.1.1, status=bounced (TEXT)", "QID: removed",
// "NOQUEUE: reject: RCPT from h[ip]: 550 ...; from=<> to=<> ...", "QID: milter-reject: ...".
void postfix(std::string_view m, LogEvent& ev) {
    std::string_view rest = after_queue_id(m, ev.queue_id);
    if (rest.empty()) return;
    if (rest == "removed") {
        ev.kind = EventKind::Removed;
        return;
    }
    if (rest.starts_with("to=<") || rest.starts_with("from=<")) {
        const std::size_t st = rest.find("status=");
        if (st == npos || (st > 0 && rest[st - 1] != ' ')) return;
        ev.kind = EventKind::Delivery;
        std::string_view s = rest.substr(st + 7);
        std::size_t w = 0;
        while (w < s.size() && util::is_alpha(s[w])) ++w;
        ev.status = s.substr(0, w);
        if (const std::size_t open = s.find(" (", w); open != npos) ev.text = postfix_reason(s.substr(open + 2));
        if (rest.starts_with("to=<")) ev.recipient = rest.substr(4, rest.find('>') - 4);
        ev.dsn = after_comma(rest.substr(0, st), "dsn=");
        relay_of(after_comma(rest.substr(0, st), "relay="), ev);
        return;
    }
    if (rest.starts_with("reject: ") || rest.starts_with("milter-reject: ")) {
        ev.kind = EventKind::Reject;
        ev.status = "reject";
        ev.text = reply_from(rest);
        ev.recipient = parse::bare_address(parse::field_value(rest, "to", true));
    }
}

// Exim: "ID => a R=.. T=.. H=h [ip] C=\"250 ...\"", "ID ** a ...: SMTP error from remote mail server after
// RCPT TO:<a>: 550 ...", "ID == a ... defer (-44) ...: 451 ...", "ID Completed", "H=.. rejected RCPT <a>: ...".
void exim(std::string_view m, LogEvent& ev) {
    if (m.starts_with('[')) {   // log_selector +pid
        const std::size_t close = m.find(']');
        if (close != npos && close < 12) m = util::trim_left(m.substr(close + 1));
    }
    if (const std::size_t n = parse::exim_message_id_length(m)) {
        ev.queue_id = m.substr(0, n);
        m = util::trim_left(m.substr(n));
        if (m.starts_with("Completed")) {
            ev.kind = EventKind::Removed;
            return;
        }
        if (m.size() < 4 || m[2] != ' ') return;
        const std::string_view mark = m.substr(0, 2);
        if (mark == "=>" || mark == "->") ev.status = "sent";
        else if (mark == "**") ev.status = "bounced";
        else if (mark == "==") ev.status = "deferred";
        else if (mark == "*>") ev.status = "suppressed";
        else return;
        ev.kind = EventKind::Delivery;
        std::string_view body = m.substr(3);
        std::size_t end = 0;
        while (end < body.size() && body[end] != ' ' && body[end] != ':') ++end;
        ev.recipient = parse::bare_address(body.substr(0, end));
        if (const std::size_t h = body.find(" H="); h != npos) relay_of(body.substr(h + 3, body.find(']', h) - h - 2), ev);
        if (ev.status == "sent") {
            if (const std::size_t c = body.find(" C=\""); c != npos) {
                std::string_view conf = body.substr(c + 4);
                ev.text = conf.substr(0, conf.find('"'));
            }
            return;
        }
        // The reason follows the first ": " after the address; a remote reply starts with its code.
        const std::size_t colon = body.find(": ", end);
        if (colon == npos) return;
        ev.text = body.substr(colon + 2);
        if (const std::size_t phrase = ev.text.find("SMTP error from remote "); phrase != npos) {
            if (std::string_view r = reply_from(ev.text.substr(phrase)); !r.empty()) ev.text = r;
        }
        return;
    }
    if (const std::size_t rej = m.find(" rejected "); rej != npos && m.starts_with("H=")) {
        ev.kind = EventKind::Reject;
        ev.status = "reject";
        std::string_view what = m.substr(rej + 10);
        if (what.starts_with("RCPT ")) ev.recipient = parse::bare_address(what.substr(5, what.find(':') - 5));
        if (const std::size_t colon = what.find(": "); colon != npos) ev.text = what.substr(colon + 2);
        if (const std::size_t h = m.find('['); h != npos) ev.relay = m.substr(h + 1, m.find(']', h) - h - 1);
    }
}

// Sendmail: "QID: to=<a>, ..., relay=h. [ip], dsn=5.1.1, stat=User unknown" and
// "QID: ruleset=check_rcpt, arg1=<a>, relay=h [ip], reject=550 5.7.1 <a>... Relaying denied".
void sendmail(std::string_view m, LogEvent& ev) {
    std::string_view rest = after_queue_id(m, ev.queue_id);
    if (rest.empty()) return;
    if (rest.starts_with("to=")) {
        const std::size_t st = rest.find(" stat=");
        if (st == npos) return;
        std::string_view stat = rest.substr(st + 6);
        ev.dsn = parse::field_value(rest, "dsn");
        if (stat.starts_with("Sent")) {
            ev.status = "sent";
            if (const std::size_t open = stat.find('('); open != npos) {
                std::string_view t = stat.substr(open + 1);
                if (!t.empty() && t.back() == ')') t.remove_suffix(1);
                ev.text = t;
            }
        } else if (stat.starts_with("Deferred") || ev.dsn.starts_with('4')) {
            ev.status = "deferred";
            ev.text = stat.starts_with("Deferred: ") ? stat.substr(10) : stat;
        } else if (stat.starts_with("queued")) {
            return;   // accepted for later delivery: not an attempt
        } else {
            ev.status = "bounced";
            ev.text = stat;
        }
        ev.kind = EventKind::Delivery;
        ev.recipient = parse::bare_address(parse::field_value(rest, "to"));
        relay_of(parse::field_value(rest, "relay"), ev);
        return;
    }
    if (rest.starts_with("ruleset=")) {
        const std::size_t r = rest.find("reject=");
        if (r == npos) return;
        ev.kind = EventKind::Reject;
        ev.status = "reject";
        ev.text = rest.substr(r + 7);
        if (rest.starts_with("ruleset=check_rcpt")) ev.recipient = parse::bare_address(parse::field_value(rest, "arg1"));
    }
}

} // namespace

LogEvent scan_line(std::string_view line) noexcept {
    LogEvent ev;
    const parse::LogPrefix p = parse::split_log_prefix(line);
    ev.timestamp = p.timestamp;
    ev.host = p.host;
    ev.message = p.message;
    const std::string_view prog = p.program;
    if (prog.starts_with("postfix")) {
        ev.mta = "postfix";
        postfix(p.message, ev);
    } else if (prog.starts_with("exim") || (prog.empty() && !p.timestamp.empty())) {
        ev.mta = "exim";
        exim(p.message, ev);
    } else if (prog == "sendmail" || prog.starts_with("sm-")) {
        ev.mta = "sendmail";
        sendmail(p.message, ev);
    }
    return ev;
}

std::string_view relay_domain(std::string_view host) noexcept {
    if (host.empty() || util::is_digit(host.back()) || host.find(':') != npos) return {};
    const std::size_t last = host.rfind('.');
    if (last == npos || last == 0) return host;
    const std::size_t prev = host.rfind('.', last - 1);
    return prev == npos ? host : host.substr(prev + 1);
}

std::string_view domain_of(std::string_view address) noexcept {
    const std::size_t at = address.rfind('@');
    return at == npos ? std::string_view{} : address.substr(at + 1);
}

} // namespace smtpx::stats
