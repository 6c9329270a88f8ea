// The server's reply read out of client libraries' error texts, one test group per wrapper family.
// Inputs follow each library's own message format (its source code and documentation).
#include "parse/input.hpp"
#include "parse/wrappers.hpp"
#include "parse_helpers.hpp"

#include <gtest/gtest.h>

using smtpx::parse::InputKind;
using smtpx::parse::parse_input;
using smtpx::parse::unwrap;
using smtpx::parse::testing::only_reply;

TEST(ParseWrappersSymfony, TheCodeGotIsTakenNeverTheCodeExpected) {
    const auto r = only_reply(parse_input("Expected response code 220 but got code 554, with message \"554 5.7.1 Access denied\"."));
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.enhanced, "5.7.1");
    EXPECT_EQ(r.text, "Access denied");
}

TEST(ParseWrappersSymfony, QuotedCodesAndTheExpectedListNameTheCommand) {
    const auto p = parse_input("Symfony\\Component\\Mailer\\Exception\\TransportException: Expected response code \"250/251/252\" "
                               "but got code \"550\", with message \"550 5.1.1 <b@example.org>: Recipient address rejected: "
                               "User unknown in local recipient table\".");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(p.wrapper, "symfony");
}

TEST(ParseWrappersSymfony, ExpectedCodeAloneIsNoReply) {
    const auto p = parse_input("Expected response code 250 but got an empty response");
    EXPECT_EQ(p.kind, InputKind::Unknown);
    EXPECT_TRUE(p.replies.empty());
}

TEST(ParseWrappersSymfony, EveryAuthenticatorTriedGivesAReplyOfOneInput) {
    const auto p = parse_input("Failed to authenticate on SMTP server with username \"u@example.com\" using 2 possible "
                               "authenticators. Authenticator \"LOGIN\" returned \"Expected response code \"235\" but got code "
                               "\"535\", with message \"535 5.7.3 Authentication unsuccessful\".\". Authenticator \"PLAIN\" "
                               "returned \"Expected response code \"235\" but got code \"504\", with message \"504 5.7.4 "
                               "Unrecognized authentication type\".\".");
    ASSERT_EQ(p.replies.size(), 2U);
    EXPECT_EQ(p.replies[0].code, 535);
    EXPECT_EQ(p.replies[0].text, "Authentication unsuccessful");
    EXPECT_EQ(p.replies[0].command, "AUTH");
    EXPECT_EQ(p.replies[1].code, 504);
}

TEST(ParseWrappersPear, CodeAndResponseBecomeOneReply) {
    const auto p = parse_input("Failed to add recipient: a@example.com [SMTP: Invalid response code received from server "
                               "(code: 530, response: 5.7.0 Must issue a STARTTLS command first)]");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 530);
    EXPECT_EQ(r.enhanced, "5.7.0");
    EXPECT_EQ(r.text, "Must issue a STARTTLS command first");
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParseWrappersPear, ParenthesesInsideTheResponseSurvive) {
    const auto r = only_reply(parse_input("Failed to set sender: a@example.com [SMTP: Invalid response code received from "
                                          "server (code: 550, response: Access denied - Invalid HELO name (See RFC2821 4.1.1.1))]"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "Access denied - Invalid HELO name (See RFC2821 4.1.1.1)");
    EXPECT_EQ(r.command, "MAIL");
}

TEST(ParseWrappersPhpMailer, ErrorInfoFieldsAreReassembled) {
    const auto r = only_reply(parse_input("SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: "
                                          "Message rejected: Email address is not verified. SMTP code: 554 Additional SMTP "
                                          "info: 5.7.1"));
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.enhanced, "5.7.1");
    EXPECT_EQ(r.text, "Message rejected: Email address is not verified.");
    EXPECT_EQ(r.command, "END-OF-DATA");
}

TEST(ParseWrappersPhpMailer, DebugErrorLineNamesTheCommand) {
    const auto r = only_reply(parse_input("SMTP ERROR: MAIL FROM command failed: 553 5.7.1 <x@example.com>: Sender address "
                                          "rejected: not owned by user u@example.com"));
    EXPECT_EQ(r.code, 553);
    EXPECT_EQ(r.command, "MAIL");
}

TEST(ParseWrappersLettre, DebugFormSpellsTheCodeInWords) {
    const auto r = only_reply(parse_input("Error { kind: Permanent(Code { severity: PermanentNegativeCompletion, category: "
                                          "MailSystem, detail: Four }), source: None } Response { code: Code { severity: "
                                          "PermanentNegativeCompletion, category: MailSystem, detail: Four }, message: "
                                          "[\"5.7.1 relaying denied\"] }"));
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.enhanced, "5.7.1");
    EXPECT_EQ(r.text, "relaying denied");
}

