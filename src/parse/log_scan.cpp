// Recognises Postfix, Exim and Sendmail log lines and finds their fields. Everything is a view into
// the line: statistics run this over millions of lines, so no allocation here. The MTAs write their
// key names in lower case, so exact searches are used where they are; `explain` (log_line.cpp) reads
// the replies out of what this finds.
#include "parse/log_scan.hpp"

#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "parse/timestamp.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

namespace {

constexpr auto npos = std::string_view::npos;

/// "QID: rest" -> rest, with the queue id in `qid` (hex, long base-52 or "NOQUEUE"); the whole
/// message when it has no queue id.
std::string_view after_queue_id(std::string_view m, std::string_view& qid) {
    std::size_t i = 0;
    while (i < m.size() && i < 32 && util::is_alnum(m[i])) ++i;
    if (i < 5 || i + 1 >= m.size() || m[i] != ':' || m[i + 1] != ' ') return m;
    qid = m.substr(0, i);
    return m.substr(i + 2);
}

/// The value of "key=" (`key_eq`) at the start of `s` or after a space or comma, up to the next comma.
std::string_view key_value(std::string_view s, std::string_view key_eq) {
    for (std::size_t p = s.find(key_eq); p != npos; p = s.find(key_eq, p + 1)) {
        if (p > 0 && s[p - 1] != ' ' && s[p - 1] != ',') continue;
        const std::string_view v = s.substr(p + key_eq.size());
        return util::trim(v.substr(0, v.find(',')));
    }
    return {};
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

/// "host h[ip] said: 550 ... (in reply to RCPT TO command)" -> "550 ...": the remote reply alone,
/// so that the same reply from different hosts groups together.
std::string_view postfix_reason(std::string_view t) {
    if (t.starts_with("host ")) {
        if (const std::size_t said = t.find(" said: "); said != npos) t.remove_prefix(said + 7);
    }
    if (const std::size_t in_reply = t.rfind(" (in reply to "); in_reply != npos && t.ends_with(" command)"))
        t = t.substr(0, in_reply);
    return t;
}

/// The text inside "status=word (...)": from the first '(' to the last ')'.
std::string_view paren_text(std::string_view after_status) {
    const std::size_t open = after_status.find('(');
    if (open == npos) return {};
    const std::size_t close = after_status.rfind(')');
    if (close == npos || close < open) return util::trim(after_status.substr(open + 1));
    return util::trim(after_status.substr(open + 1, close - open - 1));
}

bool is_loopback(std::string_view ip) { return ip.starts_with("127.") || ip == "::1" || ip == "IPv6:::1"; }

void remote(HostIp hi, bool delivery, LogEvent& ev) {
    ev.remote_host = hi.host;
    ev.remote_ip = hi.ip;
    if (!delivery) return;
    ev.relay = hi.host.empty() ? hi.ip : hi.host;
    ev.handoff = is_loopback(hi.ip) || (hi.ip.empty() && is_loopback(hi.host));
}

// ---- Postfix: "QID: to=<a>, relay=h[ip]:25, ..., dsn=5.1.1, status=bounced (TEXT)", "QID: removed",
// "NOQUEUE: reject: RCPT from h[ip]: 550 ...; from=<> to=<> ...", "QID: milter-reject: ...",
// "QID: host h[ip] said: ...".

void postfix_reject(std::string_view rest, std::string_view body, LogEvent& ev) {
    ev.kind = EventKind::Reject;
    ev.status = "reject";
    ev.detail = body;
    ev.text = reply_from(rest);
    if (const std::size_t tail = util::irfind(body, "; from=<"); tail != npos) {
        const std::string_view fields = body.substr(tail + 1);
        ev.sender = bare_address(field_value(fields, "from", true));
        ev.recipient = bare_address(field_value(fields, "to", true));
    }
    if (const detail::ClientSpan c = detail::postfix_client(body); c.found) remote(split_host_ip(c.client), false, ev);
}

void postfix(std::string_view m, LogEvent& ev) {
    ev.mta = "postfix";
    const std::string_view rest = after_queue_id(m, ev.queue_id);
    if (rest == "removed" && !ev.queue_id.empty()) {
        ev.kind = EventKind::Removed;
        return;
    }
    // Near the start only: "reject: " later on is part of a reply.
    if (const std::size_t r = rest.substr(0, 30).find("reject: "); r != npos && (r < 16 || (r < 23 && rest.substr(r - 7, 7) == "milter-")))
        return postfix_reject(rest, rest.substr(r + 8), ev);
    const std::size_t st = rest.starts_with("to=<") || rest.starts_with("from=<") ? rest.find("status=") : npos;
    if (st != npos && (rest[st - 1] == ' ' || rest[st - 1] == ',')) {
        ev.kind = EventKind::Delivery;
        const std::string_view s = rest.substr(st + 7);
        std::size_t w = 0;
        while (w < s.size() && util::is_alpha(s[w])) ++w;
        ev.status = s.substr(0, w);
        ev.detail = paren_text(s.substr(w));
        ev.text = postfix_reason(ev.detail);
        const std::string_view fields = rest.substr(0, st);
        if (const std::size_t close = fields.find('>'); fields.starts_with("to=<") && close != npos)
            ev.recipient = fields.substr(4, close - 4);
        else
            ev.recipient = bare_address(field_value(rest, "to"));
        ev.dsn = key_value(fields, "dsn=");
        // relay= names the host of the attempt; "relay=none" leaves it to the text ("connect to H[ip]").
        HostIp hi = split_host_ip(key_value(fields, "relay="));
        if (hi.host.empty() || hi.ip.empty()) {
            const HostIp t = detail::attempt_host(ev.detail);
            if (hi.host.empty()) hi.host = t.host;
            if (hi.ip.empty()) hi.ip = t.ip;
        }
        remote(hi, true, ev);
        return;
    }
    // What one server said, reported again by the status= line: "host H said:", "connect to H: ...".
    const char first = rest.empty() ? '\0' : util::to_lower(rest[0]);
    if (first != 'h' && first != 'c' && first != 'l') return;
    if (util::istarts_with(rest, "host ") || util::istarts_with(rest, "connect to ") ||
        util::istarts_with(rest, "lost connection with ") || util::istarts_with(rest, "conversation with ")) {
        ev.kind = EventKind::Detail;
        ev.detail = rest;
        remote(detail::attempt_host(rest), false, ev);
    }
}

/// A Postfix delivery line under another syslog_name ("postfix-out/smtp", "server1-1/smtp") or
/// pasted without a prefix: its shape still tells.
bool postfix_shaped(std::string_view m, bool named) {
    std::string_view qid;
    const std::string_view rest = after_queue_id(m, qid);
    const bool delivery = !qid.empty() && util::istarts_with(rest, "to=<") && util::icontains(rest, "status=");
    if (named) return delivery;
    return delivery || util::istarts_with(m, "NOQUEUE: ") ||
           (util::istarts_with(m, "to=<") && util::icontains(m, ", relay=") && util::icontains(m, ", status="));
}

// ---- Exim: "ID => a R=.. T=.. H=h [ip] C=\"250 ...\"", "ID ** a ...: SMTP error from remote mail server
// after RCPT TO:<a>: 550 ...", "ID == a ... defer (-44) ...: 451 ...", "ID Completed",
// "H=.. rejected RCPT <a>: ...".

/// "H=host [ip]" / "H=(helo) [ip]" / "H=host (helo) [ip]:" anywhere in `s`; the HELO name in
/// parentheses is dropped, the verified host name kept.
HostIp exim_host(std::string_view s) {
    std::size_t p = s.find(" H=");
    if (p == npos) {
        if (!s.starts_with("H=")) return {};
        p = 0;
    } else {
        ++p;
    }
    const std::string_view h = s.substr(p + 2);
    std::size_t e = 0;
    const std::size_t open = h.find('[');
    if (open != npos && open < 300) {
        const std::size_t close = h.find(']', open);
        e = close == npos ? h.size() : close + 1;
    } else {
        while (e < h.size() && h[e] != ' ' && h[e] != ':' && e < 300) ++e;
    }
    const std::string_view part = h.substr(0, e);
    if (const std::size_t paren = part.find(" ("); paren != npos) {
        if (const std::size_t bracket = part.find('[', paren); bracket != npos)
            return {split_host_ip(part.substr(0, paren)).host, split_host_ip(part.substr(bracket)).ip};
    }
    return split_host_ip(part);
}

/// The host inside "SMTP error from remote mail server after CMD: host H [ip]: ..." when the line
/// has no H= field.
HostIp phrase_host_in(std::string_view body) {
    const std::size_t p = body.find("SMTP error from remote ");
    if (p == npos) return {};
    for (std::size_t h = body.find("host", p); h != npos; h = body.find("host", h + 4)) {
        if (h >= 2 && (body[h - 2] == ':' || body[h - 2] == ',') && body[h - 1] == ' ')
            if (const detail::PhraseHost ph = detail::phrase_host(body.substr(h)); ph.found) return ph.where;
    }
    return {};
}

bool exim_delivery(std::string_view b, bool has_id, bool timestamped, LogEvent& ev) {
    if (b.size() < 3 || b[2] != ' ') return false;
    const std::string_view mark = b.substr(0, 2);
    if (mark == "=>" || mark == "->") ev.status = "sent";
    else if (mark == "**") ev.status = "bounced";
    else if (mark == "==") ev.status = "deferred";
    else if (mark == "*>") ev.status = "suppressed";
    else return false;
    // Without a message id only a timestamped line is trusted to be Exim's.
    if (!has_id && !(timestamped && mark != "->" && mark != "*>")) {
        ev.status = {};
        return false;
    }
    ev.kind = EventKind::Delivery;
    const std::string_view body = b.substr(3);
    ev.detail = body;
    std::size_t end = 0;
    while (end < body.size() && !util::is_space(body[end]) && body[end] != ':') ++end;
    ev.recipient = bare_address(body.substr(0, end));
    HostIp hi = exim_host(body);
    if (hi.host.empty() && hi.ip.empty()) hi = phrase_host_in(body);
    remote(hi, true, ev);
    if (ev.status == "sent" || ev.status == "suppressed") {
        // C="250 2.0.0 Ok: queued as X" (log_selector +smtp_confirmation) is the remote reply.
        if (const std::size_t c = body.find(" C=\""); c != npos) {
            const std::string_view conf = body.substr(c + 4);
            ev.text = conf.substr(0, conf.rfind('"'));
        }
        return true;
    }
    // The reason follows the first ": " after the address; a remote reply starts with its code.
    const std::size_t colon = body.find(": ", end);
    if (colon == npos) return true;
    ev.text = body.substr(colon + 2);
    if (const std::size_t phrase = ev.text.find("SMTP error from remote "); phrase != npos) {
        if (const std::string_view r = reply_from(ev.text.substr(phrase)); !r.empty()) ev.text = r;
    }
    return true;
}

bool exim_rejection(std::string_view b, LogEvent& ev) {
    if (!b.starts_with("H=") && b.find(" H=") == npos) return false;
    const std::size_t rej = b.find(" rejected ");
    if (rej == npos) return false;
    ev.kind = EventKind::Reject;
    ev.status = "reject";
    const std::string_view what = b.substr(rej + 10);
    ev.detail = what;
    remote(exim_host(b), false, ev);
    if (const std::string_view from = field_value(b, "F", true); !from.empty()) ev.sender = bare_address(from);
    const bool rcpt = util::istarts_with(what, "RCPT ");
    if (rcpt || (util::istarts_with(what, "MAIL ") && ev.sender.empty())) {
        const std::string_view arg = util::trim_left(what.substr(5));
        if (const std::size_t close = arg.find('>'); arg.starts_with('<') && close != npos)
            (rcpt ? ev.recipient : ev.sender) = bare_address(arg.substr(0, close + 1));
    }
    if (const std::size_t colon = what.find(": "); colon != npos) ev.text = util::trim(what.substr(colon + 2));
    else ev.text = util::trim(what);
    return true;
}

bool exim(std::string_view m, bool timestamped, LogEvent& ev) {
    const detail::EximSplit x = detail::exim_split(m);
    ev.queue_id = x.id;
    const bool has_id = !x.id.empty();
    if (has_id && x.body.starts_with("Completed")) ev.kind = EventKind::Removed;
    else if (!exim_delivery(x.body, has_id, timestamped, ev) && !exim_rejection(x.body, ev)) return false;
    ev.mta = "exim";
    return true;
}

// ---- Sendmail: "QID: to=<a>, ..., relay=h. [ip], dsn=5.1.1, stat=User unknown" and
// "QID: ruleset=check_rcpt, arg1=<a>, relay=h [ip], reject=550 5.7.1 <a>... Relaying denied".

/// The last field of a sendmail line runs to the end of the line, commas included.
std::string_view last_field(std::string_view m, std::string_view key) {
    for (std::size_t p = m.find(key); p != npos; p = m.find(key, p + 1)) {
        if (p > 0 && m[p - 1] != ' ' && m[p - 1] != ',') continue;
        if (p + key.size() >= m.size() || m[p + key.size()] != '=') continue;
        return util::trim(m.substr(p + key.size() + 1));
    }
    return {};
}

void sendmail(std::string_view m, LogEvent& ev) {
    ev.mta = "sendmail";
    (void)after_queue_id(m, ev.queue_id);
    if (const std::string_view reject = last_field(m, "reject"); !reject.empty() && m.find("ruleset=") != npos) {
        ev.kind = EventKind::Reject;
        ev.status = "reject";
        ev.detail = ev.text = reject;
        const std::string_view ruleset = field_value(m, "ruleset");
        if (util::iequals(ruleset, "check_rcpt")) ev.recipient = bare_address(field_value(m, "arg1"));
        else if (util::iequals(ruleset, "check_mail")) ev.sender = bare_address(field_value(m, "arg1"));
        remote(split_host_ip(field_value(m, "relay")), false, ev);
        return;
    }
    const std::string_view stat = last_field(m, "stat");
    if (stat.empty()) return;
    ev.kind = EventKind::Delivery;
    ev.detail = ev.text = stat;
    ev.dsn = field_value(m, "dsn");
    ev.recipient = bare_address(field_value(m, "to"));
    remote(split_host_ip(field_value(m, "relay")), true, ev);
    if (util::istarts_with(stat, "Sent")) {
        ev.status = "sent";
        ev.text = util::trim(stat.substr(4));
        if (ev.text.starts_with('(') && ev.text.ends_with(')')) ev.text = ev.text.substr(1, ev.text.size() - 2);
    } else if (util::istarts_with(stat, "Deferred")) {
        ev.status = "deferred";
        ev.text = util::trim(stat.substr(8));
        if (ev.text.starts_with(':')) ev.text = util::trim(ev.text.substr(1));
    } else if (util::istarts_with(stat, "queued")) {
        ev.status = "queued";   // accepted for later delivery: explained, but not an attempt
        ev.kind = EventKind::Detail;
    } else {
        // A temporary enhanced code is a deferral whatever the stat= words say.
        ev.status = ev.dsn.starts_with('4') ? "deferred" : "bounced";
    }
}

bool sendmail_shaped(std::string_view m) {
    return (util::icontains(m, "stat=") && util::icontains(m, "mailer=")) ||
           (util::icontains(m, "ruleset=") && util::icontains(m, "reject="));
}

} // namespace

LogEvent scan_log_line(std::string_view line) noexcept {
    LogEvent ev;
    const LogPrefix p = split_log_prefix(line);
    ev.timestamp = p.timestamp;
    ev.host = p.host;
    ev.message = p.message;
    const std::string_view prog = p.program;
    const std::string_view m = p.message;
    if (prog.empty()) {
        // Exim's own log, or a line pasted without its prefix: the message's shape tells.
        if (postfix_shaped(m, false)) postfix(m, ev);
        else if (sendmail_shaped(m)) sendmail(m, ev);
        else exim(m, !p.timestamp.empty(), ev);
    } else if (prog.starts_with("postfix") || util::icontains(prog, "postfix") || util::istarts_with(prog, "postscreen")) {
        postfix(m, ev);
    } else if (util::istarts_with(prog, "exim")) {
        if (!exim(m, true, ev)) ev.mta = "exim";
    } else if (util::istarts_with(prog, "sendmail") || prog.starts_with("sm-")) {
        sendmail(m, ev);
    } else if (prog.find('/') != npos && postfix_shaped(m, true)) {
        postfix(m, ev);
    }
    return ev;
}

namespace detail {

EximSplit exim_split(std::string_view m) {
    EximSplit x;
    if (m.starts_with('[')) {   // log_selector +pid
        const std::size_t close = m.find(']');
        if (close != npos && close < 12) m = util::trim_left(m.substr(close + 1));
    }
    if (const std::size_t n = exim_message_id_length(m)) {
        x.id = m.substr(0, n);
        m = util::trim_left(m.substr(n));
    }
    x.body = m;
    return x;
}

ClientSpan postfix_client(std::string_view r) {
    ClientSpan c;
    const std::size_t from = util::ifind(r.substr(0, 45), " from ");
    if (from == npos || from >= 40) return c;
    const std::string_view client = r.substr(from + 6);
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
    c.found = true;
    c.client = client.substr(0, e);
    c.end = from + 6 + e + 2;
    return c;
}

namespace {

/// For each empty part of `into`, the part of the host after `marker` in `text`.
void host_after(std::string_view text, std::string_view marker, HostIp& into) {
    const std::size_t p = util::ifind(text, marker);
    if (p == npos) return;
    const std::string_view h = text.substr(p + marker.size());
    std::size_t e = 0;
    while (e < h.size() && h[e] != ' ' && h[e] != ']' && e < 300) ++e;
    if (e < h.size() && h[e] == ']') ++e;
    const HostIp hi = split_host_ip(h.substr(0, e));
    if (into.host.empty()) into.host = hi.host;
    if (into.ip.empty()) into.ip = hi.ip;
}

} // namespace

HostIp attempt_host(std::string_view t) {
    HostIp r;
    if (util::istarts_with(t, "delivery temporarily suspended: ")) t.remove_prefix(32);
    if (const std::size_t said = util::ifind(t, " said: "); said != npos && util::istarts_with(t, "host "))
        host_after(t.substr(0, said), "host ", r);
    if (util::ifind(t, "refused to talk to me: ") != npos) {
        host_after(t, "connect to ", r);
        host_after(t, "host ", r);
        return r;
    }
    for (std::string_view marker : {"connect to ", "lost connection with ", "conversation with "}) host_after(t, marker, r);
    return r;
}

PhraseHost phrase_host(std::string_view r) {
    PhraseHost ph;
    if (!util::istarts_with(r, "host ") && !util::istarts_with(r, "host: ")) return ph;
    ph.found = true;
    const bool colon_form = r[4] == ':';
    const std::string_view h = util::trim_left(r.substr(colon_form ? 5 : 4));
    std::size_t e = 0;
    while (e < h.size() && h[e] != '\n' && h[e] != ':' && !(colon_form && h[e] == ' ') && e < 300) {
        if (h[e] == '[') {   // an IPv6 literal has colons of its own
            const std::size_t close = h.find(']', e);
            if (close != npos && close - e < 64) {
                e = close + 1;
                continue;
            }
        }
        ++e;
    }
    const std::string_view host_part = h.substr(0, e);
    if (colon_form) {
        ph.where.host = util::trim(host_part);
        const std::size_t open = h.find('(');
        const std::size_t close = open == npos ? open : h.find(')', open);
        if (close != npos && close < 120 && util::is_ip(h.substr(open + 1, close - open - 1)))
            ph.where.ip = h.substr(open + 1, close - open - 1);
    } else {
        ph.where = split_host_ip(host_part);
        if (e < h.size() && h[e] == ':') ph.reply = h.substr(e + 1);
    }
    return ph;
}

} // namespace detail

std::size_t exim_message_id_length(std::string_view s) noexcept {
    std::size_t i = 0;
    const std::size_t parts[3][2] = {{6, 6}, {6, 11}, {2, 4}};
    for (int part = 0; part < 3; ++part) {
        const std::size_t start = i;
        while (i < s.size() && util::is_alnum(s[i])) ++i;
        const std::size_t n = i - start;
        if (n < parts[part][0] || n > parts[part][1]) return 0;
        if (part < 2) {
            if (i >= s.size() || s[i] != '-') return 0;
            ++i;
        }
    }
    if (i < s.size() && !util::is_blank(s[i])) return 0;
    return i;
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

} // namespace smtpx::parse
