// The replies in Sendmail log lines that scan_log_line() recognised: delivery "stat=" lines and
// "ruleset=... reject=" rejections.
#include "parse/codes.hpp"
#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "util/strings.hpp"

#include <array>

namespace smtpx::parse::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

struct RulesetCommand {
    std::string_view ruleset;
    std::string_view command;
};

constexpr std::array<RulesetCommand, 8> kRulesets{{
    {"check_rcpt", "RCPT"},
    {"check_mail", "MAIL"},
    {"check_relay", "CONNECT"},
    {"check_data", "DATA"},
    {"check_eoh", "END-OF-DATA"},
    {"check_eom", "END-OF-DATA"},
    {"check_etrn", "ETRN"},
    {"check_vrfy", "VRFY"},
}};

bool starts_with_code(std::string_view t) {
    t = util::trim_left(t);
    const int code = basic_code_at(t, 0);
    return code >= 200 && code <= 599;
}

} // namespace

bool read_sendmail(const LogEvent& ev, ParsedInput& out) {
    if (ev.kind == EventKind::None) return false;
    out.delivery_status = std::string(ev.status);
    out.recipient = std::string(ev.recipient);
    out.sender = std::string(ev.sender);
    set_once(out.remote_host, ev.remote_host);
    set_once(out.remote_ip, ev.remote_ip);
    const std::string_view text = ev.text;
    if (ev.kind == EventKind::Reject) {
        const std::string_view ruleset = field_value(ev.message, "ruleset");
        std::string_view command;
        for (const RulesetCommand& rc : kRulesets)
            if (util::iequals(ruleset, rc.ruleset)) command = rc.command;
        if (!add_reply_from(text, command, out)) set_once(out.local_text, text);
        return true;
    }
    out.status_enhanced = std::string(ev.dsn);
    if (ev.status == "sent") {
        if (!(starts_with_code(text) && add_reply_from(text, "END-OF-DATA", out))) set_once(out.local_text, text);
        return true;
    }
    if (!starts_with_code(text)) set_once(out.local_text, text);
    if (!add_reply_from(text, "", out)) set_once(out.local_text, text);
    return true;
}

} // namespace smtpx::parse::detail
