// Pastes from the wild (issue 14) that the parser used to misread: the reply inside library and
// client output, mail-client damage to a multi-line reply, and numbers that are not reply codes.
#include "parse/input.hpp"
#include "parse/wrappers.hpp"
#include "parse_helpers.hpp"

#include <gtest/gtest.h>

using smtpx::parse::InputKind;
using smtpx::parse::parse_input;
using smtpx::parse::testing::only_reply;

TEST(ParseWildGenSmtp, NetworkFailureWithoutAReplyIsTheLibrarysOwnFailure) {
    const auto p = parse_input("** exception error: {error,retries_exceeded,\n"
                               "                           {network_failure,\"192.0.2.146\",{error,timeout}}}");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.wrapper, "gen_smtp");
    EXPECT_NE(p.local_text.find("timed out"), std::string::npos) << p.local_text;
}

TEST(ParseWildGenSmtp, ElixirTlsFailureNamesTls) {
    const auto p = parse_input("{:error, :retries_exceeded,\n {:temporary_failure, \"relay.example.com\", :tls_failed}}");
    EXPECT_EQ(p.wrapper, "gen_smtp");
    EXPECT_NE(p.local_text.find("TLS"), std::string::npos) << p.local_text;
}

TEST(ParseWildGenSmtp, ElixirStringReplyIsTheReply) {
    const auto r = only_reply(parse_input(
        "{:error, :send, {:permanent_failure, \"mx.example.com\", \"550 5.1.1 <a@example.com>: Recipient address rejected\\r\\n\"}}"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
}

TEST(ParseWildReply, BlankLinesInsideAWrappedMultiLineReplyKeepItWhole) {
    const auto r = only_reply(parse_input("<user@example.net>: host mx.example.net[192.0.2.26] said:\n\n"
                                          "    550-5.7.26 This message does not pass authentication checks\n\n"
                                          "    both 550-5.7.26 do not pass). Please visit 550\n\n"
                                          "    5.7.26 information. x1si2 - gsmtp (in reply to end of DATA command)"));
    EXPECT_EQ(r.code, 550);
    EXPECT_NE(r.text.find("gsmtp"), std::string::npos) << r.text;
    EXPECT_EQ(r.command, "END-OF-DATA");
}

TEST(ParseWildReply, TwoBlankLinesStillEndAReply) {
    const auto p = parse_input("550-5.1.1 first line\n\n\nsomething else entirely");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies.front().text.find("something"), std::string::npos) << p.replies.front().text;
}

TEST(ParseWildReply, CodesAloneThenTheirTextAfterABlankLine) {
    const auto r = only_reply(parse_input("550 5.5.0\n\nRequested action not taken: mailbox unavailable (S2017062302)"));
    EXPECT_EQ(r.code, 550);
    EXPECT_NE(r.text.find("mailbox unavailable"), std::string::npos) << r.text;
}

TEST(ParseWildReply, ColonAfterTheCodeBeforeAnEnhancedCode) {
    const auto r = only_reply(parse_input("<user@example.com>:\n550: 5.7.1 Message rejected due to local policy."));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.7.1");
}

TEST(ParseWildReply, ColonAfterANumberWithoutAnEnhancedCodeIsNoReply) {
    const auto p = parse_input("worker 450: restarted");
    for (const auto& r : p.replies) EXPECT_NE(r.code, 450);
}

TEST(ParseWildCodes, ProcessIdsOfDebugOutputAreNoReplies) {
    const auto p = parse_input("  277 delivering 1orYRv-00004S-Ny\n  277 LOG: MAIN\n"
                               "  277   == user@example.com R=dnslookup defer (-1): host lookup did not complete");
    for (const auto& r : p.replies) EXPECT_NE(r.code, 277);
}

TEST(ParseWildCodes, FortySevenAndFiftySevenStayCodes) {
    EXPECT_EQ(only_reply(parse_input("'Invalid Addresses': 471 4.7.1 <a@example.com>: limits exceeded")).code, 471);
    EXPECT_EQ(only_reply(parse_input("Error: 571 Delivery not authorized")).code, 571);
}

TEST(ParseWildCodes, AnHttpStatusWithItsPhraseIsNoReply) {
    const auto p = parse_input("AWS HTTP error: Client error: `POST https://email.example.com` resulted in a `400 Bad Request` "
                               "response: MessageRejected: Email address is not verified.");
    for (const auto& r : p.replies) EXPECT_NE(r.code, 400);
}

TEST(ParseWildLoose, FileAndLineIsNoCode) {
    const auto p = parse_input("exception 'Zend_Mail_Protocol_Exception' with message '5.2.0 STOREDRV.Submission.Exception:"
                               "SendAsDeniedException' in /var/www/lib/Zend/Mail/Protocol/Abstract.php:431");
    for (const auto& r : p.replies) EXPECT_NE(r.code, 431);
}

TEST(ParseWildLoose, CodeRightAfterTextInAnotherScript) {
    const auto r = only_reply(parse_input("[error][send.go:114] \xE9\x82\xAE\xE4\xBB\xB6\xE6\x8A\x95\xE9\x80\x92\xE5\xA4\xB1\xE8\xB4\xA5"
                                          "550 Mail content denied [xyz]."));
    EXPECT_EQ(r.code, 550);
}

TEST(ParseWildDotnet, AWrapInsideAWordStillFindsTheServerResponse) {
    const auto p = parse_input("\"Service not available, closing transmission channel. The server respons\n"
                               "e was: Error: too many unauthenticated commands\"");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 421);
    EXPECT_EQ(p.wrapper, "dotnet");
}

TEST(ParseWildLabelled, TheFailingLabelledResponseIsAmongTheReplies) {
    const auto p = parse_input("    [11] => Response: 250 mx.example.com\n\n    [12] => Sending MAIL FROM...\n"
                               "    [13] => Response: 250 2.1.0 Ok\n\n    [14] => Sending RCPT TO...\n"
                               "    [15] => Response: 550 5.5.1 Protocol error");
    ASSERT_EQ(p.replies.size(), 3U);
    EXPECT_EQ(p.replies.back().code, 550);
    EXPECT_EQ(p.replies.back().enhanced, "5.5.1");
}

TEST(ParseWildFlattened, AFailingReplyAfterASessionArrowIsItsOwnReply) {
    const auto p = parse_input("Mon 2008-10-20 16:11:36: --> 250 , Recipient ok Mon 2008-10-20 16:11:37: 354 Enter mail, end "
                               "with . Mon 2008-10-20 16:11:37: Message size: 389 bytes Mon 2008-10-20 16:11:37: --> 554 "
                               "Message does not conform to standards");
    ASSERT_GE(p.replies.size(), 2U);
    EXPECT_EQ(p.replies.back().code, 554);
    EXPECT_EQ(p.replies.back().text, "Message does not conform to standards");
}

TEST(ParseWildFlattened, ANumberInTheTextWithoutAnArrowStaysText) {
    const auto r = only_reply(parse_input("250 2.0.0 Ok: queued as 4F2A1C0123 after 550 retries"));
    EXPECT_EQ(r.code, 250);
}

TEST(ParseWildTable, ACodeOpeningATableCellIsAReply) {
    const auto r = only_reply(parse_input("MESSAGE\t\n100.0%\t550 Message rejected\nERROR CLASS\tNet::SMTPFatalError"));
    EXPECT_EQ(r.code, 550);
}