TEST(ParseWrappersLettre, TransientCodeAndSeveralMessageLines) {
    const auto r = only_reply(parse_input("Response { code: Code { severity: TransientNegativeCompletion, category: "
                                          "MailSystem, detail: One }, message: [\"4.7.1 Greylisted,\", \"please retry later\"] }"));
    EXPECT_EQ(r.code, 451);
    EXPECT_EQ(r.text, "Greylisted, please retry later");
}

TEST(ParseWrappersLettre, DisplayForm) {
    const auto r = only_reply(parse_input("Error sending email: permanent error (550): 5.1.1 <a@example.com>: user unknown"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
}

TEST(ParseWrappersDotnet, StatusMessageSuppliesTheLostCode) {
    const auto r = only_reply(parse_input("System.Net.Mail.SmtpException: Mailbox unavailable. The server response was: "
                                          "5.7.1 Client does not have permissions to send as this sender\n   at "
                                          "System.Net.Mail.DataStopCommand.CheckResponse(SmtpStatusCode statusCode)"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.7.1");
    EXPECT_EQ(r.text, "Client does not have permissions to send as this sender");
}

TEST(ParseWrappersDotnet, TransientEnhancedCodePicksTheTransientCode) {
    EXPECT_EQ(only_reply(parse_input("Mailbox unavailable. The server response was: 4.2.1 Mailbox temporarily busy")).code, 450);
    EXPECT_EQ(only_reply(parse_input("The SMTP server requires a secure connection or the client was not authenticated. "
                                     "The server response was: 5.7.0 Authentication Required."))
                  .code,
              530);
}

TEST(ParseWrappersNodemailer, InspectedErrorObject) {
    const auto r = only_reply(parse_input("Error: Message failed: 550 5.7.1 Message rejected as spam\n    at "
                                          "SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/"
                                          "index.js:790:19) {\n  code: 'EMESSAGE',\n  response: '550 5.7.1 Message rejected "
                                          "as spam',\n  responseCode: 550,\n  command: 'DATA'\n}"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "Message rejected as spam");
    EXPECT_EQ(r.command, "DATA");
}

TEST(ParseWrappersNodemailer, MessagePrefixNamesTheCommandOfAPlainReply) {
    const auto r = only_reply(parse_input("Error: Can't send mail - all recipients were rejected: 550 5.1.1 <a@example.com>: "
                                          "Recipient address rejected: User unknown"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParseWrappersGenSmtp, LastBinaryWithACodeIsTheReply) {
    const auto r = only_reply(parse_input("{error,send,{permanent_failure,<<\"mx.example.com\">>,<<\"550 5.1.1 <a@example.com> "
                                          "No such user\\r\\n\">>}}"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "<a@example.com> No such user");
}

TEST(ParseWrappersSmtplib, ExceptionNameGivesTheCommand) {
    const auto r = only_reply(parse_input("smtplib.SMTPSenderRefused: (553, b'5.7.1 Sender address rejected: not owned by "
                                          "user', 'a@example.com')"));
    EXPECT_EQ(r.code, 553);
    EXPECT_EQ(r.command, "MAIL");
}

TEST(ParseWrappersClientDialog, ServerErrorSuppliesTheCodeOfTheResponse) {
    const auto r = only_reply(parse_input("The message could not be sent because one of the recipients was rejected by the "
                                          "server.\nSubject 'hi'\nServer Response: 'sorry, that domain isn't in my list of "
                                          "allowed rcpthosts'\nServer: 'mail.example.com'\nServer Error: 553\nError Number: 0x800CCC79"));
    EXPECT_EQ(r.code, 553);
    EXPECT_EQ(r.text, "sorry, that domain isn't in my list of allowed rcpthosts");
}

TEST(ParseWrappersJson, AmazonSesBounceNotification) {
    const auto p = parse_input(R"({"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
      "bouncedRecipients":[{"emailAddress":"a@example.com","action":"failed","status":"5.1.1",
      "diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"reportingMTA":"dsn; a1-2.smtp-out.amazonses.com"}})");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
    EXPECT_EQ(p.recipient, "a@example.com");
    EXPECT_EQ(p.wrapper, "json");
}

TEST(ParseWrappersJson, MailgunCodeNumberJoinsItsMessage) {
    const auto p = parse_input(R"({"event":"failed","severity":"permanent","reason":"bounce","recipient":"a@example.com",
      "delivery-status":{"code":552,"message":"5.2.2 The email account that you tried to reach is over quota.",
      "description":"","enhanced-code":"5.2.2","mx-host":"mx.example.com"}})");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 552);
    EXPECT_EQ(r.enhanced, "5.2.2");
    EXPECT_EQ(p.remote_host, "mx.example.com");
}

TEST(ParseWrappersJson, SendGridReasonAndPostmarkDetails) {
    EXPECT_EQ(only_reply(parse_input(R"({"email":"a@example.com","event":"bounce","reason":"550 5.7.1 Rejected by policy",
      "status":"5.7.1","type":"blocked"})")).code, 550);
    const auto r = only_reply(parse_input(R"({"RecordType":"Bounce","Type":"HardBounce","Email":"a@example.com",
      "Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).",
      "Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist."})"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
}

TEST(ParseWrappersJson, NodemailerJsonPrefersTheResponseField) {
    const auto r = only_reply(parse_input(R"({"code":"EENVELOPE","response":"550 5.1.1 <a@example.com>: Recipient address rejected",
      "responseCode":550,"command":"RCPT TO","message":"Can't send mail - all recipients were rejected: 550 5.1.1 <a@example.com>: Recipient address rejected"})"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParseWrappersJson, InvalidOrDeepJsonIsHandledWithoutACrash) {
    EXPECT_FALSE(unwrap("{\"a\": ").has_value() && !unwrap("{\"a\": ")->replies.empty());
    const std::string deep(5000, '[');
    EXPECT_NO_THROW(parse_input(deep + std::string(5000, ']')));
    EXPECT_NO_THROW(parse_input(deep));
}

TEST(ParseWrappers, PlainReplyIsNoWrapper) {
    EXPECT_FALSE(unwrap("550 5.1.1 user unknown").has_value());
    EXPECT_TRUE(parse_input("550 5.1.1 user unknown").wrapper.empty());
}

TEST(ParseWrappersLooseCode, CodesInBracketsParenthesesOrBeforePunctuation) {
    EXPECT_EQ(only_reply(parse_input("Error SMTP: [550] Incorrect sender header (LOCAL)")).code, 550);
    EXPECT_EQ(only_reply(parse_input("SMTP Error (451): (Temporary local problem - please try later).")).code, 451);
    EXPECT_EQ(only_reply(parse_input("Uncaught (in promise) Error: 552: Message rejected")).code, 552);
    EXPECT_EQ(only_reply(parse_input("421, Unexpected failure, please try later")).code, 421);
    const auto r = only_reply(parse_input("Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 The account does not exist."));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
}

TEST(ParseWrappersLooseCode, LabelledCodeTakesItsDetailsField) {
    const auto r = only_reply(parse_input("INFO DSN permanent failure notification queueId = 123456, size = 828, code = 550, "
                                          "details = \"This account is not authorized to receive email.\", total = 0"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "This account is not authorized to receive email.");
}

TEST(ParseWrappersLooseCode, TimesAndLongNumbersAreNoCodes) {
    EXPECT_TRUE(parse_input("at 10:38:35, id 1234567, took 12.345 s").replies.empty());
}

TEST(ParseWrappersJson, FragmentWithoutItsOuterBraces) {
    const auto r = only_reply(parse_input("\"ResponseCode\": \"250\",\n    \"ErrorCode\": \"\",\n    \"SmtpResponse\": "
                                          "\"250 2.1.5 OK - gsmtp\\r\\n\""));
    EXPECT_EQ(r.code, 250);
    EXPECT_EQ(r.enhanced, "2.1.5");
}

TEST(ParseWrappersSmtplib, ExceptionBeatsASessionLogThatShowsNoFailure) {
    const auto p = parse_input("Failed to send mails: (535, b'5.7.8 Error: authentication failed')\n\nFull SMTP log follows:\n"
                               "reply: b'220 mail.example.org ESMTP Postfix\\r\\n'\nreply: retcode (220); Msg: b'mail.example.org'");
    const auto r = only_reply(p);
    EXPECT_EQ(r.code, 535);
    EXPECT_EQ(r.enhanced, "5.7.8");
}

TEST(ParseWrappersJson, ObjectAfterAPrefixAndJmapSmtpReply) {
    const auto r = only_reply(parse_input("Webhook request: {\"deliveryStatus\": {\"a@example.org\": {\"delivered\": \"no\", "
                                          "\"smtpReply\": \"550 5.1.2 Mailbox does not exist.\"}}}"));
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.2");
}
