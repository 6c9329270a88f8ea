// Postfix, Exim and Sendmail log lines and their timestamp prefixes (parse/log_*, parse/timestamp).
#include "parse/input.hpp"
#include "parse/timestamp.hpp"

#include "parse_helpers.hpp"

#include <gtest/gtest.h>

using namespace smtpx::parse;

using smtpx::parse::testing::only_reply;

// --- timestamps -----------------------------------------------------------------------------

TEST(ParseTimestamp, SyslogPrefix) {
    const LogPrefix p = split_log_prefix("Nov 29 10:00:01 mail postfix/smtp[123]: ABC123: to=<a@b>");
    EXPECT_EQ(p.timestamp, "Nov 29 10:00:01");
    EXPECT_EQ(p.host, "mail");
    EXPECT_EQ(p.program, "postfix/smtp");
    EXPECT_EQ(p.pid, "123");
    EXPECT_EQ(p.message, "ABC123: to=<a@b>");
}

TEST(ParseTimestamp, SyslogSingleDigitDay) {
    const LogPrefix p = split_log_prefix("Mar  4 09:12:33 mx sendmail[9]: x");
    EXPECT_EQ(p.timestamp, "Mar  4 09:12:33");
    EXPECT_EQ(p.program, "sendmail");
}

TEST(ParseTimestamp, Rfc3339Prefix) {
    const LogPrefix p = split_log_prefix("2026-11-29T10:00:01.123456+00:00 mail postfix/smtpd[77]: NOQUEUE: reject");
    EXPECT_EQ(p.timestamp, "2026-11-29T10:00:01.123456+00:00");
    EXPECT_EQ(p.host, "mail");
    EXPECT_EQ(p.program, "postfix/smtpd");
    EXPECT_EQ(p.message, "NOQUEUE: reject");
}

TEST(ParseTimestamp, JournalctlShortIso) {
    const LogPrefix p = split_log_prefix("2026-11-29T10:00:01+0000 mail postfix/smtp[5]: hello");
    EXPECT_EQ(p.timestamp, "2026-11-29T10:00:01+0000");
    EXPECT_EQ(p.program, "postfix/smtp");
}

TEST(ParseTimestamp, EximTimestampWithZone) {
    const LogPrefix p = split_log_prefix("2026-11-29 10:00:01 +0100 1abcDE-000123-AB ** a@b");
    EXPECT_EQ(p.timestamp, "2026-11-29 10:00:01 +0100");
    EXPECT_EQ(p.program, "");
    EXPECT_EQ(p.message, "1abcDE-000123-AB ** a@b");
}

TEST(ParseTimestamp, ProgramWithoutTimestamp) {
    const LogPrefix p = split_log_prefix("postfix/smtp[123]: ABC: to=<a@b>");
    EXPECT_EQ(p.timestamp, "");
    EXPECT_EQ(p.program, "postfix/smtp");
    EXPECT_EQ(p.message, "ABC: to=<a@b>");
}

TEST(ParseTimestamp, UnknownLineStaysWhole) {
    const LogPrefix p = split_log_prefix("550 5.1.1 nope");
    EXPECT_EQ(p.timestamp, "");
    EXPECT_EQ(p.message, "550 5.1.1 nope");
}

// --- Postfix --------------------------------------------------------------------------------

TEST(ParsePostfix, BouncedWithRemoteReply) {
    const ParsedInput p = parse_input(
        "Nov 29 10:00:01 mail postfix/smtp[123]: 4F2A1C0123: to=<bob@example.com>, relay=mx.example.com[192.0.2.10]:25, "
        "delay=1.4, delays=0.1/0/0.6/0.7, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.10] said: 550 5.1.1 "
        "<bob@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))");
    EXPECT_EQ(p.kind, InputKind::PostfixLog);
    EXPECT_EQ(p.software, "postfix");
    EXPECT_EQ(p.timestamp, "Nov 29 10:00:01");
    EXPECT_EQ(p.delivery_status, "bounced");
    EXPECT_EQ(p.status_enhanced, "5.1.1");
    EXPECT_EQ(p.recipient, "bob@example.com");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    EXPECT_EQ(p.remote_ip, "192.0.2.10");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.enhanced, "5.1.1");
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(r.text, "<bob@example.com>: Recipient address rejected: User unknown");
}

