// A message the MTA gave up on after retrying: the answer names what the remote side said, when it
// said something, and "expired" when nobody did (no connection, codes alone).
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "classify/mail.hpp"
#include "parse/mail.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {
std::string expired_dsn(const std::string& status, const std::string& diagnostic) {
    return "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; alice@example.net\nAction: failed\nStatus: " + status +
           "\nDiagnostic-Code: " + diagnostic + "\n";
}
bool has_alternative(const smtpx::Explanation& e, const std::string& reason) {
    for (const auto& a : e.alternatives)
        if (smtpx::name(a.reason) == reason) return true;
    return false;
}
} // namespace

TEST(ClassifyExpiry, TheRemoteStatedCauseDecidesAndExpiredIsTheOtherReading) {
    const auto& c = smtpx::fixture::classifier();
    auto e = c.explain(expired_dsn("4.2.2", "smtp; 452 4.2.2 Mailbox full"));
    EXPECT_EQ(e.delivery_status.value_or(""), "expired");
    EXPECT_EQ(e.reason, smtpx::Reason::mailboxfull);
    EXPECT_TRUE(has_alternative(e, "expired"));
}

TEST(ClassifyExpiry, ATransportFailureOrCodesAloneLeaveTheExpiry) {
    const auto& c = smtpx::fixture::classifier();
    EXPECT_EQ(c.explain(expired_dsn("4.4.1", "smtp; 421 4.4.1 Connection timed out")).reason, smtpx::Reason::expired);
    EXPECT_EQ(c.explain(expired_dsn("4.0.0", "smtp; 451 4.0.0 Try again later")).reason, smtpx::Reason::expired);
    // A provider's own words for a connection that never worked do not outrank the expiry either.
    const auto gmail = c.explain(expired_dsn(
        "4.4.1", "The recipient server did not accept our requests to connect. Learn more at https://support.google.com/mail/answer/7720 [mx.example.net 192.0.2.7: timed out]"));
    EXPECT_EQ(gmail.reason, smtpx::Reason::expired);
    EXPECT_EQ(gmail.provider.value_or(""), "gmail");
}

TEST(ClassifyExpiry, AnExpiryWordingYieldsToACauseInTheSameText) {
    const auto& c = smtpx::fixture::classifier();
    // The cause beats qmail's "in the queue too long"; Microsoft's own expiry code keeps its verdict.
    EXPECT_EQ(c.explain("Sorry, the mailbox is full. I'm not going to try again; this message has been in the queue too long.").reason,
              smtpx::Reason::mailboxfull);
    EXPECT_EQ(c.explain("550 5.4.316 Message expired, connection refused(Socket error code 10061)").reason, smtpx::Reason::expired);
}

TEST(ClassifyExpiry, PostfixSuspendedDeliveryIsAnsweredByTheRemoteReplyAfterIt) {
    const auto& c = smtpx::fixture::classifier();
    const std::string head = "<someone@example.net>: delivery temporarily suspended: host mx.example.net[192.0.2.59] refused to talk to me: ";
    EXPECT_EQ(c.explain(head + "421 Refused. Your reverse DNS entry does not resolve.").reason, smtpx::Reason::blocked);
    // Without a reply from the remote, the connection failure is all there is.
    EXPECT_EQ(c.explain("<someone@example.net>: delivery temporarily suspended: connect to mx.example.net[192.0.2.59]:25: Connection refused")
                  .reason,
              smtpx::Reason::networkerror);
}

namespace {
smtpx::Explanation delay_notice(const std::string& status, const std::string& diagnostic) {
    const std::string m =
        "From: MAILER-DAEMON@a.example\nSubject: Delayed Mail (still being retried)\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\n"
        "Content-Type: text/plain\n\nThis is a warning only; delivery will be retried.\n--x\n"
        "Content-Type: message/delivery-status\n\nReporting-MTA: dns; a.example\n\n"
        "Final-Recipient: rfc822; j@b.example\nAction: delayed\nStatus: " + status + "\nDiagnostic-Code: " + diagnostic +
        "\nWill-Retry-Until: Fri, 4 Dec 2026 10:00:00 +0000\n--x--\n";
    const auto answers = smtpx::classify::explain_mail(smtpx::fixture::classifier(), smtpx::parse::read_mail(m), "d.eml", std::nullopt);
    EXPECT_EQ(answers.size(), 1u);
    return answers.empty() ? smtpx::Explanation{} : answers.front();
}
} // namespace

// A delay notice (RFC 3464 Action: delayed) is sent when the message has waited past the MTA's
// warning time: it reports the time in the queue, unless the remote stated a cause.
TEST(ClassifyExpiry, ADelayNoticeIsTheTimeInTheQueueUnlessTheRemoteStatedACause) {
    const auto timed_out = delay_notice("4.4.1", "smtp; 421 4.4.1 Connection timed out");
    EXPECT_EQ(timed_out.reason, smtpx::Reason::expired);
    EXPECT_TRUE(timed_out.retryable);
    EXPECT_EQ(timed_out.delivery_status.value_or(""), "delayed");   // still queued: not given up
    ASSERT_TRUE(timed_out.mail.has_value());
    EXPECT_EQ(timed_out.mail->action.value_or(""), "delayed");
    const auto full = delay_notice("4.2.2", "smtp; 452 4.2.2 Mailbox full");
    EXPECT_EQ(full.reason, smtpx::Reason::mailboxfull);
    EXPECT_TRUE(has_alternative(full, "expired"));
}

