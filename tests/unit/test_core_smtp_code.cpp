// The one SMTP code grammar (core/smtp_code): basic and enhanced codes, codes-only inputs.
#include "core/smtp_code.hpp"

#include <gtest/gtest.h>

using namespace smtpx::core;

TEST(CoreSmtpCode, BasicCodeIsThreeDigitsFirstTwoToFive) {
    EXPECT_TRUE(is_basic_code("250"));
    EXPECT_TRUE(is_basic_code("554"));
    for (const char* bad : {"199", "600", "55", "5500", "5a0", ""}) EXPECT_FALSE(is_basic_code(bad)) << bad;
}

TEST(CoreSmtpCode, EnhancedCodeFollowsRfc3463) {
    EXPECT_TRUE(is_enhanced_code("5.7.26"));
    EXPECT_TRUE(is_enhanced_code("4.7.999"));
    EXPECT_TRUE(is_enhanced_code("2.0.0"));
    for (const char* bad : {"3.1.1", "5.1234.1", "5.1", "5.1.1.1", "5.1.1a", "X.1.1", "5..1", ""})
        EXPECT_FALSE(is_enhanced_code(bad)) << bad;
}

TEST(CoreSmtpCode, KnowledgeBaseKeysMayUseXForTheClass) {
    EXPECT_TRUE(is_enhanced_key("X.1.1"));
    EXPECT_TRUE(is_enhanced_key("5.7.26"));
    EXPECT_FALSE(is_enhanced_key("Y.1.1"));
    EXPECT_FALSE(is_enhanced_key("X.1"));
    EXPECT_FALSE(is_enhanced_key("X.1.1234"));
}

TEST(CoreSmtpCode, EnhancedCodeInsideTextStopsAtItsEnd) {
    EXPECT_EQ(enhanced_code_at("5.7.606 x", 0), 7U);
    EXPECT_EQ(enhanced_code_at("5.1.1.", 0), 5U);
    EXPECT_EQ(enhanced_code_at("ip 4.16.55.1", 3), 0U);   // four parts: an address, not a code
    EXPECT_EQ(enhanced_code_at("15.1.1", 1), 0U);         // glued to a digit before it
}

TEST(CoreSmtpCode, SplitsEnhancedCodeIntoParts) {
    auto p = split_enhanced("5.7.26");
    EXPECT_EQ(p.klass, "5");
    EXPECT_EQ(p.subject, "7");
    EXPECT_EQ(p.detail, "26");
    EXPECT_EQ(split_enhanced("X.1.10").detail, "10");
    EXPECT_EQ(split_enhanced("550").klass, "");
}

TEST(CoreSmtpCode, BareInputOfOneOrTwoCodes) {
    for (const char* in : {"550 5.1.1", " 550 5.1.1 ", "550-5.1.1", "\"550 5.1.1\"", "5.1.1 550", "#5.1.1 550"}) {
        auto b = parse_bare(in);
        ASSERT_TRUE(b) << in;
        EXPECT_EQ(b->error, BareCode::Error::None) << in;
        EXPECT_EQ(b->code(), 550) << in;
        EXPECT_EQ(b->enhanced, "5.1.1") << in;
    }
    auto one = parse_bare("501");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->code(), 501);
    EXPECT_TRUE(one->enhanced.empty());
}

TEST(CoreSmtpCode, LookAlikesAreRecognisedWithTheWrongToken) {
    struct Case {
        const char* in;
        BareCode::Error error;
        const char* bad;
    };
    for (const Case& c : {Case{"999", BareCode::Error::NotBasic, "999"}, Case{"55", BareCode::Error::NotBasic, "55"},
                          Case{"5500", BareCode::Error::NotBasic, "5500"},
                          Case{"6.1.1", BareCode::Error::NotEnhanced, "6.1.1"},
                          Case{"550 5.99999.1", BareCode::Error::NotEnhanced, "5.99999.1"},
                          Case{"4.16.55.1", BareCode::Error::NotEnhanced, "4.16.55.1"}}) {
        auto b = parse_bare(c.in);
        ASSERT_TRUE(b) << c.in;
        EXPECT_EQ(b->error, c.error) << c.in;
        EXPECT_EQ(b->bad, c.bad) << c.in;
    }
    EXPECT_EQ(parse_bare("999")->code(), 999);   // kept as written so the answer can say why
    EXPECT_EQ(parse_bare("  ")->error, BareCode::Error::Empty);
    EXPECT_EQ(error_key(BareCode::Error::NotEnhanced), "err.not_enhanced");
}

TEST(CoreSmtpCode, TextIsLeftToTheParser) {
    for (const char* in : {"550 5.1.1 User unknown", "Relay access denied", "550 550", "5.1.1-550", "550-", "\"\""})
        EXPECT_FALSE(parse_bare(in)) << in;
}
