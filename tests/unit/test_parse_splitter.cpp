// Stream splitting (parse/splitter) and hostile input for the whole parse layer.
#include "parse/input.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace smtpx::parse;

namespace {

std::vector<std::string> split(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    InputSplitter s([&](std::string_view in) { out.emplace_back(in); });
    for (const std::string& l : lines) s.feed_line(l);
    s.finish();
    return out;
}

} // namespace

TEST(ParseSplitter, OneInputPerLogLine) {
    const auto out = split({
        "Nov 29 10:00:01 mx postfix/smtp[1]: AAAAA1: to=<a@example.com>, relay=h[192.0.2.1]:25, dsn=5.1.1, status=bounced (host h[192.0.2.1] said: 550 5.1.1 no (in reply to RCPT TO command))",
        "Nov 29 10:00:02 mx postfix/smtp[1]: AAAAA2: to=<b@example.com>, relay=h[192.0.2.1]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
    });
    ASSERT_EQ(out.size(), 2U);
    EXPECT_NE(out[0].find("AAAAA1"), std::string::npos);
    EXPECT_NE(out[1].find("AAAAA2"), std::string::npos);
}

TEST(ParseSplitter, SkipsLinesWithoutReplyOrStatus) {
    const auto out = split({
        "Nov 29 10:00:01 mx postfix/smtpd[1]: connect from unknown[203.0.113.1]",
        "Nov 29 10:00:01 mx postfix/cleanup[2]: ABCDE1: message-id=<20261129.550@example.org>",
        "Nov 29 10:00:01 mx postfix/qmgr[3]: ABCDE1: from=<a@example.org>, size=550, nrcpt=1 (queue active)",
        "Nov 29 10:00:02 mx postfix/smtpd[1]: disconnect from unknown[203.0.113.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
        "Nov 29 10:00:03 mx dovecot: imap(bob): Logged out in=123 out=456",
        "",
        "just some words",
    });
    EXPECT_TRUE(out.empty());
}

TEST(ParseSplitter, GroupsDashContinuationWithFinalLine) {
    const auto out = split({"550-5.7.1 first part", "550-5.7.1 second part", "550 5.7.1 last part", "421 4.3.2 next one"});
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0], "550-5.7.1 first part\n550-5.7.1 second part\n550 5.7.1 last part");
    EXPECT_EQ(out[1], "421 4.3.2 next one");
    EXPECT_EQ(parse_input(out[0]).replies.at(0).text, "first part second part last part");
}

TEST(ParseSplitter, UnfinishedContinuationIsEmittedWhenSomethingElseStarts) {
    const auto out = split({"451-4.7.1 greylisted", "554 5.7.1 rejected"});
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0], "451-4.7.1 greylisted");
}

TEST(ParseSplitter, FlattenedOneLineFormIsOneInput) {
    const auto out = split({"550-5.1.1 does not exist. Please try 550-5.1.1 again 550 5.1.1 https://example.com", "250 ok"});
    ASSERT_EQ(out.size(), 2U);
}

TEST(ParseSplitter, TranscriptIsOneInputUntilEndOfStream) {
    const auto out = split({"=== Trying mx.example.com:25...", "<-  220 hi", " -> QUIT", "", "<-  221 bye"});
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(parse_input(out[0]).kind, InputKind::Transcript);
    EXPECT_EQ(parse_input(out[0]).replies.size(), 2U);
}

TEST(ParseSplitter, ClientServerTranscriptIsOneInput) {
    const auto out = split({"S: 220 mx", "C: RCPT TO:<a@example.com>", "S: 550 5.1.1 no"});
    ASSERT_EQ(out.size(), 1U);
}

TEST(ParseSplitter, BounceMessageIsOneInput) {
    const auto out = split({"Return-Path: <>", "From: MAILER-DAEMON@example.org", "", "Action: failed", "Status: 5.1.1",
                            "", "Diagnostic-Code: smtp; 550 5.1.1 no such user"});
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(parse_input(out[0]).status_enhanced, "5.1.1");
}

