// Session transcripts as client libraries' debug logs and servers' session logs print them; the
// failing reply is found with the command it answered.
#include "parse/input.hpp"

#include <gtest/gtest.h>

using smtpx::parse::InputKind;
using smtpx::parse::parse_input;

TEST(ParseTranscriptDebug, InOutLinesAndThe354BeforeTheFailure) {
    const auto p = parse_input("Out: DATA\nIn: 354 End data with <CR><LF>.<CR><LF>\nOut: .\nIn: 451 4.3.0 Error: queue file write error");
    ASSERT_EQ(p.kind, InputKind::Transcript);
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[0].command, "DATA");
    EXPECT_EQ(p.replies[1].code, 451);
    EXPECT_EQ(p.replies[1].command, "END-OF-DATA");
}

TEST(ParseTranscriptDebug, A354WithNoCommandBeforeItAnswersData) {
    const auto p = parse_input("In: 354 Start mail input\nOut: .\nIn: 550 5.7.1 Message rejected");
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[0].command, "DATA");
    EXPECT_EQ(p.replies[1].command, "END-OF-DATA");
}

TEST(ParseTranscriptDebug, PhpMailerDebugOutputAfterTimestamps) {
    const auto p = parse_input("2021-03-01 10:00:00 SERVER -> CLIENT: 220 mx.example.com ESMTP\n"
                               "2021-03-01 10:00:00 CLIENT -> SERVER: EHLO web.example.com\n"
                               "2021-03-01 10:00:00 SERVER -> CLIENT: 250 mx.example.com\n"
                               "2021-03-01 10:00:00 CLIENT -> SERVER: MAIL FROM:<a@example.com>\n"
                               "2021-03-01 10:00:00 SERVER -> CLIENT: 550 5.7.1 Sender rejected\n"
                               "2021-03-01 10:00:00 SMTP ERROR: MAIL FROM command failed: 550 5.7.1 Sender rejected");
    ASSERT_EQ(p.kind, InputKind::Transcript);
    ASSERT_EQ(p.replies.size(), 3U);
    EXPECT_EQ(p.replies[2].code, 550);
    EXPECT_EQ(p.replies[2].command, "MAIL");
}

TEST(ParseTranscriptDebug, SmtplibDebugLevelSkipsItsSummaryLines) {
    const auto p = parse_input("send: 'rcpt TO:<b@example.com>\\r\\n'\nreply: b'550 5.1.1 no such user\\r\\n'\n"
                               "reply: retcode (550); Msg: b'5.1.1 no such user'");
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].command, "RCPT");
    EXPECT_EQ(p.replies[0].text, "no such user");
}

TEST(ParseTranscriptDebug, HmailserverSentAndReceivedByContent) {
    const auto p = parse_input("\"SMTPC\"\t1234\t5\t\"2020-01-01 10:00:00.000\"\t\"192.0.2.1\"\t\"SENT: RCPT TO:<a@example.com>\"\n"
                               "\"SMTPC\"\t1234\t5\t\"2020-01-01 10:00:00.010\"\t\"192.0.2.1\"\t\"RECEIVED: 550 5.7.1 Relaying denied\"");
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].command, "RCPT");
    EXPECT_EQ(p.replies[0].text, "Relaying denied");
}

TEST(ParseTranscriptDebug, NodemailerLoggerAndMdaemonArrows) {
    auto p = parse_input("[2020-01-01 10:00:00] DEBUG [abc] C: RCPT TO:<a@example.com>\n"
                         "[2020-01-01 10:00:00] DEBUG [abc] S: 452 4.2.2 Mailbox full");
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].command, "RCPT");
    p = parse_input("Tue 2020-01-01 10:00:00.000: --> RCPT To:<a@example.com>\nTue 2020-01-01 10:00:00.000: <-- 550 5.1.1 unknown");
    EXPECT_EQ(p.kind, InputKind::Transcript);
}

TEST(ParseTranscriptDebug, PhpMailerFiveDebugErrorLine) {
    const auto p = parse_input("SMTP -> FROM SERVER:220 smtp.example.net ESMTP\nSMTP -> FROM SERVER: 250-smtp.example.net "
                               "250 ENHANCEDSTATUSCODES\nSMTP -> ERROR: AUTH not accepted from server: 530 5.7.7 Email sending "
                               "without SSL/TLS encryption is not allowed.\nSMTP -> ERROR: RSET failed: ");
    ASSERT_EQ(p.kind, InputKind::Transcript);
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies.back().code, 530);
    EXPECT_EQ(p.replies.back().enhanced, "5.7.7");
}
