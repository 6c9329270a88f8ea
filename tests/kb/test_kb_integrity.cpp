// The knowledge base tests itself: every file loads, every example of every rule yields its own reason
// and provider, every registry code is present.
#include "classify/classifier.hpp"
#include "core/messages.hpp"
#include "kb/knowledge_base.hpp"
#include "kb/load.hpp"
#include "kb/vocabulary.hpp"

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
    kb::KnowledgeBase base;
    classify::Classifier c(base, {});
    for (const auto* rule : base.rules()) {
        if (rule->reason.empty()) continue;
        for (auto ex : rule->examples) {
            auto e = c.explain(ex);
            EXPECT_EQ(e.reason, rule->reason) << rule->id << ": " << ex;
            if (!rule->provider.empty()) EXPECT_EQ(e.provider.value_or(""), rule->provider) << rule->id << ": " << ex;
        }
    }
}

TEST(KbIntegrity, EveryReasonHasAnEntry) {
    kb::KnowledgeBase base;
    for (auto r : kb::k_reasons) EXPECT_NE(base.find_reason(r), nullptr) << r;
}

TEST(Messages, EveryKeyHasEnglishAndChinese) {
    std::set<std::string_view> keys;
    for (const auto& m : all_messages()) {
        EXPECT_FALSE(m.en.empty()) << m.key;
        EXPECT_FALSE(m.zh.empty()) << m.key;
        EXPECT_TRUE(keys.insert(m.key).second) << "duplicate " << m.key;
    }
}
