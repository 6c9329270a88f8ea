#pragma once
// Feeds log lines into a Summary: one cheap scan per line, one classification per distinct reply text.
#include "classify/classifier.hpp"
#include "parse/log_scan.hpp"
#include "stats/summary.hpp"
#include "stats/verdicts.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace smtpx::stats {

struct CollectorOptions {
    std::string since, until;   ///< canonical "YYYY-MM-DD HH:MM:SS" bounds, empty for none
    int year = 0;               ///< year for syslog timestamps, which carry none (0: the current year)
    int year_month = 12;        ///< month of `year` the log ends in: later months belong to the year before
};

/// "YYYY-MM-DD HH:MM:SS" from a syslog ("Nov  1 00:00:01"), RFC 3339 or Exim timestamp, written into
/// `out`; false when `stamp` is none of those. Fractions of seconds and zone offsets are dropped: the
/// log's own local time is compared.
bool canonical_time(std::string_view stamp, const CollectorOptions& opt, std::string& out);

/// Turn a user's --since / --until ("2026-11-29", "2026-11-29 10:00", "2026-11-29T10:00:05") into the
/// canonical form; false when it is not a date.
bool canonical_bound(std::string_view text, std::string& out);

/// One delivery attempt (or inbound rejection) as `stats --events` writes it: the line's own fields
/// (views into it, valid during the callback) and its group's normalised text and verdict.
struct Event {
    std::string_view timestamp, host, mta, queue_id, recipient, relay, status, dsn;
    std::string_view text;            ///< normalised, as the summary groups it
    std::uint64_t group = 0;          ///< group_id(text)
    bool inbound = false;             ///< a rejection of incoming mail
    const Verdict* verdict = nullptr; ///< the one the summary counts this line under
    int year = 0, year_month = 12;    ///< the clock syslog timestamps are read with (see CollectorOptions)
};
using EventFn = std::function<void(const Event&)>;

/// A stable id of a normalised text: FNV-1a 64, the same on every host and run.
std::uint64_t group_id(std::string_view normalised) noexcept;

class Collector {
public:
    Collector(const classify::Classifier& classifier, CollectorOptions options);
    ~Collector();
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

    /// The year and month a file's syslog timestamps (which carry no year) end in: from its mtime.
    void set_clock(int year, int month);
    /// Hand every counted attempt and rejection to `fn` as well, in log order, once its verdict is
    /// known (after each block). Hand-offs to a local content filter are not attempts: not passed.
    void on_event(EventFn fn);
    /// One log line, without its terminator.
    void line(std::string_view line);
    /// Whole lines, as read_blocks() hands them out; large blocks are scanned on two cores.
    void block(std::string_view block);
    /// The summary of every line so far; call once, at the end.
    Summary finish();

private:
    struct Shard;
    struct State;
    std::unique_ptr<State> m;
};

} // namespace smtpx::stats
