// Reply lines, codes and multi-line grouping (parse/codes, parse/reply, parse/input for replies).
#include "parse/codes.hpp"
#include "parse/input.hpp"
#include "parse/reply.hpp"

#include "parse_helpers.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace smtpx::parse;

using smtpx::parse::testing::only_reply;

TEST(ParseBareCode, BasicCodeAlone) {
    const ParsedInput p = parse_input("501");
    EXPECT_EQ(p.kind, InputKind::BareCode);
    EXPECT_EQ(only_reply(p).code, 501);
    EXPECT_EQ(only_reply(p).enhanced, "");
}

TEST(ParseBareCode, EnhancedCodeAlone) {
    const ParsedInput p = parse_input(" 5.1.1\n");
    EXPECT_EQ(p.kind, InputKind::BareCode);
    EXPECT_EQ(only_reply(p).code, 0);
    EXPECT_EQ(only_reply(p).enhanced, "5.1.1");
}

TEST(ParseBareCode, BasicAndEnhancedTogether) {
    for (const char* in : {"550 5.1.1", "550-5.1.1", "\"550 5.1.1\"", "5.1.1 550"}) {
        const ParsedInput p = parse_input(in);
        EXPECT_EQ(p.kind, InputKind::BareCode) << in;
        EXPECT_EQ(only_reply(p).code, 550) << in;
        EXPECT_EQ(only_reply(p).enhanced, "5.1.1") << in;
    }
}

TEST(ParseBareCode, KeepsMalformedCodesForTheClassifier) {
    EXPECT_EQ(only_reply(parse_input("999")).code, 999);
    EXPECT_EQ(only_reply(parse_input("6.1.1")).enhanced, "6.1.1");
    EXPECT_EQ(only_reply(parse_input("5.99999.1")).enhanced, "5.99999.1");
    EXPECT_EQ(parse_input("6.1.1").kind, InputKind::BareCode);
}

TEST(ParseBareCode, CodeLookAlikesAreBareCodesTheClassifierRejects) {
    // One grammar (core::parse_bare) for the classifier and the parser: "55" is a wrong code, not text.
    EXPECT_EQ(parse_input("55").kind, InputKind::BareCode);
    EXPECT_EQ(only_reply(parse_input("5500")).code, 0);
    EXPECT_EQ(only_reply(parse_input("4.16.55.1")).enhanced, "4.16.55.1");
}

TEST(ParseBareCode, TextWithCodesIsNotABareCode) {
    EXPECT_NE(parse_input("550 5.1.1 User unknown").kind, InputKind::BareCode);
    EXPECT_NE(parse_input("550 550").kind, InputKind::BareCode);
}

TEST(ParseCodes, EnhancedCodeNeedsValidClassAndShortParts) {
    EXPECT_EQ(enhanced_code_at("5.7.606 x", 0), 7U);
    EXPECT_EQ(enhanced_code_at("6.1.1", 0), 0U);
    EXPECT_EQ(enhanced_code_at("5.1234.1", 0), 0U);
    EXPECT_EQ(enhanced_code_at("5.1.1.", 0), 5U);
}

TEST(ParseCodes, FourPartNumbersAndIpAddressesAreNotEnhancedCodes) {
    EXPECT_EQ(find_enhanced_code("complaints - 4.16.55.1; see"), "");
    EXPECT_EQ(find_enhanced_code("from 192.0.2.1 and 10.5.1.1"), "");
    EXPECT_EQ(find_enhanced_code("x 4.7.1 y"), "4.7.1");
}

TEST(ParseReply, SingleLineWithEnhancedCode) {
    const ParsedInput p = parse_input("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
    EXPECT_EQ(p.kind, InputKind::Reply);
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
    EXPECT_EQ(r.text, "<bob@example.com>: Recipient address rejected: User unknown");
}

TEST(ParseReply, StripsSurroundingDoubleQuotes) {
    const Reply& r = only_reply(parse_input("\"550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\""));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "<bob@example.com>: Recipient address rejected: User unknown");
}

