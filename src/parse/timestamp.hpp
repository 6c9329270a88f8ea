#pragma once
// Splits the syslog / RFC 3339 / journalctl / Exim prefix off a log line.
#include <string_view>

namespace smtpx::parse {

/// The parts in front of a log message. Views into the line passed to split_log_prefix().
struct LogPrefix {
    std::string_view timestamp;  ///< "Nov 29 10:00:01", "2026-11-29T10:00:01.123456+00:00", "2026-11-29 10:00:01"; empty when none
    std::string_view host;       ///< syslog host name, empty when none
    std::string_view program;    ///< "postfix/smtp", "sendmail", "exim"; empty when none
    std::string_view pid;        ///< digits inside [...], empty when none
    std::string_view message;    ///< what follows "program[pid]: " (or the timestamp, or the whole line)
};

/// Split `line` into timestamp, host, program[pid] and message. Recognises BSD syslog
/// ("Nov 29 10:00:01 host prog[pid]: "), RFC 3339 / journalctl short-iso ("2026-11-29T10:00:01+0000
/// host prog[pid]: "), Exim's "2026-11-29 10:00:01 [+0100] " and a bare "prog[pid]: " without any
/// timestamp. An optional "<NN>" syslog priority is skipped. Never fails: unknown lines come back
/// whole in `message`.
LogPrefix split_log_prefix(std::string_view line) noexcept;

} // namespace smtpx::parse