TEST(ParsePostfix, CommandFromInReplyToPhrase) {
    const auto command_for = [](const char* phrase) {
        const std::string line = std::string("postfix/smtp[1]: ABCDEF: to=<a@example.com>, relay=h[192.0.2.1]:25, dsn=5.0.0, "
                                             "status=bounced (host h[192.0.2.1] said: 550 no (in reply to ") + phrase + "))";
        const ParsedInput p = parse_input(line);
        return p.replies.empty() ? std::string("<none>") : p.replies.front().command;
    };
    EXPECT_EQ(command_for("MAIL FROM command"), "MAIL");
    EXPECT_EQ(command_for("end of DATA command"), "END-OF-DATA");
    EXPECT_EQ(command_for("DATA command"), "DATA");
    EXPECT_EQ(command_for("HELO/EHLO command"), "EHLO");
    EXPECT_EQ(command_for("initial protocol greeting"), "CONNECT");
    EXPECT_EQ(command_for("STARTTLS command"), "STARTTLS");
}

TEST(ParsePostfix, FlattenedGmailReplyInsideStatus) {
    const ParsedInput p = parse_input(
        "postfix/smtp[2]: 9E1D2C3B4A: to=<x@example.com>, relay=gmail-smtp-in.l.google.com[192.0.2.26]:25, dsn=5.1.1, "
        "status=bounced (host gmail-smtp-in.l.google.com[192.0.2.26] said: 550-5.1.1 The email account that you tried "
        "to reach does not exist. Please try 550-5.1.1 double-checking. Learn more at 550 5.1.1 "
        "https://support.google.com/mail/?p=NoSuchUser a1 - gsmtp (in reply to RCPT TO command))");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.text, "The email account that you tried to reach does not exist. Please try double-checking. Learn more at "
                      "https://support.google.com/mail/?p=NoSuchUser a1 - gsmtp");
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParsePostfix, DeferredConnectTimeoutHasNoReply) {
    const ParsedInput p = parse_input(
        "Mar  5 14:02:11 mail postfix/smtp[4410]: 7C3B2A1F00: to=<u@example.net>, relay=none, delay=302, "
        "dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.12]:25: Connection timed out)");
    EXPECT_EQ(p.delivery_status, "deferred");
    EXPECT_EQ(p.status_enhanced, "4.4.1");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.local_text, "connect to mx.example.net[192.0.2.12]:25: Connection timed out");
    EXPECT_EQ(p.remote_host, "mx.example.net");
    EXPECT_EQ(p.remote_ip, "192.0.2.12");
}

TEST(ParsePostfix, HostNotFoundIsLocalText) {
    const ParsedInput p = parse_input(
        "postfix/smtp[1]: 2F3A4B5C6D: to=<u@nonexistent.example>, relay=none, delay=1, dsn=5.4.4, status=bounced "
        "(Host or domain name not found. Name service error for name=nonexistent.example type=A: Host not found)");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.status_enhanced, "5.4.4");
    EXPECT_EQ(p.local_text.rfind("Host or domain name not found.", 0), 0U);
}

TEST(ParsePostfix, SentStatusCarriesTheReply) {
    const ParsedInput p = parse_input(
        "postfix/smtp[9]: 1A2B3C4D5E: to=<a@example.org>, relay=mx.example.org[192.0.2.5]:25, delay=0.5, dsn=2.0.0, "
        "status=sent (250 2.0.0 OK 1700000000 q1si123 - gsmtp)");
    EXPECT_EQ(p.delivery_status, "sent");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 250);
    EXPECT_EQ(r.enhanced, "2.0.0");
    EXPECT_EQ(r.command, "END-OF-DATA");
}

TEST(ParsePostfix, ExpiredReturnedToSender) {
    const ParsedInput p = parse_input("postfix/qmgr[5]: 3E4F5A6B7C: from=<s@example.org>, status=expired, returned to sender");
    EXPECT_EQ(p.kind, InputKind::PostfixLog);
    EXPECT_EQ(p.delivery_status, "expired");
}

