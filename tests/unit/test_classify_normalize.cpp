// classify::normalise groups the same message from different lines: variable parts become placeholders.
#include "classify/normalize.hpp"

#include <gtest/gtest.h>

namespace {
std::string norm(std::string_view s) {
    std::string out;
    smtpx::classify::normalise(s, out);
    return out;
}
} // namespace

TEST(StatsNormalise, AddressesIpsAndNumbersBecomePlaceholders) {
    EXPECT_EQ(norm("450 4.2.0 <dave@example.com>: Recipient address rejected: Greylisted"),
              "450 4.2.0 <addr>: Recipient address rejected: Greylisted");
    EXPECT_EQ(norm("connect to mx.example.net[198.51.100.7]:25: Connection timed out"),
              "connect to mx.example.net[<ip>]:<n>: Connection timed out");
    EXPECT_EQ(norm("421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred - 4.16.55.1"),
              "421 4.7.0 [TSS04] Messages from <ip> temporarily deferred - <ip>");
}

TEST(StatsNormalise, TheSameReplyToDifferentRecipientsAndHostsGroupsTogether) {
    EXPECT_EQ(norm("550 5.1.1 <a@x.org>: User unknown [AM0PR04MB1234.eurprd04.prod.outlook.com]"),
              norm("550 5.1.1 <bb@y.net>: User unknown [DB9PR10MB5678.eurprd10.prod.outlook.com]"));
    EXPECT_EQ(norm("250 2.0.0 OK  1732838399 a1b2c3d4e5f6si1234567qtb.123 - gsmtp"),
              norm("250 2.0.0 OK  1732838400 z9y8x7w6v5si7654321qtb.999 - gsmtp"));
    EXPECT_EQ(norm("see https://support.google.com/mail/?p=NoSuchUser x"), "see https://support.google.com/mail/?<q> x");
}

TEST(StatsNormalise, CodesAndShortProviderTokensStay) {
    EXPECT_EQ(norm("550-5.1.1 The email account 550 5.1.1 x"), "550-5.1.1 The email account 550 5.1.1 x");
    EXPECT_EQ(norm("block list (S3150) DY-001 TSS04"), "block list (S3150) DY-001 TSS04");
    EXPECT_EQ(norm("zen.spamhaus.org"), "zen.spamhaus.org");
}

TEST(StatsNormalise, OutputIsBoundedAndWhitespaceCollapsed) {
    EXPECT_EQ(norm("  a \t  b\r\n c  "), "a b c");
    std::string big(100000, 'x');
    EXPECT_LE(norm(big).size(), smtpx::classify::kMaxNormalisedBytes + 8);
    std::string words;
    for (int i = 0; i < 10000; ++i) words += "word ";
    EXPECT_LE(norm(words).size(), smtpx::classify::kMaxNormalisedBytes + 8);
}

TEST(StatsNormalise, TimestampsInRepliesBecomeOnePlaceholder) {
    // The same reply at two moments is one wording; each form folds whole, zone included.
    EXPECT_EQ(norm("451 4.7.1 Try again after 2024-05-01T10:00:00.000Z please"), "451 4.7.1 Try again after <time> please");
    EXPECT_EQ(norm("451 4.7.1 Try again after 2025-12-31T23:59:59+01:00 please"), "451 4.7.1 Try again after <time> please");
    EXPECT_EQ(norm("421 4.3.2 Service shutting down at Tue, 01 May 2024 10:00:00 +0000."),
              "421 4.3.2 Service shutting down at <time>.");
    EXPECT_EQ(norm("421 4.3.2 Service shutting down at Wed, 2 Oct 2024 07:05:09 GMT."),
              norm("421 4.3.2 Service shutting down at Tue, 01 May 2024 10:00:00 +0000."));
    EXPECT_EQ(norm("450 greylisted until [2024-05-01 10:00:00 +0200]"), "450 greylisted until [<time>]");
    EXPECT_EQ(norm("450 greylisted, retry after 10:05:00"), "450 greylisted, retry after <time>");
    EXPECT_EQ(norm("2024-05-01T10:00:00Z"), norm("2026-11-29T08:15:42.123456Z"));
    // Codes, plain numbers and dates without a clock keep their own placeholders.
    EXPECT_EQ(norm("550 5.7.1 on 2024-05-01 by 12:30"), "550 5.7.1 on <n> by <n>");
    EXPECT_EQ(norm("Tue, 01 May"), "Tue, <n> May");
    EXPECT_EQ(norm("id 10:00:00abc").find("<time>"), std::string::npos);
}

