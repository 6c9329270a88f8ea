#pragma once
// Maps the many ways MTAs and transcripts name an SMTP command onto the canonical command names.
#include <string>
#include <string_view>

namespace smtpx::parse {

/// Canonical command for a phrase that starts with a command name as MTAs write it: "RCPT TO",
/// "MAIL FROM:<a>", "end of DATA", "DATA", "HELO/EHLO", "initial connection", "initial protocol
/// greeting", "pipelined RCPT TO", "END-OF-MESSAGE", "AUTH LOGIN", "BDAT 100 LAST", "." ...
/// Returns CONNECT EHLO HELO MAIL RCPT DATA END-OF-DATA BDAT AUTH STARTTLS VRFY EXPN RSET QUIT NOOP
/// HELP ETRN ATRN BURL, or empty when the phrase names no known command.
std::string canonical_command(std::string_view phrase);

/// Length of the command name that canonical_command() recognised at the start of `phrase`
/// ("RCPT TO" -> 7, "end of data" -> 11), 0 when none. Lets callers skip past the command words.
std::size_t command_phrase_length(std::string_view phrase);

} // namespace smtpx::parse
