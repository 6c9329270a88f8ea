// util::wrap on Chinese text: breaks between characters, never before closing punctuation.
#include "util/terminal_text.hpp"

#include <gtest/gtest.h>

using smtpx::util::display_width;
using smtpx::util::wrap;

TEST(UtilWrap, ClosingPunctuationNeverStartsALine) {
    // Four wide characters fill 8 columns; the comma would open the second line.
    auto lines = wrap("甲乙丙丁，戊己庚。辛壬", 8);
    ASSERT_GE(lines.size(), 2u);
    for (const auto& l : lines) {
        EXPECT_LE(display_width(l), 8) << l;
        EXPECT_NE(l.rfind("，", 0), 0u) << l;
        EXPECT_NE(l.rfind("。", 0), 0u) << l;
    }
    EXPECT_EQ(lines[0], "甲乙丙");
    EXPECT_EQ(lines[1], "丁，戊己");
}

TEST(UtilWrap, EnglishStillBreaksAtSpaces) {
    auto lines = wrap("alpha beta gamma delta", 11);
    EXPECT_EQ(lines, (std::vector<std::string>{"alpha beta", "gamma delta"}));
}
