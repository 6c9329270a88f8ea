// RFC 3464 fields, RFC 2047, quoted-printable and whole bounce messages (parse/dsn, parse/bounce, parse/mime).
#include "parse/input.hpp"
#include "parse/mime.hpp"

#include "parse_helpers.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace smtpx::parse;

using smtpx::parse::testing::only_reply;

TEST(ParseDsn, ReadsRecipientFields) {
    const ParsedInput p = parse_input(
        "Final-Recipient: rfc822; bob@example.com\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        "Remote-MTA: dns; mx.example.com\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>... User unknown\n");
    EXPECT_EQ(p.kind, InputKind::Dsn);
    EXPECT_EQ(p.recipient, "bob@example.com");
    EXPECT_EQ(p.delivery_status, "failed");
    EXPECT_EQ(p.status_enhanced, "5.1.1");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
    EXPECT_EQ(r.text, "<bob@example.com>... User unknown");
}

TEST(ParseDsn, DiagnosticCodeAlone) {
    const ParsedInput p = parse_input("Diagnostic-Code: SMTP; 552 5.2.3 Message size exceeds fixed maximum message size");
    EXPECT_EQ(p.kind, InputKind::Dsn);
    EXPECT_EQ(only_reply(p).code, 552);
    EXPECT_EQ(only_reply(p).text, "Message size exceeds fixed maximum message size");
}

TEST(ParseDsn, JoinsFoldedDiagnosticLines) {
    const ParsedInput p = parse_input(
        "Action: failed\n"
        "Status: 5.7.26\n"
        "Diagnostic-Code: smtp; 550-5.7.26 Unauthenticated email from example.org is not\n"
        "    accepted due to domain's DMARC policy. 550-5.7.26 Please contact the\n"
        "\tadministrator. 550 5.7.26 https://example.com/dmarc - gsmtp\n");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text,
              "Unauthenticated email from example.org is not accepted due to domain's DMARC policy. Please contact the "
              "administrator. https://example.com/dmarc - gsmtp");
    EXPECT_EQ(p.status_enhanced, "5.7.26");
}

TEST(ParseDsn, NonSmtpDiagnosticIsLocalText) {
    const ParsedInput p = parse_input("Diagnostic-Code: X-Postfix; connect to mx.example.net[192.0.2.1]:25: Connection refused\nStatus: 4.4.1");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.status_enhanced, "4.4.1");
    EXPECT_EQ(p.local_text, "connect to mx.example.net[192.0.2.1]:25: Connection refused");
}

TEST(ParseDsn, StatusWithCommentKeepsOnlyTheCode) {
    const ParsedInput p = parse_input("Action: failed\nStatus: 5.1.1 (Remote SMTP server has rejected address)\n");
    EXPECT_EQ(p.status_enhanced, "5.1.1");
}

TEST(ParseDsn, StatusFromFirstFailedRecipient) {
    const ParsedInput p = parse_input(
        "Final-Recipient: rfc822; a@example.com\nAction: delayed\nStatus: 4.2.2\n"
        "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n\n"
        "Final-Recipient: rfc822; b@example.com\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 No such user\n");
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[0].code, 452);
    EXPECT_EQ(p.replies[1].code, 550);
    EXPECT_EQ(p.status_enhanced, "5.1.1");
    EXPECT_EQ(p.delivery_status, "failed");
    EXPECT_EQ(p.recipient, "b@example.com");
}

TEST(ParseDsn, RepeatedFieldStartsNewRecipientWithoutBlankLine) {
    const ParsedInput p = parse_input(
        "Final-Recipient: rfc822; a@example.com\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Full\n"
        "Final-Recipient: rfc822; b@example.com\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 Unknown\n");
    EXPECT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.recipient, "a@example.com");
    EXPECT_EQ(p.status_enhanced, "5.2.2");
}

TEST(ParseMime, DecodesQEncodedWord) {
    EXPECT_EQ(decode_encoded_words("=?utf-8?Q?Unzustellbar=3A_Postfach_voll?="), "Unzustellbar: Postfach voll");
}

