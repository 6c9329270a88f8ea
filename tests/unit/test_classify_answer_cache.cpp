// classify/answer_cache: a template learnt from one line answers the lines of its shape, whether the
// shape is worked out by find() itself or ahead of it by shape_of() (on explain's reading thread).
#include "classify/answer_cache.hpp"
#include "kb_fixture.hpp"

#include <gtest/gtest.h>
#include <string>

using smtpx::classify::AnswerCache;

namespace {
std::string line(const std::string& user, const std::string& ip, const std::string& wording = "User unknown") {
    return "Nov  1 00:00:01 mx1 postfix/smtp[1003]: 26F2A74DE4: to=<" + user + "@example.net>, relay=mx.example.net[" + ip +
           "]:25, delay=2.9, delays=0.1/0/0.3/2.5, dsn=5.1.1, status=bounced (host mx.example.net[" + ip +
           "] said: 550 5.1.1 " + wording + " (in reply to RCPT TO command))";
}
// An answer that quotes the whole line, as a real one quotes its input: it differs from the variant's
// exactly where the line's parts were changed.
std::string answer(const std::string& l) { return "{\"input\":\"" + l + "\",\"reason\":\"userunknown\"}"; }

/// A cache that has learnt the template of line("u1", "192.0.2.1")'s shape.
AnswerCache learnt() {
    AnswerCache c(smtpx::fixture::embedded_kb());
    const std::string first = line("u1", "192.0.2.1");
    EXPECT_FALSE(c.find(first));
    std::string variant;
    EXPECT_TRUE(c.variant(variant));
    EXPECT_NE(variant, first);
    c.learn(answer(first), answer(variant));
    return c;
}
} // namespace

TEST(ClassifyAnswerCache, ALineOfALearntShapeIsAnsweredFromTheTemplateWithItsOwnParts) {
    AnswerCache c = learnt();
    // Same lengths (a part's length class is part of the shape), other values.
    const std::string second = line("zq", "198.0.9.5");
    ASSERT_TRUE(c.find(second));
    std::string out;
    c.write(out);
    EXPECT_EQ(out, answer(second));
}

TEST(ClassifyAnswerCache, AShapeWorkedOutAheadFindsWhatFindWorksOutItself) {
    AnswerCache c = learnt();
    for (const std::string& l : {line("u2", "192.0.2.2"), line("u9", "198.0.9.7"), line("someone.else", "203.0.113.250"), line("u3", "192.0.2.3", "Mailbox full")}) {
        AnswerCache::Shape s;
        c.shape_of(l, s);
        EXPECT_TRUE(s.ok) << l;
        const bool ahead = c.find(l, s);
        std::string from_ahead;
        if (ahead) c.write(from_ahead);
        const bool itself = c.find(l);
        std::string from_itself;
        if (itself) c.write(from_itself);
        EXPECT_EQ(ahead, itself) << l;
        EXPECT_EQ(from_ahead, from_itself) << l;
        // Another wording, or parts of other lengths, make another shape.
        EXPECT_EQ(ahead, l.find("Mailbox full") == std::string::npos && l.find("someone") == std::string::npos) << l;
    }
}

TEST(ClassifyAnswerCache, ALineWithoutAShapeIsNeverAnsweredFromATemplate) {
    AnswerCache c = learnt();
    for (const std::string& l : {std::string("no parts at all here"), std::string(AnswerCache::kMaxLineBytes + 1, 'a'),
                                 line("u1", "192.0.2.1") + "\n" + line("u2", "192.0.2.2")}) {
        AnswerCache::Shape s;
        c.shape_of(l, s);
        EXPECT_FALSE(s.ok);
        EXPECT_FALSE(c.find(l, s));
    }
}
