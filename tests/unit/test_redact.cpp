// explain --redact: the scanner (redact/redactor) and the pass over a whole answer (redact/answer).
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "kb/knowledge_base.hpp"
#include "render/json.hpp"
#include "redact/answer.hpp"
#include "redact/redactor.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace smtpx;
using redact::Redactor;

namespace {
/// A redactor that keeps the public services' domains the embedded knowledge base lists.
Redactor kb_redactor() { return Redactor(fixture::embedded_kb().public_domains()); }
} // namespace

TEST(Redact, ReplacesAddressesIpsAndHostsWithNumberedPlaceholders) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("550 5.1.1 <bob@acme.example.com>: unknown; relay=mx1.acme.com[198.51.100.7]:25"),
              "550 5.1.1 <email-1>: unknown; relay=<host-1>[<ip-1>]:25");
    EXPECT_EQ(r.redact("from carol@acme.com via 203.0.113.9"), "from <email-2> via <ip-2>");
}

TEST(Redact, SameValueKeepsItsPlaceholderAcrossTextsAndCase) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("to=<Bob@Acme.com> host mx.acme.com"), "to=<email-1> host <host-1>");
    EXPECT_EQ(r.redact("again bob@acme.com at MX.ACME.COM. then dave@acme.com"),
              "again <email-1> at <host-1>. then <email-2>");
}

TEST(Redact, HandlesIpv6InEveryForm) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("from [IPv6:2001:db8::1] and 2001:db8::1"), "from [IPv6:<ip-1>] and <ip-1>");
    EXPECT_EQ(r.redact("client fe80::1ff:fe23:4567:890a said"), "client <ip-2> said");
    EXPECT_EQ(r.redact("full 2001:0db8:0000:0000:0000:ff00:0042:8329."), "full <ip-3>.");
    EXPECT_EQ(r.redact("mapped ::ffff:192.0.2.1 here"), "mapped <ip-4> here");
    EXPECT_EQ(r.redact("connect to mail.slow.example[2001:db8::25]:25: timed out"),
              "connect to <host-1>[<ip-5>]:25: timed out");
}

TEST(Redact, LeavesCodesTimesVersionsAndAbbreviationsAlone) {
    Redactor r = kb_redactor();
    for (const char* keep : {"550 5.7.1 Relay access denied", "451 4.16.55.1 try again", "dsn=5.1.1, delays=0.1/0/0.5/0.6",
                             "Jan 10 12:00:00 and 2024-01-10T12:00:00.123+01:00", "Exchange 15.20.7452.27",
                             "e.g. this, i.e. that, U.S.A.", "RESOLVER.ADR.RecipientNotFound; STOREDRV.Deliver",
                             "header.from=pass smtp.mailfrom", "std::string and a::b", "NOQUEUE: reject: RCPT from unknown",
                             "X=TLS1.3:TLS_AES_256_GCM_SHA384:256", "double-checking the recipient's address",
                             "deferred due to user complaints - 4.16.55.1; see the error codes"})
        EXPECT_EQ(r.redact(keep), keep);
}

TEST(Redact, StatusLikeQuadIsAnAddressWhereAnAddressIsWritten) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("Client host [5.9.12.34] blocked; from 4.2.2.1 and 5.6.7.8 is listed, ip=2.3.4.5"),
              "Client host [<ip-1>] blocked; from <ip-2> and <ip-3> is listed, ip=<ip-4>");
    EXPECT_EQ(r.redact("relay 192.0.2.1 and 8.8.8.8"), "relay <ip-5> and <ip-6>");
}

TEST(Redact, KeepsUrlHostsButReplacesAddressesInsideUrls) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("see https://support.google.com/mail/?p=NoSuchUser now"),
              "see https://support.google.com/mail/?p=NoSuchUser now");
    EXPECT_EQ(r.redact("https://www.spamhaus.org/query/ip/198.51.100.23 http://192.0.2.8/x"),
              "https://www.spamhaus.org/query/ip/<ip-1> http://<ip-2>/x");
}

TEST(Redact, BracketedHostAndAddressBecomeOnePlaceholder) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("helo=<ylmf-pc.bad.example> from=<> to=<v@bad.example> [192.0.2.4]"),
              "helo=<host-1> from=<> to=<email-1> [<ip-1>]");
}

TEST(Redact, KeyIsNotPartOfTheAddress) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("sasl_username=eve@corp.example, orig_to=bounce+x=y.example@lists.example"),
              "sasl_username=<email-1>, orig_to=<email-2>");
}

