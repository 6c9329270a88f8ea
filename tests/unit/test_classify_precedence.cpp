// Who decides: an input with several replies is answered about the deciding reply, judged by that
// reply's own wording; the provider is whoever wrote the wording, the relay host's owner only when
// nobody did.
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"

#include <gtest/gtest.h>

TEST(ClassifyPrecedence, EachRecipientOfABounceIsJudgedByItsOwnReply) {
    const auto& c = smtpx::fixture::classifier();
    const char* dsn = "Reporting-MTA: dns; mx.example.org\n\n"
                      "Final-Recipient: rfc822; alice@example.net\nAction: failed\nStatus: 5.1.1\n"
                      "Diagnostic-Code: smtp; 550 5.1.1 <alice@example.net>: Recipient address rejected: User unknown in "
                      "virtual mailbox table\n\n"
                      "Final-Recipient: rfc822; bob@gmail.com\nAction: failed\nStatus: 5.7.26\n"
                      "Diagnostic-Code: smtp; 550-5.7.26 Unauthenticated email from example.org is not accepted due to "
                      "domain's DMARC policy. 550 5.7.26 https://support.google.com/mail/answer/2451690 - gsmtp\n";
    auto e = c.explain(dsn);
    EXPECT_EQ(e.enhanced.value_or(""), "5.1.1");
    EXPECT_EQ(e.reason, smtpx::Reason::userunknown);
    EXPECT_FALSE(e.provider.has_value()) << *e.provider;
    ASSERT_EQ(e.replies.size(), 2u);
    EXPECT_EQ(e.replies[1].reason, smtpx::Reason::authfailure);
    EXPECT_EQ(e.replies[1].provider.value_or(""), "gmail");
}

TEST(ClassifyPrecedence, WordingSignatureBeatsTheRelayHost) {
    const auto& c = smtpx::fixture::classifier();
    const std::string head = "Nov 29 10:00:01 mx postfix/smtp[1]: ABCDEF1234: to=<a@gmail.com>, relay=gmail-smtp-in.l.google.com"
                             "[142.250.1.27]:25, dsn=5.7.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.1.27] said: ";
    // Yahoo's link in the reply names its author, whoever relayed it.
    EXPECT_EQ(c.explain(head + "550 5.7.1 see https://senders.yahooinc.com/error-codes (in reply to RCPT TO command))").provider.value_or(""),
              "yahoo");
    // Plain wording: the relay host is all there is.
    EXPECT_EQ(c.explain(head + "550 5.7.1 Message rejected (in reply to RCPT TO command))").provider.value_or(""), "gmail");
}

TEST(ClassifyPrecedence, MtaOwnWordsAreReadWithTheirRelayField) {
    const auto& c = smtpx::fixture::classifier();
    auto e = c.explain("Nov 29 10:00:01 mail sendmail[2002]: 4ATA00a1002001: to=<a@gmail.com>, delay=00:00:01, mailer=esmtp, "
                       "relay=gmail-smtp-in.l.google.com. [142.250.1.27], dsn=2.0.0, stat=Sent (4XyZ Message accepted for delivery)");
    EXPECT_EQ(e.provider.value_or(""), "gmail");
    EXPECT_EQ(e.delivery_status.value_or(""), "sent");
}

TEST(ClassifyPrecedence, TierComesFromTheFilesDeclarationNotTheRuleId) {
    using smtpx::classify::Tier;
    smtpx::kb::PatternRule r;
    r.id = "relay-hosts.example";   // the id alone decides nothing
    EXPECT_EQ(smtpx::classify::tier_of(r), Tier::Signature);
    r.tier = "relay-host";
    r.id = "anything.example";
    EXPECT_EQ(smtpx::classify::tier_of(r), Tier::RelayHost);
    r.reason = smtpx::Reason::mesgtoobig;
    r.tier = "vocabulary";
    EXPECT_EQ(smtpx::classify::tier_of(r), Tier::Vocabulary);
    r.provider = "gmail";   // a provider's rule is the provider's, whatever file holds it
    EXPECT_EQ(smtpx::classify::tier_of(r), Tier::Provider);
    // Every rule of the embedded relay-host and vocabulary files carries its file's tier.
    int relay = 0, vocabulary = 0;
    for (const auto& rule : smtpx::kb::embedded_kb().rules) {
        relay += rule.tier == "relay-host";
        vocabulary += rule.tier == "vocabulary";
    }
    EXPECT_GT(relay, 10);
    EXPECT_GT(vocabulary, 5);
}

// A 550 to EHLO/HELO refuses the client before any address is named: the host is refused (blocked);
// the same words after RCPT say nothing about the host.
TEST(ClassifyPrecedence, ARefusalOfTheGreetingRefusesTheClientHost) {
    const auto& c = smtpx::fixture::classifier();
    const auto ehlo = c.explain("SMTP error from remote mail server after EHLO mail.example.org:\n550 Rejected");
    EXPECT_EQ(ehlo.command.value_or(""), "EHLO");
    EXPECT_EQ(ehlo.reason, smtpx::Reason::blocked);
    const auto rcpt = c.explain("SMTP error from remote mail server after RCPT TO:<a@example.net>:\n550 Rejected");
    EXPECT_NE(rcpt.reason, smtpx::Reason::blocked);
}
