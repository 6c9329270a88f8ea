// The JSON contract (README "JSON output"): every key always present, in the documented order, and an
// input that is not understood gives input and error with every other key null.
#include "render/json.hpp"

#include "kb_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
    std::vector<std::string> out;
    for (const auto& item : j.items()) out.push_back(item.key());
    return out;
}

/// The keys the README lists, in its order: the backquoted names between "Each object has:" and
/// "An input that is not understood".
std::vector<std::string> readme_keys() {
    std::ifstream in(SMTPX_SOURCE_DIR "/README.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const auto begin = text.find("Each object has:");
    const auto end = text.find("An input that is not understood", begin);
    std::vector<std::string> out;
    if (begin == std::string::npos || end == std::string::npos) return out;
    for (auto open = text.find('`', begin); open < end; open = text.find('`', open + 1)) {
        const auto close = text.find('`', open + 1);
        const std::string name = text.substr(open + 1, close - open - 1);
        // Value names (`hard`, `positive-completion`) follow a key in parentheses; keys have no '-'
        // and are never inside parentheses.
        const auto paren_open = text.rfind('(', open), paren_close = text.rfind(')', open);
        const bool in_parens = paren_open != std::string::npos && (paren_close == std::string::npos || paren_close < paren_open);
        if (!in_parens) out.push_back(name);
        open = close;
    }
    return out;
}

} // namespace

TEST(RenderJson, AnswerHasTheReadmeKeysInOrder) {
    const auto j = smtpx::render::to_json(smtpx::fixture::classifier().explain("550 5.1.1 User unknown"));
    const auto documented = readme_keys();
    ASSERT_GT(documented.size(), 20U);
    EXPECT_EQ(keys(j), documented);
}

TEST(RenderJson, ErrorObjectHasEveryKeyNull) {
    const auto answer = smtpx::render::to_json(smtpx::fixture::classifier().explain("550"));
    const auto error = smtpx::render::to_json(smtpx::fixture::classifier().explain("999"));
    ASSERT_TRUE(error["error"].is_string());
    EXPECT_EQ(error["input"], "999");
    std::vector<std::string> expected{"input", "error"};
    for (const auto& k : keys(answer))
        if (k != "input") expected.push_back(k);
    EXPECT_EQ(keys(error), expected);
    for (const auto& item : error.items())
        if (item.key() != "input" && item.key() != "error") {
            EXPECT_TRUE(item.value().is_null()) << item.key();
        }
}

TEST(RenderJson, InvalidUtf8IsReplacedNotThrown) {
    smtpx::Explanation e;
    e.input = "550 \xff\xfe";
    e.error = "bad";
    const std::string text = smtpx::render::dump(smtpx::render::to_json(e), -1);
    EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos) << text;   // U+FFFD
}
