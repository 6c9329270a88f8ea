// Replies as Python's smtplib exceptions print them: a (code, b'text') tuple inside the message.
#include "parse/input.hpp"

#include <gtest/gtest.h>

using smtpx::parse::parse_input;

TEST(ParseSmtplib, DataErrorTupleGivesTheReply) {
    auto p = parse_input("smtplib.SMTPDataError: (554, b'5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed')");
    ASSERT_EQ(p.replies.size(), 1u);
    EXPECT_EQ(p.replies[0].code, 554);
    EXPECT_EQ(p.replies[0].enhanced, "5.2.0");
    EXPECT_EQ(p.replies[0].text, "STOREDRV.Submission.Exception:OutboundSpamException; Failed");
}

TEST(ParseSmtplib, RecipientsRefusedDictAndEscapedLineBreaks) {
    auto p = parse_input("SMTPRecipientsRefused: {'a@example.com': (550, b'5.1.1 The email account does not exist.\\n5.1.1 "
                         "Please try again')}");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies[0].code, 550);
    EXPECT_EQ(p.replies[0].enhanced, "5.1.1");
}

TEST(ParseSmtplib, ParenthesesThatAreNotATupleAreIgnored) {
    auto p = parse_input("(550, nothing quoted) 451 4.7.1 Try again later");
    ASSERT_FALSE(p.replies.empty());
    EXPECT_EQ(p.replies[0].code, 451);
    EXPECT_TRUE(parse_input("(5").replies.empty());
    EXPECT_TRUE(parse_input("(550, b'").replies.size() <= 1u);   // unterminated: no crash
}
