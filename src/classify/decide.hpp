#pragma once
// THE decision of an answer: which reason, provider and software it gets, whether to retry, what
// kind of bounce and who acts. Every precedence is written down here, once, as data: the rule tiers
// (k_rule_tiers) that order the matcher's hits, and the reason tiers (k_reason_tiers) that pick the
// source of the reason. Describer (describe.cpp) turns a Decision into the answer's fields, evidence
// and warnings; stats::Verdicts asks host_provider() for a relay's owner.
#include "kb/knowledge_base.hpp"
#include "kb/model.hpp"

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace smtpx::classify {

class Matcher;

/// Precedence tier of a wording rule, best first. The provider's own wording beats an MTA's, which
/// beats generic text; then a cause's generic words (a patterns file declaring "tier": "vocabulary");
/// then the signatures in the wording (provider or software, no reason); last the relay-host
/// signatures ("tier": "relay-host"), because the provider is whoever wrote the wording, and only
/// when nobody did, whoever runs the relay. Within a tier the knowledge base's order holds: a site's
/// new overlay rules, then the embedded rules file by file (kb::KnowledgeBase::rules).
enum class Tier { Provider = 0, Software = 1, Generic = 2, Vocabulary = 3, Signature = 4, RelayHost = 5 };
Tier tier_of(const kb::PatternRule& rule);

/// The rule tiers in the order Matcher::match returns hits (a rule's fields say which tier it is in).
inline constexpr std::array k_rule_tiers{Tier::Provider,   Tier::Software,  Tier::Generic,
                                         Tier::Vocabulary, Tier::Signature, Tier::RelayHost};

/// Where an answer's reason comes from.
enum class ReasonSource {
    Accepted,          ///< a 2xx/3xx class, or the log says sent/delivered
    GaveUp,            ///< a final failure whose only cause is a connection that never worked: expired
    ProviderRule,      ///< the provider's own wording rule
    Expired,           ///< the log says the message expired in the queue (status=expired)
    VendorCode,        ///< the provider's own meaning of the enhanced code (Microsoft's 5.7.515)
    SoftwareRule,      ///< an MTA's or gateway's wording rule
    SenderAddress,     ///< generic "does not exist" words in a refusal of MAIL FROM: the sender's address
    MessageRefusal,    ///< generic "no such user" words in a refusal of the message (end of DATA) without an
                       ///< address code (X.1.x): the recipient was accepted at RCPT TO, a filter refused it
    GenericRule,       ///< generic wording of two or more words
    EnhancedCode,      ///< a specific enhanced code (not X.Y.0, a reason of its own)
    VocabularyRule,    ///< a cause's generic words: only beside a code, over a vague one
    VagueEnhancedCode, ///< an enhanced code X.Y.0 that still names a reason
    CodeAfterCommand,  ///< the basic code's meaning after the command it answered
    BasicCode,         ///< the basic code's own reason
    None,              ///< nothing decided: "undefined"
};

/// Whether the row that decided is a wording rule's (the text decided, not a code, a command or the queue).
constexpr bool decided_by_wording(ReasonSource s) {
    return s == ReasonSource::ProviderRule || s == ReasonSource::SoftwareRule || s == ReasonSource::GenericRule ||
           s == ReasonSource::VocabularyRule;
}

/// Everything decide() reads besides the rules: the codes the describer found and their KB entries.
struct Facts {
    std::optional<SmtpClass> klass;
    std::optional<int> code;
    std::optional<std::string_view> enhanced;
    std::string_view delivery_status;   ///< a log's or DSN's status word ("sent", "expired", ...)
    const kb::CodeEntry* code_entry = nullptr;
    const kb::AfterNote* after = nullptr;   ///< the code's meaning after the reply's command
};

struct Decision {
    /// The best reason rule among the hits: the first with a reason, or, when that one only says the
    /// delivery expired, the first that states a cause. It quotes the phrase.
    const kb::PatternRule* best_rule = nullptr;
    /// The rule still in play after the vocabulary is weighed: it decides the reason when its tier
    /// comes first, and its retryable, bounce, actor, description and fix apply.
    const kb::PatternRule* rule = nullptr;
    const kb::PatternRule* provider_rule = nullptr;   ///< the hit that names the provider
    const kb::PatternRule* software_rule = nullptr;   ///< the hit that names the software
    std::string_view provider, software;
    bool provider_from_vendor = false;                ///< the provider is known from its own code
    const kb::EnhancedEntry* enh = nullptr;       ///< the enhanced code's meaning that applies
    const kb::EnhancedEntry* registry = nullptr;  ///< the registry's meaning, kept as the other reading
    const kb::EnhancedEntry* vendor_entry = nullptr;
    bool vendor_applies = false;                  ///< enh is the provider's own meaning

    ReasonSource source = ReasonSource::None;
    Reason reason = Reason::undefined;
    /// When an expiry overrode it: the reason the reply itself gave, and where it came from.
    ReasonSource overridden_source = ReasonSource::None;
    Reason overridden = Reason::undefined;
    /// The deciding rule states the cause (not expired, undefined or a transport failure): an expiry
    /// in the log does not override it ...
    bool stated_cause = false;
    /// The reason the reply itself gives, before the log's expiry or final failure is weighed.
    Reason said = Reason::undefined;
    /// ... and is listed as the other reading.
    bool expiry_is_other_reading = false;

    bool retryable = false;
    Bounce bounce = Bounce::none;
    Actor actor = Actor::nobody;
    char cls = '0';   ///< '2' (also for 3xx), '4', '5', or '0' without a code
};

/// One row of the reason precedence: the first row whose condition holds decides.
struct ReasonTier {
    ReasonSource source;
    bool (*decides)(const Facts&, const Decision&);
};
extern const std::array<ReasonTier, 14> k_reason_tiers;

/// The decision for one reply: `hits` are the wording rules that matched, best first (Matcher::match).
Decision decide(const kb::KnowledgeBase& kb, const Facts& facts, std::span<const kb::PatternRule* const> hits);

/// The provider among `hits` (best first): the first that names one.
const kb::PatternRule* first_provider(std::span<const kb::PatternRule* const> hits);

/// Who runs the mail host `host` (a relay's name, as stats groups keep it), from the rules a log
/// line naming that relay would match; the relay-host tier is where those rules are.
std::optional<std::string_view> host_provider(const Matcher& matcher, std::string_view host);

} // namespace smtpx::classify