TEST(Redact, MessageIdsAreTheirOwnKind) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("message-id=<20240110120000.ABCDEF@mail.kilo.example> Message-ID: <x1@localhost>"),
              "message-id=<msgid-1> Message-ID: <msgid-2>");
    EXPECT_EQ(r.redact("<CAF9a8b7c6d5e4f3210987654321@mail.gmail.com>"), "<msgid-3>");
}

TEST(Redact, QueueIdsOfPostfixEximAndSendmail) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("smtp[1]: 1A2B3C4D5E: to=<a@b.example>"), "smtp[1]: <queue-1>: to=<email-1>");
    EXPECT_EQ(r.redact("smtp[1]: 3Xq8Ltz9kPz4wBc: to"), "smtp[1]: <queue-2>: to");
    EXPECT_EQ(r.redact("2024-01-10 12:00:00 1rNaXb-000Abc-2Q ** x"), "2024-01-10 12:00:00 <queue-3> ** x");
    EXPECT_EQ(r.redact("sm-mta[3456]: x0CA1b2C012345: to"), "sm-mta[3456]: <queue-4>: to");
    EXPECT_EQ(r.redact("250 2.0.0 Ok: queued as 7F8E9D0C1B"), "250 2.0.0 Ok: queued as <queue-5>");
}

TEST(Redact, ContinuationCodeIsNotPartOfTheHost) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("250-mx.target.example\n250 8BITMIME"), "250-<host-1>\n250 8BITMIME");
    // Only a reply code is (core/smtp_code's grammar): "650-" is part of the host name.
    EXPECT_EQ(r.redact("650-mx.target.example"), "<host-2>");
}

TEST(Redact, PublicProviderDomainAloneStaysButItsAddressesGo) {
    Redactor r = kb_redactor();
    EXPECT_EQ(r.redact("rejected by Outlook.com; from bob@outlook.com"), "rejected by Outlook.com; from <email-1>");
    EXPECT_EQ(r.redact("acme-com.mail.protection.outlook.com"), "<host-1>");
}

TEST(Redact, WhichDomainsStayIsTheKnowledgeBasesList) {
    Redactor bare;   // no list: a provider's domain is a host like any other
    EXPECT_EQ(bare.redact("relay=gmail-smtp-in.l.google.com said: see gmail.com"),
              "relay=<host-1> said: see <host-2>");
    Redactor listed({"example-isp.net"});
    EXPECT_EQ(listed.redact("see example-isp.net and other-isp.net"), "see example-isp.net and <host-1>");
}

TEST(Redact, ReplaceSeenTouchesOnlyValuesOfTheCurrentRecord) {
    Redactor r = kb_redactor();
    r.redact("connect to exchange.corp.example[192.0.2.1]");
    r.begin_record();
    r.redact("connect to mx.other.example[192.0.2.2]");
    EXPECT_EQ(r.replace_seen("A: exchange.corp.example 192.0.2.1; B: mx.other.example 192.0.2.2; Outlook.com"),
              "A: exchange.corp.example 192.0.2.1; B: <host-2> <ip-2>; Outlook.com");
    EXPECT_EQ(r.replace_seen("a 192.0.2.22 and mx.other.example.org"), "a 192.0.2.22 and mx.other.example.org");
}

TEST(Redact, ReplaceSeenInProseOnlyWhereTheProseQuotesTheInput) {
    Redactor r = kb_redactor();
    std::string input = "550 see ipcheck.proofpoint.com; connect to mx.corp.example[192.0.2.1]:25: timed out";
    r.redact(input);
    EXPECT_EQ(r.replace_seen("Open the link in the reply (ipcheck.proofpoint.com) to confirm.", input),
              "Open the link in the reply (ipcheck.proofpoint.com) to confirm.");
    EXPECT_EQ(r.replace_seen("The local MTA's own decision (connect to mx.corp.example[192.0.2.1]:25: timed\n out).", input),
              "The local MTA's own decision (connect to <host-2>[<ip-1>]:25: timed\n out).");
}

TEST(Redact, KnowledgeBaseRuleIdsAreNotMistakenForHosts) {
    const auto& base = smtpx::fixture::embedded_kb();
    Redactor r = kb_redactor();
    for (const auto* rule : base.rules()) EXPECT_EQ(r.redact(rule->id), rule->id);
}

