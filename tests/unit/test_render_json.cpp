// The JSON contract (README "JSON output"): every key always present, in the documented order, and an
// input that is not understood gives input and error with every other key null.
#include "render/json.hpp"
#include "render/json_fields.hpp"
#include "render/json_writer.hpp"

#include "kb_fixture.hpp"

#include <cstdint>
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

namespace {

/// An answer with every kind of value set: nested objects and arrays, a reply, a mail record, and
/// strings nlohmann must escape or repair.
smtpx::Explanation busy_answer() {
    smtpx::Explanation e = smtpx::fixture::classifier().explain("550 5.1.1 <a\"b\\c@example.com>: User unknown");
    e.description += " tab\there \x01\x1f\x7f caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 bad \xff\xfe \xe2\x82 end";
    e.blocklist = smtpx::BlocklistHit{"Spamhaus \"ZEN\"", "", "https://check.spamhaus.org/?q=1&x=\\"};
    e.alternatives.push_back({smtpx::Reason::userunknown, "rule \"x\""});
    e.warnings = {"w1", "line\nbreak"};
    e.replies.push_back(smtpx::fixture::classifier().explain("452 4.2.2 Mailbox full \xc3"));
    e.replies.push_back(smtpx::fixture::classifier().explain("999"));
    smtpx::MailRecord m;
    m.file = "dir/\xe6\x97\xa5\xe6\x9c\xac.eml";
    m.message = 12;
    m.kind = "dsn";
    m.status = "5.1.1";
    m.original.subject = "Re: \"hi\" \\ \r\n";
    e.mail = m;
    return e;
}

} // namespace

// The writer that explain and mail print with splices what nlohmann serialises: its output must be
// exactly dump(to_json()) (and dump(select()) with --fields), in both layouts.
TEST(RenderJson, WriterIsByteIdenticalToDump) {
    std::vector<smtpx::Explanation> answers{busy_answer(), smtpx::fixture::classifier().explain("999"),
                                            smtpx::fixture::classifier().explain("250 2.0.0 Ok: queued as 4Bc1")};
    smtpx::Explanation bare;   // every optional empty, every list empty
    answers.push_back(bare);
    smtpx::Explanation mail_error = smtpx::fixture::classifier().explain("hello");
    mail_error.mail.emplace();
    answers.push_back(mail_error);
    const std::vector<std::vector<std::string>> selections{
        {}, {"reason", "code", "enhanced", "provider"}, {"error", "file", "replies", "input", "original", "blocklist"},
        {"note", "evidence", "message"}};
    for (const auto& fields : selections) {
        smtpx::render::JsonWriter writer(fields);
        for (const auto& e : answers)
            for (int indent : {-1, 2}) {
                const auto j = smtpx::render::to_json(e);
                const std::string expected = smtpx::render::dump(fields.empty() ? j : smtpx::render::select(j, fields), indent);
                std::string got = "prefix";
                writer.write(e, got, indent);
                EXPECT_EQ(got, "prefix" + expected) << e.input << " indent " << indent << " fields " << fields.size();
            }
    }
}

// Every key to_json() writes is one the writer knows (a key added to json.cpp alone fails here).
TEST(RenderJson, WriterKnowsEveryKey) {
    for (const auto& k : smtpx::render::json_keys()) {
        smtpx::render::JsonWriter writer({k});
        std::string got;
        writer.write(busy_answer(), got, -1);
        EXPECT_EQ(got, smtpx::render::dump(smtpx::render::select(smtpx::render::to_json(busy_answer()), {k}), -1)) << k;
    }
}

// The writer escapes well-formed strings itself and leaves ill-formed UTF-8 to nlohmann: on strings
// made of every kind of byte (controls, quotes, each UTF-8 length, the edges of overlong forms,
// surrogates and U+10FFFF, stray continuation bytes, truncated sequences) both give the same bytes.
TEST(RenderJson, WriterEscapesEveryStringAsNlohmannDoes) {
    const std::vector<std::string> pieces{
        "a", " ", "\"", "\\", "/", "\b", "\t", "\n", "\f", "\r", std::string(1, '\0'), "\x01", "\x1f", "\x7f",
        "\xc2\x80", "\xdf\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\xa0\x80", "\xe0\x9f\xbf", "\xed\x9f\xbf", "\xed\xa0\x80",
        "\xef\xbf\xbd", "\xf0\x90\x80\x80", "\xf0\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
        "\x80", "\xbf", "\xc3", "\xe4\xb8", "\xf0\x9f\x98", "\xff", "\xfe", "\xc2\xb7", "caf\xc3\xa9"};
    std::uint32_t state = 12345;
    auto next = [&] { return state = state * 1103515245u + 12345u; };
    smtpx::render::JsonWriter writer({"input"});
    for (int n = 0; n < 3000; ++n) {
        smtpx::Explanation e;
        const std::uint32_t len = next() % 8;
        for (std::uint32_t k = 0; k < len; ++k) e.input += pieces[(next() >> 8) % pieces.size()];
        std::string got;
        writer.write(e, got, -1);
        EXPECT_EQ(got, smtpx::render::dump(smtpx::render::select(smtpx::render::to_json(e), {"input"}), -1));
    }
}
