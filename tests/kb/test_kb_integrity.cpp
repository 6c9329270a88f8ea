// The knowledge base tests itself: every file loads, every example of every rule yields its own reason
// and provider, every registry code is present.
#include "../unit/kb_fixture.hpp"
#include "classify/classifier.hpp"
#include "core/messages.hpp"
#include "kb/knowledge_base.hpp"
#include "kb/load.hpp"
#include "core/vocabulary.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

using namespace smtpx;

TEST(KbIntegrity, SourceFilesLoadWithoutErrors) {
    kb::KbData data;
    std::vector<kb::LoadError> errors;
    kb::load_dir(SMTPX_SOURCE_DIR "/share/smtpx/kb", data, errors);
    for (const auto& e : errors) ADD_FAILURE() << e.str();
}

TEST(KbIntegrity, EveryRuleExampleYieldsItsReasonAndProvider) {
    // The examples are read from the JSON (the binary does not carry them); the answers come from the
    // embedded knowledge base, which must hold every rule the JSON has.
    kb::KbData data;
    std::vector<kb::LoadError> errors;
    kb::load_dir(SMTPX_SOURCE_DIR "/share/smtpx/kb", data, errors);
    ASSERT_TRUE(errors.empty());
    const auto& base = smtpx::fixture::embedded_kb();
    const auto& c = smtpx::fixture::classifier();
    std::size_t checked = 0;
    for (const auto& rule : data.rules) {
        const bool embedded = std::any_of(base.rules().begin(), base.rules().end(),
                                          [&](const kb::PatternRule* r) { return r->id == rule.id; });
        EXPECT_TRUE(embedded) << rule.id;
        if (!rule.reason) continue;
        for (auto ex : rule.examples) {
            auto e = c.explain(ex);
            EXPECT_EQ(e.reason, rule.reason) << rule.id << ": " << ex;
            if (!rule.provider.empty()) {
                EXPECT_EQ(e.provider.value_or(""), rule.provider) << rule.id << ": " << ex;
            }
            ++checked;
        }
    }
    EXPECT_GT(checked, 100U);   // the examples were found at all
}

TEST(KbIntegrity, RuleExamplesAreNotCompiledIn) {
    const auto& base = smtpx::fixture::embedded_kb();
    for (const auto* rule : base.rules()) EXPECT_TRUE(rule->examples.empty()) << rule->id;
}

TEST(KbIntegrity, EveryReasonHasAnEntry) {
    const auto& base = smtpx::fixture::embedded_kb();
    for (auto r : all_values<Reason>()) EXPECT_NE(base.find_reason(r), nullptr) << name(r);
}

TEST(Messages, EveryKeyHasEnglishAndChinese) {
    std::set<std::string_view> keys;
    for (const auto& m : all_messages()) {
        EXPECT_FALSE(m.en.empty()) << m.key;
        EXPECT_FALSE(m.zh.empty()) << m.key;
        EXPECT_TRUE(keys.insert(m.key).second) << "duplicate " << m.key;
    }
}

TEST(KbIntegrity, ScopeSaysWhichCodesEndTheSession) {
    // RFC 5321 sections 3.8 and 4.2.3: 421 and 221 close the channel; 554 may replace the greeting
    // (section 3.1). Every other code concerns the one command it answers.
    const auto& kb = kb::embedded_kb();
    for (const auto& c : kb.codes) {
        EXPECT_TRUE(kb::is_one_of(kb::k_scopes, c.scope)) << c.code << ": " << c.scope;
        if (c.code == 421 || c.code == 221) {
            EXPECT_EQ(c.scope, "session") << c.code;
        }
    }
    const auto it = std::find_if(kb.codes.begin(), kb.codes.end(), [](const auto& c) { return c.code == 554; });
    ASSERT_NE(it, kb.codes.end());
    EXPECT_EQ(it->scope, "greeting-or-command");
}
