// Real session captures (tests/transcript/samples: swaks and smtplib against the scripted aiosmtpd
// server) through the parser and the classifier, so they are checked even where swaks is absent.
#include "kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "kb/knowledge_base.hpp"
#include "parse/input.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace smtpx;

namespace {

std::string sample(const std::string& name) {
    std::ifstream in(std::string(SMTPX_SOURCE_DIR) + "/tests/transcript/samples/" + name + ".txt", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> commands(const parse::ParsedInput& p) {
    std::vector<std::string> out;
    for (const parse::Reply& r : p.replies) out.push_back(std::to_string(r.code) + " " + r.command);
    return out;
}

} // namespace

TEST(ParseTranscriptReal, SwaksAuthChallengesAnswerAuth) {
    const std::string text = sample("auth-failed");
    ASSERT_FALSE(text.empty());
    const parse::ParsedInput p = parse::parse_input(text);
    EXPECT_EQ(p.kind, parse::InputKind::Transcript);
    EXPECT_EQ(p.software, "swaks");
    EXPECT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 EHLO", "334 AUTH", "334 AUTH", "535 AUTH",
                                                      "221 QUIT"}));
    EXPECT_EQ(p.local_text, "No authentication type succeeded");
}

TEST(ParseTranscriptReal, SwaksFailureContinuationLinesAreOneReply) {
    const parse::ParsedInput p = parse::parse_input(sample("rate-limited"));
    ASSERT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 EHLO", "250 MAIL", "450 RCPT", "221 QUIT"}));
    EXPECT_EQ(p.replies[3].enhanced, "4.2.1");
    EXPECT_EQ(p.replies[3].text.rfind("The user you are trying to contact is receiving mail too quickly. Please resend", 0),
              0U);
    EXPECT_NE(p.replies[3].text.find("ReceivingRate"), std::string::npos);
}

TEST(ParseTranscriptReal, SwaksPipelinedRepliesPairInOrder) {
    const parse::ParsedInput p = parse::parse_input(sample("pipelined-no-recipient"));
    EXPECT_EQ(commands(p), (std::vector<std::string>{"220 CONNECT", "250 EHLO", "250 MAIL", "550 RCPT", "503 DATA",
                                                      "221 QUIT"}));
    EXPECT_EQ(p.recipient, "nosuchuser@test.example");
}

TEST(ParseTranscriptReal, SwaksGreetingRefusalIsConnect) {
    const parse::ParsedInput p = parse::parse_input(sample("busy-greeting"));
    ASSERT_EQ(commands(p), (std::vector<std::string>{"421 CONNECT"}));
    EXPECT_EQ(p.remote_ip, "127.0.0.1");
    EXPECT_EQ(p.local_text, "Remote host closed connection unexpectedly.");
}

TEST(ParseTranscriptReal, SmtplibClientServerLines) {
    EXPECT_EQ(commands(parse::parse_input(sample("vrfy"))),
              (std::vector<std::string>{"220 CONNECT", "250 EHLO", "252 VRFY"}));
    EXPECT_EQ(commands(parse::parse_input(sample("data-without-rcpt"))),
              (std::vector<std::string>{"220 CONNECT", "250 EHLO", "250 MAIL", "503 DATA", "221 QUIT"}));
}

// The transcript's other replies ("Ok: queued as" after the accepted recipient's data) once decided
// the reason of the rejected recipient's 550, because the rules also saw the whole input.
TEST(ClassifyTranscriptReal, OtherRepliesWordingDoesNotDecideTheDecidingReply) {
    const auto& c = smtpx::fixture::classifier();
    const Explanation e = c.explain(sample("mixed-recipients"));
    ASSERT_TRUE(e.code);
    EXPECT_EQ(*e.code, 550);
    ASSERT_TRUE(e.command);
    EXPECT_EQ(*e.command, "RCPT");
    EXPECT_EQ(e.reason, smtpx::Reason::userunknown);
    EXPECT_EQ(e.bounce, smtpx::Bounce::hard);
    ASSERT_EQ(e.replies.size(), 8U);
    EXPECT_EQ(e.replies[6].reason, smtpx::Reason::accepted);
}