TEST(ParseReply, StripsSurroundingSingleQuotes) {
    const Reply& r = only_reply(parse_input("'550 5.7.1 Service unavailable, client host blocked'"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.7.1");
    EXPECT_EQ(r.text, "Service unavailable, client host blocked");
}

TEST(ParseReply, IgnoresLeadingNoiseLabel) {
    const Reply& r = only_reply(parse_input("reply: 554 5.7.1 Message rejected as spam"));
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.text, "Message rejected as spam");
}

TEST(ParseReply, SmtpErrorFromRemoteServerPrefix) {
    const ParsedInput p = parse_input("SMTP error from remote server: 550 5.1.1 mailbox unavailable");
    EXPECT_EQ(p.kind, InputKind::Reply);
    EXPECT_EQ(only_reply(p).code, 550);
    EXPECT_EQ(only_reply(p).text, "mailbox unavailable");
}

TEST(ParseReply, HandlesCrLfLineEnds) {
    const Reply& r = only_reply(parse_input("451-4.7.1 Greylisted, please\r\n451 4.7.1 try again later\r\n"));
    EXPECT_EQ(r.code, 451);
    EXPECT_EQ(r.text, "Greylisted, please try again later");
}

TEST(ParseReply, JoinsDashContinuationLines) {
    const Reply& r = only_reply(parse_input(
        "550-5.7.26 Unauthenticated email from example.org is not accepted due to\n"
        "550-5.7.26 the domain's DMARC policy. Please contact the administrator.\n"
        "550 5.7.26 https://support.example.com/dmarc x1si99 - gsmtp"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.7.26");
    EXPECT_EQ(r.text,
              "Unauthenticated email from example.org is not accepted due to the domain's DMARC policy. "
              "Please contact the administrator. https://support.example.com/dmarc x1si99 - gsmtp");
}

TEST(ParseReply, JoinsFlattenedOneLineForm) {
    const Reply& r = only_reply(parse_input(
        "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 "
        "double-checking the recipient's email address. Learn more at 550 5.1.1 "
        "https://support.google.com/mail/?p=NoSuchUser x - gsmtp"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
    EXPECT_EQ(r.text,
              "The email account that you tried to reach does not exist. Please try double-checking the "
              "recipient's email address. Learn more at https://support.google.com/mail/?p=NoSuchUser x - gsmtp");
}

TEST(ParseReply, KeepsNumbersInTextThatAreNotItsCode) {
    const Reply& r = only_reply(parse_input("552-5.2.3 Message size 550 bytes over the\n552 5.2.3 limit of 421 kB"));
    EXPECT_EQ(r.text, "Message size 550 bytes over the limit of 421 kB");
}

TEST(ParseReply, FlattenedFormWithoutEnhancedCodes) {
    const Reply& r = only_reply(parse_input("554-mx.example.net ESMTP not available 554-No SMTP service 554 See http://example.net/x"));
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.text, "mx.example.net ESMTP not available No SMTP service See http://example.net/x");
}

TEST(ParseReply, ContinuationWithDifferentEnhancedCodeKeepsIt) {
    const Reply& r = only_reply(parse_input("450-4.2.1 first\n450 4.2.2 second"));
    EXPECT_EQ(r.enhanced, "4.2.1");
    EXPECT_EQ(r.text, "first 4.2.2 second");
}

TEST(ParseReply, FoldedIndentedLineBelongsToReply) {
    const ParsedInput p = parse_input("<bob@example.com>: host mx.example.com[192.0.2.9] said: 550 5.1.1\n"
                                      "    <bob@example.com>... User Unknown (in reply to RCPT TO command)");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "<bob@example.com>... User Unknown");
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    EXPECT_EQ(p.remote_ip, "192.0.2.9");
    EXPECT_EQ(p.recipient, "bob@example.com");
}

TEST(ParseReply, FourPartNumberInTextIsNotTheEnhancedCode) {
    const Reply& r = only_reply(parse_input("421 4.7.0 [TS04] deferred due to volume - 4.16.55.1; see https://example.com"));
    EXPECT_EQ(r.enhanced, "4.7.0");
    EXPECT_NE(r.text.find("4.16.55.1"), std::string::npos);
}

TEST(ParseReply, EnhancedCodeWithoutBasicCode) {
    const Reply& r = only_reply(parse_input("SMTP error from remote server after RCPT command:\nhost: mx.example.net\n5.2.2 <a@example.net>... Mailbox Full"));
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.enhanced, "5.2.2");
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(r.text, "<a@example.net>... Mailbox Full");
}

TEST(ParseReply, DashSeparatorAfterCodeIsNotText) {
    EXPECT_EQ(only_reply(parse_input("550 - Requested action not taken: no such user here")).text,
              "Requested action not taken: no such user here");
}

TEST(ParseReply, HashBeforeEnhancedCode) {
    const Reply& r = only_reply(parse_input("550 #5.1.0 Address rejected."));
    EXPECT_EQ(r.enhanced, "5.1.0");
    EXPECT_EQ(r.text, "Address rejected.");
}

TEST(ParseReply, NestedQuotedReplyGivesTheBasicCode) {
    const Reply& r = only_reply(parse_input("5.1.0 - Unknown address error 550-'5.2.2 <a@example.net>... Mailbox Full' (delivery attempts: 0)"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.0");
}

TEST(ParseReply, SeveralRepliesInOneInput) {
    const ParsedInput p = parse_input("250 2.1.0 Sender ok\n550 5.1.1 No such user");
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[0].code, 250);
    EXPECT_EQ(p.replies[1].code, 550);
}

TEST(ParseReply, KeepsRawText) {
    const Reply& r = only_reply(parse_input("452-4.2.2 The mailbox is full\n452 4.2.2 Try later"));
    EXPECT_EQ(r.raw, "452-4.2.2 The mailbox is full\n452 4.2.2 Try later");
}

TEST(ParseReply, TakesInReplyToCommand) {
    std::string t = "User unknown (in reply to end of DATA command)";
    EXPECT_EQ(take_in_reply_to(t), "END-OF-DATA");
    EXPECT_EQ(t, "User unknown");
    std::string u = "no parenthesis here";
    EXPECT_EQ(take_in_reply_to(u), "");
    EXPECT_EQ(u, "no parenthesis here");
}

TEST(ParseReply, DecodesEncodedWordsInText) {
    const Reply& r = only_reply(parse_input("550 5.1.1 =?utf-8?Q?Empf=C3=A4nger_unbekannt?="));
    EXPECT_EQ(r.text, "Empf\xC3\xA4nger unbekannt");
}

TEST(ParseReply, ExchangeRemoteServerReturned) {
    const ParsedInput p = parse_input("Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'");
    EXPECT_EQ(p.kind, InputKind::ExchangeNdr);
    EXPECT_EQ(p.software, "exchange");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.10");
    EXPECT_EQ(r.text, "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");
}

TEST(ParseReply, ExchangeHashForm) {
    const ParsedInput p = parse_input("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##");
    EXPECT_EQ(p.kind, InputKind::ExchangeNdr);
    EXPECT_EQ(only_reply(p).code, 550);
    EXPECT_EQ(only_reply(p).text, "RESOLVER.ADR.RecipNotFound; not found");
}

TEST(ParseReply, ExchangeClassicSmtpForm) {
    const ParsedInput p = parse_input("#< #5.1.1 smtp;550 5.1.1 User unknown> #SMTP#");
    EXPECT_EQ(p.kind, InputKind::ExchangeNdr);
    EXPECT_EQ(only_reply(p).code, 550);
    EXPECT_EQ(only_reply(p).text, "User unknown");
}

TEST(ParseInput, TextWithoutCodeIsUnknownButKeepsWords) {
    const ParsedInput p = parse_input("  Mailbox   full\n");
    EXPECT_EQ(p.kind, InputKind::Unknown);
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.local_text, "Mailbox full");
}

TEST(ParseInput, EmptyInputIsUnknown) {
    EXPECT_EQ(parse_input("").kind, InputKind::Unknown);
    EXPECT_EQ(parse_input(" \r\n\t").kind, InputKind::Unknown);
}

TEST(ParseReply, QmailHashStatusAtTheEndIsTheEnhancedCode) {
    const Reply r = only_reply(parse_input("550 sorry, no mailbox here by that name (#5.1.1 - chkuser)"));
    EXPECT_EQ(r.enhanced, "5.1.1");
    EXPECT_EQ(r.text, "sorry, no mailbox here by that name (#5.1.1 - chkuser)");
}

TEST(ParseReply, FailureCodeWithAColonAtTheLineStartIsAReply) {
    const Reply r = only_reply(parse_input("550: <bob@example.org>: User unknown"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "<bob@example.org>: User unknown");
}

TEST(ParseReply, ColonAfterANumberInsideTextIsNoReply) {
    // "at 10:30" and "port 465:" are not replies; only a 4xx/5xx opening a line takes the colon form.
    EXPECT_TRUE(parse_input("Delivery attempted at 250: retry later").replies.empty());
    EXPECT_TRUE(parse_input("250: ok").replies.empty());
}
