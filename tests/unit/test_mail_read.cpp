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
    // Sent because the message waited past the warning time: the time in the queue is what it reports.
    EXPECT_TRUE(r.answers[0].expired);
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

TEST(MailRead, FirstAttemptIsReadFromTheDsnDates) {
    const auto dsn = [](const std::string& arrival, const std::string& last) {
        return "From: MAILER-DAEMON@a.example\nSubject: Undelivered Mail Returned to Sender\n"
               "Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\n"
               "Content-Type: text/plain\n\nnot delivered\n--x\nContent-Type: message/delivery-status\n\n"
               "Reporting-MTA: dns; a.example\nArrival-Date: " + arrival + "\n\nFinal-Recipient: rfc822; j@b.example\n"
               "Action: failed\nStatus: 4.4.1\nDiagnostic-Code: smtp; 421 4.4.1 Connection refused\nLast-Attempt-Date: " + last +
               "\n--x--\n";
    };
    MailReading r = read_mail(dsn("Tue, 1 Dec 2026 23:59:30 +0000", "Wed, 2 Dec 2026 09:10:00 +0930"));   // 40 s later
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_TRUE(r.answers[0].first_attempt);
    EXPECT_FALSE(r.answers[0].expired);
    r = read_mail(dsn("Tue, 1 Dec 2026 10:00:00 +0000", "Sat, 5 Dec 2026 10:00:00 +0000"));
    EXPECT_FALSE(r.answers[0].first_attempt);
    EXPECT_TRUE(r.answers[0].expired);
}

TEST(MailRead, Rfc5322SecondsCountAcrossZonesAndMonths) {
    const auto a = rfc5322_seconds("Thu, 1 Jan 1970 00:00:00 +0000");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(*a, 0);
    EXPECT_EQ(*rfc5322_seconds("Sun, 1 Mar 2026 01:00:00 +0100") - *rfc5322_seconds("Sat, 28 Feb 2026 23:59:00 +0000"), 60);
    EXPECT_FALSE(rfc5322_seconds("not a date").has_value());
}

TEST(MailRead, AnFmlListNoticeIsABounce) {
    // fml writes its error notices from the list's -admin address; every mail it writes has X-MLServer.
    const std::string m = "From: club-admin@lists.example\nTo: club-admin@lists.example\nSubject: Loop Alert: (club ML)\n"
                          "X-MLServer: fml [fml 4.0.3 release]\n\nDuplicated Message-ID in <club@lists.example>.\n\n"
                          "Original mail as follows:\n\n   From: someone@example.net\n";
    const MailReading r = read_mail(m);
    EXPECT_EQ(r.kind, MailKind::PlainBounce);
    ASSERT_FALSE(r.answers.empty());
    EXPECT_NE(r.answers[0].input.find("Duplicated Message-ID"), std::string::npos);
    // A post the list distributed carries X-MLServer too, but comes from its author.
    const std::string post = "From: someone@example.net\nTo: club@lists.example\nSubject: hello\nX-MLServer: fml\n\nhi\n";
    EXPECT_EQ(read_mail(post).kind, MailKind::NotABounce);
}

TEST(MailRead, TheCommandFoldedOverTwoLinesIsStillRead) {
    const std::string m =
        "From: MAILER-DAEMON@relay.example\nSubject: Undelivered Mail Returned to Sender\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\n"
        "Content-Type: text/plain\n\n<kim@mobile.example>: host mx.mobile.example[192.0.2.51] said:\n"
        "    550 Unknown user kim@mobile.example (in reply to end of DATA\n    command)\n\n--x\n"
        "Content-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example\n\n"
        "Final-Recipient: rfc822; kim@mobile.example\nAction: failed\nStatus: 5.0.0\n"
        "Diagnostic-Code: smtp; 550 Unknown user kim@mobile.example\n--x--\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(reply(r.answers[0]).command, "END-OF-DATA");
}

