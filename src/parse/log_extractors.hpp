#pragma once
// Internal: what log_line.cpp's readers share with the one log-line scanner (log_scan.cpp).
#include "parse/fields.hpp"
#include "parse/log_scan.hpp"
#include "parse/parsed.hpp"

#include <string_view>

namespace smtpx::parse::detail {

/// Read the replies, hosts and the MTA's own explanation out of a line that scan_log_line()
/// recognised (its mta names the reader); false when the line holds nothing to explain.
bool read_postfix(const LogEvent& ev, ParsedInput& out);
bool read_exim(const LogEvent& ev, ParsedInput& out);
bool read_sendmail(const LogEvent& ev, ParsedInput& out);

/// Parse the reply that starts somewhere in `s` (noise before it ignored), add it to `out`
/// with `command`; returns false when `s` holds no reply.
bool add_reply_from(std::string_view s, std::string_view command, ParsedInput& out);

/// An Exim message after its optional "[pid] " and message id.
struct EximSplit {
    std::string_view id;     ///< the message id, empty when none
    std::string_view body;   ///< the rest: "** a@b ...", "H=... rejected ...", "Completed"
};
EximSplit exim_split(std::string_view m);

/// The client of a Postfix rejection ("RCPT from host[ip]: 550 ..."): `client` is "host[ip]",
/// `end` the offset in `r` just after its ": ".
struct ClientSpan {
    bool found = false;
    std::string_view client;
    std::size_t end = 0;
};
ClientSpan postfix_client(std::string_view r);

/// The host a Postfix attempt text names ("host H[IP] said:", "connect to H[IP]:25: ...",
/// "lost connection with H[IP]", "conversation with H[IP]"); for each part, the first found.
HostIp attempt_host(std::string_view t);

/// "host H [ip]: 550 ..." (Exim) or "host: H (ip) reason: 550 ..." at the start of `r`, as inside
/// "SMTP error from remote mail server after ...": the host, and where the reply starts (empty when
/// it does not follow a colon).
struct PhraseHost {
    bool found = false;
    HostIp where;
    std::string_view reply;
};
PhraseHost phrase_host(std::string_view r);

} // namespace smtpx::parse::detail
