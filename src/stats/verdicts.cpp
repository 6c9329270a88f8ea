// One worker thread and a queue. A group's wording is classified once with its relay's name masked;
// the relay's provider (from the relay-host signatures) fills in when the wording names none, and
// only a relay of a provider with its own code meanings has the line classified as it is. The classifier is used by one thread at a time: the worker while
// jobs are queued, the caller of get() once the queue is empty (RE2's lazily built DFA serialises
// concurrent matches anyway, so a second classifying thread gains nothing).
#include "stats/verdicts.hpp"

#include "classify/decide.hpp"
#include "parse/log_scan.hpp"

namespace smtpx::stats {

namespace {

/// `line` with every occurrence of `host` replaced, so that the wording is judged on its own.
std::string without_host(std::string_view line, std::string_view host) {
    if (host.size() < 4) return std::string(line);
    std::string out;
    for (std::size_t from = 0;;) {
        const std::size_t at = line.find(host, from);
        out += line.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from);
        if (at == std::string_view::npos) return out;
        out += "mx.invalid";   // a name no wording rule reads ("relay.invalid" read as a refusal to relay)
        from = at + host.size();
    }
}

Verdict slim(const Explanation& e) {
    Verdict v;
    v.reason = e.reason.value_or(Reason::undefined);
    v.provider = e.provider.value_or("");
    if (e.code) v.code = std::to_string(*e.code);
    v.enhanced = e.enhanced.value_or("");
    v.summary = !e.summary.empty() ? e.summary : e.title;
    v.fix = e.fix;
    v.retryable = e.retryable;
    return v;
}

} // namespace

Verdicts::Verdicts(const classify::Classifier& classifier) : m_classifier(classifier) {
    for (const auto* e : classifier.kb().enhanced())
        if (e->status == "vendor" && !e->provider.empty()) m_vendors.emplace(e->provider);
    m_thread = std::thread([this] { run(); });
}

Verdicts::~Verdicts() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Verdicts::submit(std::string wording, std::string relay, std::string sample) {
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back({std::move(wording), std::move(relay), std::move(sample)});
    }
    m_wake.notify_one();
}

void Verdicts::run() {
    (void)m_classifier.matcher();
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_busy = !m_jobs.empty();
        if (!m_busy) m_idle.notify_all();
        m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
        if (m_stop) return;
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_busy = true;
        (void)decide(job.wording, job.relay, job.sample, lock);
    }
}

const Verdict& Verdicts::decide(const std::string& wording, const std::string& relay, const std::string& sample,
                                std::unique_lock<std::mutex>& lock) {
    const std::string k = key(wording, relay);
    if (auto it = m_verdicts.find(k); it != m_verdicts.end()) return it->second;
    // The wording is judged once with the relay's name masked; classification runs outside the lock
    // so that submit() never waits for it.
    auto w = m_wordings.find(wording);
    if (w == m_wordings.end()) {
        lock.unlock();
        Verdict masked = slim(m_classifier.explain(without_host(sample, relay)));
        lock.lock();
        w = m_wordings.emplace(wording, std::move(masked)).first;
    }
    Verdict v = w->second;
    const std::optional<std::string> owner = relay_provider(relay);
    if (v.provider.empty() && owner && m_vendors.count(*owner)) {
        // A provider with its own meanings of codes (Microsoft's 5.4.1): judge the line as it is.
        lock.unlock();
        v = slim(m_classifier.explain(sample));
        lock.lock();
    }
    if (v.provider.empty() && owner) v.provider = *owner;
    return m_verdicts.emplace(k, std::move(v)).first->second;
}

std::optional<std::string> Verdicts::relay_provider(const std::string& host) {
    const std::string domain(parse::relay_domain(host));
    if (domain.empty()) return std::nullopt;
    auto it = m_relays.find(domain);
    if (it == m_relays.end()) {
        // The classifier's own answer for a relay's owner (the relay-host rules), not a second one.
        const std::optional<std::string_view> found = classify::host_provider(m_classifier.matcher(), host);
        it = m_relays.emplace(domain, found ? std::optional<std::string>(*found) : std::nullopt).first;
    }
    return it->second;
}

std::string Verdicts::key(const std::string& wording, const std::string& relay) {
    return wording + '\x1f' + relay_provider(relay).value_or("");
}

const Verdict& Verdicts::get(const std::string& wording, const std::string& relay, const std::string& sample) {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
    return decide(wording, relay, sample, lock);
}

} // namespace smtpx::stats
