// parse::scan_log_line (the one log-line scanner, which explain and stats share) picks delivery, rejection and removal lines of Postfix, Exim and Sendmail logs.
#include "parse/log_scan.hpp"

#include <gtest/gtest.h>

using smtpx::parse::EventKind;
using smtpx::parse::scan_log_line;

TEST(LogScan, PostfixDeliveryLineGivesItsFieldsAndTheBareReply) {
    auto e = scan_log_line("Nov  1 00:00:01 mx1 postfix/smtp[1003]: 26F2A74DE4: to=<u@example.net>, relay=mx.example.net[192.0.2.1]:25, "
                       "delay=2.9, delays=0.1/0/0.3/2.5, dsn=5.3.4, status=bounced (host mx.example.net[192.0.2.1] said: 552 5.3.4 "
                       "Message size exceeds fixed maximum message size (in reply to RCPT TO command))");
    EXPECT_EQ(e.kind, EventKind::Delivery);
    EXPECT_EQ(e.queue_id, "26F2A74DE4");
    EXPECT_EQ(e.recipient, "u@example.net");
    EXPECT_EQ(e.relay, "mx.example.net");
    EXPECT_EQ(e.dsn, "5.3.4");
    EXPECT_EQ(e.status, "bounced");
    EXPECT_EQ(e.text, "552 5.3.4 Message size exceeds fixed maximum message size");
    EXPECT_EQ(e.timestamp, "Nov  1 00:00:01");
    EXPECT_FALSE(e.handoff);
}

