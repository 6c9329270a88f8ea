// Turns an input into an Explanation: finds the deciding reply and hands it to a Describer; the
// decision of each field is classify::decide (decide.hpp), whose tables hold every precedence.
#include "classify/classifier.hpp"

#include "classify/decide.hpp"
#include "classify/describe.hpp"
#include "core/smtp_code.hpp"
#include "classify/verdict_cache.hpp"
#include "parse/input.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace smtpx::classify {

Classifier::Classifier(const kb::KnowledgeBase& kb, Options options) : m_kb(kb), m_options(std::move(options)) {}
Classifier::~Classifier() = default;

const Matcher& Classifier::matcher() const {
    if (!m_matcher) m_matcher = std::make_unique<Matcher>(m_kb.rules());
    return *m_matcher;
}

const std::vector<const kb::PatternRule*>& Classifier::match(std::string_view text) const {
    if (!m_options.cache) return m_uncached = matcher().match(text);
    if (!m_cache) m_cache = std::make_unique<VerdictCache>(matcher());
    return m_cache->match(text);
}

Explanation Classifier::explain(std::string_view input) const {
    if (auto bare = core::parse_bare(input)) {
        if (bare->error != core::BareCode::Error::None) {
            Explanation e;
            e.input = std::string(input);
            e.error = msgf(m_options.lang, core::error_key(bare->error), bare->bad);
            return e;
        }
        return explain_codes(input, bare->basic.empty() ? std::nullopt : std::optional<int>(bare->code()),
                             bare->enhanced.empty() ? std::nullopt : std::optional<std::string>(bare->enhanced));
    }
    Explanation e = from_parsed(input, parse::parse_input(input));
    if (!e.understood) {
        // A provider's token alone ("TSS04", "S3150") is a question about the rule that names it.
        if (const kb::PatternRule* rule = rule_naming(util::trim(input))) {
            Describer d(*this, m_kb, m_options);
            return d.describe_rule(util::trim(input), *rule);
        }
    }
    return e;
}

const kb::PatternRule* Classifier::rule_naming(std::string_view token) const {
    // A token: one word of 3 to 32 letters, digits, '-', '_', '(' or ')', with a letter and a digit.
    if (token.size() < 3 || token.size() > 32) return nullptr;
    bool letter = false, digit = false;
    for (char c : token) {
        if (util::is_alpha(c)) letter = true;
        else if (util::is_digit(c)) digit = true;
        else if (c != '-' && c != '_' && c != '(' && c != ')' && c != '.') return nullptr;
    }
    if (!letter || !digit) return nullptr;
    auto names = [&](std::string_view text) {
        for (std::size_t at = util::ifind(text, token); at != std::string_view::npos; at = util::ifind(text, token, at + 1)) {
            const bool start = at == 0 || !util::is_alnum(text[at - 1]);
            const std::size_t end = at + token.size();
            if (start && (end == text.size() || !util::is_alnum(text[end]))) return true;
        }
        return false;
    };
    const kb::PatternRule* best = nullptr;
    for (const auto* r : m_kb.rules()) {
        if (!r->reason || !(names(r->id) || names(r->description))) continue;
        if (!best || tier_of(*r) < tier_of(*best)) best = r;
    }
    return best;
}

Explanation Classifier::explain_codes(std::string_view input, std::optional<int> code,
                                      std::optional<std::string> enhanced) const {
    parse::ParsedInput parsed;
    parsed.kind = parse::InputKind::BareCode;
    parse::Reply reply;
    reply.code = code.value_or(0);
    reply.enhanced = enhanced.value_or("");
    parsed.replies.push_back(reply);
    return from_reply(input, parsed, &parsed.replies.front(), true);
}

Explanation not_understood(std::string_view input, std::string message) {
    Explanation e;
    e.input = std::string(input);
    e.error = std::move(message);
    e.understood = false;
    return e;
}

bool understood(const parse::ParsedInput& parsed, const Explanation& e, const kb::PatternRule* deciding_rule,
                std::string_view phrase) {
    if (!parsed.foreign.empty()) return false;
    if (e.code || e.enhanced || core::is_enhanced_code(parsed.status_enhanced)) return true;
    if (parsed.kind != parse::InputKind::Unknown || !parsed.wrapper.empty()) return true;
    if (!deciding_rule) return false;
    const Tier tier = tier_of(*deciding_rule);
    if (tier == Tier::Provider || tier == Tier::Software) return true;
    // A generic rule's phrase of one word ("spam", "denied") is a word of everyday English, not a
    // reply; two or more ("user unknown", "mailbox full") are the wording of one.
    const std::string_view p = util::trim(phrase);
    return tier == Tier::Generic && p.find_first_of(" \t") != std::string_view::npos;
}

namespace {
/// The reply that decided the outcome: the first 5xx, else the last 4xx, else the last reply.
const parse::Reply* deciding_reply(const std::vector<parse::Reply>& replies) {
    for (const auto& r : replies)
        if (r.code >= 500 && r.code < 600) return &r;
    for (auto it = replies.rbegin(); it != replies.rend(); ++it)
        if (it->code >= 400 && it->code < 500) return &*it;
    return replies.empty() ? nullptr : &replies.back();
}
} // namespace

Explanation Classifier::from_parsed(std::string_view input, const parse::ParsedInput& parsed) const {
    if (!parsed.foreign.empty()) return not_understood(input, msgf(m_options.lang, "err.foreign", parsed.foreign));
    const parse::Reply* decider = deciding_reply(parsed.replies);
    const bool has_status = core::is_enhanced_code(parsed.status_enhanced);
    const bool has_reply = decider && (decider->code != 0 || core::is_enhanced_code(decider->enhanced));
    if (!has_reply && !has_status && parsed.local_text.empty())
        return not_understood(input, std::string(msg(m_options.lang, "err.not_understood")));
    Explanation e = from_reply(input, parsed, decider, true);
    if (parsed.replies.size() > 1 && !e.error) {
        parse::ParsedInput one = parsed;
        one.status_enhanced.clear();
        one.delivery_status.clear();
        for (const auto& r : parsed.replies) e.replies.push_back(from_reply(r.raw, one, &r, false));
    }
    return e;
}

Explanation Classifier::from_reply(std::string_view input, const parse::ParsedInput& parsed,
                                   const parse::Reply* reply, bool top) const {
    Describer d(*this, m_kb, m_options);
    return d.describe(input, parsed, reply, top);
}

} // namespace smtpx::classify
