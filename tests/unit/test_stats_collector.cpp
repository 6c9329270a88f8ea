// stats::Collector: counts over the checked-in sample logs, the final outcome per recipient, and
// that classifying one line per group gives what classifying every line would.
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "stats/collector.hpp"
#include "stats/line_source.hpp"
#include "parse/log_scan.hpp"

#include <gtest/gtest.h>

namespace {

using smtpx::stats::Collector;
using smtpx::stats::Summary;

Summary collect(const std::string& file, bool by_block) {
    const auto& c = smtpx::fixture::classifier();
    Collector col(c, {});
    col.set_clock(2026, 11);
    std::string path = std::string(SMTPX_SOURCE_DIR) + "/tests/stats/" + file;
    if (by_block) smtpx::stats::read_blocks(path, [&](std::string_view b) { col.block(b); });
    else smtpx::stats::read_lines(path, [&](std::string_view l) { col.line(l); });
    return col.finish();
}

std::uint64_t get(const smtpx::stats::Counts& c, const std::string& k) {
    auto it = c.find(k);
    return it == c.end() ? 0 : it->second;
}

} // namespace

TEST(StatsCollector, PostfixSampleCountsAttemptsOutcomesAndRejections) {
    Summary s = collect("postfix.maillog", false);
    EXPECT_EQ(s.lines, 26u);
    EXPECT_EQ(s.deliveries, 9u);
    EXPECT_EQ(s.handoffs, 1u);
    EXPECT_EQ(s.rejects, 2u);
    EXPECT_EQ(get(s.attempts.statuses, "sent"), 3u);
    EXPECT_EQ(get(s.attempts.statuses, "deferred"), 4u);
    EXPECT_EQ(get(s.attempts.statuses, "bounced"), 2u);
    // bob@yahoo.com was deferred twice, then sent: one final outcome, "sent".
    EXPECT_EQ(get(s.final, "sent"), 3u);
    EXPECT_EQ(get(s.final, "bounced"), 2u);
    EXPECT_EQ(get(s.final, "deferred"), 1u);
    EXPECT_EQ(get(s.attempts.reasons, "userunknown"), 1u);
    EXPECT_EQ(get(s.attempts.reasons, "blocked"), 3u);
    EXPECT_EQ(get(s.attempts.reasons, "networkerror"), 1u);
    EXPECT_EQ(get(s.attempts.reasons, "speeding"), 1u);
    EXPECT_EQ(get(s.attempts.providers, "gmail"), 2u);
    EXPECT_GE(get(s.attempts.providers, "yahoo"), 2u);
    EXPECT_EQ(get(s.attempts.providers, "microsoft"), 1u);
    EXPECT_EQ(get(s.domains, "yahoo.com"), 3u);
    EXPECT_EQ(get(s.domains, "gmail.com"), 2u);
    EXPECT_EQ(get(s.attempts.enhanced, "4.7.0"), 2u);
    EXPECT_EQ(get(s.rejected.reasons, "norelaying"), 1u);
    EXPECT_EQ(get(s.rejected.reasons, "blocked"), 1u);
    EXPECT_EQ(s.first, "2026-11-28 23:59:57");
    EXPECT_EQ(s.last, "2026-11-29 01:01:03");
    ASSERT_FALSE(s.attempts.top.empty());
    EXPECT_EQ(s.attempts.top.front().count, 2u);   // the Yahoo TSS04 deferral, twice
    EXPECT_EQ(s.attempts.top.front().reason, "blocked");
}

TEST(StatsCollector, BlocksOnTwoThreadsGiveTheSameSummaryAsLineByLine) {
    for (const char* f : {"postfix.maillog", "exim.maillog", "sendmail.maillog"}) {
        Summary a = collect(f, false), b = collect(f, true);
        EXPECT_EQ(a.lines, b.lines) << f;
        EXPECT_EQ(a.attempts.reasons, b.attempts.reasons) << f;
        EXPECT_EQ(a.attempts.statuses, b.attempts.statuses) << f;
        EXPECT_EQ(a.final, b.final) << f;
        EXPECT_EQ(a.domains, b.domains) << f;
    }
}

