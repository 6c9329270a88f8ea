#pragma once
// Picks the lines that matter for statistics out of a mail log, cheaply and without allocating.
#include <string_view>

namespace smtpx::stats {

enum class EventKind : unsigned char {
    None,       ///< a line statistics ignore (connects, cleanup, qmgr from= ...)
    Delivery,   ///< a delivery attempt: Postfix status=, Exim => -> *> ** ==, Sendmail stat=
    Reject,     ///< an inbound rejection: NOQUEUE reject, postscreen, Exim "rejected", Sendmail reject=
    Removed,    ///< the queue forgot a message: Postfix "removed", Exim "Completed"
};

/// What one log line says, as views into the line.
struct LogEvent {
    EventKind kind = EventKind::None;
    std::string_view timestamp;   ///< as written, empty when the line has none
    std::string_view host;        ///< the syslog host, empty when the line names none
    std::string_view mta;         ///< "postfix", "exim" or "sendmail" (a constant), empty for unknown lines
    std::string_view message;     ///< the line after the syslog prefix: what the classifier reads
    std::string_view queue_id;    ///< Postfix / Sendmail queue id or Exim message id
    std::string_view recipient;   ///< bare address, may be empty
    std::string_view relay;       ///< relay host name (or IP when no name), may be empty
    std::string_view status;      ///< sent, deferred, bounced, expired, suppressed, reject ...
    std::string_view dsn;         ///< the enhanced status the MTA reports, may be empty
    std::string_view text;        ///< the remote reply, or the MTA's own explanation
    bool handoff = false;         ///< relayed to a local content filter (127.0.0.1 / ::1), not to the world
};

/// Read one line (without its terminator). Lines of unknown formats come back with kind None.
LogEvent scan_line(std::string_view line) noexcept;

/// "mx1.eu.example.com" -> "example.com": the part of a relay host that names whose servers they are;
/// empty for an IP address.
std::string_view relay_domain(std::string_view host) noexcept;

/// The domain part of an address ("" when there is none), as a view into `address`.
std::string_view domain_of(std::string_view address) noexcept;

} // namespace smtpx::stats