TEST(ParseMime, DecodesBEncodedWordAndJoinsAdjacentWords) {
    // "Mailbox " + "full" encoded as two words separated by folding whitespace.
    EXPECT_EQ(decode_encoded_words("=?UTF-8?B?TWFpbGJveCA=?= =?UTF-8?B?ZnVsbA==?= now"), "Mailbox full now");
}

TEST(ParseMime, ConvertsEncodedWordsInAnyCharsetToUtf8) {
    EXPECT_EQ(decode_encoded_words("=?iso-8859-1?Q?Empf=E4nger?="), "Empf\xC3\xA4nger");
    EXPECT_EQ(decode_encoded_words("=?windows-1252?Q?Empf=E4nger?="), "Empf\xC3\xA4nger");
    EXPECT_EQ(decode_encoded_words("=?x-no-such-charset?Q?Empf=E4nger?="), "Empf\xE4nger");   // unknown: bytes kept
}

TEST(ParseMime, LeavesMalformedEncodedWords) {
    EXPECT_EQ(decode_encoded_words("=?utf-8?X?abc?= and =?broken"), "=?utf-8?X?abc?= and =?broken");
}

TEST(ParseMime, DecodesQuotedPrintableSoftBreaksAndEscapes) {
    EXPECT_EQ(decode_quoted_printable("550 5.1.1 User=\nunknown =3D bad=20\r\nend="), "550 5.1.1 Userunknown = bad \r\nend");
    // A stray or broken "=" stays, a trailing one (alone or with blanks) is a soft break.
    EXPECT_EQ(decode_quoted_printable("a="), "a");
    EXPECT_EQ(decode_quoted_printable("a=  "), "a");
    EXPECT_EQ(decode_quoted_printable("=4"), "=4");
    EXPECT_EQ(decode_quoted_printable("=4G x==41"), "=4G x=A");
    EXPECT_EQ(decode_quoted_printable("one=\rtwo=  \r\nthree=\r"), "onetwothree");
}

TEST(ParseDsn, PastedQuotedPrintableBody) {
    const ParsedInput p = parse_input(
        "Action: failed\nStatus: 5.7.1\nDiagnostic-Code: smtp; 554 5.7.1 Message rejected: see https://exa=\n"
        "mple.com/?a=3Db for details\n");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.text, "Message rejected: see https://example.com/?a=b for details");
}

TEST(ParseDsn, EncodedWordInDiagnostic) {
    const ParsedInput p = parse_input("Diagnostic-Code: smtp; 550 5.1.1 =?utf-8?Q?Destinataire_inconnu?=");
    EXPECT_EQ(only_reply(p).text, "Destinataire inconnu");
}

namespace {

const char* kBounce =
    "Return-Path: <>\n"
    "Received: from mx.example.org by mail.example.com\n"
    "From: MAILER-DAEMON@example.org (Mail Delivery System)\n"
    "Subject: =?utf-8?Q?Undelivered_Mail?=\n"
    "Date: Sat, 29 Nov 2026 10:00:01 +0000\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status;\n"
    "\tboundary=\"BOUNDARY.1\"\n"
    "\n"
    "This is a MIME-encapsulated message.\n"
    "\n"
    "--BOUNDARY.1\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "<bob@example.com>: host mx.example.com[192.0.2.7] said: 550 5.1.1 <bob@example.com>:=\n"
    " Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
    "\n"
    "--BOUNDARY.1\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mail.example.org\n"
    "X-Postfix-Sender: rfc822; alice@example.org\n"
    "\n"
    "Final-Recipient: rfc822; bob@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Remote-MTA: dns; mx.example.com\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected:\n"
    "    User unknown\n"
    "\n"
    "Final-Recipient: rfc822; carol@example.com\n"
    "Action: failed\n"
    "Status: 5.2.2\n"
    "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n"
    "\n"
    "--BOUNDARY.1\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "Received: from somewhere\n"
    "Subject: hello 550 5.9.9 not a reply\n"
    "\n"
    "body\n"
    "--BOUNDARY.1--\n";

} // namespace

