// One worker thread and a queue. The classifier is used by one thread at a time: the worker while
// jobs are queued, the caller of get() once the queue is empty (RE2's lazily built DFA serialises
// concurrent matches anyway, so a second classifying thread gains nothing).
#include "stats/verdicts.hpp"

namespace smtpx::stats {

namespace {

/// "mx1.eu.example.com" -> "example.com": relays in one domain belong to one provider.
std::string_view domain_of_host(std::string_view host) {
    const std::size_t last = host.rfind('.');
    if (last == std::string_view::npos || last == 0) return host;
    const std::size_t prev = host.rfind('.', last - 1);
    return prev == std::string_view::npos ? host : host.substr(prev + 1);
}

Verdict slim(const Explanation& e) {
    Verdict v;
    v.reason = e.reason;
    v.provider = e.provider.value_or("");
    if (e.code) v.code = std::to_string(*e.code);
    v.enhanced = e.enhanced.value_or("");
    v.summary = !e.summary.empty() ? e.summary : e.title;
    v.fix = e.fix;
    v.retryable = e.retryable;
    return v;
}

} // namespace

Verdicts::Verdicts(const classify::Classifier& classifier) : m_classifier(classifier), m_thread([this] { run(); }) {}

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
        const std::string k = key(job.wording, job.relay);
        if (m_verdicts.count(k)) continue;
        lock.unlock();   // classify outside the lock so that submit() never waits for it
        Verdict v = slim(m_classifier.explain(job.sample));
        lock.lock();
        if (v.provider.empty()) v.provider = relay_provider(job.relay).value_or("");
        m_verdicts.emplace(k, std::move(v));
    }
}

std::optional<std::string> Verdicts::relay_provider(const std::string& host) {
    if (host.empty() || (host.back() >= '0' && host.back() <= '9') || host.find(':') != std::string::npos) return std::nullopt;
    const std::string domain(domain_of_host(host));
    auto it = m_relays.find(domain);
    if (it == m_relays.end()) {
        std::optional<std::string> found;
        // The relay-host signatures in the knowledge base read log fields; show them one.
        for (const auto* rule : m_classifier.matcher().match("relay=" + host + "[192.0.2.1]:25"))
            if (!rule->provider.empty()) {
                found = std::string(rule->provider);
                break;
            }
        it = m_relays.emplace(domain, found).first;
    }
    return it->second;
}

std::string Verdicts::key(const std::string& wording, const std::string& relay) {
    return wording + '\x1f' + relay_provider(relay).value_or("");
}

const Verdict& Verdicts::get(const std::string& wording, const std::string& relay, const std::string& sample) {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
    const std::string k = key(wording, relay);
    auto it = m_verdicts.find(k);
    if (it == m_verdicts.end()) {
        Verdict v = slim(m_classifier.explain(sample));
        if (v.provider.empty()) v.provider = relay_provider(relay).value_or("");
        it = m_verdicts.emplace(k, std::move(v)).first;
    }
    return it->second;
}

void Verdicts::clear() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
    m_verdicts.clear();
}

} // namespace smtpx::stats
