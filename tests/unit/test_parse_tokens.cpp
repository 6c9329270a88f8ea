// parse/tokens: where an address, host name, queue or message id, id-like token, number, reply code
// or timestamp starts and ends; the stats normaliser and the redactor both ask these.
#include "parse/tokens.hpp"

#include <gtest/gtest.h>

using namespace smtpx::parse;

TEST(ParseTokens, ReplyCodesAreBasicEnhancedOrBothJoined) {
    EXPECT_TRUE(is_reply_code("550"));
    EXPECT_TRUE(is_reply_code("5.1.1"));
    EXPECT_TRUE(is_reply_code("550-5.1.1"));
    EXPECT_TRUE(is_reply_code("4.7.650"));
    EXPECT_FALSE(is_reply_code("650"));        // no SMTP class 6
    EXPECT_FALSE(is_reply_code("5.1"));
    EXPECT_FALSE(is_reply_code("1.2.3"));
    EXPECT_FALSE(is_reply_code("5.1.1.1"));
    EXPECT_FALSE(is_reply_code("3.1.1"));      // RFC 3463 has classes 2, 4 and 5 only
    EXPECT_FALSE(is_reply_code("5.1234.1"));   // subject and detail have one to three digits
    EXPECT_FALSE(is_reply_code("5..11"));
    EXPECT_FALSE(is_reply_code("650-5.1.1"));
}

TEST(ParseTokens, NumbersAreDigitsWithTheirPunctuation) {
    EXPECT_TRUE(is_number("0.12/0.01/0.61"));
    EXPECT_TRUE(is_number("95%"));
    EXPECT_TRUE(is_number("-0500"));
    EXPECT_FALSE(is_number("5a"));
    EXPECT_FALSE(is_number("./-"));
}

TEST(ParseTokens, IdLikeNeedsSevenMixedCharactersSoLookUpCodesStay) {
    EXPECT_TRUE(is_id_like("a1b2c3d4e5f6si1234567qtb"));
    EXPECT_TRUE(is_id_like("1rABCd-000123-AB"));
    EXPECT_FALSE(is_id_like("TSS04"));         // a code people look up
    EXPECT_FALSE(is_id_like("DY-001"));
    EXPECT_TRUE(is_id_like("DY-0001"));         // seven is where codes end and ids begin
    EXPECT_FALSE(is_id_like("abcdefg1"));       // one digit
    EXPECT_FALSE(is_id_like("1234567"));        // no letter
    EXPECT_FALSE(is_id_like("abc123.def"));     // a dot makes it a name
}

TEST(ParseTokens, GeneratedHostHasALabelMixingLettersAndDigits) {
    EXPECT_TRUE(is_generated_host("AM0PR04MB1234.eurprd04.prod.outlook.com"));
    EXPECT_TRUE(is_generated_host("mta7.am0.yahoodns.net"));
    EXPECT_FALSE(is_generated_host("gmail-smtp-in.l.google.com"));
    EXPECT_FALSE(is_generated_host("mx1"));     // no dot
    EXPECT_FALSE(is_generated_host("a1.b/c"));  // a path
}

TEST(ParseTokens, TimestampsOfIsoRfc5322AndBareClocksAsWholeTokens) {
    EXPECT_EQ(timestamp_length("2024-05-01T10:00:00.000Z rest"), 24u);
    EXPECT_EQ(timestamp_length("2024-05-01 10:00:00 +0000"), 25u);
    EXPECT_EQ(timestamp_length("Tue, 01 May 2024 10:00:00 +0000)"), 31u);
    EXPECT_EQ(timestamp_length("1 May 2024 10:00:00 GMT"), 23u);
    EXPECT_EQ(timestamp_length("10:00:00,123 x"), 12u);
    EXPECT_EQ(timestamp_length("10:00:00abc"), 0u);
    EXPECT_EQ(timestamp_length("10:00"), 0u);
    EXPECT_EQ(timestamp_length(""), 0u);
}

