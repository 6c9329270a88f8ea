// The replies in Exim main-log lines that scan_log_line() recognised: deliveries (** == => -> *>) and
// ACL rejections ("H=... rejected RCPT <b>: ...").
#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "parse/log_line.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

namespace detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;

/// "... rejected RCPT <b>: text", "rejected MAIL <a>: text", "rejected after DATA: text",
/// "rejected EHLO from ...: text", "rejected connection in \"connect\" ACL: text".
bool read_rejection(const LogEvent& ev, ParsedInput& out) {
    out.delivery_status = "reject";
    set_once(out.remote_host, ev.remote_host);
    set_once(out.remote_ip, ev.remote_ip);
    out.sender = std::string(ev.sender);
    out.recipient = std::string(ev.recipient);
    std::string_view r = ev.detail;
    std::string command;
    if (util::istarts_with(r, "after ")) {
        r.remove_prefix(6);
        command = canonical_command(r);
        if (command == "DATA") command = "END-OF-DATA";   // Exim's "after DATA" is the acl_smtp_data ACL
    } else {
        command = canonical_command(r);
    }
    const std::string_view text = ev.text;
    const int code = basic_code_at(text, 0);
    if (code >= 200 && code <= 599 && add_reply_from(text, command, out)) return true;
    set_once(out.local_text, text);
    if (!command.empty()) {
        // No code was sent back in the log, but the command is still worth keeping for the classifier.
        const std::string_view s = exim_split(ev.message).body;
        Reply r2;
        r2.command = command;
        r2.text = out.local_text;
        r2.raw = std::string(s.substr(0, s.size() < kMaxStoredText ? s.size() : kMaxStoredText));
        out.replies.push_back(std::move(r2));
    }
    return true;
}

} // namespace

bool read_exim(const LogEvent& ev, ParsedInput& out) {
    if (ev.kind == EventKind::Reject) return read_rejection(ev, out);
    if (ev.kind != EventKind::Delivery) return false;
    out.delivery_status = std::string(ev.status);
    out.recipient = std::string(ev.recipient);
    set_once(out.remote_host, ev.remote_host);
    set_once(out.remote_ip, ev.remote_ip);
    const std::string_view rest = ev.detail;
    if (parse_smtp_error_phrase(rest, out)) return true;
    if (ev.status == "sent" || ev.status == "suppressed") {
        if (!ev.text.empty()) add_reply_from(ev.text, "END-OF-DATA", out);
        return true;
    }
    const std::size_t colon = util::ifind(rest, ": ");
    std::size_t e = 0;
    while (e < rest.size() && !util::is_space(rest[e]) && e < 1024) ++e;
    std::string_view text = colon == npos ? rest.substr(e) : rest.substr(colon + 2);
    if (const std::size_t d = util::ifind(rest, " defer ("); d != npos && (colon == npos || d < colon)) {
        const std::size_t close = rest.find("): ", d);
        if (close != npos) text = rest.substr(close + 3);
    }
    set_once(out.local_text, text);
    return true;
}

} // namespace detail
} // namespace smtpx::parse