TEST(ParseBounce, WholeMultipartReportMessage) {
    const ParsedInput p = parse_input(kBounce);
    EXPECT_EQ(p.kind, InputKind::Dsn);
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[0].code, 550);
    EXPECT_EQ(p.replies[0].text, "<bob@example.com>: Recipient address rejected: User unknown");
    EXPECT_EQ(p.replies[0].command, "RCPT");   // borrowed from the human-readable part
    EXPECT_EQ(p.replies[1].code, 552);
    EXPECT_EQ(p.status_enhanced, "5.1.1");
    EXPECT_EQ(p.recipient, "bob@example.com");
    EXPECT_EQ(p.sender, "alice@example.org");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    EXPECT_EQ(p.timestamp, "Sat, 29 Nov 2026 10:00:01 +0000");
}

TEST(ParseBounce, Base64DeliveryStatusPart) {
    const std::string msg =
        "From: postmaster@example.net\n"
        "Content-Type: multipart/report; boundary=b1\n\n"
        "--b1\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n"
        // "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no\n"
        "QWN0aW9uOiBmYWlsZWQKU3RhdHVzOiA1LjEuMQpEaWFnbm9zdGljLUNvZGU6IHNtdHA7IDU1MCA1LjEuMSBubwo=\n"
        "--b1--\n";
    const ParsedInput p = parse_input(msg);
    EXPECT_EQ(p.status_enhanced, "5.1.1");
    EXPECT_EQ(only_reply(p).code, 550);
}

TEST(ParseBounce, QmailBody) {
    const ParsedInput p = parse_input(
        "Hi. This is the qmail-send program at mail.example.org.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
        "<bob@example.net>:\n"
        "192.0.2.20 does not like recipient.\n"
        "Remote host said: 550 5.1.1 <bob@example.net>... User Unknown\n"
        "Giving up on 192.0.2.20.\n");
    EXPECT_EQ(p.kind, InputKind::Dsn);
    EXPECT_EQ(p.software, "qmail");
    EXPECT_EQ(p.delivery_status, "failed");
    EXPECT_EQ(p.recipient, "bob@example.net");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "<bob@example.net>... User Unknown");
}

TEST(ParseBounce, EximBodyWithIndentedMultiLineReply) {
    const ParsedInput p = parse_input(
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        "  bob@example.net\n"
        "    host mx.example.net [192.0.2.20]\n"
        "    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n"
        "    550-Your message was rejected by this system.\n"
        "    550 Reason: no reverse DNS\n\n"
        "------ This is a copy of the message, including all the headers. ------\n"
        "Subject: 451 4.0.0 not this\n");
    EXPECT_EQ(p.software, "exim");
    EXPECT_EQ(p.recipient, "bob@example.net");
    EXPECT_EQ(p.remote_host, "mx.example.net");
    EXPECT_EQ(p.remote_ip, "192.0.2.20");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(r.text, "Your message was rejected by this system. Reason: no reverse DNS");
}

TEST(ParseBounce, ExchangeNdrBody) {
    const ParsedInput p = parse_input(
        "Delivery has failed to these recipients or groups:\n\nbob@example.com\n\n"
        "Diagnostic information for administrators:\n\nGenerating server: EX1.example.com\n\n"
        "bob@example.com\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found'\n");
    EXPECT_EQ(p.kind, InputKind::Dsn);
    EXPECT_EQ(p.software, "exchange");
    EXPECT_EQ(only_reply(p).enhanced, "5.1.10");
}

TEST(ParseBounce, GmailStyleBodyWithReplyOnItsOwnLine) {
    const ParsedInput p = parse_input(
        "Google tried to deliver your message, but it was rejected by the server for the recipient domain example.net "
        "by mx1.example.net. [192.0.2.58].\n\nThe error that the other server returned was:\n"
        "550 5.1.1 <x@example.net>: Recipient address rejected: User unknown\n");
    EXPECT_EQ(only_reply(p).code, 550);
    EXPECT_EQ(only_reply(p).text, "<x@example.net>: Recipient address rejected: User unknown");
}
