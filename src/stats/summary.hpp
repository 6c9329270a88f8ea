#pragma once
// The result of `smtpx stats`: counts over a whole log, mergeable across hosts.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace smtpx::stats {

/// name -> count, sorted by name so that output is deterministic.
using Counts = std::map<std::string, std::uint64_t, std::less<>>;

/// One normalised reply text and how often it was seen, with what smtpx says about it.
struct TopEntry {
    std::string text;          ///< normalised reply text (or the MTA's own words when there was no reply)
    std::string status;        ///< bounced, deferred, reject, ...
    std::string reason, code, enhanced, provider;
    bool retryable = false;
    std::string summary, fix;  ///< the explanation, in the run's language
    std::uint64_t count = 0;
};

/// Breakdowns of one kind of event (delivery attempts, or inbound rejections).
struct Breakdown {
    Counts statuses, reasons, codes, enhanced, providers;
    std::vector<TopEntry> top;   ///< most frequent failure texts, largest first (bounded)
    std::uint64_t top_other = 0; ///< failures whose text fell out of `top`
};

struct Summary {
    std::uint64_t lines = 0;          ///< lines read
    std::uint64_t out_of_range = 0;   ///< lines skipped by --since / --until
    std::uint64_t deliveries = 0;     ///< delivery attempts to the world (hand-offs excluded)
    std::uint64_t handoffs = 0;       ///< hand-offs to a local content filter
    std::uint64_t rejects = 0;        ///< inbound rejections
    std::string first, last;          ///< earliest and latest timestamp, as written in the log
    Counts final;                     ///< last outcome per queue id and recipient
    bool final_capped = false;        ///< the outcome table was full and flushed early: `final` is approximate
    Breakdown attempts;               ///< delivery attempts
    Counts domains;                   ///< recipient domains of delivery attempts (the largest, bounded)
    std::uint64_t domains_other = 0;  ///< attempts whose domain fell out of `domains`
    Breakdown rejected;               ///< inbound rejections
    std::vector<std::string> sources; ///< files read (or summaries merged)
};

/// How many entries `domains` and each `top` keep (plus an "other" count).
inline constexpr std::size_t kKeepDomains = 1000;
inline constexpr std::size_t kKeepTop = 1000;

/// Add `b` into `a`: exact for every count except `domains` and `top`, whose cut-off tails are lost.
void merge_into(Summary& a, const Summary& b);

/// Keep the `keep` largest entries of `counts`, adding the rest to `other`.
void keep_largest(Counts& counts, std::size_t keep, std::uint64_t& other);
void keep_largest(std::vector<TopEntry>& top, std::size_t keep, std::uint64_t& other);

} // namespace smtpx::stats