TEST(ParseTokens, HostNameEndsInAKnownLookingTldAfterALetter) {
    EXPECT_EQ(host_length("mx1.example.com]:25"), 15u);
    EXPECT_EQ(host_length("smtp-in.orange.fr "), 17u);
    EXPECT_EQ(host_length("1.2.de"), 0u);                          // a version
    EXPECT_EQ(host_length("RESOLVER.ADR.RecipientNotFound"), 0u);  // no TLD
    EXPECT_EQ(host_length("header.from"), 0u);
    EXPECT_EQ(host_length("mx.example.com@"), 0u);                 // part of something longer
    EXPECT_EQ(host_length("-mx.example.com"), 0u);
}

TEST(ParseTokens, EmailNeedsAHostSingleLabelOrLiteralDomain) {
    EXPECT_EQ(email_length("bob.smith@acme-corp.com>"), 23u);
    EXPECT_EQ(email_length("root@localhost."), 14u);
    EXPECT_EQ(email_length("postmaster@[192.0.2.1] x"), 22u);
    EXPECT_EQ(email_length(".bob@example.com"), 0u);
    EXPECT_EQ(email_length("bob@"), 0u);
    EXPECT_EQ(email_length("@example.com"), 0u);
}

TEST(ParseTokens, BracketedAddressIsWholeAndMessageIdsLookGenerated) {
    EXPECT_EQ(bracketed_address_length("<a@b.example>: x"), 13u);
    EXPECT_EQ(bracketed_address_length("<a b@c>"), 0u);
    EXPECT_EQ(bracketed_address_length("<@c>"), 0u);
    EXPECT_EQ(bracketed_address_length("<mx.example.com>"), 0u);
    EXPECT_TRUE(is_generated_local_part("20241201103000.123456789abcdef"));
    EXPECT_FALSE(is_generated_local_part("bob.smith"));
    EXPECT_FALSE(is_generated_local_part("bounce=1234567890=user=example.com"));   // a VERP sender
}

TEST(ParseTokens, QueueIdsOfPostfixEximAndSendmail) {
    EXPECT_EQ(exim_id_length("1rABCd-000123-AB rest"), 16u);
    EXPECT_EQ(exim_id_length("1rABCd-000123abcde-ABCD"), 23u);
    EXPECT_EQ(exim_id_length("abcdef-ghijkl-mn"), 0u);   // no digit: words joined by dashes
    EXPECT_EQ(queue_id_length("4F2A1C0123: to=<a@b>"), 10u);
    EXPECT_EQ(queue_id_length("4Rq2vJ1bz9z3xYq: to="), 15u);   // Postfix long id
    EXPECT_EQ(queue_id_length("3AB4CdE5012345: from="), 14u);  // Sendmail
    EXPECT_EQ(queue_id_length("4F2A1C0123:25"), 0u);          // a port, not a log message's id
    EXPECT_EQ(queue_id_length("DEADBEEF: x"), 0u);            // all letters
    EXPECT_EQ(labelled_queue_id_length("250 2.0.0 Ok: queued as 1A2B3C", 24), 6u);
    EXPECT_EQ(labelled_queue_id_length("Queue-ID: 9Z8Y7X6W", 10), 8u);
    EXPECT_EQ(labelled_queue_id_length("250 2.0.0 Ok: 1A2B3C", 14), 0u);   // nothing names it
}

TEST(ParseTokens, LabelBeforeAPositionNeedsASeparator) {
    EXPECT_TRUE(preceded_by_label("Message-ID: <x@y>", 12, {"message-id"}));
    EXPECT_FALSE(preceded_by_label("Message-ID<x@y>", 10, {"message-id"}));
}

TEST(ParseTokens, PortComesOffOnlyWhenThereIsOneColon) {
    EXPECT_EQ(without_port("192.0.2.1:25"), "192.0.2.1");
    EXPECT_EQ(without_port("2001:db8::1"), "2001:db8::1");
    EXPECT_EQ(without_port("mx.example.com"), "mx.example.com");
}
