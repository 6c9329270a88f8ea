// The one decision: rule tiers, the reason's precedence table, retry, bounce and actor.
#include "classify/decide.hpp"

#include "classify/matcher.hpp"

#include <string>
#include <type_traits>

namespace smtpx::classify {

Tier tier_of(const kb::PatternRule& rule) {
    if (!rule.reason) return rule.tier == "relay-host" ? Tier::RelayHost : Tier::Signature;
    if (!rule.provider.empty()) return Tier::Provider;
    if (!rule.software.empty()) return Tier::Software;
    if (rule.tier == "vocabulary") return Tier::Vocabulary;
    return Tier::Generic;
}

namespace {
/// Whether a reason is a cause the remote side stated, as opposed to how the attempt ended (expired),
/// no meaning (undefined) or a transport failure in which nobody said anything (network, local fault).
bool states_cause(std::optional<Reason> reason) {
    return reason && reason != Reason::expired && reason != Reason::undefined && reason != Reason::networkerror &&
           reason != Reason::systemerror;
}
bool rule_of(const Decision& d, Tier tier) { return d.rule && tier_of(*d.rule) == tier; }
bool has_reason(const kb::EnhancedEntry* x) { return x && x->reason != Reason::undefined; }
bool vendor_decides(const Decision& d) { return has_reason(d.enh) && d.enh->status == "vendor"; }
} // namespace

// The reason's precedence, best first. The provider's meaning beats everyone's: its own wording,
// then its own meaning of an enhanced code, which beats an MTA's or generic wording of the same
// reply. Specific text beats a specific enhanced code, which beats a cause's generic words, which
// beat a code that says "other" (X.Y.0), the code after its command and the basic code. A log's
// "expired" beats all but the provider's wording, unless the wording that decides states the cause
// (a full mailbox, a rate limit, an unknown user): then the cause is the answer and "expired" the
// other reading. A transport failure or codes alone leave the expiry as the answer.
const std::array<ReasonTier, 14> k_reason_tiers{{
    {ReasonSource::Accepted,
     [](const Facts& f, const Decision&) {
         return f.klass == SmtpClass::positive_completion || f.klass == SmtpClass::positive_intermediate || f.delivery_status == "sent" ||
                f.delivery_status == "delivered" || f.delivery_status == "suppressed";
     }},
    // Nobody refuses mail for good by not answering: a final failure whose cause is a connection that
    // never worked means the MTA gave up retrying (Gmail's "failed permanently" after "did not accept
    // our requests to connect").
    {ReasonSource::GaveUp,
     [](const Facts& f, const Decision& d) {
         return (f.delivery_status == "failed" || f.delivery_status == "bounced") && d.said == Reason::networkerror &&
                (!f.code || *f.code < 500) && !(f.enhanced && f.enhanced->starts_with('5'));
     }},
    // A provider's words that only say the connection failed ("did not accept our requests to connect")
    // do not outrank the queue's expiry when nothing in the answer is permanent: the MTA gave up.
    {ReasonSource::ProviderRule,
     [](const Facts& f, const Decision& d) {
         return rule_of(d, Tier::Provider) && !(f.delivery_status == "expired" && d.said == Reason::networkerror &&
                                                f.klass != SmtpClass::permanent_negative && !(f.code && *f.code >= 500));
     }},
    {ReasonSource::Expired,
     [](const Facts& f, const Decision& d) { return f.delivery_status == "expired" && !d.stated_cause; }},
    {ReasonSource::VendorCode, [](const Facts&, const Decision& d) { return vendor_decides(d); }},
    {ReasonSource::SoftwareRule, [](const Facts&, const Decision& d) { return rule_of(d, Tier::Software); }},
    // "553 5.1.0 ... does not exist" in reply to MAIL FROM: the generic words for a missing address or
    // domain speak of the sender's own, which the code's meaning after MAIL names (rejected).
    {ReasonSource::SenderAddress,
     [](const Facts& f, const Decision& d) {
         return f.after && f.after->command == "MAIL" && f.after->reason == Reason::rejected &&
                (rule_of(d, Tier::Generic) || rule_of(d, Tier::Vocabulary)) &&
                (d.rule->reason == Reason::userunknown || d.rule->reason == Reason::hostunknown);
     }},
    // "550 Unknown user" in reply to the end of DATA: every recipient had been accepted at RCPT TO, so
    // the words do not report a missing mailbox but a filter that refused the message for this one
    // (Japanese carriers' receiving settings answer so); an address code (X.1.x) still says otherwise.
    {ReasonSource::MessageRefusal,
     [](const Facts& f, const Decision& d) {
         return f.after && f.after->command == "END-OF-DATA" && f.code_entry && (rule_of(d, Tier::Generic) || rule_of(d, Tier::Vocabulary)) &&
                d.rule->reason == Reason::userunknown && !(f.enhanced && f.enhanced->size() > 2 && (*f.enhanced)[2] == '1');
     }},
    {ReasonSource::GenericRule, [](const Facts&, const Decision& d) { return rule_of(d, Tier::Generic); }},
    {ReasonSource::EnhancedCode,
     [](const Facts& f, const Decision& d) { return has_reason(d.enh) && !(f.enhanced && f.enhanced->ends_with(".0")); }},
    {ReasonSource::VocabularyRule, [](const Facts&, const Decision& d) { return rule_of(d, Tier::Vocabulary); }},
    {ReasonSource::VagueEnhancedCode, [](const Facts&, const Decision& d) { return has_reason(d.enh); }},
    {ReasonSource::CodeAfterCommand, [](const Facts& f, const Decision&) { return f.after && f.after->reason; }},
    {ReasonSource::BasicCode,
     [](const Facts& f, const Decision&) { return f.code_entry && f.code_entry->reason != Reason::undefined; }},
}};

namespace {
Reason reason_from(ReasonSource source, const Facts& f, const Decision& d) {
    switch (source) {
    case ReasonSource::Accepted: return Reason::accepted;
    case ReasonSource::Expired:
    case ReasonSource::GaveUp: return Reason::expired;
    case ReasonSource::ProviderRule:
    case ReasonSource::SoftwareRule:
    case ReasonSource::GenericRule:
    case ReasonSource::VocabularyRule: return *d.rule->reason;
    case ReasonSource::VendorCode:
    case ReasonSource::EnhancedCode:
    case ReasonSource::VagueEnhancedCode: return d.enh->reason;
    case ReasonSource::SenderAddress:
    case ReasonSource::CodeAfterCommand: return *f.after->reason;
    case ReasonSource::MessageRefusal: return Reason::rejected;
    case ReasonSource::BasicCode: return f.code_entry->reason;
    case ReasonSource::None: break;
    }
    return Reason::undefined;
}

/// The first row of the table that decides; `reply_only` leaves out the rows that override what the
/// reply says with what the log says (Expired, GaveUp).
ReasonSource first_row(const Facts& f, const Decision& d, bool reply_only) {
    for (const auto& row : k_reason_tiers) {
        if (reply_only && (row.source == ReasonSource::Expired || row.source == ReasonSource::GaveUp)) continue;
        if (row.decides(f, d)) return row.source;
    }
    return ReasonSource::None;
}

template <class Member>
const kb::PatternRule* first_with(std::span<const kb::PatternRule* const> hits, Member member) {
    for (const auto* r : hits) {
        const auto& v = r->*member;
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string_view>) {
            if (!v.empty()) return r;
        } else if (v) {
            return r;
        }
    }
    return nullptr;
}
} // namespace

