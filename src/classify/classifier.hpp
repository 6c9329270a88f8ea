#pragma once
// Turns an input into an Explanation: parse it, pick the deciding reply, and have a Describer fill the
// answer; which reason, provider and text win is classify::decide's (decide.hpp), nobody else's.
#include "classify/matcher.hpp"
#include "core/explanation.hpp"
#include "core/messages.hpp"
#include "kb/knowledge_base.hpp"
#include "parse/parsed.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace smtpx::classify {

struct Options {
    Lang lang = Lang::En;      ///< language of the text fields
    std::string after;         ///< --after CMD: the command the reply answered, when the input does not say
    bool cache = true;         ///< reuse the wording rules' verdict per normalised text (SMTPX_NO_CACHE=1: off)
};

class VerdictCache;

/// The answer for an input with no SMTP meaning: `error` says why, every other field stays empty.
Explanation not_understood(std::string_view input, std::string message);

/// The one predicate: an input is understood when it carries a reply code or enhanced code in an
/// SMTP position, comes in a recognised form (MTA log line, DSN fields, bounce, transcript, a
/// library's wrapper) or matches a knowledge-base rule's phrase. A generic word alone (the vocabulary
/// tier, a generic rule's single word) only refines an input already understood.
bool understood(const parse::ParsedInput& parsed, const Explanation& e, const kb::PatternRule* deciding_rule,
                std::string_view phrase);

class Classifier {
public:
    Classifier(const kb::KnowledgeBase& kb, Options options);
    ~Classifier();

    /// Explain one input (an argument or one record of a stream).
    [[nodiscard]] Explanation explain(std::string_view input) const;

    /// Explain what a reader already parsed (a bounce's answer for one recipient); `input` is the text
    /// shown and matched with the reply.
    [[nodiscard]] Explanation explain_parsed(std::string_view input, const parse::ParsedInput& parsed) const {
        return from_parsed(input, parsed);
    }

    /// Explain a bare code pair; used by compare and by explain's fast path.
    [[nodiscard]] Explanation explain_codes(std::string_view input, std::optional<int> code,
                                            std::optional<std::string> enhanced) const;

    [[nodiscard]] const Matcher& matcher() const;
    /// The wording rules `text` matches, best first: through the verdict cache when it is on.
    [[nodiscard]] const std::vector<const kb::PatternRule*>& match(std::string_view text) const;
    [[nodiscard]] const kb::KnowledgeBase& kb() const { return m_kb; }
    [[nodiscard]] const Options& options() const { return m_options; }

private:
    Explanation from_parsed(std::string_view input, const parse::ParsedInput& parsed) const;
    /// The rule whose id or description names `token` as a word ("TSS04" in Yahoo's), best tier first.
    const kb::PatternRule* rule_naming(std::string_view token) const;
    Explanation from_reply(std::string_view input, const parse::ParsedInput& parsed, const parse::Reply* reply,
                           bool top) const;

    const kb::KnowledgeBase& m_kb;
    Options m_options;
    mutable std::unique_ptr<Matcher> m_matcher;   // built on first use: bare codes never need it
    mutable std::unique_ptr<VerdictCache> m_cache;
    mutable std::vector<const kb::PatternRule*> m_uncached;
};

} // namespace smtpx::classify