TEST(ParsePostfix, SuspendedServerRefusedToTalk) {
    const ParsedInput p = parse_input(
        "postfix/smtp[4]: 5C6D7E8F9A: to=<u@example.com>, relay=none, delay=302, dsn=4.0.0, status=deferred "
        "(delivery temporarily suspended: connect to mx.example.com[192.0.2.232]: server refused to talk to me: "
        "421 Service not available, closing transmission channel)");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 421);
    EXPECT_EQ(r.command, "CONNECT");
    EXPECT_EQ(p.remote_host, "mx.example.com");
}

TEST(ParsePostfix, SmtpdNoqueueReject) {
    const ParsedInput p = parse_input(
        "Nov 29 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 "
        "<x@example.net>: Relay access denied; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<h.example>");
    EXPECT_EQ(p.kind, InputKind::PostfixLog);
    EXPECT_EQ(p.delivery_status, "reject");
    EXPECT_EQ(p.sender, "a@example.org");
    EXPECT_EQ(p.recipient, "x@example.net");
    EXPECT_EQ(p.remote_ip, "203.0.113.9");
    EXPECT_EQ(p.remote_host, "");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 554);
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(r.text, "<x@example.net>: Relay access denied");
}

TEST(ParsePostfix, PostscreenBlocklistReject) {
    const ParsedInput p = parse_input(
        "postfix/postscreen[1]: NOQUEUE: reject: RCPT from [203.0.113.7]:51234: 550 5.7.1 Service unavailable; "
        "client [203.0.113.7] blocked using zen.spamhaus.org; from=<a@example.org>, to=<b@example.net>, proto=ESMTP, "
        "helo=<h>");
    EXPECT_EQ(p.delivery_status, "reject");
    EXPECT_EQ(p.remote_ip, "203.0.113.7");
    EXPECT_EQ(p.sender, "a@example.org");
    EXPECT_EQ(p.recipient, "b@example.net");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.text, "Service unavailable; client [203.0.113.7] blocked using zen.spamhaus.org");
}

TEST(ParsePostfix, LmtpBounceWithEndOfData) {
    const ParsedInput p = parse_input(
        "postfix/lmtp[14102]: 4B5C6D7E8F: to=<u@example.org>, relay=mail.example.org[private/dovecot-lmtp], "
        "delay=0.31, dsn=5.2.2, status=bounced (host mail.example.org[private/dovecot-lmtp] said: 552 5.2.2 "
        "<u@example.org> Quota exceeded (mailbox for user is full) (in reply to end of DATA command))");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 552);
    EXPECT_EQ(r.command, "END-OF-DATA");
    EXPECT_EQ(r.text, "<u@example.org> Quota exceeded (mailbox for user is full)");
    EXPECT_EQ(p.remote_host, "mail.example.org");
    EXPECT_EQ(p.remote_ip, "");
}

TEST(ParsePostfix, LocalDeliveryUnknownUser) {
    const ParsedInput p = parse_input(
        "postfix/local[3]: 6D7E8F9A0B: to=<nobody@example.org>, relay=local, delay=0.1, dsn=5.1.1, "
        "status=bounced (unknown user: \"nobody\")");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.local_text, "unknown user: \"nobody\"");
    EXPECT_EQ(p.status_enhanced, "5.1.1");
}

TEST(ParsePostfix, CleanupHeaderReject) {
    const ParsedInput p = parse_input(
        "postfix/cleanup[8]: 7E8F9A0B1C: reject: header Subject: cheap pills from h.example[198.51.100.3]; "
        "from=<a@example.org> to=<b@example.net> proto=ESMTP helo=<h.example>: 550 5.7.1 Message content rejected");
    EXPECT_EQ(p.delivery_status, "reject");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "END-OF-DATA");
    EXPECT_EQ(r.text, "Message content rejected");
}

// --- Exim -----------------------------------------------------------------------------------

TEST(ParseExim, BouncedWithSmtpError) {
    const ParsedInput p = parse_input(
        "2026-11-29 10:00:01 1abcDE-000123-AB ** bob@example.com R=dnslookup T=remote_smtp H=mx.example.com "
        "[192.0.2.1]: SMTP error from remote mail server after RCPT TO:<bob@example.com>: 550 5.1.1 User unknown");
    EXPECT_EQ(p.kind, InputKind::EximLog);
    EXPECT_EQ(p.software, "exim");
    EXPECT_EQ(p.timestamp, "2026-11-29 10:00:01");
    EXPECT_EQ(p.delivery_status, "bounced");
    EXPECT_EQ(p.recipient, "bob@example.com");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    EXPECT_EQ(p.remote_ip, "192.0.2.1");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(r.text, "User unknown");
}

