// The prose of an Explanation: title, description, when, fix and references, in the chosen language.
#include "classify/describe.hpp"
#include "core/smtp_code.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cstdlib>

namespace smtpx::classify {

namespace {
void join(std::string& out, std::string_view part) {
    if (part.empty()) return;
    if (!out.empty()) out += "\n";
    out += part;
}

/// Up to three registered neighbours of an unregistered code.
std::vector<std::string> nearest_basic(const kb::KnowledgeBase& kb, int code) {
    std::vector<const kb::CodeEntry*> same;
    for (const auto* c : kb.codes())
        if (c->code / 100 == code / 100 && c->status != "non-standard" && c->status != "vendor") same.push_back(c);
    std::stable_sort(same.begin(), same.end(), [code](auto* a, auto* b) {
        bool ta = a->code / 10 == code / 10, tb = b->code / 10 == code / 10;
        if (ta != tb) return ta;
        return std::abs(a->code - code) < std::abs(b->code - code);
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < same.size() && i < 3; ++i) out.push_back(std::to_string(same[i]->code));
    return out;
}

std::vector<std::string> nearest_enhanced(const kb::KnowledgeBase& kb, std::string_view code) {
    auto number = [](std::string_view digits) { return std::atoi(std::string(digits).c_str()); };
    auto parts = core::split_enhanced(code);
    int detail = number(parts.detail);
    std::vector<std::pair<int, std::string>> same;
    for (const auto* e : kb.enhanced()) {
        if (e->code[0] != 'X') continue;
        auto p = core::split_enhanced(e->code);
        if (p.subject == parts.subject)
            same.emplace_back(std::abs(number(p.detail) - detail), std::string(parts.klass) + std::string(e->code.substr(1)));
    }
    std::stable_sort(same.begin(), same.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < same.size() && i < 3; ++i) out.push_back(same[i].second);
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}
} // namespace

void Describer::texts(Explanation& e, const parse::ParsedInput& parsed) {
    auto lang = m_options.lang;
    e.bare = parsed.kind == parse::InputKind::BareCode;
    // Title: the basic code's canonical text, else the enhanced code's.
    if (m_code) e.code_title = std::string(pick(m_code->title, m_code->zh.title));
    if (m_enh) e.enhanced_title = std::string(pick(m_enh->title, m_enh->zh.title));
    if (!e.code_title.empty()) e.title = e.code_title;
    else if (!e.enhanced_title.empty()) e.title = e.enhanced_title;
    else if (e.code) e.title = msgf(lang, "generic.title", *e.code);
    else if (e.enhanced) e.title = msgf(lang, "generic.title", *e.enhanced);
    else e.title = parsed.local_text;

    // The generic meaning of each code, kept apart from what this input says.
    if (m_code) {
        e.code_meaning = std::string(pick(m_code->description, m_code->zh.description));
        if (m_after) e.code_meaning = msgf(lang, "after.command", m_after->command, pick(m_after->text, m_after->text_zh)) + "\n" + e.code_meaning;
    } else if (e.code) {
        std::string digits = std::to_string(*e.code);
        if (auto* c = m_kb.find_basic_class(digits.substr(0, 1))) join(e.code_meaning, pick(c->description, c->zh.description));
        if (auto* c = m_kb.find_category(digits.substr(1, 1))) join(e.code_meaning, pick(c->description, c->zh.description));
        e.suggestions = nearest_basic(m_kb, *e.code);
    }
    if (m_enh) {
        e.enhanced_meaning = *e.enhanced + " (" + std::string(pick(m_enh->title, m_enh->zh.title)) +
                             "): " + std::string(pick(m_enh->description, m_enh->zh.description));
    } else if (e.enhanced) {
        auto parts = core::split_enhanced(*e.enhanced);
        if (auto* c = m_kb.find_class(parts.klass)) join(e.enhanced_meaning, pick(c->description, c->zh.description));
        if (auto* s = m_kb.find_subject(parts.subject)) join(e.enhanced_meaning, pick(s->description, s->zh.description));
        e.suggestions = nearest_enhanced(m_kb, *e.enhanced);
    }
    // A generic text is printed beside the answer only when it says the same: its own reason is the
    // decided one, or it has none and nothing more specific decided (451's "a problem of its own" is
    // wrong beside a rule that read an IP-reputation throttle).
    const bool enh_specific = m_enh && (m_enh->status == "vendor" || m_enh->reason != Reason::undefined);
    const bool code_decided = !m_rule && !enh_specific;
    if (m_code && !e.bare) {
        const Reason own = m_after && m_after->reason ? *m_after->reason : m_code->reason;
        e.code_meaning_agrees = own == e.reason || (own == Reason::undefined && code_decided);
    }
    if (m_enh && !e.bare) e.enhanced_meaning_agrees = m_enh->reason == e.reason || (m_enh->reason == Reason::undefined && !m_rule);
    if (!e.suggestions.empty()) e.warnings.push_back(msgf(lang, "nearest", joined(e.suggestions)));

    // The most specific knowledge: a wording rule, the MTA's own words, a specific enhanced code, the
    // basic code (after its command).
    const bool local = !parsed.local_text.empty() && !e.code;
    if (e.bare) {
        e.description = e.code_meaning;
        join(e.description, e.enhanced_meaning);
        e.summary = std::string(m_code ? pick(m_code->summary, m_code->zh.summary) : m_enh ? pick(m_enh->summary, m_enh->zh.summary) : "");
    } else if (m_rule) {
        e.description = std::string(pick(m_rule->description, m_rule->zh.description));
    } else if (local) {
        e.description = msgf(lang, "local.decision", parsed.local_text);
    } else if (enh_specific || (m_enh && !m_code)) {
        e.description = std::string(pick(m_enh->description, m_enh->zh.description));
        e.summary = std::string(pick(m_enh->summary, m_enh->zh.summary));
    } else if (m_after) {
        e.description = e.code_meaning;
        e.summary = std::string(pick(m_after->text, m_after->text_zh));
    } else {
        e.description = !e.code_meaning.empty() ? e.code_meaning : e.enhanced_meaning;
        if (m_code) e.summary = std::string(pick(m_code->summary, m_code->zh.summary));
    }
    if (e.summary.empty()) e.summary = std::string(std::string_view(e.description).substr(0, util::first_sentence(e.description)));
    if (e.summary.empty()) e.summary = e.title;

    std::string codes;
    if (e.code) codes = std::to_string(*e.code);
    if (e.enhanced) codes += (codes.empty() ? "" : " ") + *e.enhanced;
    // Line 1 is read first and must leave room for the fix: a long sentence loses its asides.
    constexpr std::size_t kLongVerdict = 160;
    std::string verdict = e.bare ? e.title : e.summary;
    if (verdict.size() > kLongVerdict) verdict = util::without_parentheticals(verdict);
    if (verdict.size() > kLongVerdict) verdict = util::main_clause(verdict, kLongVerdict);
    e.headline = codes.empty() ? verdict : codes + " · " + verdict;

    std::string when;
    if (m_code) join(when, pick(m_code->when, m_code->zh.when));
    if (m_enh) join(when, pick(m_enh->when, m_enh->zh.when));
    e.when = when;

    // Fix: the most specific source that has one.
    const char cls = e.klass ? class_digit(*e.klass) : '5';
    if (m_rule) e.fix = std::string(pick(m_rule->fix, m_rule->zh.fix));
    else if (m_enh && cls != '2' && cls != '3' && (m_enh->status == "vendor" || m_enh->reason != Reason::undefined || !m_code))
        e.fix = std::string(pick(m_enh->fix, m_enh->zh.fix));
    else if (m_code) e.fix = std::string(pick(m_code->fix, m_code->zh.fix));
    else if (m_enh) e.fix = std::string(pick(m_enh->fix, m_enh->zh.fix));
    else e.fix = std::string(tr(std::string("generic.fix.") + cls));

    if (m_rule) reference(e, m_rule->references);
    if (m_enh) reference(e, m_enh->references);
    if (m_code) reference(e, m_code->references);
    if (e.references.empty()) e.references.push_back("RFC 5321, section 4.2");
}

} // namespace smtpx::classify
