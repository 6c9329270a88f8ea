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
