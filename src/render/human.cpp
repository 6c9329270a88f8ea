// One explanation as labelled, wrapped sections; user-supplied text always escaped.
#include "render/human.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include "util/terminal_text.hpp"

namespace smtpx::render {

std::string paint(const Style& style, std::optional<SmtpClass> klass, std::string_view text) {
    if (!style.color) return std::string(text);
    const char* sgr = klass == SmtpClass::positive_completion     ? "32"
                      : klass == SmtpClass::positive_intermediate ? "36"
                      : klass == SmtpClass::transient_negative    ? "33"
                      : klass == SmtpClass::permanent_negative    ? "31"
                                                                  : "0";
    return std::string("\x1b[1;") + sgr + "m" + std::string(text) + "\x1b[0m";
}

std::string bold(const Style& style, std::string_view text) {
    return style.color ? "\x1b[1m" + std::string(text) + "\x1b[0m" : std::string(text);
}

std::string hanging(const Style& style, std::string_view head, int head_w, std::string_view text, bool strong) {
    std::string out;
    const auto lines = util::wrap(text, std::max(10, style.width - head_w));
    for (std::size_t i = 0; i < lines.size(); ++i)
        out += (i == 0 ? std::string(head) : std::string(static_cast<std::size_t>(head_w), ' ')) +
               (strong ? bold(style, lines[i]) : lines[i]) + "\n";
    return out;
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

/// Evidence and the readings that lost (--why, --long).
void why_sections(std::string& out, const Explanation& e, const Style& st) {
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    std::vector<std::string> ev;
    for (const auto& x : e.evidence)
        ev.push_back(x.field + " = " + util::escape_control(x.value) + "  ← " + x.source +
                     (x.detail.empty() ? "" : " (" + util::escape_control(x.detail) + ")"));
    section(out, st, t("h.evidence"), join(ev, "\n"));
    std::vector<std::string> alts;
    for (const auto& a : e.alternatives) alts.push_back(std::string(name(a.reason)) + "  ← " + a.source);
    section(out, st, t("h.alternatives"), join(alts, "\n"));
}

void replies_section(std::string& out, const Explanation& e, const Style& st) {
    if (e.replies.empty()) return;
    std::vector<std::string> rs;
    for (const auto& r : e.replies)
        rs.push_back((r.command ? *r.command + ": " : std::string()) + util::escape_control(r.input) + "  → " + std::string(name(r.reason)));
    section(out, st, std::string(msg(st.lang, "h.replies")), join(rs, "\n"));
}

/// The codes in their class's colour, then the rest of the line in bold, wrapped with a hanging indent.
void headline(std::string& out, const Explanation& e, const Style& st, std::string_view codes, std::string_view rest,
              std::string_view sep) {
    const std::string text = util::escape_control(rest);
    if (!codes.empty()) {
        out += hanging(st, paint(st, e.klass, codes) + std::string(sep), util::display_width(codes) + util::display_width(sep), text, true);
        return;
    }
    // No codes to hang from: the first line takes the whole width, later lines indent by 2.
    const auto lines = util::wrap(text, std::max(10, st.width));
    std::string tail;
    for (std::size_t i = 1; i < lines.size(); ++i) tail += (tail.empty() ? "" : " ") + lines[i];
    out += bold(st, lines.front()) + "\n";
    if (!tail.empty()) out += hanging(st, "  ", 2, tail, true);
}

/// "What to do: " and the fix on the same line, so that it is among the first lines; later lines indent by 2.
void what_to_do(std::string& out, const Explanation& e, const Style& st) {
    if (e.fix.empty()) return;
    const std::string label = std::string(msg(st.lang, "h.do")) + ": ";
    const auto lines = util::wrap(util::escape_control(e.fix, true), st.width - util::display_width(label));
    std::string rest;
    for (std::size_t i = 1; i < lines.size(); ++i) rest += (rest.empty() ? "" : " ") + lines[i];
    out += bold(st, label) + lines.front() + "\n";
    for (const auto& line : util::wrap(rest, st.width - 2))
        if (!line.empty()) out += "  " + line + "\n";
}

std::string codes_of(const Explanation& e) {
    std::string head;
    if (e.code) head += std::to_string(*e.code);
    if (e.enhanced) head += (head.empty() ? "" : " ") + *e.enhanced;
    return head;
}

/// One short block per recipient of a mail: codes and title, the facts, where it came from, the
/// deciding text (cut), what to do. Never the mail itself.
std::string human_mail(const Explanation& e, const Style& st) {
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    const MailRecord& m = *e.mail;
    std::string out;
    const std::string codes = codes_of(e);
    // Line 1: the verdict (the same sentence explain puts first), never the code's generic title.
    headline(out, e, st, codes, util::cut_utf8(e.summary.empty() ? e.title : e.summary, 300), codes.empty() ? "" : " · ");
    std::string where = m.file + (m.message ? "#" + std::to_string(*m.message) : std::string()) + " · " + m.kind;
    if (e.recipient) where += " · " + t("h.recipient") + ": " + *e.recipient;
    if (m.action) where += " · " + *m.action;
    std::string facts = !e.reason ? std::string() : std::string(name(e.reason)) + (e.reason_title.empty() ? "" : ": " + e.reason_title);
    if (e.reason) facts += " · " + t("h.retry") + ": " + (e.retryable ? t("yes") : t("no"));
    if (e.provider) facts += " · " + t("h.provider") + ": " + *e.provider;
    if (e.remote_host) facts += " · " + *e.remote_host;
    for (const std::string& line : {where, facts})
        for (const auto& w : util::wrap(util::escape_control(line), st.width - 2))
            if (!w.empty()) out += "  " + w + "\n";
    what_to_do(out, e, st);
    if (!e.input.empty()) {
        constexpr std::size_t shown_max = 300;
        std::string shown = util::escape_control(util::cut_utf8(e.input, shown_max)) + (e.input.size() > shown_max ? "…" : "");
        for (const auto& line : util::wrap("> " + shown, st.width - 2)) out += "  " + line + "\n";
    }
    if (m.note && *m.note != e.title) for (const auto& line : util::wrap(util::escape_control(*m.note), st.width - 2)) out += "  " + line + "\n";
    if (st.why || st.long_form) why_sections(out, e, st);
    return out;
}

/// A bare code: the encyclopedic entry, since that is what was asked.
std::string human_entry(const Explanation& e, const Style& st) {
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    std::string out;
    headline(out, e, st, codes_of(e), e.title, "  ");
    std::string facts = !e.klass ? t("unknown") : t(catalog_key("class.", e.klass));
    facts += " · " + t("h.reason") + ": " + std::string(name(e.reason));
    facts += " · " + t("h.retry") + ": " + (e.retryable ? t("yes") : t("no"));
    if (e.provider) facts += " · " + t("h.provider") + ": " + *e.provider;
    if (e.command) facts += " · " + t("h.command") + ": " + *e.command;
    for (const auto& line : util::wrap(util::escape_control(facts), st.width - 2)) out += "  " + line + "\n";
    out += "\n";
    section(out, st, t("h.description"), e.description);
    section(out, st, t("h.when"), e.when);
    section(out, st, t("h.fix"), e.fix);
    if (e.retryable && !e.retry_window.empty()) section(out, st, t("h.retry"), e.retry_window);
    section(out, st, t("h.actor"), t(catalog_key("actor.", e.actor)));
    section(out, st, t("h.references"), join(e.references, "; "));
    if (!e.warnings.empty()) section(out, st, t("h.warnings"), util::escape_control(join(e.warnings, "\n"), true));
    if (st.why || st.long_form) why_sections(out, e, st);
    return out;
}

/// A reply, log line, DSN or transcript: the specific verdict on top, the fix next, then why; one
/// reply's answer fits in kMaxLines at 100 columns unless --long or --why ask for more.
std::string human_answer(const Explanation& e, const Style& st) {
    constexpr std::size_t kMaxLines = 12;
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    std::string out;
    const std::string codes = codes_of(e);
    const std::string_view sep = " · ";
    std::string_view verdict = e.headline;
    if (!codes.empty() && verdict.starts_with(codes)) verdict = util::trim(verdict.substr(codes.size() + sep.size()));
    headline(out, e, st, codes, verdict, codes.empty() ? "" : sep);
    // Line 2: the facts, most important first, on one line where the width allows.
    std::vector<std::string> facts{std::string(name(e.reason)) + (e.reason_title.empty() ? "" : ": " + e.reason_title)};
    // With no code and no delivery status nothing says whether it is retried: say nothing.
    if (e.klass || e.retryable) facts.push_back(t("h.retry") + ": " + (e.retryable ? t("yes") : t("no")));
    if (e.actor != Actor::nobody) facts.push_back(t("h.acts") + ": " + t(catalog_key("acts.", e.actor)));
    if (e.provider) facts.push_back(t("h.provider") + ": " + *e.provider);
    if (e.command) facts.push_back(t("h.command") + ": " + *e.command);
    if (st.long_form && e.recipient) facts.push_back(t("h.recipient") + ": " + *e.recipient);
    // Too wide for one line: the reason's id alone says it (its words are in the JSON and --long).
    if (util::display_width(join(facts, " · ")) > st.width - 2) facts.front() = std::string(name(e.reason));
    for (const auto& line : util::wrap(util::escape_control(join(facts, " · ")), st.width - 2)) out += "  " + line + "\n";
    what_to_do(out, e, st);   // on the label's line: within the first four lines
    if (e.blocklist)
        for (const auto& line : util::wrap(util::escape_control(t("h.listed") + ": " + e.blocklist->name +
                                                                 (e.blocklist->listed.empty() ? "" : " (" + e.blocklist->listed + ")") +
                                                                 (e.blocklist->url.empty() ? "" : " " + e.blocklist->url)),
                                           st.width - 2))
            out += "  " + line + "\n";
    // The description goes on from the sentence already on line 1.
    // (unless line 1 shortened it: then the whole of it).
    std::string_view details = e.description;
    if (details.starts_with(e.summary) && e.headline.ends_with(e.summary)) details = util::trim(details.substr(e.summary.size()));
    std::string notes;
    for (const auto& w : e.warnings) notes += (notes.empty() ? "" : "\n") + t("h.note") + ": " + w;
    notes = util::escape_control(notes, true);
    if (!st.long_form) {
        const auto used = static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
        const auto wrapped = util::wrap(util::escape_control(details, true), st.width - 3);   // room for "…"
        const auto note_lines = notes.empty() ? 0 : util::wrap(notes, st.width - 2).size();
        if (!details.empty() && used + note_lines + 1 + wrapped.size() <= kMaxLines) {
            section(out, st, t("h.details"), details);
        } else if (!details.empty() && used + note_lines + 3 <= kMaxLines) {
            // Cut to what fits, and say where the rest is.
            out += bold(st, t("h.details")) + "\n";
            const std::size_t room = kMaxLines - used - note_lines - 2;
            for (std::size_t i = 0; i < room && i < wrapped.size(); ++i) out += "  " + wrapped[i] + (i + 1 == room ? "…" : "") + "\n";
            out += "  " + t("h.more") + "\n";
        } else if (!details.empty() && used + note_lines + 1 <= kMaxLines) {
            out += "  " + t("h.more") + "\n";
        }
        for (const auto& line : util::wrap(notes, st.width - 2)) if (!line.empty()) out += "  " + line + "\n";
        if (st.why) {
            why_sections(out, e, st);
            replies_section(out, e, st);
        }
        return out;
    }
    section(out, st, t("h.details"), details);
    if (e.code && e.code_meaning_agrees) section(out, st, msgf(st.lang, "h.meaning_of", *e.code), e.code_meaning);
    if (e.enhanced && e.enhanced_meaning_agrees) section(out, st, msgf(st.lang, "h.meaning_of", *e.enhanced), e.enhanced_meaning);
    section(out, st, t("h.when"), e.when);
    if (e.retryable && !e.retry_window.empty()) section(out, st, t("h.retry"), e.retry_window);
    section(out, st, t("h.references"), join(e.references, "; "));
    // The input as the lines it came in, each escaped: never a literal "\n".
    std::string input;
    for (std::string_view line : util::split_lines(util::cut_utf8(e.input, 4000))) input += (input.empty() ? "> " : "\n> ") + util::escape_control(line);
    section(out, st, t("h.input"), input);
    if (!notes.empty()) section(out, st, t("h.warnings"), notes);
    why_sections(out, e, st);
    replies_section(out, e, st);
    return out;
}
} // namespace

std::string human(const Explanation& e, const Style& st) {
    if (e.error) return {};   // errors go to stderr, one line each (see cli)
    if (e.mail) return human_mail(e, st);
    return e.bare ? human_entry(e, st) : human_answer(e, st);
}

} // namespace smtpx::render