namespace {
struct Keyed {
    std::string key;
    std::vector<smtpx::classify::KeySpan> spans;
};
Keyed key(std::string_view s, const smtpx::classify::DigitLiterals& literals = {}) {
    Keyed k;
    EXPECT_TRUE(smtpx::classify::cache_key(s, k.key, literals, 4096, &k.spans));
    // key_spans() (the answer cache's) finds the same parts without writing the key.
    std::vector<smtpx::classify::KeySpan> alone;
    EXPECT_TRUE(smtpx::classify::key_spans(s, literals, 4096, alone));
    EXPECT_EQ(alone.size(), k.spans.size());
    for (std::size_t i = 0; i < alone.size() && i < k.spans.size(); ++i) {
        EXPECT_EQ(alone[i].at, k.spans[i].at);
        EXPECT_EQ(alone[i].len, k.spans[i].len);
        EXPECT_EQ(alone[i].kind, k.spans[i].kind);
    }
    return k;
}
std::string parts(const Keyed& k, std::string_view s) {
    std::string out;
    for (const auto& sp : k.spans) out += std::string(1, sp.kind) + "=" + std::string(s.substr(sp.at, sp.len)) + " ";
    return out;
}
} // namespace

TEST(CacheKey, KeepsDomainsHostsAndSpacingAndSaysWhereEachPartWas) {
    const std::string line = "to=<user85320@example.net>, relay=mx1.example.net[192.0.2.102]:25, delay=2.91,  dsn=5.3.4";
    const Keyed k = key(line);
    EXPECT_EQ(k.key, "to=<addr>@example.net, relay=mx1.example.net[<ip>]:<n>, delay=<n>,  dsn=5.3.4");
    EXPECT_EQ(parts(k, line), "a=user85320 p=192.0.2.102 n=25 n=2.91 ");
    // A placeholder takes the place of the brackets around what it replaces; a query string goes.
    const std::string more = "from <192.0.2.1> id AB12CD34EF see https://x.example/?NoSuchUser7 at 10:00:01 \xc3\xa9 5.1.1";
    const Keyed m = key(more);
    EXPECT_EQ(m.key, "from <ip> id <id> see https://x.example/?<q> at <n> \xc3\xa9 5.1.1");
    EXPECT_EQ(parts(m, more), "p=192.0.2.1 d=AB12CD34EF q=NoSuchUser7 n=10:00:01 ");
}

TEST(CacheKey, KeepsTheDigitsARuleSpellsOut) {
    smtpx::classify::DigitLiterals literals;
    for (std::string_view d : {"50", "554", "1369", "12345"}) literals.add(d);
    EXPECT_TRUE(literals.contains("50") && literals.contains("554") && literals.contains("1369") && literals.contains("12345"));
    EXPECT_FALSE(literals.contains("51") || literals.contains("050") || literals.contains("1368") || literals.contains("123456"));
    EXPECT_EQ(key("exceeded 50 hops, 51 hops", literals).key, "exceeded 50 hops, <n> hops");
    EXPECT_EQ(key("see DOC-1369 and 1.1369.2", literals).key, "see DOC-1369 and 1.1369.2");
    EXPECT_EQ(key("ref 12345 not 12346", literals).key, "ref 12345 not <n>");
    // A queue id holding a literal's digits does not name it; the whole of a number does.
    EXPECT_FALSE(smtpx::classify::names_digit_literal("554EF2A1", literals, true));
    EXPECT_TRUE(smtpx::classify::names_digit_literal("554", literals, true));
    EXPECT_TRUE(smtpx::classify::names_digit_literal("x.554.1", literals));
    EXPECT_FALSE(smtpx::classify::names_digit_literal("1.50.2", literals));
}
