#pragma once
// `smtpx stats --events`: one JSON object per delivery attempt, for a database that ingests NDJSON.
#include "stats/collector.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace smtpx::stats {

/// The zone written into times the log gives without one (syslog's, Exim's without log_timezone).
struct EventZone {
    bool local = true;        ///< the machine's zone at each time (daylight saving included)
    int offset_minutes = 0;   ///< east of UTC, when not local
};

/// "local", "Z", "UTC", "+HH:MM", "-HHMM" -> `zone`; false for anything else.
bool parse_zone(std::string_view text, EventZone& zone);

/// The event's time in RFC 3339 with an offset, appended to `out`: an ISO-8601 time from the log keeps
/// its date, clock, fraction and zone (the zone written as +HH:MM); one without a zone, and a syslog
/// time (no year either: the event's clock decides it, as for --since), get `zone`'s offset. Nothing
/// is appended when the line has no timestamp.
void append_rfc3339(std::string& out, const Event& e, const EventZone& zone);

/// Writes events as NDJSON to a stdio stream through a large buffer.
class EventWriter {
public:
    EventWriter(std::FILE* out, EventZone zone);
    ~EventWriter();
    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;

    void write(const Event& e);
    /// Hand the buffered lines to the stream; false when it (or any earlier write) failed, errno set.
    bool flush();

private:
    std::FILE* m_out;
    EventZone m_zone;
    std::string m_buf;
    std::string m_last_stamp, m_last_time;   // consecutive lines mostly share their second
    int m_last_year = -1;
    bool m_failed = false;
};

} // namespace smtpx::stats
