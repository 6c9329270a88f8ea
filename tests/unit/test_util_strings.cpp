// util/strings: the one home of the small helpers (case, trimming, case-insensitive search, env,
// sentences), safe on any byte.
#include "util/strings.hpp"

#include <cstdlib>
#include <gtest/gtest.h>

using namespace smtpx::util;

TEST(UtilStrings, CaseIsAsciiOnlyAndSafeOnAnyByte) {
    EXPECT_EQ(to_lower('A'), 'a');
    EXPECT_EQ(to_upper('z'), 'Z');
    EXPECT_EQ(to_lower('\xC3'), '\xC3');
    EXPECT_EQ(to_lower("MAIL From:<A@B>"), "mail from:<a@b>");
    EXPECT_EQ(to_upper("rcpt \xC3\x84"), "RCPT \xC3\x84");
    EXPECT_TRUE(is_alpha('q'));
    EXPECT_FALSE(is_alpha('\xE9'));
    EXPECT_TRUE(is_alnum('7'));
    EXPECT_FALSE(is_digit('\xB2'));   // superscript two in Latin-1 is no digit
}

TEST(UtilStrings, HexAndWordCharactersAreAsciiOnly) {
    EXPECT_TRUE(is_hex('0'));
    EXPECT_TRUE(is_hex('f'));
    EXPECT_TRUE(is_hex('F'));
    EXPECT_FALSE(is_hex('g'));
    EXPECT_FALSE(is_hex(':'));
    EXPECT_TRUE(is_word_char('_'));
    EXPECT_TRUE(is_word_char('Z'));
    EXPECT_FALSE(is_word_char('-'));
    EXPECT_FALSE(is_word_char('\xC3'));
}

TEST(UtilStrings, TrimRemovesEveryAsciiSpaceAtBothEnds) {
    EXPECT_EQ(trim(" \t\r\n550 x\v\f "), "550 x");
    EXPECT_EQ(trim_left("  a "), "a ");
    EXPECT_EQ(trim_right("  a "), "  a");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \n "), "");
}

TEST(UtilStrings, CaseInsensitiveComparisonsAndSearch) {
    EXPECT_TRUE(iequals("Gsmtp", "GSMTP"));
    EXPECT_FALSE(iequals("gsmtp", "gsmt"));
    EXPECT_TRUE(istarts_with("Diagnostic-Code: smtp", "diagnostic-code:"));
    EXPECT_FALSE(istarts_with("Diag", "diagnostic"));
    EXPECT_TRUE(iends_with("mx.Google.COM", "google.com"));
    EXPECT_EQ(ifind("a User Unknown, user unknown", "user unknown"), 2u);
    EXPECT_EQ(ifind("a User Unknown, user unknown", "user unknown", 3), 16u);
    EXPECT_EQ(ifind("abc", "abcd"), std::string_view::npos);
    EXPECT_EQ(ifind("abc", ""), 0u);
    EXPECT_EQ(irfind("x AB ab", "ab"), 5u);
    EXPECT_TRUE(icontains("550 5.7.1 SPAM detected", "spam"));
    EXPECT_FALSE(icontains("550", "5500"));
}

TEST(UtilStrings, EnvIsEmptyWhenUnset) {
    ::setenv("SMTPX_TEST_UTIL_STRINGS", "value", 1);
    EXPECT_EQ(env("SMTPX_TEST_UTIL_STRINGS"), "value");
    ::unsetenv("SMTPX_TEST_UTIL_STRINGS");
    EXPECT_EQ(env("SMTPX_TEST_UTIL_STRINGS"), "");
}

TEST(UtilStrings, SpacesCollapseAndCapsHold) {
    EXPECT_EQ(collapse_spaces("  550\n  5.1.1\t\tuser  "), "550 5.1.1 user");
    EXPECT_EQ(collapse_spaces("aaaa bbbb", 4), "aaaa");
    EXPECT_EQ(collapse_spaces("aaaa bbbb", 5), "aaaa ");
    EXPECT_EQ(collapse_spaces("aaaa bbbb", 6), "aaaa b");
    EXPECT_EQ(collapse_spaces("aaaa bbbb", 0), "");
    EXPECT_EQ(collapse_spaces("\r\n\v\f", 10), "");
    EXPECT_EQ(collapse_spaces("a\r\n\v\fb  ", 10), "a b");
    std::string out = "ab";
    EXPECT_TRUE(append_capped(out, "cd", 4));
    EXPECT_FALSE(append_capped(out, "e", 4));
    EXPECT_EQ(out, "abcd");
    EXPECT_EQ(cut_utf8("a\xE4\xB8\xAD", 3), "a") << "never inside a UTF-8 sequence";
    EXPECT_EQ(cut_utf8("abc", 10), "abc");
}

TEST(UtilStrings, FirstSentenceSkipsAbbreviationsAndDottedNames) {
    const std::string_view t = "Use e.g. outlook.com or 5.1.1 here. Then more.";
    EXPECT_EQ(t.substr(0, first_sentence(t)), "Use e.g. outlook.com or 5.1.1 here.");
    EXPECT_EQ(first_sentence("no stop"), 7u);
    EXPECT_EQ(without_parentheticals("Mailbox full (quota exceeded) now"), "Mailbox full now");
}

TEST(UtilStrings, LinesEndAtCrLfOrLoneCr) {
    const auto lines = split_lines("a\r\nb\rc\nd");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1], "b");
    EXPECT_EQ(lines[3], "d");
    EXPECT_EQ(split_lines("a\n").size(), 1u);
    EXPECT_EQ(indent_of("  \tx"), 3u);
    EXPECT_EQ(strip_quotes("'quoted'"), "quoted");
    EXPECT_EQ(strip_quotes("'half"), "'half");
}
