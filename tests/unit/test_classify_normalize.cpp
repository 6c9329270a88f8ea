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