TEST(LogScan, PostfixRelayToLoopbackIsAHandOffToAContentFilter) {
    auto e = scan_log_line("2026-11-29T00:03:01.123456+00:00 mx1 postfix/smtp[1230]: 2A3B4C5D6E: to=<d@example.com>, "
                       "relay=127.0.0.1[127.0.0.1]:10024, delay=0.5, delays=0.1/0/0/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    EXPECT_EQ(e.kind, EventKind::Delivery);
    EXPECT_TRUE(e.handoff);
    EXPECT_EQ(e.timestamp.substr(0, 19), "2026-11-29T00:03:01");
}

TEST(LogScan, PostfixLocalErrorWithoutReplyKeepsTheMtaWords) {
    auto e = scan_log_line("Nov 29 00:02:30 mx1 postfix/smtp[1220]: 1F2E3D4C5B: to=<c@example.net>, relay=none, delay=30, "
                       "delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)");
    EXPECT_EQ(e.status, "deferred");
    EXPECT_EQ(e.text, "connect to mx.example.net[198.51.100.7]:25: Connection timed out");
    // relay=none: the host the text names is the one that failed (as explain has always said).
    EXPECT_EQ(e.relay, "mx.example.net");
    EXPECT_EQ(e.remote_ip, "198.51.100.7");
}

TEST(LogScan, PostfixRemovalNoqueueRejectAndPostscreenReject) {
    auto r = scan_log_line("Nov 29 00:00:01 mx1 postfix/qmgr[900]: 4B1C2D3E4F: removed");
    EXPECT_EQ(r.kind, EventKind::Removed);
    EXPECT_EQ(r.queue_id, "4B1C2D3E4F");
    auto n = scan_log_line("Nov 29 00:05:00 mx1 postfix/smtpd[1300]: NOQUEUE: reject: RCPT from unknown[203.0.113.99]: 554 5.7.1 "
                       "<x@example.org>: Relay access denied; from=<s@example.biz> to=<x@example.org> proto=ESMTP helo=<b>");
    EXPECT_EQ(n.kind, EventKind::Reject);
    EXPECT_EQ(n.text, "554 5.7.1 <x@example.org>: Relay access denied");
    EXPECT_EQ(n.recipient, "x@example.org");
    auto p = scan_log_line("Nov 29 00:06:00 mx1 postfix/postscreen[1400]: NOQUEUE: reject: RCPT from [198.51.100.66]:51234: 550 5.7.1 "
                       "Service unavailable; client [198.51.100.66] blocked using zen.spamhaus.org; from=<a@b.biz>, to=<y@example.org>");
    EXPECT_EQ(p.kind, EventKind::Reject);
    EXPECT_EQ(p.text, "550 5.7.1 Service unavailable; client [198.51.100.66] blocked using zen.spamhaus.org");
}

TEST(LogScan, OtherPostfixLinesAreSkipped) {
    for (const char* line : {"Nov 29 00:00:01 mx1 postfix/qmgr[900]: 4B1C2D3E4F: from=<a@b.org>, size=2048, nrcpt=2 (queue active)",
                             "Nov 29 00:00:01 mx1 postfix/smtpd[1]: connect from x[192.0.2.1]",
                             "Nov 29 00:00:01 mx1 postfix/cleanup[1]: 4B1C2D3E4F: message-id=<a@b>", "", "status=sent",
                             "random text with status=bounced in it"})
        EXPECT_EQ(scan_log_line(line).kind, EventKind::None) << line;
}

TEST(LogScan, EximMarkersMapToStatusesAndTheReplyIsCutOut) {
    auto b = scan_log_line("2026-11-29 10:00:02 1tGabc-000ABC-12 ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net "
                       "[198.51.100.7]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 <bob@example.net>: "
                       "Recipient address rejected: User unknown");
    EXPECT_EQ(b.kind, EventKind::Delivery);
    EXPECT_EQ(b.status, "bounced");
    EXPECT_EQ(b.queue_id, "1tGabc-000ABC-12");
    EXPECT_EQ(b.recipient, "bob@example.net");
    EXPECT_EQ(b.relay, "mx.example.net");
    EXPECT_EQ(b.text, "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown");
    auto s = scan_log_line("2026-11-29 10:00:01 1tGabc-000ABC-12 => alice@example.com R=dnslookup T=remote_smtp H=mx.example.com "
                       "[203.0.113.5] C=\"250 2.0.0 Ok: queued as 4XyZ\"");
    EXPECT_EQ(s.status, "sent");
    EXPECT_EQ(s.text, "250 2.0.0 Ok: queued as 4XyZ");
    EXPECT_EQ(scan_log_line("2026-11-29 10:01:01 1tGdef-000DEF-34 == c@example.com R=d T=r defer (-44) H=m [203.0.113.5]: SMTP error "
                        "from remote mail server after RCPT TO:<c@example.com>: 451 4.7.1 Greylisting")
                  .status,
              "deferred");
    EXPECT_EQ(scan_log_line("2026-11-29 10:00:02 1tGabc-000ABC-12 Completed").kind, EventKind::Removed);
    auto r = scan_log_line("2026-11-29 10:20:00 H=(example.biz) [198.51.100.66] F=<s@example.biz> rejected RCPT <x@example.org>: relay not permitted");
    EXPECT_EQ(r.kind, EventKind::Reject);
    EXPECT_EQ(r.recipient, "x@example.org");
    EXPECT_EQ(r.text, "relay not permitted");
    EXPECT_EQ(scan_log_line("2026-11-29 10:00:00 1tGabc-000ABC-12 <= sender@example.org H=localhost [127.0.0.1]").kind, EventKind::None);
}

TEST(LogScan, SendmailStatDecidesTheStatus) {
    auto s = scan_log_line("Nov 29 10:00:01 mail sendmail[2002]: 4ATA00a1002001: to=<a@example.com>, delay=00:00:01, mailer=esmtp, "
                       "pri=1, relay=mx.example.com. [203.0.113.5], dsn=2.0.0, stat=Sent (4XyZ Message accepted for delivery)");
    EXPECT_EQ(s.status, "sent");
    EXPECT_EQ(s.relay, "mx.example.com");
    EXPECT_EQ(s.text, "4XyZ Message accepted for delivery");
    auto u = scan_log_line("Nov 29 10:00:02 mail sendmail[2003]: 4ATA00a2002003: to=<b@example.net>, mailer=esmtp, relay=mx.example.net. "
                       "[198.51.100.7], dsn=5.1.1, stat=User unknown");
    EXPECT_EQ(u.status, "bounced");
    EXPECT_EQ(u.text, "User unknown");
    auto d = scan_log_line("Nov 29 10:00:03 mail sendmail[2004]: 4ATA00a3002004: to=<c@example.com>, mailer=esmtp, relay=mx.example.com. "
                       "[203.0.113.5], dsn=4.0.0, stat=Deferred: 451 4.7.1 Please try again later");
    EXPECT_EQ(d.status, "deferred");
    EXPECT_EQ(d.text, "451 4.7.1 Please try again later");
    auto r = scan_log_line("Nov 29 10:05:00 mail sendmail[2010]: 4ATA05b1002010: ruleset=check_rcpt, arg1=<x@example.org>, "
                       "relay=[198.51.100.66], reject=550 5.7.1 <x@example.org>... Relaying denied");
    EXPECT_EQ(r.kind, EventKind::Reject);
    EXPECT_EQ(r.text, "550 5.7.1 <x@example.org>... Relaying denied");
}

TEST(LogScan, HostileLinesNeverCrashOrClaimADelivery) {
    std::string nul("Nov 29 10:00:00 h postfix/smtp[1]: ABCDE12345: to=<\0>, status=", 60);
    for (std::string_view line : {std::string_view(nul), std::string_view("postfix/smtp[1]: ABCDEF: to=<"),
                                  std::string_view("2026-11-29 10:00:00 1tGabc-000ABC-12 ** "),
                                  std::string_view("2026-11-29 10:00:00 H= rejected "), std::string_view("\x1b[31m")})
        (void)scan_log_line(line);   // must not crash or read out of bounds (the sanitizer run checks)
    EXPECT_EQ(scan_log_line("postfix/smtp[1]: ABCDEF: to=<").kind, EventKind::None);
}

// What explain used to read on its own and stats now reads the same way (one scanner for both).
TEST(LogScan, PerHostLinesAreExplainedButNotCounted) {
    auto e = scan_log_line("Nov 29 00:02:30 mx1 postfix/smtp[1220]: 1F2E3D4C5B: host mx.example.net[192.0.2.9] said: "
                           "450 4.2.0 Try later (in reply to RCPT TO command)");
    EXPECT_EQ(e.kind, EventKind::Detail);
    EXPECT_EQ(e.mta, "postfix");
    EXPECT_EQ(e.remote_host, "mx.example.net");
    EXPECT_EQ(e.relay, "");
}

TEST(LogScan, RejectionsNameTheirClientButNoRelay) {
    auto p = scan_log_line("Nov 29 00:05:00 mx1 postfix/smtpd[1300]: NOQUEUE: reject: RCPT from mail.example.biz[203.0.113.99]: "
                           "554 5.7.1 Service unavailable; from=<s@example.biz> to=<u@example.org> proto=ESMTP helo=<x>");
    EXPECT_EQ(p.kind, EventKind::Reject);
    EXPECT_EQ(p.remote_host, "mail.example.biz");
    EXPECT_EQ(p.remote_ip, "203.0.113.99");
    EXPECT_EQ(p.sender, "s@example.biz");
    EXPECT_EQ(p.recipient, "u@example.org");
    EXPECT_EQ(p.relay, "");
    auto x = scan_log_line("2026-11-29 10:20:00 H=mail.example.biz [198.51.100.66] F=<s@example.biz> rejected RCPT <x@example.org>: no");
    EXPECT_EQ(x.kind, EventKind::Reject);
    EXPECT_EQ(x.remote_host, "mail.example.biz");
    EXPECT_EQ(x.sender, "s@example.biz");
    EXPECT_EQ(x.relay, "");
}

TEST(LogScan, EximHostFromTheErrorPhraseWithoutHField) {
    auto e = scan_log_line("2026-11-29 10:00:01 1wXyZa-000AbC-1d ** someone@qq.com R=dnslookup T=remote_smtp: SMTP error from "
                           "remote mail server after end of data: host mx3.qq.com [192.0.2.7]: 550 Mail content denied");
    EXPECT_EQ(e.kind, EventKind::Delivery);
    EXPECT_EQ(e.relay, "mx3.qq.com");
    EXPECT_EQ(e.queue_id, "1wXyZa-000AbC-1d");
    EXPECT_EQ(e.text, "550 Mail content denied");
}

TEST(LogScan, SendmailQueuedIsNoAttemptAndATemporaryCodeIsADeferral) {
    auto q = scan_log_line("Nov 29 10:00:01 mail sendmail[2002]: 4ATA00a1002001: to=<a@example.com>, mailer=esmtp, stat=queued");
    EXPECT_EQ(q.kind, EventKind::Detail);
    EXPECT_EQ(q.status, "queued");
    auto d = scan_log_line("Nov 29 10:00:01 mail sendmail[2002]: 4ATA00a1002001: to=<a@example.com>, mailer=esmtp, dsn=4.4.1, "
                           "stat=Connection timed out");
    EXPECT_EQ(d.status, "deferred");
}

TEST(LogScan, ABracketedNumberWithoutMessageIdOrTimeIsNotExim) {
    // A PHP verifier's "[15] => Response: 550 ..." once passed for an Exim delivery and hid its reply.
    EXPECT_EQ(scan_log_line("    [15] => Response: 550 5.5.1 Protocol error").kind, EventKind::None);
}