TEST(MailRead, ANoticeWithoutCauseReadsTheFailureReportItReturns) {
    const auto notice = [](const std::string& returned_body) {
        return "From: gateway@relay.example\nSubject: Mail could not be delivered\n"
               "Content-Type: multipart/mixed; boundary=\"gw\"\n\n--gw\nContent-Type: text/plain\n\n"
               "The following mail could not be delivered.\nReason: Unable to deliver message to <lee@dest.example>.\n"
               "--gw\nContent-Type: message/rfc822\n\nFrom: pat@src.example\nTo: lee@dest.example\nSubject: hello\n\n" +
               returned_body + "\n--gw--\n";
    };
    // The returned message is the downstream MTA's own failure report: its cause is the answer.
    MailReading r = read_mail(notice("   ----- The following addresses had permanent fatal errors -----\n<lee@dest.example>\n\n"
                                     "   ----- Transcript of session follows -----\n... while talking to mx.dest.example.:\n"
                                     ">>> RCPT To:<lee@dest.example>\n<<< 550 5.1.1 <lee@dest.example>... No such mailbox\n"));
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "lee@dest.example");
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_EQ(reply(r.answers[0]).code, 550);
    // An ordinary returned message leaves the notice as it is: a recipient, no cause.
    r = read_mail(notice("Hi Lee, lunch on Friday?\n"));
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "lee@dest.example");
    EXPECT_TRUE(r.answers[0].parsed.replies.empty());
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

TEST(MailRead, ReturnedHeadersWrittenWithoutASpaceEndTheReport) {
    // Zoho writes the returned message's headers as "Received:from ..." straight after the report.
    const std::string m =
        "From: mailer-daemon@mail.example\nSubject: Undelivered Mail Returned to Sender\n\n"
        "A message that you sent could not be delivered to one or more of its recipients.\n\n"
        "grace@example.net Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.\n\n\n"
        "Received:from mail.example by mx.example with SMTP id 1; Fri, 12 Dec 2014 02:50:59 -0800\n"
        "Message-ID:<m1@mail.example>\nSubject:Hello\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].input.find("Received"), std::string::npos) << r.answers[0].input;
    EXPECT_EQ(r.original_message_id, "m1@mail.example");
}

TEST(MailRead, SentenceNamingTheRecipientGivesItsAnswer) {
    // A carrier's notice: the recipient is inside a sentence, the cause on the next line.
    const std::string m =
        "From: no-reply@mail.example.jp\nSubject: =?UTF-8?B?44Oh44O844Or44Ko44Op44O86YCa55+l?=\n\n"
        "Your mail sent on: Thu, 29 Apr 2013 23:45:22 +0900\n"
        "     Could not be delivered to: <kiji@example.jp>\n     As their mailbox is full.\n";
    const MailReading r = read_mail(m);
    EXPECT_EQ(r.kind, MailKind::PlainBounce);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "kiji@example.jp");
    EXPECT_NE(r.answers[0].input.find("mailbox is full"), std::string::npos) << r.answers[0].input;
}

TEST(MailRead, NotesFailureReasonsAnswerTheAddressUnderThem) {
    const std::string m =
        "From: POSTMASTER@gw.example.com\nSubject: Undeliverable message\n\n"
        "------- Failure Reasons  --------\n\nUser  not listed in public Name & Address Book\nbob@example.com\n\n\n"
        "------- Returned Message --------\nReceived: from mx.example.org by gw.example.com\n"
        "Message-Id: <r1@example.org>\nSubject: Hi\n\nbody\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "bob@example.com");
    EXPECT_NE(r.answers[0].input.find("not listed in public Name & Address Book"), std::string::npos) << r.answers[0].input;
    EXPECT_EQ(r.original_message_id, "r1@example.org");
}

TEST(MailRead, ForwardedBounceIsAnsweredByTheBounceItCarries) {
    // A filter gateway wraps the MTA's own DSN as its "returned message" and says nothing itself.
    const std::string m =
        "From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example.jp>\nSubject: Returned mail: User unknown\n"
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"OUT\"\n\n--OUT\nContent-Type: text/plain\n\n"
        "----- The following addresses had permanent delivery errors -----\n\n--OUT\nContent-Type: message/rfc822\n\n"
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mta.example.jp>\nSubject: Returned mail: User unknown\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"IN\"\n\n--IN\n\n"
        "----- The following addresses had permanent fatal errors -----\n<carol@example.net>\n\n"
        "--IN\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mta.example.jp\n\n"
        "Final-Recipient: RFC822; carol@example.net\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: SMTP; 550 5.1.1 <carol@example.net>... User unknown\n\n--IN--\n\n--OUT--\n";
    const MailReading r = read_mail(m);
    EXPECT_EQ(r.kind, MailKind::Dsn);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "carol@example.net");
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_EQ(reply(r.answers[0]).code, 550);
    EXPECT_EQ(r.reporting_mta, "mta.example.jp");
}

