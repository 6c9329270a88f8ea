// stats::Verdicts: a group's wording is judged once with its relay masked, the relay's owner fills in
// the provider the wording does not name, and a relay of a provider with its own code meanings has
// the line judged as it is. Every verdict is the classifier's own answer, never a second decision.
#include "kb_fixture.hpp"
#include "stats/verdicts.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {
using namespace smtpx;

const std::string k_full = "Mar  3 09:14:22 mail postfix/smtp[21877]: 7C1F83E0B2: to=<kim@example.net>, relay=";
std::string line(const std::string& relay, const std::string& reply) {
    return k_full + relay + "[192.0.2.7]:25, delay=0.8, delays=0/0/0.3/0.5, dsn=5.0.0, status=bounced (host " + relay +
           "[192.0.2.7] said: " + reply + " (in reply to RCPT TO command))";
}
} // namespace

TEST(StatsVerdicts, TheRelaysOwnerNamesTheProviderTheWordingDoesNot) {
    stats::Verdicts v(fixture::classifier());
    const std::string reply = "550 5.1.1 <kim@example.net>: Recipient address rejected: User unknown";
    const auto& yahoo = v.get("w-unknown", "mta7.am0.yahoodns.net", line("mta7.am0.yahoodns.net", reply));
    EXPECT_EQ(yahoo.reason, Reason::userunknown);
    EXPECT_EQ(yahoo.provider, "yahoo");
    const auto& plain = v.get("w-unknown", "mx.example.net", line("mx.example.net", reply));
    EXPECT_EQ(plain.reason, Reason::userunknown);
    EXPECT_EQ(plain.provider, "");
}

TEST(StatsVerdicts, AVerdictIsTheClassifiersAnswerForTheSample) {
    stats::Verdicts v(fixture::classifier());
    const std::string sample = line("mx.example.net", "452 4.2.2 Mailbox full");
    v.submit("w-full", "mx.example.net", sample);
    const auto& got = v.get("w-full", "mx.example.net", sample);
    const Explanation e = fixture::classifier().explain(sample);
    EXPECT_EQ(got.reason, e.reason.value_or(Reason::undefined));
    EXPECT_EQ(got.code, "452");
    EXPECT_EQ(got.retryable, e.retryable);
    EXPECT_FALSE(got.summary.empty());
}

TEST(StatsVerdicts, AVendorRelayHasTheLineJudgedWithItsOwnCodeMeanings) {
    stats::Verdicts v(fixture::classifier());
    // Microsoft's 5.4.1 is its own (directory-based edge blocking): through its relay the line is
    // judged as it is, so the vendor meaning can apply; through any other relay no provider is named.
    const std::string reply = "550 5.4.1 rejected";
    const std::string ms = "contoso-com.mail.protection.outlook.com";
    const auto& microsoft = v.get("w-541", ms, line(ms, reply));
    EXPECT_EQ(microsoft.provider, "microsoft");
    const Explanation direct = fixture::classifier().explain(line(ms, reply));
    EXPECT_EQ(microsoft.reason, direct.reason.value_or(Reason::undefined));
    const auto& other = v.get("w-541", "mx.example.net", line("mx.example.net", reply));
    EXPECT_EQ(other.provider, "");
    const Explanation elsewhere = fixture::classifier().explain(line("mx.example.net", reply));
    EXPECT_EQ(other.reason, elsewhere.reason.value_or(Reason::undefined));
}
