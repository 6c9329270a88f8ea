// Replies per second through each stage: the parser, the classifier (parse + rules + decisions), and
// the stats path (line scan, normalisation).
#include "classify/classifier.hpp"
#include "parse/input.hpp"
#include "classify/normalize.hpp"
#include "parse/log_scan.hpp"

#include <benchmark/benchmark.h>
#include <string>
#include <vector>

namespace {

const std::vector<std::string>& replies() {
    static const std::vector<std::string> r = {
        "550 5.1.1 <user@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
        "421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating 421-4.7.28 from your IP "
        "address. 421 4.7.28 To protect our users from spam, mail sent from your IP address has been temporarily rate limited.",
        "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit "
        "https://sender.office.com/ and follow the directions.",
        "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints",
        "Nov 29 00:00:01 mx1 postfix/smtp[1201]: 4B1C2D3E4F: to=<nobody@gmail.com>, relay=gmail-smtp-in.l.google.com"
        "[142.250.102.27]:25, delay=1.5, delays=0.1/0/0.4/1, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com"
        "[142.250.102.27] said: 550 5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))",
        "450 4.2.0 <dave@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html",
        "554 5.7.1 Service unavailable; Client host [192.0.2.41] blocked using zen.spamhaus.org",
        "552 5.2.2 <user@example.com>: user is over quota",
    };
    return r;
}

void BM_ParseInput(benchmark::State& state) {
    const auto& r = replies();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(smtpx::parse::parse_input(r[i++ % r.size()]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseInput);

void BM_Classify(benchmark::State& state) {
    smtpx::kb::KnowledgeBase base;
    smtpx::classify::Classifier c(base, {});
    (void)c.matcher();   // compiled once per process; measure the steady state
    const auto& r = replies();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(c.explain(r[i++ % r.size()]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Classify);

void BM_MatcherCompile(benchmark::State& state) {
    smtpx::kb::KnowledgeBase base;
    for (auto _ : state) {
        smtpx::classify::Classifier c(base, {});
        benchmark::DoNotOptimize(&c.matcher());
    }
}
BENCHMARK(BM_MatcherCompile)->Unit(benchmark::kMillisecond);

void BM_StatsScanLine(benchmark::State& state) {
    const std::string line = replies()[4];
    for (auto _ : state) benchmark::DoNotOptimize(smtpx::parse::scan_log_line(line));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_StatsScanLine);

void BM_StatsNormalise(benchmark::State& state) {
    const auto& r = replies();
    std::string out;
    std::size_t i = 0;
    for (auto _ : state) {
        smtpx::classify::normalise(r[i++ % r.size()], out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_StatsNormalise);

} // namespace

BENCHMARK_MAIN();
