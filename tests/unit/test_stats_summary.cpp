// Summaries merge exactly where they can, keep bounded parts bounded, and round-trip through JSON;
// a broken summary is named by file and JSON pointer.
#include "core/error.hpp"
#include "stats/line_source.hpp"
#include "stats/summary.hpp"
#include "stats/summary_json.hpp"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

using smtpx::stats::Summary;

namespace {
Summary sample(std::uint64_t scale) {
    Summary s;
    s.lines = 100 * scale;
    s.deliveries = 10 * scale;
    s.attempts.statuses = {{"sent", 7 * scale}, {"bounced", 3 * scale}};
    s.attempts.reasons = {{"userunknown", 3 * scale}};
    s.final = {{"sent", 7 * scale}};
    s.domains = {{"example.com", 10 * scale}};
    s.attempts.top.push_back({"550 5.1.1 <addr>: User unknown", "bounced", "userunknown", "550", "5.1.1", "", false, "s", "f", 3 * scale});
    s.first = "2026-11-29 00:00:00";
    s.last = "2026-11-29 10:00:00";
    s.sources = {"a.log"};
    return s;
}
} // namespace

TEST(StatsSummary, MergeAddsCountsAndTopEntriesWithTheSameText) {
    Summary a = sample(1);
    smtpx::stats::merge_into(a, sample(2));
    EXPECT_EQ(a.lines, 300u);
    EXPECT_EQ(a.attempts.statuses.at("sent"), 21u);
    EXPECT_EQ(a.final.at("sent"), 21u);
    ASSERT_EQ(a.attempts.top.size(), 1u);
    EXPECT_EQ(a.attempts.top[0].count, 9u);
    EXPECT_EQ(a.sources.size(), 2u);
}

TEST(StatsSummary, KeepLargestCutsTheTailIntoOther) {
    smtpx::stats::Counts c;
    for (int i = 0; i < 50; ++i) c["d" + std::to_string(i)] = static_cast<std::uint64_t>(i + 1);
    std::uint64_t other = 0;
    smtpx::stats::keep_largest(c, 10, other);
    EXPECT_EQ(c.size(), 10u);
    EXPECT_EQ(c.count("d49"), 1u);
    EXPECT_EQ(c.count("d0"), 0u);
    EXPECT_EQ(other, 40u * 41u / 2u);
}

TEST(StatsSummary, JsonRoundTripPreservesEveryCount) {
    Summary a = sample(3);
    auto j = smtpx::stats::to_json(a);
    Summary b = smtpx::stats::summary_from_json(nlohmann::json::parse(j.dump()), "x.json");
    EXPECT_EQ(b.lines, a.lines);
    EXPECT_EQ(b.attempts.statuses, a.attempts.statuses);
    EXPECT_EQ(b.final, a.final);
    EXPECT_EQ(b.domains, a.domains);
    ASSERT_EQ(b.attempts.top.size(), 1u);
    EXPECT_EQ(b.attempts.top[0].code, "550");
    EXPECT_EQ(b.attempts.top[0].count, 9u);
    EXPECT_EQ(smtpx::stats::to_json(b).dump(), j.dump());
}

TEST(StatsSummary, BrokenSummaryIsNamedByFileAndPointer) {
    auto j = nlohmann::json::parse(smtpx::stats::to_json(sample(1)).dump());
    j["statuses"]["sent"] = "many";
    try {
        (void)smtpx::stats::summary_from_json(j, "host1.json");
        FAIL() << "accepted a string count";
    } catch (const smtpx::Error& e) {
        EXPECT_EQ(std::string(e.what()), "'host1.json': /statuses/sent: must be a count (an integer >= 0)");
        // From the catalog, so the reader's language too.
        EXPECT_EQ(e.text(smtpx::Lang::Zh), "“host1.json”：/statuses/sent：必须是计数（>= 0 的整数）");
    }
    j = nlohmann::json::parse(smtpx::stats::to_json(sample(1)).dump());
    j.erase("rejects");
    EXPECT_THROW((void)smtpx::stats::summary_from_json(j, "h.json"), smtpx::Error);
    EXPECT_THROW((void)smtpx::stats::summary_from_json(nlohmann::json::array(), "h.json"), smtpx::Error);
    EXPECT_THROW((void)smtpx::stats::summary_from_json(nlohmann::json{{"format", 99}}, "h.json"), smtpx::Error);
}

namespace {
// CTest runs each test in its own process, in parallel: every file name carries the process id.
std::string temp_file(const std::string& name, const std::string& bytes) {
    std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}
std::string gzip(const std::string& text) {
    static int n = 0;
    std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "-" + std::to_string(n++) + "-smtpx-test.gz";
    gzFile g = gzopen(path.c_str(), "wb");
    gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
    gzclose(g);
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
std::vector<std::string> lines_of(const std::string& path) {
    std::vector<std::string> out;
    smtpx::stats::read_lines(path, [&](std::string_view l) { out.emplace_back(l); });
    return out;
}
} // namespace

TEST(StatsLineSource, PlainAndGzipFilesGiveTheSameLinesWhateverTheName) {
    std::string text = "one\r\ntwo\n\nthree";
    auto plain = lines_of(temp_file("plain.log", text));
    EXPECT_EQ(plain, (std::vector<std::string>{"one", "two", "", "three"}));
    EXPECT_EQ(lines_of(temp_file("compressed.log", gzip(text))), plain);
    // Two gzip members one after the other, as `cat a.gz b.gz` makes.
    EXPECT_EQ(lines_of(temp_file("two.gz", gzip("a\n") + gzip("b\n"))), (std::vector<std::string>{"a", "b"}));
}

TEST(StatsLineSource, CorruptOrTruncatedGzipAndMissingFilesAreNamed) {
    std::string gz = gzip(std::string(100000, 'x') + "\n");
    for (const auto& [name, bytes] : {std::pair{"truncated.gz", gz.substr(0, gz.size() / 2)},
                                      std::pair{"corrupt.gz", gz.substr(0, 10) + std::string(200, '\xff')}}) {
        std::string path = temp_file(name, bytes);
        try {
            lines_of(path);
            FAIL() << name;
        } catch (const smtpx::Error& e) {
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("gzip"), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(lines_of("/nonexistent/smtpx.log"), smtpx::Error);
    try {
        lines_of(temp_file("truncated-zh.gz", gz.substr(0, gz.size() / 2)));
        FAIL() << "read a truncated gzip file";
    } catch (const smtpx::Error& e) {
        EXPECT_NE(e.text(smtpx::Lang::Zh).find("gzip 数据"), std::string::npos) << e.text(smtpx::Lang::Zh);
    }
}

TEST(StatsLineSource, OverlongLinesAreCutAndTheNextLineSurvives) {
    std::string text = std::string(3 * smtpx::stats::kMaxLineBytes + 5, 'a') + "\nnext\n";
    auto lines = lines_of(temp_file("long.log", text));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].size(), smtpx::stats::kMaxLineBytes);
    EXPECT_EQ(lines[1], "next");
    std::string huge = std::string(9u << 20, 'b') + "\nlast";   // longer than one read block
    lines = lines_of(temp_file("huge.log", huge));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1], "last");
}