namespace {
struct Case {
    const char* input;
    std::vector<std::string> secrets;
};

const std::vector<Case>& realistic_inputs() {
    static const std::vector<Case> cases{
        {"Jan 10 12:00:00 mail postfix/smtp[12345]: 1A2B3C4D5E: to=<bob.smith@acme-corp.com>, relay=mx1.acme-corp.com[198.51.100.7]:25, "
         "delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx1.acme-corp.com[198.51.100.7] said: 550 5.1.1 "
         "<bob.smith@acme-corp.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
         {"bob.smith", "acme-corp", "198.51.100.7", "1A2B3C4D5E"}},
        {"Mar  3 08:15:01 gw postfix/smtpd[999]: NOQUEUE: reject: RCPT from unknown[203.0.113.45]: 554 5.7.1 <victim@harbor-ltd.example>: "
         "Relay access denied; from=<spammer@bad-sender.net> to=<victim@harbor-ltd.example> proto=ESMTP helo=<ylmf-pc.bad-sender.net>",
         {"203.0.113.45", "victim", "harbor-ltd", "bad-sender", "ylmf-pc"}},
        {"2024-01-10 12:00:00 1rNaXb-000Abc-2Q ** alice@widgets-uk.co.uk R=dnslookup T=remote_smtp H=mx.widgets-uk.co.uk [192.0.2.33] "
         "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<alice@widgets-uk.co.uk>: "
         "550 5.1.1 <alice@widgets-uk.co.uk>: Recipient address rejected: User unknown",
         {"alice", "widgets-uk", "192.0.2.33", "1rNaXb-000Abc-2Q"}},
        {"550-5.7.26 This mail has been blocked because the sender is unauthenticated.\n550-5.7.26 Gmail requires all senders to "
         "authenticate with either SPF or DKIM.\n550-5.7.26  Authentication results: DKIM = did not pass SPF [news.shop-brand.com] with "
         "ip: [2001:db8:85a3::8a2e:370:7334] = did not pass\n550 5.7.26 https://support.google.com/mail/answer/81126#authentication "
         "a1b2c3-4d5e6f.7 - gsmtp",
         {"shop-brand", "2001:db8:85a3::8a2e:370:7334"}},
        {"Reporting-MTA: dns; mail.sender-site.example.com\nX-Postfix-Queue-ID: 4F2C31A0B7\nX-Postfix-Sender: rfc822; "
         "newsletter@sender-site.example.com\nArrival-Date: Wed, 10 Jan 2024 12:00:00 +0100 (CET)\n\nFinal-Recipient: rfc822; "
         "carol@recipient-co.de\nAction: failed\nStatus: 5.2.2\nRemote-MTA: dns; mx00.recipient-co.de\nDiagnostic-Code: smtp; 552 5.2.2 "
         "<carol@recipient-co.de>: mailbox full\n",
         {"sender-site", "4F2C31A0B7", "newsletter", "carol", "recipient-co", "mx00"}},
        {"=== Trying mx.target-dom.example:25...\n=== Connected to mx.target-dom.example.\n<-  220 mx.target-dom.example ESMTP Postfix\n"
         " -> EHLO client7.origin-net.example\n<-  250-mx.target-dom.example\n<-  250 8BITMIME\n -> MAIL FROM:<dave@origin-net.example>\n"
         "<-  250 2.1.0 Ok\n -> RCPT TO:<erin@target-dom.example>\n<** 550 5.1.1 <erin@target-dom.example>: Recipient address rejected: "
         "User unknown in local recipient table\n -> QUIT\n<-  221 2.0.0 Bye\n=== Connection closed with remote host.",
         {"target-dom", "client7", "origin-net", "dave@", "erin@"}},
        {"Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient frank@contoso-tenant.com not found by SMTP "
         "address lookup' [AM6PR03MB1234.eurprd03.prod.outlook.com 2024-01-10T12:00:00.000Z 08DC1234ABCD5678]",
         {"frank", "contoso-tenant", "AM6PR03MB1234"}},
        {"Jan 11 09:00:00 relay postfix/smtp[4242]: 9B8C7D6E5F: to=<grace@partner-firm.example>, relay=mx.partner-firm.example[192.0.2.200]:25, "
         "delay=0.5, delays=0/0/0.3/0.2, dsn=5.7.1, status=bounced (host mx.partner-firm.example[192.0.2.200] said: 554 5.7.1 Service "
         "unavailable; Client host [198.51.100.23] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.23 "
         "(in reply to RCPT TO command))",
         {"grace", "partner-firm", "192.0.2.200", "198.51.100.23", "9B8C7D6E5F"}},
        {"Jan 12 10:00:00 host1 sm-mta[3456]: x0CA1b2C012345: to=<heidi@faraway-inc.com>, ctladdr=<ivan@home-isp.net> (1000/1000), "
         "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=mx.faraway-inc.com. [203.0.113.9], dsn=5.1.1, stat=User unknown",
         {"heidi", "faraway-inc", "ivan@", "home-isp", "203.0.113.9", "x0CA1b2C012345"}},
        {"Feb  1 00:00:00 mx postfix/smtp[77]: 3Xq8Ltz9kPz4wBc: to=<judy@slow-net.example>, relay=none, delay=30, delays=0/0/30/0, "
         "dsn=4.4.1, status=deferred (connect to mail.slow-net.example[2001:db8::25]:25: Connection timed out)",
         {"judy", "slow-net", "2001:db8::25", "3Xq8Ltz9kPz4wBc"}},
        {"Jan 10 12:00:01 mail postfix/smtp[12346]: 1A2B3C4D5F: to=<kim@lima-corp.com>, relay=exchange01[192.0.2.77]:25, dsn=4.7.1, "
         "status=deferred (host exchange01[192.0.2.77] said: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.99] "
         "(in reply to RCPT TO command))",
         {"kim@", "lima-corp", "192.0.2.77", "192.0.2.99", "1A2B3C4D5F", "exchange01"}},
    };
    return cases;
}
} // namespace

