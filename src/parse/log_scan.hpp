#pragma once
// The one reader of MTA log lines (Postfix, Exim, Sendmail): `explain` builds its answer on what it
// finds (parse_log_line) and `stats` counts it. Cheap and allocation-free, because stats runs it
// over millions of lines; everything it returns is a view into the line.
#include <cstddef>
#include <string_view>

namespace smtpx::parse {

enum class EventKind : unsigned char {
    None,       ///< a line of no interest (connects, cleanup, qmgr from= ...) or of an unknown format
    Delivery,   ///< a delivery attempt: Postfix status=, Exim => -> *> ** ==, Sendmail stat=
    Reject,     ///< an inbound rejection: NOQUEUE reject, postscreen, Exim "rejected", Sendmail reject=
    Removed,    ///< the queue forgot a message: Postfix "removed", Exim "Completed"
    Detail,     ///< what one server said during an attempt that another line reports (Postfix
                ///< "host H said:", "connect to H: ..."): explained, never counted
};

/// What one log line says, as views into the line.
struct LogEvent {
    EventKind kind = EventKind::None;
    std::string_view timestamp;     ///< as written, empty when the line has none
    std::string_view host;          ///< the syslog host, empty when the line names none
    std::string_view mta;           ///< "postfix", "exim" or "sendmail" (a constant), empty for unknown lines
    std::string_view message;       ///< the line after the syslog prefix: what the classifier reads
    std::string_view queue_id;      ///< Postfix / Sendmail queue id or Exim message id
    std::string_view recipient;     ///< bare address, may be empty
    std::string_view sender;        ///< bare address of a rejection's sender (from=<>, F=<>), may be empty
    std::string_view remote_host;   ///< the other end: a delivery's relay, a rejection's client; may be empty
    std::string_view remote_ip;     ///< its address, may be empty
    std::string_view relay;         ///< a delivery's relay host name (or IP when no name); empty for rejections,
                                    ///< whose client did not write the text
    std::string_view status;        ///< sent, deferred, bounced, expired, suppressed, queued, reject ...
    std::string_view dsn;           ///< the enhanced status the MTA reports, may be empty
    std::string_view text;          ///< the remote reply, or the MTA's own explanation, without the MTA's
                                    ///< wrapping ("host H said:", "(in reply to ...)"): what stats groups by
    std::string_view detail;        ///< the MTA's whole account, wrapping included (Postfix's parenthesis,
                                    ///< Exim's text after the address, Sendmail's stat= / reject=)
    bool handoff = false;           ///< relayed to a local content filter (127.0.0.1 / ::1), not to the world
};

/// Read one line (without its terminator). Lines of unknown formats come back with kind None and no mta.
LogEvent scan_log_line(std::string_view line) noexcept;

/// Length of an Exim message id at the start of `s` ("1abcDE-000123-AB", the 4.97 form
/// "1abcDE-00000000000-ABCD"), 0 when there is none.
std::size_t exim_message_id_length(std::string_view s) noexcept;

/// "mx1.eu.example.com" -> "example.com": the part of a relay host that names whose servers they are;
/// empty for an IP address.
std::string_view relay_domain(std::string_view host) noexcept;

/// The domain part of an address ("" when there is none), as a view into `address`.
std::string_view domain_of(std::string_view address) noexcept;

} // namespace smtpx::parse