const kb::PatternRule* first_provider(std::span<const kb::PatternRule* const> hits) {
    return first_with(hits, &kb::PatternRule::provider);
}

Decision decide(const kb::KnowledgeBase& kb, const Facts& f, std::span<const kb::PatternRule* const> hits) {
    Decision d;
    // Hits come best first (k_rule_tiers), and every tier with a reason comes before every tier
    // without: the best reason rule is the first that has one.
    d.best_rule = first_with(hits, &kb::PatternRule::reason);
    // "Gave up after retrying", "delivery temporarily suspended" say how the attempt went, not why
    // it failed: a rule naming the remote's cause in the same text decides, so that the answer says
    // what to fix. A provider's own verdict (Microsoft's 5.4.316 "Message expired, connection
    // refused") yields only to that provider's rules.
    // A network state yields only when the remote did answer (a reply code): "Connection refused" or
    // "Host not found, try again" alone are the whole story, and generic rules also match them.
    // A network state that the remote's own enhanced code also names ("554 5.4.6 Hop count exceeded -
    // possible mail loop") is the cause the remote stated, not a transport failure around a reply: it
    // yields only to a rule of its own tier, not to the generic words of a relaying client's text
    // ("server refused to accept your message").
    if (d.best_rule && (d.best_rule->reason == Reason::expired || (d.best_rule->reason == Reason::networkerror && f.code))) {
        const Tier expiry = tier_of(*d.best_rule);
        const kb::EnhancedEntry* said_code = f.enhanced && !f.enhanced->ends_with(".0") ? kb.find_registry_enhanced(*f.enhanced) : nullptr;
        const bool code_agrees = d.best_rule->reason == Reason::networkerror && said_code && said_code->reason == Reason::networkerror;
        const bool own_tier_only = expiry == Tier::Provider || code_agrees;
        for (const auto* r : hits)
            if (states_cause(r->reason) && tier_of(*r) != Tier::Vocabulary && (!own_tier_only || tier_of(*r) == expiry)) {
                d.best_rule = r;
                break;
            }
    }
    // The provider and software are whoever wrote the wording: the best reason rule, else the first
    // hit that names one.
    d.provider_rule = d.best_rule && !d.best_rule->provider.empty() ? d.best_rule : first_provider(hits);
    d.software_rule = d.best_rule && !d.best_rule->software.empty() ? d.best_rule : first_with(hits, &kb::PatternRule::software);
    if (d.provider_rule) d.provider = d.provider_rule->provider;
    if (d.software_rule) d.software = d.software_rule->software;

    // A provider's own meaning of an enhanced code ("5.1.10" is Microsoft's RecipientNotFound, the
    // registry's null MX) applies only to that provider's replies, as decided by the wording; a code
    // that only the provider defines also applies when no provider is known, and then names it.
    if (f.enhanced) {
        d.vendor_entry = kb.find_vendor_enhanced(*f.enhanced);
        d.registry = kb.find_registry_enhanced(*f.enhanced);
        d.vendor_applies = d.vendor_entry && (d.provider_rule ? d.provider == d.vendor_entry->provider : d.registry == nullptr);
        d.enh = d.vendor_applies ? d.vendor_entry : d.registry;
        if (d.vendor_applies && d.provider.empty()) {
            d.provider = d.vendor_entry->provider;
            d.provider_from_vendor = true;
        }
    }

    // A cause's generic words (the vocabulary) stay in play only beside a code, and only when the
    // enhanced code says "other or undefined" (X.Y.0, or no reason of its own): a generic word alone
    // is no SMTP reply, and a specific code knows better.
    d.rule = d.best_rule;
    if (d.rule && tier_of(*d.rule) == Tier::Vocabulary) {
        const bool vague = !has_reason(d.enh) || (f.enhanced && f.enhanced->ends_with(".0"));
        if (!vague || (!f.code && !f.enhanced)) d.rule = nullptr;
    }

    // What the reply says without the log's expiry, and whether that is a cause its wording stated.
    const ReasonSource said = first_row(f, d, true);
    const Reason said_reason = reason_from(said, f, d);
    d.said = said_reason;
    d.stated_cause = said != ReasonSource::Accepted && d.rule && said_reason == d.rule->reason && states_cause(said_reason) &&
                     tier_of(*d.rule) != Tier::Vocabulary;
    d.source = first_row(f, d, false);
    d.reason = reason_from(d.source, f, d);
    // The rule's words were about a recipient; its description and fix would mislead.
    if (d.source == ReasonSource::SenderAddress || d.source == ReasonSource::MessageRefusal) d.rule = nullptr;
    if (d.source == ReasonSource::Expired || d.source == ReasonSource::GaveUp) {
        d.overridden_source = said;
        d.overridden = said_reason;
    }
    d.expiry_is_other_reading = f.delivery_status == "expired" && d.stated_cause;

    d.cls = !f.klass ? '0' : *f.klass == SmtpClass::transient_negative ? '4' : *f.klass == SmtpClass::permanent_negative ? '5' : '2';
    // A deferral with no reply code (Exim's "== ... defer (-1): host lookup did not complete") is the
    // MTA saying it will retry; with a code, the code's class decides (the labelling convention).
    d.retryable = d.cls == '4' || (f.delivery_status == "deferred" && d.cls == '0');
    if (d.retryable && d.rule && d.rule->retryable == 0) d.retryable = false;

    const kb::ReasonEntry* re = kb.find_reason(d.reason);
    if (d.cls == '2' || d.cls == '0' || d.reason == Reason::accepted) d.bounce = Bounce::none;
    else if (d.cls == '4') d.bounce = Bounce::soft;
    else if (d.rule && d.rule->bounce) d.bounce = *d.rule->bounce;
    else d.bounce = re && re->bounce ? *re->bounce : Bounce::soft;
    if (d.bounce == Bounce::none && d.cls == '5') d.bounce = Bounce::soft;

    // An enhanced code's actor is always set (the KB requires it).
    if (d.rule && d.rule->actor) d.actor = *d.rule->actor;
    else if (vendor_decides(d)) d.actor = d.enh->actor;
    else if (re && d.reason != Reason::undefined) d.actor = re->actor;
    else if (d.enh && d.cls != '2') d.actor = d.enh->actor;
    else if (f.code_entry) d.actor = f.code_entry->actor;
    else d.actor = d.cls == '2' ? Actor::nobody : Actor::sender_admin;
    return d;
}

std::optional<std::string_view> host_provider(const Matcher& matcher, std::string_view host) {
    // The relay-host rules read a host where a log line names it; a relay field is the form every
    // one of them accepts, so the host is shown to them as one.
    const std::string field = "relay=" + std::string(host) + "[192.0.2.1]:25";
    const auto hits = matcher.match(field);
    if (const auto* r = first_provider(hits)) return r->provider;
    return std::nullopt;
}

} // namespace smtpx::classify