TEST(ParseSplitter, DsnFieldBlocksAreGrouped) {
    const auto out = split({"Some chatter first 550 5.1.1 x", "Action: failed", "Status: 5.2.2",
                            "Diagnostic-Code: smtp; 552-5.2.2 over", "    quota", "", "Action: failed", "Status: 5.1.1"});
    ASSERT_EQ(out.size(), 3U);
    EXPECT_EQ(out[1], "Action: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552-5.2.2 over\n    quota");
    EXPECT_EQ(parse_input(out[1]).replies.at(0).text, "over quota");
}

TEST(ParseSplitter, EmitsBareCodesAndReplies) {
    const auto out = split({"550", "5.1.1", "  '421 4.7.0 try later'  "});
    EXPECT_EQ(out.size(), 3U);
}

TEST(ParseSplitter, EximAndSendmailLines) {
    const auto out = split({
        "2026-11-29 10:00:01 1abcDE-000123-AB <= a@example.org H=h [192.0.2.1] P=esmtp S=1234",
        "2026-11-29 10:00:01 1abcDE-000123-AB ** b@example.net: Unrouteable address",
        "2026-11-29 10:00:02 1abcDE-000123-AB Completed",
        "Nov 29 10:00:01 mx sendmail[1]: 4ATA01a1000123: from=<a@example.org>, size=100, nrcpts=1",
        "Nov 29 10:00:01 mx sendmail[1]: 4ATA01a1000123: to=<b@example.net>, mailer=esmtp, dsn=5.1.1, stat=User unknown",
    });
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(parse_input(out[0]).kind, InputKind::EximLog);
    EXPECT_EQ(parse_input(out[1]).kind, InputKind::SendmailLog);
}

TEST(ParseSplitter, CapsPendingInputAndReportsTruncation) {
    bool truncated = false;
    std::size_t size = 0;
    InputSplitter s([&](std::string_view in) { size = in.size(); });
    s.feed_line("=== Trying mx.example.com:25...");
    const std::string line(1000, 'x');
    for (int i = 0; i < 200; ++i) s.feed_line(" -> " + line);
    s.finish();
    truncated = s.truncated();
    EXPECT_LE(size, kMaxInputBytes);
    EXPECT_TRUE(truncated);
}

TEST(ParseSplitter, HugeSingleLineIsCut) {
    std::size_t size = 0;
    InputSplitter s([&](std::string_view in) { size = in.size(); });
    std::string line = "550 5.1.1 " + std::string(1 << 20, 'a');
    s.feed_line(line);
    s.finish();
    EXPECT_EQ(size, kMaxInputBytes);
    EXPECT_TRUE(s.truncated());
}

// --- hostile input for parse_input ----------------------------------------------------------

TEST(ParseHostile, NulBytesDoNotStopParsing) {
    const std::string in("550 5.1.1 user\0unknown", 22);
    const ParsedInput p = parse_input(in);
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].code, 550);
    EXPECT_EQ(p.replies[0].text.size(), 12U);
}

TEST(ParseHostile, InvalidUtf8IsKeptAsBytes) {
    const ParsedInput p = parse_input("550 5.7.1 bad \xFF\xFE\xC3 bytes =?utf-8?B?/w==?=");
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].text, "bad \xFF\xFE\xC3 bytes \xFF");
}

TEST(ParseHostile, LoneCarriageReturnsSeparateLines) {
    const ParsedInput p = parse_input("550-5.1.1 first\r550 5.1.1 second\r");
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].text, "first second");
}