// A delay notice must not read as a failure: the top line says it is a warning, the reason's title
// says the message is still queued, and no warning claims the text decided what the queue did.
TEST(ClassifyExpiry, ADelayNoticeSaysOnTopThatItIsAWarningNotABounce) {
    const auto timed_out = delay_notice("4.4.1", "smtp; 421 4.4.1 Connection timed out");
    EXPECT_NE(timed_out.headline.find("not a bounce yet"), std::string::npos) << timed_out.headline;
    EXPECT_EQ(timed_out.headline.rfind("421 4.4.1 · ", 0), 0u) << timed_out.headline;   // the codes stay first
    EXPECT_EQ(timed_out.summary.rfind("Delay warning", 0), 0u) << timed_out.summary;
    EXPECT_EQ(timed_out.reason_title, "still queued past the warning time");
    for (const auto& w : timed_out.warnings) EXPECT_EQ(w.find("says more than the codes"), std::string::npos) << w;
    // A cause the remote stated is a failure to come, not yet a bounce either; its title stays.
    const auto full = delay_notice("4.2.2", "smtp; 452 4.2.2 Mailbox full");
    EXPECT_NE(full.headline.find("not a bounce yet"), std::string::npos) << full.headline;
    EXPECT_NE(full.reason_title, "still queued past the warning time");
}

namespace {
smtpx::Explanation failed_dsn(const std::string& arrival, const std::string& last_attempt, const std::string& diagnostic) {
    const std::string m =
        "From: Mail Delivery Subsystem <mailer-daemon@mail.example>\nSubject: Delivery Status Notification (Failure)\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=y\n\n--y\n"
        "Content-Type: text/plain\n\nYour message wasn't delivered.\n--y\n"
        "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example\nArrival-Date: " + arrival +
        "\n\nFinal-Recipient: rfc822; kim@example.test\nAction: failed\nStatus: 4.0.0\nDiagnostic-Code: smtp; " + diagnostic +
        "\nLast-Attempt-Date: " + last_attempt + "\n--y--\n";
    const auto answers = smtpx::classify::explain_mail(smtpx::fixture::classifier(), smtpx::parse::read_mail(m), "f.eml", std::nullopt);
    EXPECT_EQ(answers.size(), 1u);
    return answers.empty() ? smtpx::Explanation{} : answers.front();
}
} // namespace

// "Action: failed" with a 4.x.x Status is a queue that gave up, unless the DSN's own dates show the
// failure came on the spot: then no retrying lies behind it and the reply's own reason stands.
TEST(ClassifyExpiry, AFailureWithinTheHourOfArrivalIsNotAnExpiry) {
    const std::string dns = "DNS Error: 4242 DNS type 'mx' lookup of example.test responded with code NOERROR "
                            "4242 DNS type 'mx' lookup of example.test had no relevant answers.";
    const auto at_once = failed_dsn("Mon, 7 Sep 2026 08:15:02 -0700 (PDT)", "Mon, 7 Sep 2026 08:15:03 -0700 (PDT)", dns);
    EXPECT_EQ(at_once.reason, smtpx::Reason::networkerror);
    EXPECT_EQ(at_once.delivery_status.value_or(""), "failed");
    const auto after_days = failed_dsn("Mon, 7 Sep 2026 08:15:02 -0700", "Thu, 10 Sep 2026 08:15:03 -0700", dns);
    EXPECT_EQ(after_days.reason, smtpx::Reason::expired);
    EXPECT_TRUE(has_alternative(after_days, "networkerror"));
    // Without the dates nothing shows it was on the spot: the RFC 3464 reading (gave up) stays.
    const auto undated = failed_dsn("", "", dns);
    EXPECT_EQ(undated.reason, smtpx::Reason::expired);
}

// A network state the remote's own enhanced code also names is the cause it stated: a relaying client's
// words around it ("Server ... refused to accept your message") do not turn it into a block.
TEST(ClassifyExpiry, ALoopTheRemoteReportedIsNotReadAsABlock) {
    const auto& c = smtpx::fixture::classifier();
    const auto e = c.explain("The following recipients returned permanent errors: kim@example.test. Reason: SMTP Server "
                             "<192.0.2.44> refused to accept your message (DATA), with the following error message: "
                             "[554 5.4.6 Hop count exceeded - possible mail loop]");
    EXPECT_EQ(e.reason, smtpx::Reason::networkerror);
    // A transport failure around a reply still yields to the cause the reply states (Postfix's
    // "delivery temporarily suspended: ... server refused to talk to me: 421 ...").
    const auto s = c.explain("delivery temporarily suspended: connect to mx.example.test[192.0.2.45]: server refused to talk to "
                             "me: 421 4.7.0 Client host rejected: too many connections from your IP");
    EXPECT_NE(s.reason, smtpx::Reason::networkerror);
}
