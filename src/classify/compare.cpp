// Key differences are derived from the entries (class, outcome, retry, commands, actor, reason), never
// restated descriptions, and phrased from whole catalog sentences so no template seams show.
#include "classify/compare.hpp"

namespace smtpx::classify {

namespace {
std::string label(const Explanation& e) {
    std::string s = e.code ? std::to_string(*e.code) : std::string();
    if (e.enhanced) s += (s.empty() ? "" : " ") + *e.enhanced;
    return s.empty() ? e.input : s;
}

std::string list(const std::vector<std::string>& items, Lang lang) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += (i + 1 == items.size()) ? (lang == Lang::Zh ? "和" : (items.size() > 2 ? ", and " : " and ")) : (lang == Lang::Zh ? "、" : ", ");
        out += items[i];
    }
    return out;
}
} // namespace

Comparison compare(const Classifier& classifier, const std::vector<std::string>& inputs) {
    Comparison c;
    const Lang lang = classifier.options().lang;
    const auto& kb = classifier.kb();
    for (const auto& in : inputs) c.codes.push_back(classifier.explain(in));
    std::vector<const Explanation*> ok;
    for (const auto& e : c.codes)
        if (!e.error) ok.push_back(&e);
    if (ok.size() < 2) return c;
    auto t = [&](std::string_view k) { return std::string(msg(lang, k)); };

    // Class and what happens to the message.
    bool same_class = true;
    for (auto* e : ok) same_class &= e->klass == ok[0]->klass;
    if (same_class) {
        c.differences.push_back({"class", msgf(lang, "diff.same_class", t("class." + ok[0]->klass), t("outcome." + ok[0]->klass))});
    } else {
        for (std::size_t i = 0; i + 1 < ok.size(); i += 2) {
            const auto* a = ok[i];
            const auto* b = ok[i + 1];
            c.differences.push_back({"class", msgf(lang, "diff.class", label(*a), t("class." + a->klass), t("outcome." + a->klass),
                                                   label(*b), t("class." + b->klass), t("outcome." + b->klass))});
        }
        if (ok.size() % 2 == 1) {
            const auto* a = ok[ok.size() - 2];
            const auto* b = ok.back();
            c.differences.push_back({"class", msgf(lang, "diff.class", label(*a), t("class." + a->klass), t("outcome." + a->klass),
                                                   label(*b), t("class." + b->klass), t("outcome." + b->klass))});
        }
    }
    // Retry.
    std::vector<std::string> retry, final;
    for (auto* e : ok) (e->retryable ? retry : final).push_back(label(*e));
    bool any_failure = false;
    for (auto* e : ok) any_failure |= e->klass == "transient-negative" || e->klass == "permanent-negative";
    if (any_failure) {
        if (!retry.empty() && !final.empty()) c.differences.push_back({"retry", msgf(lang, "diff.retry", list(retry, lang), list(final, lang))});
        else if (final.empty()) c.differences.push_back({"retry", t("diff.retry_same_yes")});
    }
    // Which commands elicit each.
    for (auto* e : ok) {
        const kb::CodeEntry* entry = e->code ? kb.find_code(*e->code) : nullptr;
        if (!entry || entry->commands.empty()) continue;
        std::vector<std::string> cmds;
        bool any = false;
        for (auto cmd : entry->commands) {
            if (cmd == "ANY") any = true;
            else cmds.emplace_back(cmd);
        }
        if (any) c.differences.push_back({"commands", msgf(lang, "diff.commands_any", label(*e))});
        else c.differences.push_back({"commands", msgf(lang, "diff.commands", label(*e), list(cmds, lang))});
    }
    // Reason, where the codes pin one.
    for (auto* e : ok) {
        if (e->reason == "undefined" || e->reason == "accepted") continue;
        const auto* r = kb.find_reason(e->reason);
        std::string title = r ? std::string(lang == Lang::Zh && !r->zh.title.empty() ? r->zh.title : r->title) : e->reason;
        c.differences.push_back({"reason", msgf(lang, "diff.reason", label(*e), e->reason, title)});
    }
    // Who has to act.
    for (auto* e : ok) {
        if (e->actor == "nobody") c.differences.push_back({"actor", msgf(lang, "diff.actor_nobody", label(*e))});
        else c.differences.push_back({"actor", msgf(lang, "diff.actor", label(*e), t("actor." + e->actor))});
    }
    for (auto* e : ok) c.what_to_do.push_back(msgf(lang, "todo", label(*e), e->title, e->fix));
    return c;
}

} // namespace smtpx::classify
