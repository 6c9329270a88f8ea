// The field-by-field decisions for one reply. Knowledge comes from the KB; only the order is code.
#include "classify/describe.hpp"

#include "classify/matcher.hpp"

#include "core/smtp_code.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace smtpx::classify {

namespace {
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
    std::string text;
    if (reply && !reply->text.empty()) {
        text = (reply->code ? std::to_string(reply->code) + " " : std::string()) +
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
        m_hits = m_classifier.match(text);
    } else if (!parsed.local_text.empty() && (top || !reply)) {
        // The MTA's own words (Sendmail's "Sent (...)", "connect to ...: timed out"), read with the
        // line they came in, so that its relay field still names the provider.
        text = parsed.local_text;
        if (top && input != text && parsed.kind != parse::InputKind::Transcript && parsed.replies.empty()) text += "\n" + std::string(input);
        m_hits = m_classifier.match(text);
    }
    record(e, parsed, text);
    if (top && !understood(parsed, e, m_rule, m_phrase)) return not_understood(input, std::string(tr("err.not_understood")));
    texts(e, parsed);
    return e;
}

Explanation Describer::describe_rule(std::string_view token, const kb::PatternRule& rule) {
    Explanation e;
    e.input = std::string(token);
    parse::ParsedInput parsed;
    parsed.local_text = std::string(token);
    m_hits = {&rule};
    m_phrase = std::string(token);
    record(e, parsed, token, /*from_text=*/false);
    texts(e, parsed);
    e.headline = std::string(token) + " · " + e.headline;
    return e;
}

/// Class, registration and warnings from the codes alone.
void Describer::codes(Explanation& e) {
    auto lang = m_options.lang;
    if (e.code) {
        char digit = static_cast<char>('0' + *e.code / 100);
        e.klass = class_of_digit(digit);
        evidence(e, "class", "src.code", std::string(name(e.klass)), std::to_string(*e.code));
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
        if (!e.klass) {
            e.klass = class_of_digit(x[0]);
            evidence(e, "class", "src.enhanced", std::string(name(e.klass)), x);
        } else if (x[0] != static_cast<char>('0' + *e.code / 100)) {
            e.warnings.push_back(msgf(lang, "warn.class_mismatch", *e.code, tr(catalog_key("class.", e.klass)), x,
                                      tr(catalog_key("class.", class_of_digit(x[0])))));
        }
    }
}