TEST(ParseExim, CommandFromAfterPhrase) {
    const auto command_for = [](const char* after) {
        const std::string line = std::string("2026-11-29 10:00:01 1abcDE-000123-AB ** a@example.com R=r T=t H=h [192.0.2.1] "
                                             "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after ") +
                                 after + ": 554 5.7.1 Rejected, sorry";
        const ParsedInput p = parse_input(line);
        return p.replies.empty() ? std::string("<none>") : p.replies.front().command + "|" + p.replies.front().text;
    };
    EXPECT_EQ(command_for("MAIL FROM:<s@example.org> SIZE=2779"), "MAIL|Rejected, sorry");
    EXPECT_EQ(command_for("end of data"), "END-OF-DATA|Rejected, sorry");
    EXPECT_EQ(command_for("initial connection"), "CONNECT|Rejected, sorry");
    EXPECT_EQ(command_for("pipelined RCPT TO:<a@example.com>"), "RCPT|Rejected, sorry");
}

TEST(ParseExim, OlderFormWithHostAfterCommand) {
    const ParsedInput p = parse_input(
        "2024-03-05 10:40:02 1rhYzA-000MNO-6p ** u@example.net R=dnslookup T=remote_smtp: SMTP error from remote mail "
        "server after RCPT TO:<u@example.net>: host mx.example.net [192.0.2.222]: 550 5.2.2 <u@example.net>... Mailbox Full");
    EXPECT_EQ(p.remote_host, "mx.example.net");
    EXPECT_EQ(p.remote_ip, "192.0.2.222");
    EXPECT_EQ(only_reply(p).code, 550);
    EXPECT_EQ(only_reply(p).text, "<u@example.net>... Mailbox Full");
}

TEST(ParseExim, DeferredWithSmtpError) {
    const ParsedInput p = parse_input(
        "2026-11-29 10:00:01 1abcDE-000123-AB == bob@example.com R=dnslookup T=remote_smtp defer (-44) H=mx.example.com "
        "[192.0.2.1]: SMTP error from remote mail server after RCPT TO:<bob@example.com>: 451 4.7.1 Greylisted");
    EXPECT_EQ(p.delivery_status, "deferred");
    EXPECT_EQ(only_reply(p).code, 451);
    EXPECT_EQ(only_reply(p).command, "RCPT");
}

TEST(ParseExim, DeferredWithoutReply) {
    const ParsedInput p = parse_input(
        "2026-11-29 10:00:01 1abcDE-000123-AB == bob@example.com R=dnslookup T=remote_smtp defer (111): Connection refused");
    EXPECT_EQ(p.delivery_status, "deferred");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.local_text, "Connection refused");
}

TEST(ParseExim, Delivered) {
    const ParsedInput p = parse_input(
        "2026-11-29 10:00:01 1abcDE-000123-AB => bob@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1] "
        "C=\"250 2.0.0 Ok: queued as 4XYZ\"");
    // The one scanner names a delivery "sent" whichever MTA logged it, as stats always has.
    EXPECT_EQ(p.delivery_status, "sent");
    EXPECT_EQ(only_reply(p).code, 250);
    EXPECT_EQ(only_reply(p).command, "END-OF-DATA");
}

TEST(ParseExim, BouncedUnrouteableAddress) {
    const ParsedInput p = parse_input("2026-11-29 10:00:01 1abcDE-000123-AB ** nobody@nowhere.example: Unrouteable address");
    EXPECT_EQ(p.delivery_status, "bounced");
    EXPECT_EQ(p.recipient, "nobody@nowhere.example");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.local_text, "Unrouteable address");
}