TEST(StatsCollector, EximAndSendmailSamples) {
    Summary e = collect("exim.maillog", false);
    EXPECT_EQ(e.deliveries, 4u);
    EXPECT_EQ(get(e.attempts.statuses, "sent"), 2u);
    EXPECT_EQ(get(e.attempts.statuses, "bounced"), 1u);
    EXPECT_EQ(get(e.attempts.statuses, "deferred"), 1u);
    EXPECT_EQ(get(e.final, "sent"), 2u);
    EXPECT_EQ(get(e.final, "bounced"), 1u);
    EXPECT_EQ(e.rejects, 1u);
    EXPECT_EQ(get(e.attempts.reasons, "userunknown"), 1u);
    Summary m = collect("sendmail.maillog", false);
    EXPECT_EQ(m.deliveries, 3u);
    EXPECT_EQ(get(m.attempts.statuses, "bounced"), 1u);
    EXPECT_EQ(get(m.attempts.statuses, "deferred"), 1u);
    EXPECT_EQ(m.rejects, 1u);
    EXPECT_EQ(get(m.rejected.reasons, "norelaying"), 1u);
}

TEST(StatsCollector, GroupedClassificationAgreesWithClassifyingEveryLine) {
    // The collector classifies one sample line per group; every line of the group must get the
    // same reason and provider when classified on its own, or the grouping key is too coarse.
    const auto& c = smtpx::fixture::classifier();
    for (const char* f : {"postfix.maillog", "exim.maillog", "sendmail.maillog"}) {
        std::map<std::string, std::pair<std::string, std::string>> seen;
        std::string norm;
        smtpx::stats::read_lines(std::string(SMTPX_SOURCE_DIR) + "/tests/stats/" + f, [&](std::string_view line) {
            auto ev = smtpx::parse::scan_log_line(line);
            if (ev.kind != smtpx::parse::EventKind::Delivery && ev.kind != smtpx::parse::EventKind::Reject) return;
            auto e = c.explain(line);
            std::string key = std::string(ev.status) + "|" + std::string(ev.dsn) + "|" + std::string(ev.text);
            auto [it, fresh] = seen.try_emplace(key, smtpx::name(e.reason), e.provider.value_or(""));
            if (!fresh) {
                EXPECT_EQ(it->second.first, smtpx::name(e.reason)) << line;
            }
            EXPECT_NE(e.reason, smtpx::Reason::undefined) << line;
        });
        EXPECT_FALSE(seen.empty()) << f;
    }
}

TEST(StatsCollector, SinceAndUntilKeepOnlyTheirWindow) {
    const auto& c = smtpx::fixture::classifier();
    smtpx::stats::CollectorOptions opt;
    ASSERT_TRUE(smtpx::stats::canonical_bound("2026-11-29 10:01", opt.since));
    ASSERT_TRUE(smtpx::stats::canonical_bound("2026-11-29T10:16:01", opt.until));
    Collector col(c, opt);
    smtpx::stats::read_lines(std::string(SMTPX_SOURCE_DIR) + "/tests/stats/exim.maillog", [&](std::string_view l) { col.line(l); });
    Summary s = col.finish();
    EXPECT_EQ(s.deliveries, 1u);   // only the 10:01:01 deferral
    EXPECT_EQ(get(s.attempts.statuses, "deferred"), 1u);
    EXPECT_EQ(s.out_of_range, 6u);   // the other delivery, removal and rejection lines
}

TEST(StatsCollector, CanonicalTimesAndBounds) {
    smtpx::stats::CollectorOptions opt;
    opt.year = 2026;
    opt.year_month = 1;
    std::string out;
    ASSERT_TRUE(smtpx::stats::canonical_time("Dec 31 23:59:59", opt, out));
    EXPECT_EQ(out, "2025-12-31 23:59:59");   // a December line in a log that ends in January
    ASSERT_TRUE(smtpx::stats::canonical_time("Jan  2 00:00:01", opt, out));
    EXPECT_EQ(out, "2026-01-02 00:00:01");
    ASSERT_TRUE(smtpx::stats::canonical_time("2026-11-29T10:00:01.5+01:00", opt, out));
    EXPECT_EQ(out, "2026-11-29 10:00:01");
    for (const char* bad : {"", "yesterday", "2026-13-01", "2026-11-29 25:00", "2026-11-29x", "2026-11-29 10:00:00:00"})
        EXPECT_FALSE(smtpx::stats::canonical_bound(bad, out)) << bad;
}
