// The field-by-field decisions for one reply. Knowledge comes from the KB; only the order is code.
#include "classify/describe.hpp"

#include "classify/matcher.hpp"

#include "core/smtp_code.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace smtpx::classify {

namespace {
/// The first IPv4 address in `text`, for naming what a blocklist listed.
std::string first_ipv4(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && (std::isdigit(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.')))
            continue;
        std::size_t j = i;
        int parts = 0;
        while (parts < 4) {
            std::size_t k = j;
            while (k < text.size() && k - j < 3 && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
            if (k == j) break;
            ++parts;
            j = k;
            if (parts < 4) {
                if (j >= text.size() || text[j] != '.') break;
                ++j;
            }
        }
        if (parts == 4 && (j >= text.size() || !std::isdigit(static_cast<unsigned char>(text[j]))))
            return std::string(text.substr(i, j - i));
    }
    return {};
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}
} // namespace

void Describer::evidence(Explanation& e, std::string field, std::string_view source_key, std::string value,
                         std::string detail) {
    e.evidence.push_back({std::move(field), std::string(tr(source_key)), std::move(value), std::move(detail)});
}

void Describer::reference(Explanation& e, std::span<const std::string_view> refs) {
    for (auto r : refs) add_unique(e.references, std::string(r));
}

Explanation Describer::describe(std::string_view input, const parse::ParsedInput& parsed, const parse::Reply* reply,
                                bool top) {
    Explanation e;
    e.input = std::string(input);
    auto lang = m_options.lang;
    if (reply && reply->code) {
        if (reply->code < 200 || reply->code > 599) {
            e.error = msgf(lang, "err.not_code", reply->code);
            return e;
        }
        e.code = reply->code;
        evidence(e, "code", "src.code", std::to_string(reply->code));
    }
    std::string enhanced;
    if (top && core::is_enhanced_code(parsed.status_enhanced)) {
        enhanced = parsed.status_enhanced;
        evidence(e, "enhanced", parsed.kind == parse::InputKind::Dsn ? "src.status" : "src.log", enhanced);
    } else if (reply && !reply->enhanced.empty()) {
        if (core::is_enhanced_code(reply->enhanced)) {
            enhanced = reply->enhanced;
            evidence(e, "enhanced", "src.enhanced", enhanced);
        } else {
            e.warnings.push_back(msgf(lang, "warn.bad_enhanced", reply->enhanced));
        }
    }
    if (!enhanced.empty()) e.enhanced = enhanced;
    if (!e.code && !e.enhanced && parsed.local_text.empty()) {
        e.error = std::string(tr("err.no_code"));
        return e;
    }
    std::string command = reply ? reply->command : std::string();
    if (command.empty() && !m_options.after.empty()) {
        command = util::to_upper(m_options.after);
        evidence(e, "command", "src.option", command);
    } else if (!command.empty()) {
        evidence(e, "command", "src.command", command);
    }
    if (!command.empty()) e.command = command;
    if (top && !parsed.delivery_status.empty()) e.delivery_status = parsed.delivery_status;
    if (!parsed.remote_host.empty()) e.remote_host = parsed.remote_host;
    if (!parsed.recipient.empty()) e.recipient = parsed.recipient;
    if (reply) e.reply_text = reply->text;

    codes(e);
    if (reply && !reply->text.empty()) {
        std::string text = (reply->code ? std::to_string(reply->code) + " " : std::string()) +
                           (reply->enhanced.empty() ? std::string() : reply->enhanced + " ") + reply->text;
        // Wording that the reply split loses (a "#4.4.5" prefix, a reply quoted after "->" in a
        // forwarded bounce) is still in the input as given, so the rules see both. Not for a
        // transcript: its server lines lose nothing, and the rest is other replies, the client's
        // commands and the message body, whose wording must not decide this reply. Nor when the input
        // holds other replies (a bounce for several recipients): theirs must not decide this one.
        // Nor when a library or webhook wrapped the reply: "SMTP server error:" is PHPMailer's, not the server's.
        if (top && input != text && parsed.kind != parse::InputKind::Transcript && parsed.wrapper.empty() &&
            parsed.replies.size() <= 1)
            text += "\n" + std::string(input);
        wording(e, text);
    } else if (!parsed.local_text.empty() && (top || !reply)) {
        // The MTA's own words (Sendmail's "Sent (...)", "connect to ...: timed out"), read with the
        // line they came in, so that its relay field still names the provider.
        std::string text = parsed.local_text;
        if (top && input != text && parsed.kind != parse::InputKind::Transcript && parsed.replies.empty()) text += "\n" + std::string(input);
        wording(e, text);
    }
    enhanced_entry(e);
    decide(e, parsed);
    if (top && !understood(parsed, e, m_rule, m_phrase)) return not_understood(input, std::string(tr("err.not_understood")));
    texts(e, parsed);
    return e;
}

Explanation Describer::describe_rule(std::string_view token, const kb::PatternRule& rule) {
    Explanation e;
    e.input = std::string(token);
    parse::ParsedInput parsed;
    parsed.local_text = std::string(token);
    m_rule = &rule;
    m_phrase = std::string(token);
    if (!rule.provider.empty()) {
        e.provider = std::string(rule.provider);
        evidence(e, "provider", "src.rule", e.provider.value(), std::string(rule.id));
    }
    if (!rule.software.empty()) e.software = std::string(rule.software);
    decide(e, parsed);
    texts(e, parsed);
    e.headline = std::string(token) + " · " + e.headline;
    return e;
}

/// Class, registration and warnings from the codes alone.
void Describer::codes(Explanation& e) {
    auto lang = m_options.lang;
    if (e.code) {
        char digit = static_cast<char>('0' + *e.code / 100);
        e.klass = std::string(core::class_name(digit));
        evidence(e, "class", "src.code", e.klass, std::to_string(*e.code));
        m_code = m_kb.find_code(*e.code);
        if (!m_code) {
            e.registered = false;
            e.warnings.push_back(msgf(lang, "warn.unregistered_code", *e.code));
        } else if (m_code->status == "non-standard" || m_code->status == "vendor") {
            e.registered = false;
            e.warnings.push_back(msgf(lang, "warn.nonstandard_code", *e.code));
        } else if (m_code->status == "registry") {
            e.warnings.push_back(msgf(lang, "warn.registry_only", *e.code));
        }
        if (m_code && e.command) {
            for (const auto& a : m_code->after)
                if (a.command == *e.command) m_after = &a;
        }
    }
    if (e.enhanced) {
        const std::string& x = *e.enhanced;
        if (e.klass.empty()) {
            e.klass = std::string(core::class_name(x[0]));
            evidence(e, "class", "src.enhanced", e.klass, x);
        } else if (x[0] != static_cast<char>('0' + *e.code / 100)) {
            e.warnings.push_back(msgf(lang, "warn.class_mismatch", *e.code, tr("class." + e.klass), x,
                                      tr("class." + std::string(core::class_name(x[0])))));
        }
    }
}

/// Which meaning of the enhanced code applies. A provider's own meaning ("5.1.10" is Microsoft's
/// RecipientNotFound, the registry's null MX) applies only to that provider's replies, as decided
/// by the wording; a code that only the provider defines also applies when no provider is known.
void Describer::enhanced_entry(Explanation& e) {
    if (!e.enhanced) return;
    auto lang = m_options.lang;
    const std::string& x = *e.enhanced;
    const kb::EnhancedEntry* vendor = m_kb.find_vendor_enhanced(x);
    m_registry = m_kb.find_registry_enhanced(x);
    bool applies = vendor && (e.provider ? *e.provider == vendor->provider : m_registry == nullptr);
    m_enh = applies ? vendor : m_registry;
    if (!m_enh) {
        e.registered = false;
        e.warnings.push_back(msgf(lang, "warn.unregistered_enhanced", x));
        return;
    }
    if (!applies) return;
    if (!e.provider) {
        e.provider = std::string(vendor->provider);
        evidence(e, "provider", "src.vendor", e.provider.value(), x);
    }
    // Only a code the registry lacks is "not registered"; Microsoft's 5.1.10 is registered, with
    // another meaning, which decide() lists as the other reading.
    if (!m_registry) {
        e.registered = false;
        e.warnings.push_back(msgf(lang, "warn.vendor_code", x, vendor->provider));
    }
}

namespace {
/// Whether a reason is a cause the remote side stated, as opposed to how the attempt ended (expired),
/// no meaning (undefined) or a transport failure in which nobody said anything (network, local fault).
bool states_cause(std::string_view reason) {
    return !reason.empty() && reason != "expired" && reason != "undefined" && reason != "networkerror" &&
           reason != "systemerror";
}
} // namespace

/// Wording rules over the reply text: provider and software signatures, and the best reason rule.
void Describer::wording(Explanation& e, std::string_view text) {
    m_hits = m_classifier.match(text);
    for (const auto* r : m_hits) {
        if (!m_rule && !r->reason.empty()) m_rule = r;
    }
    // "Gave up after retrying", "delivery temporarily suspended" say how the attempt went, not why
    // it failed: a rule naming the remote's cause in the same text decides, so that the answer says
    // what to fix. A provider's own verdict (Microsoft's 5.4.316 "Message expired, connection
    // refused") yields only to that provider's rules.
    // A network state yields only when the remote did answer (a reply code): "Connection refused" or
    // "Host not found, try again" alone are the whole story, and generic rules also match them.
    if (m_rule && (m_rule->reason == "expired" || (m_rule->reason == "networkerror" && e.code))) {
        const Tier expiry = tier_of(*m_rule);
        for (const auto* r : m_hits)
            if (states_cause(r->reason) && tier_of(*r) != Tier::Vocabulary && (expiry != Tier::Provider || tier_of(*r) == expiry)) {
                m_rule = r;
                break;
            }
    }
    // The provider and software are whoever wrote the wording: the deciding rule first, then signatures.
    auto first_with = [&](auto member) -> const kb::PatternRule* {
        if (m_rule && !(m_rule->*member).empty()) return m_rule;
        for (const auto* r : m_hits)
            if (!(r->*member).empty()) return r;
        return nullptr;
    };
    if (const auto* r = first_with(&kb::PatternRule::provider); r && !e.provider) {
        e.provider = std::string(r->provider);
        evidence(e, "provider", r == m_rule ? "src.rule" : "src.signature", e.provider.value(), std::string(r->id));
    }
    if (const auto* r = first_with(&kb::PatternRule::software)) {
        e.software = std::string(r->software);
        evidence(e, "software", r == m_rule ? "src.rule" : "src.signature", e.software.value(), std::string(r->id));
    }
    if (m_rule) {
        m_phrase = m_classifier.matcher().phrase(*m_rule, text);
        if (!m_rule->blocklist.name.empty()) {
            std::string listed = first_ipv4(text);
            e.blocklist = BlocklistHit{std::string(m_rule->blocklist.name), listed, std::string(m_rule->blocklist.url)};
        }
    }
}

/// reason, retryable, bounce, actor, alternatives.
void Describer::decide(Explanation& e, const parse::ParsedInput& parsed) {
    auto lang = m_options.lang;
    std::string reason = "undefined";
    std::string decided_by;
    // A cause's generic words (the vocabulary) weigh less than a specific enhanced code: they decide
    // over one that says "other or undefined" (X.Y.0, or no reason of its own) and over the basic
    // code, and never on text that holds no code at all (a generic word alone is no SMTP reply).
    if (m_rule && tier_of(*m_rule) == Tier::Vocabulary) {
        const bool vague = !m_enh || m_enh->reason == "undefined" || (e.enhanced && e.enhanced->ends_with(".0"));
        if (!vague || (!e.code && !e.enhanced)) m_rule = nullptr;
    }
    bool vendor = m_enh && m_enh->status == "vendor" && m_enh->reason != "undefined";
    bool provider_rule = m_rule && !m_rule->provider.empty();
    if (e.klass == "positive-completion" || e.klass == "positive-intermediate" || parsed.delivery_status == "sent" ||
        parsed.delivery_status == "delivered") {
        reason = "accepted";
        decided_by = "class";
    } else if (provider_rule || (m_rule && !vendor)) {
        reason = std::string(m_rule->reason);
        evidence(e, "reason", "src.rule", reason, std::string(m_rule->id) + ": \"" + m_phrase + "\"");
    } else if (vendor) {
        reason = std::string(m_enh->reason);
        evidence(e, "reason", "src.vendor", reason, std::string(m_enh->code));
    } else if (m_enh && m_enh->reason != "undefined") {
        reason = std::string(m_enh->reason);
        evidence(e, "reason", "src.enhanced", reason, *e.enhanced);
    } else if (m_after && !m_after->reason.empty()) {
        reason = std::string(m_after->reason);
        evidence(e, "reason", "src.command", reason, std::to_string(m_code->code) + " after " + *e.command);
    } else if (m_code && m_code->reason != "undefined") {
        reason = std::string(m_code->reason);
        evidence(e, "reason", "src.code", reason, std::to_string(m_code->code));
    }
    // Expired with the remote's stated cause in the words (a full mailbox, a rate limit, an unknown
    // user): the cause decides and "expired" is the other reading. A transport failure (no
    // connection, a local fault) or codes alone leave the expiry as the answer: nothing was said.
    const bool stated_cause = m_rule && decided_by.empty() && reason == m_rule->reason && states_cause(reason) &&
                              tier_of(*m_rule) != Tier::Vocabulary;
    if (parsed.delivery_status == "expired" && stated_cause) {
        e.alternatives.push_back({"expired", std::string(tr("src.log")) + " expired"});
    } else if (parsed.delivery_status == "expired" && reason != "accepted" && !provider_rule) {
        if (reason != "undefined" && reason != "expired") e.alternatives.push_back({reason, "text"});
        reason = "expired";
        evidence(e, "reason", "src.log", reason, "status=expired");
    } else if ((parsed.delivery_status == "failed" || parsed.delivery_status == "bounced") && reason == "networkerror" &&
               (!e.code || *e.code < 500) && !(e.enhanced && e.enhanced->starts_with('5'))) {
        // Nobody refuses mail for good by not answering: a final failure whose cause is a connection
        // that never worked means the MTA gave up retrying (Gmail's "failed permanently" after "did
        // not accept our requests to connect").
        e.alternatives.push_back({reason, "text"});
        reason = "expired";
        evidence(e, "reason", "src.log", reason, "action=" + parsed.delivery_status);
    }
    e.reason = reason;
    // Other readings that lost: a specific enhanced code, other matched rules with another reason.
    auto alt = [&](const std::string& r, std::string source) {
        if (r.empty() || r == "undefined" || r == e.reason) return;
        for (const auto& a : e.alternatives)
            if (a.reason == r) return;
        e.alternatives.push_back({r, std::move(source)});
    };
    if (m_enh && e.reason != "accepted") alt(std::string(m_enh->reason), std::string(tr("src.enhanced")) + " " + *e.enhanced);
    if (m_registry && m_registry != m_enh && e.reason != "accepted")
        alt(std::string(m_registry->reason), std::string(tr("src.enhanced")) + " " + std::string(m_registry->code));
    for (const auto* r : m_hits)
        if (r != m_rule && !r->reason.empty()) alt(std::string(r->reason), std::string(tr("src.rule")) + " " + std::string(r->id));
    if (m_rule && m_enh && m_enh->reason != "undefined" && m_enh->reason != e.reason && e.reason != "accepted")
        e.warnings.push_back(msgf(lang, "warn.text_overrides", e.reason, m_enh->reason));

    const char cls = e.klass.empty() ? '0' : (e.klass == "transient-negative" ? '4' : e.klass == "permanent-negative" ? '5' : '2');
    // A deferral with no reply code (Exim's "== ... defer (-1): host lookup did not complete") is the
    // MTA saying it will retry; with a code, the code's class decides (the labelling convention).
    e.retryable = cls == '4' || (parsed.delivery_status == "deferred" && cls == '0');
    if (e.retryable && m_rule && m_rule->retryable == 0) e.retryable = false;
    if (e.retryable) e.retry_window = std::string(m_kb.retry_window(lang == Lang::Zh));

    const kb::ReasonEntry* re = m_kb.find_reason(e.reason);
    if (re) e.reason_title = std::string(smtpx::pick(lang, re->title, re->zh.title));
    if (cls == '2' || cls == '0' || e.reason == "accepted") e.bounce = "none";
    else if (cls == '4') e.bounce = "soft";
    else if (m_rule && !m_rule->bounce.empty()) e.bounce = std::string(m_rule->bounce);
    else e.bounce = re && !re->bounce.empty() ? std::string(re->bounce) : "soft";
    if (e.bounce == "none" && cls == '5') e.bounce = "soft";

    if (m_rule && !m_rule->actor.empty()) e.actor = std::string(m_rule->actor);
    else if (vendor && !m_enh->actor.empty()) e.actor = std::string(m_enh->actor);
    else if (re && e.reason != "undefined") e.actor = std::string(re->actor);
    else if (m_enh && !m_enh->actor.empty() && cls != '2') e.actor = std::string(m_enh->actor);
    else if (m_code) e.actor = std::string(m_code->actor);
    else e.actor = cls == '2' || cls == '3' ? "nobody" : "sender-admin";
}

} // namespace smtpx::classify
