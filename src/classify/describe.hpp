#pragma once
// Fills one Explanation from one reply: codes, wording rules, reason, retry advice, texts, evidence.
#include "classify/classifier.hpp"

namespace smtpx::classify {

class Describer {
public:
    Describer(const Classifier& classifier, const kb::KnowledgeBase& kb, const Options& options)
        : m_classifier(classifier), m_kb(kb), m_options(options) {}

    Explanation describe(std::string_view input, const parse::ParsedInput& parsed, const parse::Reply* reply, bool top);
    /// A provider's token on its own ("TSS04", "S3150"): the answer of the rule that names it.
    Explanation describe_rule(std::string_view token, const kb::PatternRule& rule);

private:
    void codes(Explanation& e);
    void enhanced_entry(Explanation& e);
    void wording(Explanation& e, std::string_view text);
    void decide(Explanation& e, const parse::ParsedInput& parsed);
    void texts(Explanation& e, const parse::ParsedInput& parsed);
    std::string_view pick(std::string_view en, std::string_view zh) const { return smtpx::pick(m_options.lang, en, zh); }
    std::string_view tr(std::string_view key) const { return msg(m_options.lang, key); }
    void reference(Explanation& e, std::span<const std::string_view> refs);
    void evidence(Explanation& e, std::string field, std::string_view source_key, std::string value, std::string detail = {});

    const Classifier& m_classifier;
    const kb::KnowledgeBase& m_kb;
    const Options& m_options;

    const kb::CodeEntry* m_code = nullptr;
    const kb::EnhancedEntry* m_enh = nullptr;      // the meaning that applies: the provider's own, else the registry's
    const kb::EnhancedEntry* m_registry = nullptr; // the registry's meaning, kept as the other reading
    const kb::AfterNote* m_after = nullptr;
    const kb::PatternRule* m_rule = nullptr;        // the wording rule that decided the reason
    std::vector<const kb::PatternRule*> m_hits;     // every rule that matched, best first
    std::string m_phrase;
};

} // namespace smtpx::classify
