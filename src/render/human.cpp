// One explanation as labelled, wrapped sections; user-supplied text always escaped.
#include "render/human.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include "util/terminal_text.hpp"

namespace smtpx::render {

std::string paint(const Style& style, std::string_view klass, std::string_view text) {
    if (!style.color) return std::string(text);
    const char* sgr = klass == "positive-completion"     ? "32"
                      : klass == "positive-intermediate" ? "36"
                      : klass == "transient-negative"    ? "33"
                      : klass == "permanent-negative"    ? "31"
                                                         : "0";
    return std::string("\x1b[1;") + sgr + "m" + std::string(text) + "\x1b[0m";
}

std::string bold(const Style& style, std::string_view text) {
    return style.color ? "\x1b[1m" + std::string(text) + "\x1b[0m" : std::string(text);
}

namespace {
void section(std::string& out, const Style& st, std::string_view label, std::string_view body) {
    if (body.empty()) return;
    out += bold(st, label) + "\n";
    // Knowledge-base texts may quote the input (a host, a phrase), so every body is escaped; escaping
    // is idempotent, so bodies escaped by the caller are unchanged.
    for (const auto& line : util::wrap(util::escape_control(body, true), st.width - 2)) out += "  " + line + "\n";
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}
} // namespace

/// One short block per recipient of a mail: codes and title, the facts, where it came from, the
/// deciding text (cut), what to do. Never the mail itself.
std::string human_mail(const Explanation& e, const Style& st) {
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    const MailRecord& m = *e.mail;
    std::string out;
    std::string head;
    if (e.code) head += std::to_string(*e.code);
    if (e.enhanced) head += (head.empty() ? "" : " ") + *e.enhanced;
    if (head.empty()) head = "---";
    const int indent = util::display_width(head) + 2;
    const auto title = util::wrap(util::escape_control(util::cut_utf8(e.title, 300)), std::max(10, st.width - indent));
    out += paint(st, e.klass, head) + "  " + bold(st, title.front()) + "\n";
    for (std::size_t i = 1; i < title.size(); ++i) out += std::string(static_cast<std::size_t>(indent), ' ') + bold(st, title[i]) + "\n";
    std::string where = m.file + (m.message ? "#" + std::to_string(*m.message) : std::string()) + " · " + m.kind;
    if (e.recipient) where += " · " + t("h.recipient") + ": " + *e.recipient;
    if (m.action) where += " · " + *m.action;
    std::string facts = e.reason.empty() ? std::string() : t("h.reason") + ": " + e.reason;
    if (!e.reason.empty()) facts += " · " + t("h.retry") + ": " + (e.retryable ? t("yes") : t("no"));
    if (e.provider) facts += " · " + t("h.provider") + ": " + *e.provider;
    if (e.remote_host) facts += " · " + *e.remote_host;
    for (const std::string& line : {where, facts})
        for (const auto& w : util::wrap(util::escape_control(line), st.width - 2))
            if (!w.empty()) out += "  " + w + "\n";
    if (!e.input.empty()) {
        constexpr std::size_t shown_max = 300;
        std::string shown = util::escape_control(util::cut_utf8(e.input, shown_max)) + (e.input.size() > shown_max ? "…" : "");
        for (const auto& line : util::wrap("> " + shown, st.width - 2)) out += "  " + line + "\n";
    }
    if (m.note && *m.note != e.title) for (const auto& line : util::wrap(util::escape_control(*m.note), st.width - 2)) out += "  " + line + "\n";
    if (!e.fix.empty()) section(out, st, t("h.fix"), e.fix);
    if (st.why) {
        std::vector<std::string> ev;
        for (const auto& x : e.evidence)
            ev.push_back(x.field + " = " + util::escape_control(x.value) + "  ← " + x.source +
                         (x.detail.empty() ? "" : " (" + util::escape_control(x.detail) + ")"));
        section(out, st, t("h.evidence"), join(ev, "\n"));
    }
    return out;
}

std::string human(const Explanation& e, const Style& st) {
    if (e.mail && !e.error) return human_mail(e, st);
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    std::string out;
    std::string input = util::escape_control(e.input);
    if (e.error) return out;   // errors go to stderr, one line each (see cli)
    std::string head;
    if (e.code) head += std::to_string(*e.code);
    if (e.enhanced) head += (head.empty() ? "" : " ") + *e.enhanced;
    if (head.empty()) head = "---";
    // The title wraps beside the codes, so a narrow terminal (or a long Chinese title) keeps its width.
    const int indent = util::display_width(head) + 2;
    const auto title = util::wrap(util::escape_control(e.title), std::max(10, st.width - indent));
    out += paint(st, e.klass, head) + "  " + bold(st, title.front()) + "\n";
    for (std::size_t i = 1; i < title.size(); ++i) out += std::string(static_cast<std::size_t>(indent), ' ') + bold(st, title[i]) + "\n";
    std::string facts = e.klass.empty() ? t("unknown") : t("class." + e.klass);
    facts += " · " + t("h.reason") + ": " + e.reason;
    facts += " · " + t("h.retry") + ": " + (e.retryable ? t("yes") : t("no"));
    if (e.provider) facts += " · " + t("h.provider") + ": " + *e.provider;
    if (e.software) facts += " · " + t("h.software") + ": " + *e.software;
    if (e.command) facts += " · " + t("h.command") + ": " + *e.command;
    for (const auto& line : util::wrap(util::escape_control(facts), st.width - 2)) out += "  " + line + "\n";
    if (input != head) {
        // Cut the raw input, not its escaped form: never inside a UTF-8 character or an escape.
        constexpr std::size_t shown_max = 400;
        const bool cut = e.input.size() > shown_max;
        std::string shown = cut ? util::escape_control(util::cut_utf8(e.input, shown_max)) + "…" : input;
        for (const auto& line : util::wrap("> " + shown, st.width - 2)) out += "  " + line + "\n";
        if (cut) out += "  (" + msgf(st.lang, "warn.truncated", shown_max) + ")\n";
    }
    out += "\n";
    section(out, st, t("h.description"), e.description);
    section(out, st, t("h.when"), e.when);
    section(out, st, t("h.fix"), e.fix);
    if (e.retryable && !e.retry_window.empty()) section(out, st, t("h.retry"), e.retry_window);
    if (e.blocklist)
        section(out, st, t("h.blocklist"),
                e.blocklist->name + (e.blocklist->listed.empty() ? "" : " (" + e.blocklist->listed + ")") +
                    (e.blocklist->url.empty() ? "" : " " + e.blocklist->url));
    section(out, st, t("h.actor"), t("actor." + e.actor));
    section(out, st, t("h.references"), join(e.references, "; "));
    if (!e.warnings.empty()) section(out, st, t("h.warnings"), util::escape_control(join(e.warnings, "\n"), true));
    if (st.why) {
        std::vector<std::string> ev;
        for (const auto& x : e.evidence)
            ev.push_back(x.field + " = " + util::escape_control(x.value) + "  ← " + x.source +
                         (x.detail.empty() ? "" : " (" + util::escape_control(x.detail) + ")"));
        section(out, st, t("h.evidence"), join(ev, "\n"));
        std::vector<std::string> alts;
        for (const auto& a : e.alternatives) alts.push_back(a.reason + "  ← " + a.source);
        section(out, st, t("h.alternatives"), join(alts, "\n"));
    }
    if (!e.replies.empty()) {
        std::vector<std::string> rs;
        for (const auto& r : e.replies)
            rs.push_back((r.command ? *r.command + ": " : std::string()) + util::escape_control(r.input) + "  → " +
                         r.reason);
        section(out, st, t("h.replies"), join(rs, "\n"));
    }
    return out;
}

} // namespace smtpx::render
