// The knowledge base's vocabulary of causes: plain words decide the reason when nothing more specific
// does, weigh less than a specific enhanced code, and never make code-less text an answer.
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {
bool has_alternative(const smtpx::Explanation& e, const std::string& reason) {
    return std::any_of(e.alternatives.begin(), e.alternatives.end(), [&](const auto& a) { return smtpx::name(a.reason) == reason; });
}
} // namespace

TEST(ClassifyVocabulary, PlainWordsDecideOverTheBasicCode) {
    const auto& c = smtpx::fixture::classifier();
    EXPECT_EQ(c.explain("552 message file too big").reason, smtpx::Reason::mesgtoobig);
    EXPECT_EQ(c.explain("452 Folder full").reason, smtpx::Reason::mailboxfull);
    EXPECT_EQ(c.explain("421 too many requests per time unit").reason, smtpx::Reason::speeding);
}

TEST(ClassifyVocabulary, AnOtherOrUndefinedEnhancedCodeGivesWay) {
    const auto e = smtpx::fixture::classifier().explain("552 5.3.0 message file too big");
    EXPECT_EQ(e.reason, smtpx::Reason::mesgtoobig);
    EXPECT_TRUE(has_alternative(e, "systemerror"));
}

TEST(ClassifyVocabulary, ASpecificEnhancedCodeWinsAndTheWordsBecomeTheOtherReading) {
    const auto e = smtpx::fixture::classifier().explain("550 5.1.1 message file too big");
    EXPECT_EQ(e.reason, smtpx::Reason::userunknown);
    EXPECT_TRUE(has_alternative(e, "mesgtoobig"));
}

TEST(ClassifyVocabulary, WordsAloneWithoutAnyCodeDecideNothing) {
    EXPECT_EQ(smtpx::fixture::classifier().explain("message file too big").reason, smtpx::Reason::undefined);
}

TEST(ClassifyVocabulary, TheStatedCauseOfASenderRejectionDecides) {
    const auto e = smtpx::fixture::classifier().explain("554 5.7.1 <x@example.org>: Sender address rejected: Access "
                                                        "denied, spf check failed");
    EXPECT_EQ(e.reason, smtpx::Reason::authfailure);
    EXPECT_TRUE(has_alternative(e, "rejected"));
}

TEST(ClassifyVocabulary, ADeferralWithoutACodeIsRetried) {
    const auto e = smtpx::fixture::classifier().explain(
        "2024-01-01 10:00:00 1rAbCd-000123-AB == a@example.com R=dnslookup defer (-1): host lookup did not complete");
    EXPECT_TRUE(e.retryable);
}

TEST(ClassifyVocabulary, ALogLinesFieldNamesAreNotWords) {
    // Postfix writes dsn=5.0.0 for a reply without an enhanced code, which leaves the vocabulary in
    // play; its own "relay=" field must not read as a refusal to relay.
    const auto& c = smtpx::fixture::classifier();
    const auto e = c.explain(
        "Mar  3 09:14:22 mail postfix/smtp[21877]: 7C1F83E0B2: to=<kim@example.net>, relay=mx.example.net[192.0.2.7]:25, "
        "delay=0.8, delays=0/0/0.3/0.5, dsn=5.0.0, status=bounced (host mx.example.net[192.0.2.7] said: 550 Rejected "
        "(in reply to RCPT TO command))");
    EXPECT_NE(e.reason, smtpx::Reason::norelaying);
    EXPECT_EQ(c.explain("550 5.0.0 we do not relay for you").reason, smtpx::Reason::norelaying);
    EXPECT_EQ(c.explain("554 5.0.0 Relaying denied").reason, smtpx::Reason::norelaying);
}
