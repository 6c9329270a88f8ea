#pragma once
// Fills one Explanation from one reply: codes, the wording rules that match, the decision
// (classify/decide.hpp: reason, provider, software, retry, bounce, actor) with its evidence, texts.
#include "classify/classifier.hpp"
#include "classify/decide.hpp"

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
    /// Runs classify::decide over m_hits and writes its answer, evidence and warnings into `e`;
    /// `text` is what the rules were matched on (for the quoted phrase and the listed address);
    /// `from_text` is false for a token's own rule (describe_rule), which nothing else contests.
    void record(Explanation& e, const parse::ParsedInput& parsed, std::string_view text, bool from_text = true);
    void record_reason(Explanation& e, ReasonSource source, Reason reason);
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
    const kb::PatternRule* m_rule = nullptr;        // the wording rule in play (Decision::rule)
    std::vector<const kb::PatternRule*> m_hits;     // every rule that matched, best first
    std::string m_phrase;
};

} // namespace smtpx::classify
