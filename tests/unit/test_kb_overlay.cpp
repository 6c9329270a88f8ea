// kb::KnowledgeBase overlays: an entry with a known key replaces the embedded one, a later overlay
// wins over an earlier one, a known rule id keeps its place, new rule ids go first; load errors are
// catalog texts in the reader's language.
#include "kb/knowledge_base.hpp"
#include "kb/load.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace {
using namespace smtpx;

std::string code_550(const std::string& title) {
    return R"({"kind": "codes", "entries": [{"code": 550, "title": ")" + title +
           R"(", "class": "permanent-negative", "status": "standard", "summary": "s", "description": "d",
            "when": "w", "fix": "f", "commands": ["RCPT"], "reason": "userunknown", "retryable": false,
            "actor": "sender", "references": ["RFC 5321"],
            "zh": {"title": "t", "summary": "s", "description": "d", "when": "w", "fix": "f"}}]})";
}

std::string rules(const std::string& id, const std::string& reason) {
    return R"({"kind": "patterns", "rules": [{"id": ")" + id + R"(", "pattern": "overlay words", "provider": null,
            "software": null, "reason": ")" + reason + R"(", "description": "d", "fix": "f",
            "references": ["r"], "examples": ["550 overlay words"], "zh": {"description": "d", "fix": "f"}}]})";
}

std::unique_ptr<kb::KbData> overlay(const std::string& text) {
    auto data = std::make_unique<kb::KbData>();
    std::vector<kb::LoadError> errors;
    kb::load_text(text, "overlay.json", *data, errors);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front().str());
    return data;
}

std::ptrdiff_t index_of(const kb::KnowledgeBase& base, std::string_view id) {
    const auto& r = base.rules();
    const auto it = std::find_if(r.begin(), r.end(), [&](const auto* x) { return x->id == id; });
    return it == r.end() ? -1 : it - r.begin();
}
} // namespace

TEST(KbOverlay, AnEntryReplacesTheEmbeddedOneAndTheLaterOverlayWins) {
    kb::KnowledgeBase base;
    const std::string embedded(base.find_code(550)->title);
    const std::string embedded_552(base.find_code(552)->title);
    base.add_overlay(overlay(code_550("first")), "--kb", "a");
    EXPECT_EQ(base.find_code(550)->title, "first");
    base.add_overlay(overlay(code_550("second")), "--kb", "b");
    EXPECT_EQ(base.find_code(550)->title, "second");
    EXPECT_NE(embedded, "second");
    EXPECT_EQ(base.find_code(552)->title, embedded_552) << "other entries stay the embedded ones";
    ASSERT_EQ(base.sources().size(), 3u);
    EXPECT_EQ(base.sources()[2].codes, 1u);
}

TEST(KbOverlay, AKnownRuleIdKeepsItsPlaceAndNewIdsGoFirst) {
    kb::KnowledgeBase plain;
    ASSERT_GT(plain.rules().size(), 10u);
    const std::string known(plain.rules()[5]->id);
    const std::size_t count = plain.rules().size();

    kb::KnowledgeBase base;
    base.add_overlay(overlay(rules(known, "mailboxfull")), "user", "a");
    base.add_overlay(overlay(rules("site.new", "blocked")), "user", "b");
    base.add_overlay(overlay(rules("site.new", "spamdetected")), "--kb", "c");
    const auto& r = base.rules();
    EXPECT_EQ(r.size(), count + 1) << "one new id, however many overlays define it";
    EXPECT_EQ(index_of(base, "site.new"), 0);
    EXPECT_EQ(r[0]->reason, smtpx::Reason::spamdetected) << "the later overlay's rule";
    EXPECT_EQ(index_of(base, known), 6) << "the replaced rule keeps its place (after the one new rule)";
    EXPECT_EQ(r[6]->reason, smtpx::Reason::mailboxfull);
    EXPECT_EQ(r[6]->pattern, "overlay words");
}

TEST(KbOverlay, LoadErrorsAreCatalogTextsInTheReadersLanguage) {
    kb::KbData data;
    std::vector<kb::LoadError> errors;
    kb::load_text(R"({"kind": "patterns", "rules": [{"id": "x", "pattern": "(", "reason": "nonsense"}]})", "bad.json",
                  data, errors);
    ASSERT_FALSE(errors.empty());
    const auto pattern = std::find_if(errors.begin(), errors.end(), [](const auto& e) { return e.key == "kb.bad_pattern"; });
    ASSERT_NE(pattern, errors.end());
    EXPECT_EQ(pattern->str().rfind("bad.json: /rules/0/pattern: does not compile: ", 0), 0u) << pattern->str();
    EXPECT_NE(pattern->str(Lang::Zh).find("无法编译"), std::string::npos) << pattern->str(Lang::Zh);
    const auto value = std::find_if(errors.begin(), errors.end(), [](const auto& e) { return e.key == "kb.unknown_value"; });
    ASSERT_NE(value, errors.end());
    EXPECT_EQ(value->str(), "bad.json: /rules/0/reason: unknown value \"nonsense\"");
    errors.clear();
    kb::load_text("{\n  \"kind\": ", "syntax.json", data, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].key, "kb.syntax");
    EXPECT_EQ(errors[0].line, 2);
}

TEST(KbOverlay, PublicDomainsOfAnOverlayAddToTheEmbeddedOnes) {
    kb::KnowledgeBase base;
    const auto embedded = base.public_domains();
    EXPECT_NE(std::find(embedded.begin(), embedded.end(), "gmail.com"), embedded.end());
    EXPECT_NE(std::find(embedded.begin(), embedded.end(), "zen.spamhaus.org"), embedded.end());
    base.add_overlay(overlay(R"({"kind": "public-domains", "mailbox_providers": ["mail.example-isp.net"],
                                 "blocklists": ["bl.example-dnsbl.org"]})"),
                     "--kb", "a");
    const auto all = base.public_domains();
    EXPECT_EQ(all.size(), embedded.size() + 2);
    EXPECT_NE(std::find(all.begin(), all.end(), "mail.example-isp.net"), all.end());
    EXPECT_NE(std::find(all.begin(), all.end(), "bl.example-dnsbl.org"), all.end());
}