TEST(ParseExim, RejectedRcptWithoutCode) {
    const ParsedInput p = parse_input(
        "2026-11-29 10:00:01 H=(helo.example) [203.0.113.5] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted");
    EXPECT_EQ(p.kind, InputKind::EximLog);
    EXPECT_EQ(p.delivery_status, "reject");
    EXPECT_EQ(p.sender, "a@example.org");
    EXPECT_EQ(p.recipient, "b@example.net");
    EXPECT_EQ(p.remote_ip, "203.0.113.5");
    EXPECT_EQ(p.local_text, "relay not permitted");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.command, "RCPT");
}

TEST(ParseExim, RejectedAfterDataWithCode) {
    const ParsedInput p = parse_input(
        "2026-11-29 10:00:01 1abcDE-000123-AB H=mx.example.org [198.51.100.2] F=<a@example.org> rejected after DATA: "
        "550 5.7.1 Spam score too high");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "END-OF-DATA");
    EXPECT_EQ(p.remote_host, "mx.example.org");
}

// --- Sendmail -------------------------------------------------------------------------------

TEST(ParseSendmail, UserUnknownStat) {
    const ParsedInput p = parse_input(
        "Nov 29 10:00:01 mx sendmail[1]: 4ATA01a1000123: to=<bob@example.com>, delay=00:00:01, xdelay=00:00:01, "
        "mailer=esmtp, pri=120, relay=mx.example.com. [192.0.2.3], dsn=5.1.1, stat=User unknown");
    EXPECT_EQ(p.kind, InputKind::SendmailLog);
    EXPECT_EQ(p.software, "sendmail");
    EXPECT_EQ(p.delivery_status, "bounced");
    EXPECT_EQ(p.status_enhanced, "5.1.1");
    EXPECT_EQ(p.recipient, "bob@example.com");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    EXPECT_EQ(p.remote_ip, "192.0.2.3");
    EXPECT_TRUE(p.replies.empty());
    EXPECT_EQ(p.local_text, "User unknown");
}

TEST(ParseSendmail, DeferredConnectionRefused) {
    const ParsedInput p = parse_input(
        "sendmail[1]: 4ATA01a1000124: to=<a@example.net>, delay=00:00:05, mailer=esmtp, pri=120, relay=mx.example.net., "
        "dsn=4.0.0, stat=Deferred: Connection refused by mx.example.net.");
    EXPECT_EQ(p.delivery_status, "deferred");
    EXPECT_EQ(p.local_text, "Connection refused by mx.example.net.");
    EXPECT_TRUE(p.replies.empty());
}

TEST(ParseSendmail, SentWithOkText) {
    const ParsedInput p = parse_input(
        "sendmail[1]: 4ATA01a1000125: to=<a@example.net>, mailer=esmtp, relay=mx.example.net. [192.0.2.4], dsn=2.0.0, "
        "stat=Sent (OK id=1abcDE-000123-AB)");
    EXPECT_EQ(p.delivery_status, "sent");
    EXPECT_EQ(p.local_text, "OK id=1abcDE-000123-AB");
}

TEST(ParseSendmail, ReplyInsideStatText) {
    const ParsedInput p = parse_input(
        "sendmail[1]: 4ATA01a1000126: to=<b@example.net>, mailer=esmtp, relay=mx.example.net. [192.0.2.4], dsn=5.1.1, "
        "stat=550 5.1.1 <b@example.net>... User unknown");
    EXPECT_EQ(only_reply(p).code, 550);
    EXPECT_EQ(only_reply(p).text, "<b@example.net>... User unknown");
}

TEST(ParseSendmail, RulesetReject) {
    const ParsedInput p = parse_input(
        "Nov 29 10:00:01 mx sm-mta[2]: 4ATA01a1000127: ruleset=check_rcpt, arg1=<b@example.net>, relay=h.example [203.0.113.8], "
        "reject=550 5.7.1 <b@example.net>... Relaying denied");
    EXPECT_EQ(p.kind, InputKind::SendmailLog);
    EXPECT_EQ(p.delivery_status, "reject");
    EXPECT_EQ(p.recipient, "b@example.net");
    EXPECT_EQ(p.remote_host, "h.example");
    EXPECT_EQ(p.remote_ip, "203.0.113.8");
    const Reply& r = only_reply(p);
    EXPECT_EQ(r.code, 550);
    EXPECT_EQ(r.command, "RCPT");
    EXPECT_EQ(r.text, "<b@example.net>... Relaying denied");
}
