// Sendmail log lines: delivery "stat=" lines and "ruleset=... reject=" rejections.
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

/// The last field of a sendmail line runs to the end of the line, commas included.
std::string_view last_field(std::string_view m, std::string_view key) {
    std::size_t from = 0;
    while (true) {
        const std::size_t p = util::ifind(m, key, from);
        if (p == npos) return {};
        from = p + 1;
        if (p > 0 && m[p - 1] != ' ' && m[p - 1] != ',') continue;
        if (p + key.size() >= m.size() || m[p + key.size()] != '=') continue;
        return util::trim(m.substr(p + key.size() + 1));
    }
}

bool starts_with_code(std::string_view t) {
    t = util::trim_left(t);
    const int code = basic_code_at(t, 0);
    return code >= 200 && code <= 599;
}

void read_relay(std::string_view m, ParsedInput& out) {
    const HostIp hi = split_host_ip(field_value(m, "relay"));
    set_once(out.remote_host, hi.host);
    set_once(out.remote_ip, hi.ip);
}

} // namespace

bool is_sendmail_line(const LogPrefix& p) {
    const std::string_view prog = p.program;
    if (util::istarts_with(prog, "sendmail") || util::istarts_with(prog, "sm-mta") || util::istarts_with(prog, "sm-msp"))
        return true;
    if (!prog.empty()) return false;
    const std::string_view m = p.message;
    return (util::icontains(m, "stat=") && util::icontains(m, "mailer=")) ||
           (util::icontains(m, "ruleset=") && util::icontains(m, "reject="));
}

bool extract_sendmail(const LogPrefix& p, ParsedInput& out) {
    const std::string_view m = p.message;
    if (const std::string_view reject = last_field(m, "reject"); !reject.empty() && util::icontains(m, "ruleset=")) {
        out.delivery_status = "reject";
        const std::string_view ruleset = field_value(m, "ruleset");
        std::string_view command;
        for (const RulesetCommand& rc : kRulesets)
            if (util::iequals(ruleset, rc.ruleset)) command = rc.command;
        const std::string_view arg = bare_address(field_value(m, "arg1"));
        if (command == "RCPT") out.recipient = std::string(arg);
        else if (command == "MAIL") out.sender = std::string(arg);
        read_relay(m, out);
        if (!add_reply_from(reject, command, out)) set_once(out.local_text, reject);
        return true;
    }
    const std::string_view stat = last_field(m, "stat");
    if (stat.empty()) return false;
    out.recipient = std::string(bare_address(field_value(m, "to")));
    out.status_enhanced = std::string(field_value(m, "dsn"));
    read_relay(m, out);
    std::string_view text = stat;
    if (util::istarts_with(stat, "Sent")) {
        out.delivery_status = "sent";
        text = util::trim(stat.substr(4));
        if (text.starts_with('(') && text.ends_with(')')) text = text.substr(1, text.size() - 2);
        if (!(starts_with_code(text) && add_reply_from(text, "END-OF-DATA", out))) set_once(out.local_text, text);
        return true;
    }
    if (util::istarts_with(stat, "Deferred")) {
        out.delivery_status = "deferred";
        text = util::trim(stat.substr(8));
        if (text.starts_with(':')) text = util::trim(text.substr(1));
    } else if (util::istarts_with(stat, "queued")) {
        out.delivery_status = "queued";
    } else {
        out.delivery_status = "bounced";
    }
    if (!starts_with_code(text)) set_once(out.local_text, text);
    if (!add_reply_from(text, "", out)) set_once(out.local_text, text);
    return true;
}

} // namespace smtpx::parse::detail
