// Exim main-log lines: deliveries (** == => -> *>) and ACL rejections ("H=... rejected RCPT <b>: ...").
#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "parse/log_line.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

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

namespace detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;

/// The message after an optional "[pid] " and message id.
std::string_view body_of(std::string_view m) {
    if (m.starts_with('[')) {
        const std::size_t close = m.find(']');
        if (close != npos && close < 12) m = util::trim_left(m.substr(close + 1));
    }
    if (const std::size_t n = exim_message_id_length(m)) m = util::trim_left(m.substr(n));
    return m;
}

/// "H=host [ip]" / "H=(helo) [ip]" / "H=host (helo) [ip]:" anywhere in `s`.
void read_host_field(std::string_view s, ParsedInput& out) {
    std::size_t p = util::ifind(s, " H=");
    if (p == npos) {
        if (!util::istarts_with(s, "H=")) return;
        p = 0;
    } else {
        ++p;
    }
    std::string_view h = s.substr(p + 2);
    std::size_t e = 0;
    const std::size_t open = h.find('[');
    if (open != npos && open < 300) {
        const std::size_t close = h.find(']', open);
        e = close == npos ? h.size() : close + 1;
    } else {
        while (e < h.size() && h[e] != ' ' && h[e] != ':' && e < 300) ++e;
    }
    std::string_view part = h.substr(0, e);
    // "host (helo) [ip]": drop the HELO name in parentheses, keep the verified host name.
    if (const std::size_t paren = part.find(" ("); paren != npos) {
        const std::size_t bracket = part.find('[', paren);
        if (bracket != npos) {
            const HostIp hi = split_host_ip(part.substr(bracket));
            set_once(out.remote_host, split_host_ip(part.substr(0, paren)).host);
            set_once(out.remote_ip, hi.ip);
            return;
        }
    }
    const HostIp hi = split_host_ip(part);
    set_once(out.remote_host, hi.host);
    set_once(out.remote_ip, hi.ip);
}

/// "... rejected RCPT <b>: text", "rejected MAIL <a>: text", "rejected after DATA: text",
/// "rejected EHLO from ...: text", "rejected connection in \"connect\" ACL: text".
bool read_rejection(std::string_view s, std::size_t at, ParsedInput& out) {
    out.delivery_status = "reject";
    read_host_field(s, out);
    if (const std::string_view from = field_value(s, "F", true); !from.empty()) out.sender = std::string(bare_address(from));
    std::string_view r = s.substr(at);
    std::string command;
    if (util::istarts_with(r, "after ")) {
        r.remove_prefix(6);
        command = canonical_command(r);
        if (command == "DATA") command = "END-OF-DATA";   // Exim's "after DATA" is the acl_smtp_data ACL
    } else {
        command = canonical_command(r);
    }
    const std::size_t n = command_phrase_length(r);
    std::string_view arg = util::trim_left(r.substr(n));
    if (arg.starts_with('<')) {
        const std::size_t close = arg.find('>');
        if (close != npos) {
            const std::string_view addr = bare_address(arg.substr(0, close + 1));
            if (command == "RCPT") out.recipient = std::string(addr);
            else if (command == "MAIL" && out.sender.empty()) out.sender = std::string(addr);
        }
    }
    std::string_view text = r;
    if (const std::size_t colon = util::ifind(r, ": "); colon != npos) text = r.substr(colon + 2);
    text = util::trim(text);
    std::size_t start = 0;
    while (start < text.size() && util::is_blank(text[start])) ++start;
    const int code = basic_code_at(text, start);
    if (code >= 200 && code <= 599 && add_reply_from(text, command, out)) return true;
    set_once(out.local_text, text);
    if (!command.empty()) {
        // No code was sent back in the log, but the command is still worth keeping for the classifier.
        Reply r2;
        r2.command = command;
        r2.text = out.local_text;
        r2.raw = std::string(s.substr(0, s.size() < kMaxStoredText ? s.size() : kMaxStoredText));
        out.replies.push_back(std::move(r2));
    }
    return true;
}

} // namespace

bool is_exim_line(const LogPrefix& p) {
    if (!p.program.empty() && !util::istarts_with(p.program, "exim")) return false;
    const std::string_view m = p.message;
    const std::string_view b = body_of(m);
    if (b.size() != m.size() && b.size() >= 3 && (b[0] == '*' || b[0] == '=' || b[0] == '-' || b[0] == '<'))
        return true;
    if (b.starts_with("** ") || b.starts_with("== ") || b.starts_with("=> ")) return !p.timestamp.empty();
    return (util::istarts_with(b, "H=") || util::ifind(b, " H=") != npos) && util::icontains(b, "rejected ");
}

bool extract_exim(const LogPrefix& p, ParsedInput& out) {
    const std::string_view b = body_of(p.message);
    if (b.size() >= 3 && b[2] == ' ' && (b.starts_with("**") || b.starts_with("==") || b.starts_with("=>") ||
                                          b.starts_with("->") || b.starts_with("*>"))) {
        out.delivery_status = b.starts_with("**") ? "bounced" : b.starts_with("==") ? "deferred" : "delivered";
        std::string_view rest = b.substr(3);
        std::size_t e = 0;
        while (e < rest.size() && !util::is_space(rest[e]) && e < 1024) ++e;
        std::string_view addr = rest.substr(0, e);
        if (addr.ends_with(':')) addr.remove_suffix(1);
        out.recipient = std::string(bare_address(addr));
        read_host_field(rest, out);
        if (parse_smtp_error_phrase(rest, out)) return true;
        if (out.delivery_status == "delivered") {
            // C="250 2.0.0 Ok: queued as X" (log_selector +smtp_confirmation) is the remote reply.
            const std::size_t c = util::ifind(rest, " C=\"");
            if (c != npos) {
                std::string_view conf = rest.substr(c + 4);
                if (const std::size_t close = conf.rfind('"'); close != npos) conf = conf.substr(0, close);
                add_reply_from(conf, "END-OF-DATA", out);
            }
            return true;
        }
        const std::size_t colon = util::ifind(rest, ": ");
        std::string_view text = colon == npos ? rest.substr(e) : rest.substr(colon + 2);
        if (const std::size_t d = util::ifind(rest, " defer ("); d != npos && (colon == npos || d < colon)) {
            const std::size_t close = rest.find("): ", d);
            if (close != npos) text = rest.substr(close + 3);
        }
        set_once(out.local_text, text);
        return true;
    }
    for (std::string_view marker : {" temporarily rejected ", " rejected "}) {
        if (const std::size_t r = util::ifind(b, marker); r != npos) return read_rejection(b, r + marker.size(), out);
    }
    return false;
}

} // namespace detail
} // namespace smtpx::parse
