// util/json_text: the escapes nlohmann writes, and the two ways with ill-formed UTF-8.
#include "util/json_text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

using smtpx::util::append_json_escaped;
using smtpx::util::IllFormed;

namespace {
std::string escaped(std::string_view s, IllFormed ill = IllFormed::Replace) {
    std::string out = "<";
    EXPECT_TRUE(append_json_escaped(out, s, ill));
    return out.substr(1);
}
} // namespace

TEST(UtilJsonText, EscapesWhatJsonRequiresAndCopiesUtf8AsItIs) {
    EXPECT_EQ(escaped("a\"b\\c/d"), "a\\\"b\\\\c/d");
    EXPECT_EQ(escaped("\b\f\n\r\t"), "\\b\\f\\n\\r\\t");
    EXPECT_EQ(escaped(std::string("\x00\x01\x1f\x7f", 4)), "\\u0000\\u0001\\u001f\x7f");
    EXPECT_EQ(escaped("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xc2\xb7"), "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xc2\xb7");
}

TEST(UtilJsonText, WellFormedStringsComeOutAsNlohmannWritesThem) {
    for (std::string s : {"plain", "tab\there", "quote \" and \\ back", "line\nbreak \x01", "\xe2\x80\x94 dash", "\xf4\x8f\xbf\xbf"}) {
        const std::string dumped = nlohmann::json(s).dump();
        EXPECT_EQ(escaped(s, IllFormed::Refuse), dumped.substr(1, dumped.size() - 2)) << s;
    }
}

TEST(UtilJsonText, IllFormedBytesAreReplacedOrRefused) {
    // Overlong, surrogate, above U+10FFFF, stray continuation, truncated sequence: one U+FFFD per byte
    // that starts no well-formed sequence.
    EXPECT_EQ(escaped("a\xc0\xaf" "b"), "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    EXPECT_EQ(escaped("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(escaped("\xf4\x90\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(escaped("x\x80"), "x\xEF\xBF\xBD");
    EXPECT_EQ(escaped("\xe4\xb8"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    std::string out = "kept";
    EXPECT_FALSE(append_json_escaped(out, "ok \"then\" \xff", IllFormed::Refuse));
    EXPECT_EQ(out, "kept");   // nothing appended: the caller hands the string to nlohmann
}

TEST(UtilJsonText, EveryByteAtEveryPlaceOfAWordComesOutAsNlohmannWritesIt) {
    // The word-at-a-time skip must stop for any byte that needs a look, wherever in the word it sits.
    for (int b = 0; b < 0x80; ++b)
        for (std::size_t at = 0; at < 17; ++at) {
            std::string s(17, 'x');
            s[at] = static_cast<char>(b);
            const std::string dumped = nlohmann::json(s).dump();
            EXPECT_EQ(escaped(s, IllFormed::Refuse), dumped.substr(1, dumped.size() - 2)) << b << " at " << at;
        }
    for (int b = 0x80; b < 0x100; ++b)
        for (std::size_t at = 0; at < 17; ++at) {
            std::string s(17, 'x');
            s[at] = static_cast<char>(b);
            std::string out;
            EXPECT_FALSE(append_json_escaped(out, s, IllFormed::Refuse)) << b << " at " << at;
        }
}
