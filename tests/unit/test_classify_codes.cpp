#include "classify/codes.hpp"

#include <gtest/gtest.h>

using smtpx::classify::is_enhanced;
using smtpx::classify::parse_bare;

TEST(ParseBare, AcceptsBasicCode) {
    auto b = parse_bare("501");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->code, 501);
    EXPECT_TRUE(b->error.empty());
}

TEST(ParseBare, AcceptsCodePairAsOneReply) {
    auto b = parse_bare(" 550 5.1.1 ");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->code, 550);
    EXPECT_EQ(b->enhanced, "5.1.1");
}

TEST(ParseBare, RejectsImpossibleCodes) {
    for (const char* in : {"999", "55", "6.1.1", "5.99999.1", "1000"}) {
        auto b = parse_bare(in);
        ASSERT_TRUE(b) << in;
        EXPECT_FALSE(b->error.empty()) << in;
    }
}

TEST(ParseBare, LeavesTextToTheParser) {
    EXPECT_FALSE(parse_bare("550 5.1.1 User unknown"));
    EXPECT_FALSE(parse_bare("Relay access denied"));
}

TEST(IsEnhanced, FollowsRfc3463Grammar) {
    EXPECT_TRUE(is_enhanced("5.7.26"));
    EXPECT_TRUE(is_enhanced("4.7.999"));
    EXPECT_FALSE(is_enhanced("3.1.1"));
    EXPECT_FALSE(is_enhanced("5.1234.1"));
    EXPECT_FALSE(is_enhanced("5.1"));
}
