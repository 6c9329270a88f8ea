// Pastes as mail clients, forums and people mangle them, read as the reply they were.
#include "parse/input.hpp"
#include "parse/paste.hpp"
#include "parse_helpers.hpp"

#include <gtest/gtest.h>

using smtpx::parse::clean_paste;
using smtpx::parse::InputKind;
using smtpx::parse::parse_input;
using smtpx::parse::testing::only_reply;

TEST(ParsePaste, CleanTextIsLeftAlone) { EXPECT_FALSE(clean_paste("550 5.1.1 <a@example.com>: user unknown").has_value()); }

TEST(ParsePaste, HtmlEntitiesAreDecoded) {
    const auto r = only_reply(parse_input("550 5.1.1 &lt;a@example.com&gt;: Recipient address rejected: &quot;unknown&quot;"));
    EXPECT_EQ(r.text, "<a@example.com>: Recipient address rejected: \"unknown\"");
}

TEST(ParsePaste, QuoteMarkersOnEveryLineAreRemoved) {
    const auto r = only_reply(parse_input("> 550-5.7.1 [192.0.2.1] Our system has detected an unusual rate of\n> > 550 5.7.1 "
                                          "unsolicited mail originating from your IP address."));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "[192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address.");
}

TEST(ParsePaste, SendmailTranscriptArrowsAreNotQuoteMarkers) {
    const auto c = clean_paste(">>> RCPT To:<a@example.com>\n<<< 550 5.1.1 unknown");
    EXPECT_FALSE(c.has_value());
}

TEST(ParsePaste, QmailUnderscoresBecomeSpaces) {
    const auto p = parse_input("delivery 42: failure: 192.0.2.1_does_not_like_recipient./Remote_host_said:_550_5.1.1_"
                               "<a@example.com>..._User_unknown/Giving_up_on_192.0.2.1./");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies.front().code, 550);
    EXPECT_EQ(p.replies.front().enhanced, "5.1.1");
}

TEST(ParsePaste, WrappedLogLineIsJoined) {
    const auto p = parse_input("Mar  4 09:12:33 mail postfix/smtp[23817]: 4F2A1C0123: to=<a@example.com>, relay=mx.example.com"
                               "[192.0.2.10]:25, delay=1.2, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.10]\n"
                               "said: 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown (in reply to\n"
                               "RCPT TO command))");
    EXPECT_EQ(p.kind, InputKind::PostfixLog);
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParsePaste, StackFramesAreNotReadAsTheReply) {
    const auto p = parse_input("javax.mail.SendFailedException: Invalid Addresses;\n  nested exception is:\n\t"
                               "com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <a@example.com>: user unknown\n\n\t"
                               "at com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:2064)\n\tat "
                               "com.sun.mail.smtp.SMTPTransport.sendMessage(SMTPTransport.java:1286)");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "<a@example.com>: user unknown");
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParsePaste, FullWidthColonBeforeTheReply) {
    const auto r = only_reply(parse_input("发送失败，服务器响应：550 5.7.1 Mail rejected"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.7.1");
}

TEST(ParsePaste, TypographicQuotesAroundTheReply) {
    const auto p = parse_input("Risposta del server: \xE2\x80\x99" "553 5.7.1 <a@example.it>: Sender address rejected: not "
                               "logged in\xE2\x80\x98, Porta: 25");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies.front().code, 553);
    EXPECT_EQ(p.replies.front().enhanced, "5.7.1");
}

TEST(ParsePaste, EximEscapedLineBreaksInsideALoggedReply) {
    const auto p = parse_input("2014-03-25 15:35:55 1WSTOA-0000xz-JF == a@example.com R=dnslookup T=remote_smtp defer (-44): "
                               "SMTP error from remote mail server after RCPT TO:<a@example.com>: host mx.example.org "
                               "[192.0.2.1]: 451-192.0.2.2 is not yet authorized\\n451 Please try later.");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies.front().code, 451);
    EXPECT_EQ(p.replies.front().text.find("\\n"), std::string::npos);
}

TEST(ParsePaste, FileLineAndHostPortAreNoReplies) {
    const auto r = only_reply(parse_input("2017/11/16 10:38:35 [mailer/mailer.go:201 processMailQueue()] [E] could not send "
                                          "email 1: Rcpt: 550 Mailbox not found"));
    EXPECT_EQ(r.code, 550);
}

TEST(ParsePaste, ProductNumbersMidTextAreNoReplies) {
    EXPECT_TRUE(parse_input("Your message couldn't be delivered. Office 365 Recipient").replies.empty());
}

TEST(ParsePaste, CodeAndEnhancedCodePrintedOnSeparateLines) {
    const auto r = only_reply(parse_input("SMTPDataError: 554\n5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException"));
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.enhanced, "5.2.0");
}

TEST(ParsePaste, ClientDialogFieldsInAnotherLanguage) {
    const auto p = parse_input("Erro de Servidor: 454\nResposta do Servidor: 454 4.7.1 <a@example.com>: Relay access denied\n"
                               "Servidor: 'mail.example.me'\nProtocolo: SMTP");
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[1].enhanced, "4.7.1");
}

TEST(ParsePaste, PostfixUnderAnotherSyslogName) {
    const auto p = parse_input("2021-04-21T17:16:28+02:00 server1 postfix-out/smtp[17514]: EEC614DD82BD4: to=<a@example.com>, "
                               "relay=mx.example.org[192.0.2.1]:25, delay=3875, dsn=4.0.0, status=deferred (host "
                               "mx.example.org[192.0.2.1] refused to talk to me: 550 Client host blocked)");
    EXPECT_EQ(p.kind, InputKind::PostfixLog);
    EXPECT_EQ(only_reply(p).code, 550);
}

TEST(ParsePaste, PortNumbersInADialogAreNoReplies) {
    const auto p = parse_input("Server Error: 454\nServer Response: 454 4.7.1 Relay access denied\nPort: 465\nSecure(SSL): Yes");
    for (const auto& r : p.replies) EXPECT_EQ(r.code, 454);
}

TEST(ParsePaste, QuotedPrintableFromAMailSourceIsDecodedButBase64PaddingIsNot) {
    // Copied from a message's source: soft line breaks split the words, "=3D" stands for '='.
    const auto p = parse_input("Remote Server returned '<font face=3D\"Arial\">550 5.1.1 RESOLVER.ADR.RecipNotFound; not found=\n"
                               " in the directory of the organisation that hosts the address you ent=\nered</font>'");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies.front().code, 550);
    EXPECT_NE(p.replies.front().text.find("you entered"), std::string::npos) << p.replies.front().text;
    // base64 padding at the end of short lines is no soft break
    const auto b = parse_input("<~ 334 VXNlcm5hbWU6\n ~> dXNlcm5hbWU=\n<~ 334 UGFzc3dvcmQ6\n ~> cGFzc3dvcmQ=\n<~ 535 5.7.8 Authentication failed");
    ASSERT_FALSE(b.replies.empty());
    EXPECT_EQ(b.replies.back().code, 535);
}