TEST(ParseHostile, MegabyteLineWithoutNewlineParsesQuicklyAndIsCapped) {
    std::string in = "550-5.1.1 ";
    for (int i = 0; i < (1 << 20) / 10; ++i) in += "550-5.1.1 ";
    in += "550 5.1.1 end";
    const auto start = std::chrono::steady_clock::now();
    const ParsedInput p = parse_input(in);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_LE(p.replies[0].raw.size(), kMaxInputBytes);
    EXPECT_LE(p.replies[0].text.size(), kMaxInputBytes);
    EXPECT_LT(ms, 5000);
}

TEST(ParseHostile, PathologicalRepetitionStaysLinear) {
    // Many code-like tokens, "=?" starts and DSN-looking fragments in one line.
    std::string in;
    for (int i = 0; i < 100000; ++i) in += "=? 5.1.1: 550- reject: status=(";
    const auto start = std::chrono::steady_clock::now();
    (void)parse_input(in);
    std::string lines;
    for (int i = 0; i < 20000; ++i) lines += "Status: 5.1.1\n x 550 y\n<<< 250-\n";
    (void)parse_input(lines);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(ms, 10000);
}

TEST(ParseHostile, ArbitraryBytesNeverCrash) {
    std::uint32_t x = 12345;
    for (int round = 0; round < 2000; ++round) {
        std::string in;
        const int len = static_cast<int>(x % 300);
        for (int i = 0; i < len; ++i) {
            x = x * 1103515245U + 12345U;
            static const char alphabet[] = "0123455.-=?<>[]():;\"' \t\r\n#*QBS:C:>>>status=reject:said: host 550 5.1.1 \xFF\0";
            in += alphabet[(x >> 16) % (sizeof alphabet - 1)];
        }
        x = x * 1103515245U + 12345U;
        const ParsedInput p = parse_input(in);
        for (const Reply& r : p.replies) EXPECT_LE(r.text.size(), kMaxInputBytes);
        InputSplitter s([](std::string_view) {});
        s.feed_line(in);
        s.finish();
    }
}

TEST(ParseSplitter, RepeatedDsnFieldStartsANewInput) {
    const auto out = split({"Diagnostic-Code: smtp; 550 5.1.1 no such user", "Diagnostic-Code: smtp; 552 5.2.2 mailbox full",
                            "Final-Recipient: rfc822; c@example.com", "Status: 5.7.1",
                            "Diagnostic-Code: smtp; 554 5.7.1 relay denied", "Status: 4.2.2"});
    ASSERT_EQ(out.size(), 4U);
    EXPECT_EQ(out[3], "Status: 4.2.2");
    EXPECT_EQ(out[2], "Final-Recipient: rfc822; c@example.com\nStatus: 5.7.1\nDiagnostic-Code: smtp; 554 5.7.1 relay denied");
}

TEST(ParseSplitter, LogLineQuotingBounceWordsIsNotAWholeMessage) {
    const auto out = split({"Nov 29 10:00:01 mx qmail: Remote host said: 550 5.1.1 no", "550 5.1.1 second"});
    EXPECT_EQ(out.size(), 2U);
}

TEST(ParseSplitter, PrettyPrintedJsonValueIsOneInput) {
    const auto out = split({"{", "  \"event\": \"bounce\",", "  \"reason\": \"550 5.1.1 {unknown} user\",",
                            "  \"nested\": {\"s\": \"a \\\" } quote\"}", "}", "550 5.7.1 next"});
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].front(), '{');
    EXPECT_EQ(out[0].back(), '}');
    EXPECT_EQ(out[1], "550 5.7.1 next");
}

TEST(ParseSplitter, UnclosedJsonEndsAtABlankLine) {
    const auto out = split({"[", "  {\"reason\": \"550 5.1.1 unknown\"", "", "451 4.7.1 later"});
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[1], "451 4.7.1 later");
}

TEST(ParseSplitter, OneLineEventWhoseCodeIsANumberIsKept) {
    const auto out = split({R"({"delivery-status":{"code":550,"message":"The account does not exist"}})", "{\"a\": 1}"});
    ASSERT_EQ(out.size(), 1U);
}