TEST(RedactExplanation, NoOriginalValueSurvivesInAnyJsonField) {
    const auto& c = smtpx::fixture::classifier();
    Redactor r = kb_redactor();
    for (const auto& tc : realistic_inputs()) {
        Explanation e = c.explain(tc.input);
        ASSERT_FALSE(e.error) << tc.input;
        std::string before = render::dump(render::to_json(e), -1);
        redact::redact(e, r);
        std::string after = render::dump(render::to_json(e), -1);
        for (const auto& s : tc.secrets) {
            EXPECT_NE(before.find(s), std::string::npos) << "case does not hold " << s;   // the check can fail
            EXPECT_EQ(after.find(s), std::string::npos) << s << " leaks in " << after;
        }
    }
}

TEST(RedactExplanation, VerdictAndKnowledgeBaseTextsAreUnchanged) {
    const auto& c = smtpx::fixture::classifier();
    Redactor r = kb_redactor();
    for (const auto& tc : realistic_inputs()) {
        Explanation plain = c.explain(tc.input), e = plain;
        redact::redact(e, r);
        EXPECT_EQ(e.reason, plain.reason);
        EXPECT_EQ(e.code, plain.code);
        EXPECT_EQ(e.enhanced, plain.enhanced);
        EXPECT_EQ(e.provider, plain.provider);
        EXPECT_EQ(e.references, plain.references);
        EXPECT_EQ(e.fix, plain.fix);
        EXPECT_EQ(e.replies.size(), plain.replies.size());
        if (e.blocklist) {
            EXPECT_EQ(e.blocklist->url, plain.blocklist->url);
        }
    }
}

TEST(RedactExplanation, PlaceholdersAreStableAcrossInputsAndReplies) {
    const auto& c = smtpx::fixture::classifier();
    Redactor r = kb_redactor();
    Explanation a = c.explain("550 5.1.1 <bob@acme-corp.com>: User unknown");
    Explanation b = c.explain("Jan 1 00:00:00 m postfix/smtp[1]: 1A2B3C4D5E: to=<bob@acme-corp.com>, relay=mx.acme-corp.com[192.0.2.1]:25, "
                              "dsn=5.1.1, status=bounced (host mx.acme-corp.com[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))");
    redact::redact(a, r);
    redact::redact(b, r);
    EXPECT_EQ(a.input, "550 5.1.1 <email-1>: User unknown");
    EXPECT_EQ(b.recipient.value_or(""), "<email-1>");
    EXPECT_EQ(b.remote_host.value_or(""), "<host-1>");
}

TEST(RedactExplanation, SiteHostWithoutPublicSuffixIsForcedEverywhere) {
    const auto& c = smtpx::fixture::classifier();
    Redactor r = kb_redactor();
    Explanation e = c.explain(realistic_inputs().back().input);
    ASSERT_EQ(e.remote_host.value_or(""), "exchange01");
    redact::redact(e, r);
    EXPECT_EQ(e.remote_host.value_or(""), "<host-1>");
    EXPECT_NE(e.input.find("relay=<host-1>[<ip-1>]"), std::string::npos) << e.input;
}
