#pragma once
// Reads one MTA log line (Postfix, Exim, Sendmail) or a Microsoft NDR diagnostic into a ParsedInput.
#include "parse/parsed.hpp"

#include <string_view>

namespace smtpx::parse {

/// Read `text` (one line; a timestamp prefix is allowed and kept in `out.timestamp`) with
/// scan_log_line(), the scanner `stats` counts with, then the replies in it. Returns true and fills
/// `out` (kind, software, replies, status, hosts, addresses) when a format recognised the line;
/// false leaves `out` untouched.
bool parse_log_line(std::string_view text, ParsedInput& out);

/// Exim's "SMTP error from remote mail server after RCPT TO:<a>: [host H [ip]: ]550 ..." (also
/// "... remote server after RCPT command:" and "... for TEXT command, host: H (ip) reason: 550 ...")
/// as found in Exim logs and bounce bodies: adds the reply with its command and the remote host.
/// Returns false when `text` has no such phrase followed by a reply.
bool parse_smtp_error_phrase(std::string_view text, ParsedInput& out);

/// Microsoft's "Remote Server returned '550 5.1.10 ...'", "#550 5.1.1 ... ##" and
/// "#< #5.1.1 smtp;550 5.1.1 ...>" forms: adds the reply. Returns false when none is present.
bool parse_exchange_diagnostic(std::string_view text, ParsedInput& out);

} // namespace smtpx::parse