/// The decision (classify/decide.hpp) written into the answer, with the evidence of each field.
void Describer::record(Explanation& e, const parse::ParsedInput& parsed, std::string_view text, bool from_text) {
    auto lang = m_options.lang;
    const Facts facts{.klass = e.klass,
                      .code = e.code,
                      .enhanced = e.enhanced ? std::optional<std::string_view>(*e.enhanced) : std::nullopt,
                      .delivery_status = parsed.delivery_status,
                      .code_entry = m_code,
                      .after = m_after};
    const Decision d = classify::decide(m_kb, facts, m_hits);
    m_rule = d.rule;
    m_enh = d.enh;
    m_registry = d.registry;

    // Provider and software: whoever wrote the wording.
    if (d.provider_rule && !e.provider) {
        e.provider = std::string(d.provider);
        evidence(e, "provider", d.provider_rule == d.best_rule ? "src.rule" : "src.signature", e.provider.value(),
                 std::string(d.provider_rule->id));
    }
    if (d.software_rule) {
        e.software = std::string(d.software);
        // A token's own rule (describe_rule) is the answer's subject, not evidence for it.
        if (from_text)
            evidence(e, "software", d.software_rule == d.best_rule ? "src.rule" : "src.signature", e.software.value(),
                     std::string(d.software_rule->id));
    }
    if (d.best_rule && from_text) {
        m_phrase = m_classifier.matcher().phrase(*d.best_rule, text);
        if (!d.best_rule->blocklist.name.empty()) {
            std::string listed(util::find_ipv4(text));
            e.blocklist = BlocklistHit{std::string(d.best_rule->blocklist.name), listed, std::string(d.best_rule->blocklist.url)};
        }
    }

    // The enhanced code's meaning: unknown, or a provider's own.
    if (e.enhanced && !m_enh) {
        e.registered = false;
        e.warnings.push_back(msgf(lang, "warn.unregistered_enhanced", *e.enhanced));
    } else if (e.enhanced && d.vendor_applies) {
        if (d.provider_from_vendor) {
            e.provider = std::string(d.provider);
            evidence(e, "provider", "src.vendor", e.provider.value(), *e.enhanced);
        }
        // Only a code the registry lacks is "not registered"; Microsoft's 5.1.10 is registered, with
        // another meaning, which is listed as the other reading.
        if (!m_registry) {
            e.registered = false;
            e.warnings.push_back(msgf(lang, "warn.vendor_code", *e.enhanced, d.vendor_entry->provider));
        }
    }

    // The reason, and when the queue's expiry overrode it, what the reply itself said.
    if (d.source == ReasonSource::Expired || d.source == ReasonSource::GaveUp) {
        record_reason(e, d.overridden_source, d.overridden);
        if (d.overridden != Reason::undefined && d.overridden != Reason::expired) e.alternatives.push_back({d.overridden, "text"});
        evidence(e, "reason", "src.log", "expired",
                 d.source == ReasonSource::Expired ? "status=expired" : "action=" + parsed.delivery_status);
    } else {
        record_reason(e, d.source, d.reason);
        if (d.expiry_is_other_reading) e.alternatives.push_back({Reason::expired, std::string(tr("src.log")) + " expired"});
    }
    e.reason = d.reason;
    // Other readings that lost: a specific enhanced code, other matched rules with another reason.
    auto alt = [&](std::optional<Reason> r, std::string source) {
        if (!r || r == Reason::undefined || r == e.reason) return;
        for (const auto& a : e.alternatives)
            if (a.reason == r) return;
        e.alternatives.push_back({*r, std::move(source)});
    };
    if (m_enh && e.reason != Reason::accepted) alt(m_enh->reason, std::string(tr("src.enhanced")) + " " + *e.enhanced);
    if (m_registry && m_registry != m_enh && e.reason != Reason::accepted)
        alt(m_registry->reason, std::string(tr("src.enhanced")) + " " + std::string(m_registry->code));
    for (const auto* r : m_hits)
        if (from_text && r != m_rule && r->reason) alt(r->reason, std::string(tr("src.rule")) + " " + std::string(r->id));
    // Only where the wording decided: an expiry overriding the codes is not "the text" saying more.
    if (m_rule && decided_by_wording(d.source) && m_enh && m_enh->reason != Reason::undefined && m_enh->reason != e.reason &&
        e.reason != Reason::accepted)
        e.warnings.push_back(msgf(lang, "warn.text_overrides", name(e.reason), name(m_enh->reason)));

    e.retryable = d.retryable;
    if (e.retryable) e.retry_window = std::string(m_kb.retry_window(lang == Lang::Zh));
    if (const kb::ReasonEntry* re = m_kb.find_reason(d.reason)) e.reason_title = std::string(smtpx::pick(lang, re->title, re->zh.title));
    e.bounce = d.bounce;
    e.actor = d.actor;
}

/// The evidence for a reason: the part of the input (or of the KB) whose row of the table decided.
void Describer::record_reason(Explanation& e, ReasonSource source, Reason reason) {
    const std::string r(name(reason));
    switch (source) {
    case ReasonSource::ProviderRule:
    case ReasonSource::SoftwareRule:
    case ReasonSource::GenericRule:
    case ReasonSource::VocabularyRule:
        evidence(e, "reason", "src.rule", r, std::string(m_rule->id) + ": \"" + m_phrase + "\"");
        break;
    case ReasonSource::VendorCode: evidence(e, "reason", "src.vendor", r, std::string(m_enh->code)); break;
    case ReasonSource::EnhancedCode:
    case ReasonSource::VagueEnhancedCode: evidence(e, "reason", "src.enhanced", r, *e.enhanced); break;
    case ReasonSource::SenderAddress:
    case ReasonSource::MessageRefusal:
    case ReasonSource::CodeAfterCommand:
        evidence(e, "reason", "src.command", r, std::to_string(m_code->code) + " after " + *e.command);
        break;
    case ReasonSource::BasicCode: evidence(e, "reason", "src.code", r, std::to_string(m_code->code)); break;
    case ReasonSource::Accepted:
    case ReasonSource::GaveUp:
    case ReasonSource::Expired:
    case ReasonSource::None: break;
    }
}

} // namespace smtpx::classify
