// Key differences are derived from the entries (class, outcome, retry, commands, actor, reason), never
// restated descriptions, and phrased from whole catalog sentences so no template seams show.
#include "classify/compare.hpp"
#include "core/smtp_code.hpp"
#include "util/strings.hpp"

#include <algorithm>

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
/// The codes' labels grouped by `key`, groups in the order their first code came.
template <class Key>
std::vector<std::pair<std::string, std::vector<std::string>>> grouped(const std::vector<const Explanation*>& ok, Key key) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto* e : ok) {
        std::string k(key(e));
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == k; });
        if (it == out.end()) out.push_back({k, {label(*e)}});
        else it->second.push_back(label(*e));
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

    // Class and what happens to the message: one sentence per class, naming its codes.
    bool same_class = true;
    for (auto* e : ok) same_class &= e->klass == ok[0]->klass;
    if (same_class) {
        c.differences.push_back({"class", msgf(lang, "diff.same_class", t(catalog_key("class.", ok[0]->klass)), t(catalog_key("outcome.", ok[0]->klass)))});
    } else if (ok.size() == 2) {
        const auto* a = ok[0];
        const auto* b = ok[1];
        c.differences.push_back({"class", msgf(lang, "diff.class", label(*a), t(catalog_key("class.", a->klass)), t(catalog_key("outcome.", a->klass)),
                                               label(*b), t(catalog_key("class.", b->klass)), t(catalog_key("outcome.", b->klass)))});
    } else {
        for (const auto& [klass, codes] : grouped(ok, [](const Explanation* e) { return name(e->klass); }))
            c.differences.push_back({"class", msgf(lang, "diff.class_group", list(codes, lang), t("class." + klass), t("outcome." + klass))});
    }
    // Retry.
    std::vector<std::string> retry, final;
    for (auto* e : ok) (e->retryable ? retry : final).push_back(label(*e));
    bool any_failure = false;
    for (auto* e : ok) any_failure |= e->klass == SmtpClass::transient_negative || e->klass == SmtpClass::permanent_negative;
    if (any_failure) {
        if (!retry.empty() && !final.empty()) c.differences.push_back({"retry", msgf(lang, "diff.retry", list(retry, lang), list(final, lang))});
        else if (final.empty()) c.differences.push_back({"retry", t("diff.retry_same_yes")});
    }
    // Scope: a 421 ends the session, a 450 or 550 refuses one command, a 554 greeting refuses them all.
    auto entry_of = [&](const Explanation* e) { return e->code ? kb.find_code(*e->code) : nullptr; };
    bool scopes_matter = false;
    for (auto* e : ok)
        if (const auto* entry = entry_of(e); entry && entry->scope != "command") scopes_matter = true;
    if (scopes_matter)
        for (const auto& [scope, codes] : grouped(ok, [&](const Explanation* e) {
                 const auto* entry = entry_of(e);
                 return std::string(entry ? entry->scope : std::string_view("command"));
             }))
            c.differences.push_back({"scope", msgf(lang, "diff.scope." + scope, list(codes, lang))});
    // Which commands draw each.
    for (auto* e : ok) {
        const kb::CodeEntry* entry = entry_of(e);
        if (!entry || entry->commands.empty()) continue;
        std::vector<std::string> cmds;
        bool any = false;
        for (auto cmd : entry->commands) {
            if (cmd == "ANY") any = true;
            else if (cmd == "CONNECT") cmds.emplace_back(t("diff.at_greeting"));
            else cmds.emplace_back(cmd);
        }
        if (any) c.differences.push_back({"commands", msgf(lang, "diff.commands_any", label(*e))});
        else c.differences.push_back({"commands", msgf(lang, "diff.commands", label(*e), list(cmds, lang))});
    }
    // The cause, in words, where the codes pin one.
    // The reason's words were decided with it (Explanation::reason_title); only lower-cased here.
    auto reason_words = [&](const Explanation* e) {
        if (e->reason == Reason::undefined || e->reason == Reason::accepted) return std::string();
        std::string title = e->reason_title;
        if (lang != Lang::Zh && !title.empty()) title[0] = util::to_lower(title[0]);
        return title;
    };
    for (auto* e : ok)
        if (std::string words = reason_words(e); !words.empty()) c.differences.push_back({"reason", msgf(lang, "diff.reason", label(*e), words)});
    // Who has to act.
    for (const auto& [actor, codes] : grouped(ok, [](const Explanation* e) { return name(e->actor); })) {
        if (actor == name(Actor::nobody)) c.differences.push_back({"actor", msgf(lang, "diff.actor_group_nobody", list(codes, lang))});
        else c.differences.push_back({"actor", msgf(lang, "diff.actor_group", list(codes, lang), t("actor." + actor))});
    }
    // A sentence that two codes share says nothing about their difference.
    std::vector<Difference> unique;
    for (auto& d : c.differences)
        if (std::none_of(unique.begin(), unique.end(), [&](const Difference& u) { return u.text == d.text; })) unique.push_back(std::move(d));
    c.differences = std::move(unique);

    // What to do about each, from the same facts: one line per code, not its fix again.
    for (auto* e : ok) {
        const kb::CodeEntry* entry = entry_of(e);
        const std::string scope = entry ? std::string(entry->scope) : "command";
        std::string cause = reason_words(e);
        if (cause.empty()) cause = t("todo.unknown_cause");
        const std::string who = e->actor == Actor::nobody ? t("actor.sender-admin") : t(catalog_key("actor.", e->actor));
        const char cls = e->klass ? class_digit(*e->klass) : '5';
        std::string line;
        if (cls == '2') line = msgf(lang, "todo.ok", label(*e));
        else if (cls == '3') line = msgf(lang, "todo.wait", label(*e));
        else if (cls == '4') line = msgf(lang, scope == "session" ? "todo.retry_session" : "todo.retry", label(*e), who, cause);
        else line = msgf(lang, scope == "greeting-or-command" ? "todo.final_greeting" : "todo.final", label(*e), who, cause);
        c.what_to_do.push_back(std::move(line));
    }
    return c;
}

} // namespace smtpx::classify