TEST(MailRead, FirstLineOfAMultilineDiagnosticIsCompletedFromTheTranscript) {
    // Sendmail's Diagnostic-Code keeps only "552-5.7.0 ..."; its transcript holds the whole reply.
    const std::string m =
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mta.example>\nSubject: Returned mail: see transcript for details\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n\n"
        "   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n>>> DATA\n"
        "<<< 552-5.7.0 This message was blocked because its content presents a potential\n"
        "<<< 552-5.7.0 security issue. Please visit the page\n<<< 552 5.7.0 about attachments. x1 - gsmtp\n"
        "554 5.0.0 Service unavailable\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mta.example\n\n"
        "Final-Recipient: RFC822; dan@example.net\nAction: failed\nStatus: 5.7.0\n"
        "Diagnostic-Code: SMTP; 552-5.7.0 This message was blocked because its content presents a potential\n\n--B--\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_NE(reply(r.answers[0]).text.find("about attachments"), std::string::npos) << reply(r.answers[0]).text;
    EXPECT_EQ(reply(r.answers[0]).code, 552);
}

TEST(MailRead, SendmailV5ResultLinesAreExplainedByTheirSessionTranscript) {
    // "554 <a@b>... Remote protocol error" names no reply: the session above it does. A result line
    // with its own reply ("554 <c@d>... 550 Host unknown") keeps it.
    const std::string m =
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\nSubject: Returned mail: Host unknown\n\n"
        "   ----- Transcript of session follows -----\nWhile talking to mailin.example.org:\n"
        ">>> MAIL From:<me@example.com>\n<<< 501 <me@example.com>... no access from mail server [192.0.2.55]\n"
        "554 <ann@example.org>... Remote protocol error\n550 example.net (smtp)... 550 Host unknown\n"
        "554 <ben@example.net>... 550 Host unknown (Authoritative answer from name server)\n"
        "While talking to smtp.example.edu:\n>>> RCPT To:<cat@example.edu>\n<<< 550 <cat@example.edu>... User unknown\n"
        "550 <cat@example.edu>... User unknown\n\n   ----- Unsent message follows -----\n"
        "Received: by mx.example.com; id 1\nFrom: me@example.com\nSubject: Hi\n\nHi\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 3u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "ann@example.org");
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_EQ(reply(r.answers[0]).code, 501);
    EXPECT_EQ(r.answers[1].parsed.recipient, "ben@example.net");
    ASSERT_FALSE(r.answers[1].parsed.replies.empty());
    EXPECT_NE(r.answers[1].input.find("Host unknown"), std::string::npos) << r.answers[1].input;
    EXPECT_EQ(reply(r.answers[1]).code, 550);   // the reply in the result line, not Sendmail's own 554
    EXPECT_EQ(r.answers[1].input.find("User unknown"), std::string::npos) << r.answers[1].input;
    EXPECT_EQ(r.answers[2].parsed.recipient, "cat@example.edu");
    EXPECT_NE(r.answers[2].input.find("User unknown"), std::string::npos) << r.answers[2].input;
}

TEST(MailRead, QuotedAddressOpensItsRecipientBlock) {
    const std::string m =
        "From: mailer-daemon@gmx.example\nSubject: Mail delivery failed: returning message to sender\n\n"
        "A message that you sent could not be delivered to one or more of\nits recipients. The following address\nfailed:\n\n"
        "\"amy@example.jp\":\nSMTP error from remote server after RCPT command:\nhost: mx.example.jp\n"
        "5.2.1 <amy@example.jp>... User Unknown\n\"bo@example.jp\":\nSMTP error from remote server after RCPT command:\n"
        "host: mx.example.jp\n5.2.2 <bo@example.jp>... Mailbox Full\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 2u);
    EXPECT_EQ(r.answers[1].parsed.recipient, "bo@example.jp");
    EXPECT_EQ(r.answers[1].parsed.status_enhanced, "5.2.2");
}

