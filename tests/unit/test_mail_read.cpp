// read_mail: one answer per recipient, the returned message never deciding, kinds, MIME in the wild.
#include "parse/mail.hpp"
#include "parse/mailbox.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace smtpx::parse;

namespace {
std::string fixture(const std::string& name) {
    std::ifstream in(std::string(SMTPX_SOURCE_DIR) + "/tests/mail/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
const Reply& reply(const MailAnswer& a) { return a.parsed.replies.at(0); }
} // namespace

TEST(MailRead, DsnGivesOneAnswerPerRecipientInOrder) {
    const MailReading r = read_mail(fixture("postfix-dsn-two-recipients.eml"));
    EXPECT_EQ(r.kind, MailKind::Dsn);
    ASSERT_EQ(r.answers.size(), 2u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "bob@example.org");
    EXPECT_EQ(reply(r.answers[0]).code, 550);
    EXPECT_EQ(r.answers[0].parsed.status_enhanced, "5.1.1");
    EXPECT_EQ(r.answers[1].parsed.recipient, "carol@example.org");
    EXPECT_EQ(reply(r.answers[1]).code, 552);
    EXPECT_EQ(r.answers[1].action, "failed");
    EXPECT_EQ(r.answers[1].status, "5.2.2");
    EXPECT_EQ(r.reporting_mta, "mx1.example.net");
    EXPECT_EQ(r.date, "2026-12-01T10:00:05+00:00");
}

TEST(MailRead, ReturnedMessageFillsOriginalAndNeverTheDiagnostic) {
    const MailReading r = read_mail(fixture("postfix-dsn-two-recipients.eml"));
    EXPECT_EQ(r.original_message_id, "msg-1@example.net");
    EXPECT_EQ(r.original_subject, "Gr\xC3\xBC\xC3\x9F" "e");   // RFC 2047 decoded
    for (const MailAnswer& a : r.answers) EXPECT_EQ(a.input.find("DKIM"), std::string::npos) << a.input;
    const MailReading e = read_mail(fixture("exim-plain.eml"));
    ASSERT_EQ(e.answers.size(), 1u);
    EXPECT_EQ(e.answers[0].input.find("DKIM"), std::string::npos);
    EXPECT_EQ(e.original_subject, "lunch");
}

TEST(MailRead, PlainBouncesGiveRecipientCodeAndHost) {
    const MailReading e = read_mail(fixture("exim-plain.eml"));
    EXPECT_EQ(e.kind, MailKind::PlainBounce);
    EXPECT_EQ(e.answers[0].parsed.recipient, "dave@example.com");
    EXPECT_EQ(reply(e.answers[0]).code, 550);
    EXPECT_EQ(reply(e.answers[0]).command, "RCPT");
    EXPECT_EQ(e.answers[0].parsed.remote_host, "mx.example.com");
    const MailReading q = read_mail(fixture("qmail-plain.eml"));
    ASSERT_EQ(q.answers.size(), 1u);
    EXPECT_EQ(q.answers[0].parsed.recipient, "erin@example.jp");
    EXPECT_EQ(q.answers[0].parsed.status_enhanced, "5.1.1");
}

TEST(MailRead, DelayedIsNotAFailureAndBase64CrlfIsDecoded) {
    const MailReading r = read_mail(fixture("delayed-crlf-base64.eml"));
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].action, "delayed");
    EXPECT_FALSE(r.answers[0].expired);
    EXPECT_EQ(r.answers[0].parsed.recipient, "ivan@example.com");
}

TEST(MailRead, FailedAfterTemporaryErrorsIsExpired) {
    const std::string m =
        "From: MAILER-DAEMON@a.example\nSubject: Undelivered Mail Returned to Sender\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\n"
        "Content-Type: text/plain\n\nnot delivered\n--x\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; j@b.example\nAction: failed\nStatus: 4.4.7\n"
        "Diagnostic-Code: smtp; 451 4.7.1 Greylisted, try again later\n--x--\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_TRUE(r.answers[0].expired);
    EXPECT_EQ(r.answers[0].parsed.status_enhanced, "4.7.1");   // the reply's own code is more specific
}

