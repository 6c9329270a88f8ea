// SMTP session transcripts: swaks, C:/S:, sendmail -v (parse/transcript).
#include "parse/input.hpp"
#include "parse/transcript.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace smtpx::parse;

namespace {

std::vector<std::string> commands(const ParsedInput& p) {
    std::vector<std::string> out;
    for (const Reply& r : p.replies) out.push_back(std::to_string(r.code) + " " + r.command);
    return out;
}

} // namespace

TEST(ParseTranscript, SwaksSessionPairsRepliesWithCommands) {
    const ParsedInput p = parse_input(
        "=== Trying mx.example.com:25...\n"
        "=== Connected to mx.example.com.\n"
        "<-  220 mx.example.com ESMTP\n"
        " -> EHLO client.example.org\n"
        "<-  250-mx.example.com\n"
        "<-  250-PIPELINING\n"
        "<-  250 8BITMIME\n"
        " -> MAIL FROM:<alice@example.org>\n"
        "<-  250 2.1.0 Ok\n"
        " -> RCPT TO:<bob@example.com>\n"
        "<-  250 2.1.5 Ok\n"
        " -> DATA\n"
        "<-  354 End data with <CR><LF>.<CR><LF>\n"
        " -> Subject: test\n"
        " -> \n"
        " -> hello\n"
        " -> .\n"
        "<** 554 5.7.1 Message rejected as spam\n"
        " -> QUIT\n"
        "<-  221 2.0.0 Bye\n"
        "=== Connection closed with remote host.\n");
    EXPECT_EQ(p.kind, InputKind::Transcript);
    EXPECT_EQ(p.software, "swaks");
    EXPECT_EQ(p.remote_host, "mx.example.com");
    EXPECT_EQ(p.sender, "alice@example.org");
    EXPECT_EQ(p.recipient, "bob@example.com");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 EHLO", "250 MAIL", "250 RCPT", "354 DATA",
                                                      "554 END-OF-DATA", "221 QUIT"}));
    EXPECT_EQ(p.replies[1].text, "mx.example.com PIPELINING 8BITMIME");
    EXPECT_EQ(p.replies[5].text, "Message rejected as spam");
}

TEST(ParseTranscript, SwaksTlsLinesAndOwnErrors) {
    const ParsedInput p = parse_input(
        "=== Trying mx.example.com:25...\n"
        "<-  220 mx.example.com ESMTP\n"
        " -> EHLO c.example.org\n"
        "<-  250 STARTTLS\n"
        " -> STARTTLS\n"
        "<-  220 2.0.0 Ready to start TLS\n"
        "=== TLS started with cipher TLS_AES_256_GCM_SHA384\n"
        " ~> EHLO c.example.org\n"
        "<~  250 mx.example.com\n"
        " ~> MAIL FROM:<a@example.org>\n"
        "<~* 530 5.7.0 Authentication required\n"
        "*** Remote host closed connection unexpectedly.\n");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 EHLO", "220 STARTTLS", "250 EHLO", "530 MAIL"}));
    EXPECT_EQ(p.local_text, "Remote host closed connection unexpectedly.");
}

TEST(ParseTranscript, ClientServerPrefixes) {
    const ParsedInput p = parse_input(
        "S: 220 mx.example.com ESMTP\n"
        "C: HELO client.example.org\n"
        "S: 250 mx.example.com\n"
        "C: MAIL FROM:<a@example.org>\n"
        "S: 250 OK\n"
        "C: RCPT TO:<b@example.net>\n"
        "S: 550-5.1.1 No such\n"
        "S: 550 5.1.1 user here\n");
    EXPECT_EQ(p.kind, InputKind::Transcript);
    EXPECT_EQ(p.software, "");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 HELO", "250 MAIL", "550 RCPT"}));
    EXPECT_EQ(p.replies.back().text, "No such user here");
    EXPECT_EQ(p.replies.back().enhanced, "5.1.1");
}

TEST(ParseTranscript, SendmailPipelinedCommandsPairInOrder) {
    const ParsedInput p = parse_input(
        ">>> MAIL From:<a@example.org> SIZE=1234\n"
        "<<< 250 2.1.0 Ok\n"
        ">>> RCPT To:<b@example.net>\n"
        ">>> DATA\n"
        "<<< 550 5.1.1 <b@example.net>... User unknown\n"
        "<<< 554 5.5.1 Error: no valid recipients\n");
    EXPECT_EQ(p.software, "sendmail");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"250 MAIL", "550 RCPT", "554 DATA"}));
}

TEST(ParseTranscript, SendmailVerboseBareServerLines) {
    const ParsedInput p = parse_input(
        "b@example.net... Connecting to mx.example.net. via esmtp...\n"
        "220 mx.example.net ESMTP\n"
        ">>> EHLO c.example.org\n"
        "250-mx.example.net\n"
        "250 SIZE 1000\n"
        ">>> MAIL From:<a@example.org>\n"
        "250 2.1.0 Ok\n");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 EHLO", "250 MAIL"}));
}

TEST(ParseTranscript, LoneServerLineIsNotAssumedToBeTheGreeting) {
    const ParsedInput p = parse_input("<<< 550 5.7.1 Blocked by policy");
    EXPECT_EQ(p.kind, InputKind::Transcript);
    ASSERT_EQ(p.replies.size(), 1U);
    EXPECT_EQ(p.replies[0].code, 550);
    EXPECT_EQ(p.replies[0].command, "");
}

TEST(ParseTranscript, AuthContinuationAnswersAuth) {
    const ParsedInput p = parse_input(
        "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: YWxpY2U=\nS: 334 UGFzc3dvcmQ6\nC: c2VjcmV0\nS: 535 5.7.8 Authentication failed\n");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"334 AUTH", "334 AUTH", "535 AUTH"}));
}

TEST(ParseTranscript, ClassifiesLinePrefixes) {
    std::string_view body;
    EXPECT_EQ(classify_transcript_line(" -> RCPT TO:<a@b>", body), TranscriptLine::Client);
    EXPECT_EQ(body, "RCPT TO:<a@b>");
    EXPECT_EQ(classify_transcript_line("<** 550 no", body), TranscriptLine::Server);
    EXPECT_EQ(classify_transcript_line("=== Trying", body), TranscriptLine::Info);
    EXPECT_EQ(classify_transcript_line("Status: 5.1.1", body), TranscriptLine::None);
    EXPECT_EQ(classify_transcript_line("->nope", body), TranscriptLine::None);
}