TEST(MailRead, RefusalInsteadOfAGreetingDecidesOverTheGreeting) {
    const std::string m =
        "From: MAILER-DAEMON@mx.example\nSubject: Delivery Status Notification (Delay)\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n\nDelayed.\n\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
        "Final-Recipient: rfc822; eve@example.fr\nAction: delayed\nStatus: 4.2.1\n"
        "Diagnostic-Code: smtp; 220-mx.example.fr 421 4.2.1 Service refused. Try again later\n\n--B--\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_EQ(reply(r.answers[0]).code, 421);
}

TEST(MailRead, NestedRemoteReplyGivesTheSpecificEnhancedCode) {
    // Amazon SES writes its own "5.1.0" (other address status) before the remote's "5.2.2".
    const std::string m =
        "From: MAILER-DAEMON@email-bounces.example.com\nSubject: Delivery Status Notification (Failure)\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n\nFailed.\n\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a8-1.smtp-out.example.com\n\n"
        "Final-Recipient: rfc822; kim@example.jp\nAction: failed\nStatus: 5.0.0 (permanent failure)\n"
        "Diagnostic-Code: smtp; 5.1.0 - Unknown address error 550-'5.2.2 <kim@example.jp>... Mailbox Full' (delivery attempts: 0)\n\n--B--\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.status_enhanced, "5.2.2");
}

TEST(MailRead, QmailStatusOnTheNextLineIsTheEnhancedCode) {
    const std::string m =
        "From: MAILER-DAEMON@mx.example.jp\nSubject: failure notice\n\n"
        "Hi. This is the qmail-send program at mx.example.jp.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
        "<lee@example.ne.jp>:\nSorry, no SMTP connection got far enough; remote host 192.0.2.32 said: 550 Unknown user lee@example.ne.jp\n"
        ". (#5.5.0)\n\n--- Below this line is a copy of the message.\n\nSubject: hi\n\nhi\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.status_enhanced, "5.5.0");
    EXPECT_TRUE(r.answers[0].status.empty()) << "no Status: field was written";
}

TEST(MailRead, FeedbackReportAnswersEachOriginalRcptTo) {
    // RFC 5965 section 3.2: Original-Rcpt-To may appear once per recipient of the reported message.
    const std::string m =
        "From: abuse@isp.example\nSubject: Abuse report\n"
        "Content-Type: multipart/report; report-type=feedback-report; boundary=b\n\n--b\n"
        "Content-Type: text/plain\n\nThis is an abuse report.\n--b\nContent-Type: message/feedback-report\n\n"
        "Feedback-Type: abuse\nUser-Agent: example/1.0\nVersion: 1\nOriginal-Rcpt-To: one@isp.example\n"
        "Original-Rcpt-To: two@isp.example\nReporting-MTA: dns; fbl.isp.example\n--b--\n";
    const MailReading r = read_mail(m);
    EXPECT_EQ(r.kind, MailKind::FeedbackReport);
    ASSERT_EQ(r.answers.size(), 2u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "one@isp.example");
    EXPECT_EQ(r.answers[1].parsed.recipient, "two@isp.example");
    EXPECT_EQ(r.reporting_mta, "fbl.isp.example");
}

TEST(MailRead, TheLineAfterARecipientLineIsNotGluedToIt) {
    // Sendmail's delay warning: the reply code ends the address line, its words start the next.
    const std::string m =
        "From: Mail Delivery Subsystem <MAILER-DAEMON@a.example>\nSubject: Warning: could not send message for past 4 hours\n\n"
        "    **      THIS IS A WARNING MESSAGE ONLY      **\n\n"
        "----- Transcript of session follows -----\n"
        "<kim@b.example>... Deferred: 421\nWarning: message still undelivered after 4 hours\n"
        "Will keep trying until message is 8 hours old\n";
    const MailReading r = read_mail(m);
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].parsed.recipient, "kim@b.example");
    ASSERT_FALSE(r.answers[0].parsed.replies.empty());
    EXPECT_EQ(reply(r.answers[0]).code, 421);
    EXPECT_EQ(r.answers[0].input.find("421Warning"), std::string::npos) << r.answers[0].input;
}