TEST(MailRead, KindsOtherThanBounces) {
    EXPECT_EQ(read_mail(fixture("arf.eml")).kind, MailKind::FeedbackReport);
    EXPECT_EQ(read_mail(fixture("arf.eml")).answers.at(0).parsed.recipient, "user@isp.example");
    EXPECT_EQ(read_mail(fixture("vacation.eml")).kind, MailKind::AutoReply);
    EXPECT_EQ(read_mail(fixture("ordinary.eml")).kind, MailKind::NotABounce);
}

TEST(MailRead, CharsetsAreConvertedToUtf8) {
    const MailReading r = read_mail(fixture("iso2022jp-plain.eml"));
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "heidi@ezweb.example.jp");
    EXPECT_EQ(reply(r.answers[0]).code, 550);
}

TEST(MailRead, Rfc5322DatesBecomeRfc3339) {
    EXPECT_EQ(rfc5322_to_rfc3339("Wed, 2 Dec 2026 19:49:41 +0100 (CET)"), "2026-12-02T19:49:41+01:00");
    EXPECT_EQ(rfc5322_to_rfc3339("2 Dec 26 19:49 GMT"), "2026-12-02T19:49:00+00:00");
    EXPECT_EQ(rfc5322_to_rfc3339("yesterday"), "");
}

TEST(MailRead, HostileStructureStaysBounded) {
    std::string deep;
    for (int i = 0; i < 1000; ++i) deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" + std::to_string(i) + "\n";
    MailReading r = read_mail("From: x@y.example\nSubject: s\n" + deep);
    EXPECT_FALSE(r.notes.empty());
    std::string many = "From: MAILER-DAEMON@y.example\nContent-Type: multipart/mixed; boundary=z\n\n";
    for (int i = 0; i < 10000; ++i) many += "--z\nContent-Type: text/plain\n\nx\n";
    r = read_mail(many);
    EXPECT_FALSE(r.notes.empty());
    r = read_mail("From: MAILER-DAEMON@y.example\nContent-Type: multipart/report; boundary=never\n\n--never\n"
                  "Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n!!!not base64***\n");
    EXPECT_FALSE(r.answers.empty());
}

TEST(MailRead, SessionTranscriptIsDecidedByItsFailingReplyNotTheGreeting) {
    // Postfix's smtpd writes " In:" / " Out:" transcripts into its notices to the postmaster.
    const std::string m =
        "From: MAILER-DAEMON@mx.example\nSubject: Postfix SMTP server: errors from client.example[192.0.2.9]\n"
        "To: postmaster@mx.example\n\nTranscript of session follows.\n\n"
        " Out: 220 mx.example ESMTP\n In:  EHLO client.example\n Out: 250-mx.example\n Out: 250 CHUNKING\n"
        " In:  MAIL FROM:<a@client.example>\n Out: 250 2.1.0 Ok\n In:  RCPT TO:<b@mx.example>\n Out: 250 2.1.5 Ok\n"
        " In:  DATA\n Out: 354 End data with <CR><LF>.<CR><LF>\n Out: 452 4.3.1 Insufficient system storage\n"
        " In:  QUIT\n Out: 221 2.0.0 Bye\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_EQ(reply(r.answers[0]).code, 452);
    EXPECT_EQ(reply(r.answers[0]).enhanced, "4.3.1");
}

TEST(MailRead, ZohoErrorCodeFieldsGiveTheRecipientAndTheReply) {
    const std::string m =
        "From: mailer-daemon@mail.example\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
        "This message was created automatically by mail delivery software.\n"
        "A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.\n\n"
        "frank@example.org Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.=\n1 <frank@example.org>... No such user\n\n"
        "grace@example.net Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 2u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "frank@example.org");
    EXPECT_EQ(reply(r.answers[0]).code, 550);
    EXPECT_EQ(reply(r.answers[0]).enhanced, "5.1.1");
    EXPECT_EQ(r.answers[1].parsed.recipient, "grace@example.net");
    EXPECT_EQ(reply(r.answers[1]).code, 421);
}
