#pragma once
// Classifies the sample line of each group on a background thread while the log is still being
// scanned: the wording matcher's compilation and its first matches cost more than scanning many
// megabytes, so they overlap with the scan instead of following it.
#include "classify/classifier.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace smtpx::stats {

/// What statistics keep of an Explanation.
struct Verdict {
    Reason reason = Reason::undefined;
    std::string provider, code, enhanced, summary, fix;
    bool retryable = false;
};

class Verdicts {
public:
    /// Starts the worker, which first compiles the classifier's matcher.
    explicit Verdicts(const classify::Classifier& classifier);
    ~Verdicts();
    Verdicts(const Verdicts&) = delete;
    Verdicts& operator=(const Verdicts&) = delete;

    /// Queue `sample` for classification as an example of `wording` (a group's text without its relay)
    /// seen through `relay`.
    void submit(std::string wording, std::string relay, std::string sample);

    /// The verdict for `wording` through `relay`; waits for the queue to drain and classifies
    /// `sample` now when it was never submitted.
    const Verdict& get(const std::string& wording, const std::string& relay, const std::string& sample);

private:
    void run();
    const Verdict& decide(const std::string& wording, const std::string& relay, const std::string& sample,
                          std::unique_lock<std::mutex>& lock);
    std::string key(const std::string& wording, const std::string& relay);   // needs m_mutex
    std::optional<std::string> relay_provider(const std::string& host);      // needs m_mutex

    struct Job {
        std::string wording, relay, sample;
    };
    const classify::Classifier& m_classifier;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = true, m_stop = false;   // busy until the matcher is compiled
    std::unordered_map<std::string, Verdict> m_verdicts;   // per wording and relay provider
    std::unordered_map<std::string, Verdict> m_wordings;   // per wording, relay masked
    std::unordered_set<std::string_view> m_vendors;         // providers with vendor enhanced codes
    std::unordered_map<std::string, std::optional<std::string>> m_relays;
    std::thread m_thread;
};

} // namespace smtpx::stats
