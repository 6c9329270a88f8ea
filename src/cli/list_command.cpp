// list: a table of codes filtered by a range (4xx, 55x, 5.7.*), and search: ranked matches.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/smtp_code.hpp"
#include "render/json.hpp"
#include "util/strings.hpp"
#include "util/terminal_text.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/core.h>

namespace smtpx::cli {

namespace {
/// "4xx", "55x", "5.7.*", "550": digit by digit, x or * matches anything.
bool in_range(std::string_view code, std::string_view range) {
    if (range.empty() || range == "all") return true;
    if (range.back() == '*') {
        auto prefix = range.substr(0, range.size() - 1);
        return code.substr(0, prefix.size()) == prefix;
    }
    if (code.size() != range.size()) return false;
    for (std::size_t i = 0; i < code.size(); ++i)
        if (range[i] != 'x' && range[i] != 'X' && range[i] != code[i]) return false;
    return true;
}

struct Row {
    std::string code, klass, status, title, summary;
    int score = 0;
    std::string kind;
};


/// The status column in the reader's language; JSON keeps the knowledge base's ids.
std::string status_label(Lang lang, const std::string& status) {
    const std::string key = "kbstatus." + status;   // msg() returns the key itself when it has no row
    const std::string_view label = msg(lang, key);
    return label == key ? status : std::string(label);
}

int print_rows(Context& ctx, const std::vector<Row>& rows, bool with_score) {
    if (ctx.opt.json) {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (const auto& r : rows) {
            nlohmann::ordered_json o;
            if (with_score) o["kind"] = r.kind;
            o["code"] = r.code;
            o["class"] = r.klass;
            o["status"] = r.status;
            o["title"] = r.title;
            o["summary"] = r.summary;
            if (with_score) o["score"] = r.score;
            j.push_back(o);
        }
        fmt::print("{}\n", render::dump(j));
        return 0;
    }
    // Code (9 columns), status (13), title wrapped in the rest; a code too long for its column (a
    // rule id) gets a line of its own, and no line passes the width.
    const int width = ctx.style.width;
    constexpr int code_w = 9;
    int status_w = 13;   // wide enough for the longest status or reason ("policyviolation") and a gap
    for (const auto& r : rows) status_w = std::max(status_w, util::display_width(status_label(ctx.style.lang, r.status)) + 2);
    for (const auto& r : rows) {
        std::string prefix;
        if (util::display_width(r.code) >= code_w) {
            fmt::print("{}\n", render::paint(ctx.style, from_name<SmtpClass>(r.klass), util::fit(r.code, width)));
            prefix = std::string(code_w, ' ');
        } else {
            prefix = render::paint(ctx.style, from_name<SmtpClass>(r.klass), r.code) + std::string(static_cast<std::size_t>(code_w - util::display_width(r.code)), ' ');
        }
        const auto lines = util::wrap(r.title, std::max(8, width - code_w - status_w));
        fmt::print("{}{}{}\n", prefix, util::pad(status_label(ctx.style.lang, r.status), status_w),
                   util::fit(lines[0], width - code_w - status_w));
        for (std::size_t i = 1; i < lines.size(); ++i)
            fmt::print("{}{}\n", std::string(code_w + status_w, ' '), util::fit(lines[i], width - code_w - status_w));
    }
    return 0;
}
} // namespace

int run_list(Context& ctx) {
    std::string range = ctx.opt.inputs.empty() ? "" : ctx.opt.inputs.front();
    bool enhanced = ctx.opt.enhanced || range.find('.') != std::string::npos;
    auto l = ctx.style.lang;
    std::vector<Row> rows;
    if (enhanced) {
        std::string cls = range.empty() ? "X" : range.substr(0, 1);
        for (const auto* e : ctx.kb.enhanced()) {
            std::string code = e->code[0] == 'X' ? (cls == "X" || cls == "x" || cls == "*" ? std::string(e->code) : cls + std::string(e->code.substr(1)))
                                                 : std::string(e->code);
            if (!in_range(code, range)) continue;
            rows.push_back({code, std::string(name(class_of_digit(code[0]))), std::string(e->status),
                            std::string(pick(l, e->title, e->zh.title)), std::string(pick(l, e->summary, e->zh.summary)), 0, {}});
        }
    } else {
        for (const auto* c : ctx.kb.codes()) {
            std::string code = std::to_string(c->code);
            if (!in_range(code, range)) continue;
            rows.push_back({code, std::string(name(c->klass)), std::string(c->status), std::string(pick(l, c->title, c->zh.title)),
                            std::string(pick(l, c->summary, c->zh.summary)), 0, {}});
        }
    }
    if (rows.empty()) {
        print_error(ctx, msgf(l, "list.empty", range));
        return static_cast<int>(ExitCode::Input);
    }
    return print_rows(ctx, rows, false);
}

namespace {
int score_text(const std::vector<std::string>& words, std::string_view text, int weight) {
    std::string t = util::to_lower(text);
    int s = 0;
    for (const auto& w : words)
        if (!w.empty() && t.find(w) != std::string::npos) s += weight;
    return s;
}
} // namespace

int run_search(Context& ctx) {
    std::vector<std::string> words;
    for (const auto& in : ctx.opt.inputs) {
        std::string w;
        for (char c : in + " ") {
            if (c == ' ') {
                if (!w.empty()) words.push_back(util::to_lower(w));
                w.clear();
            } else w += c;
        }
    }
    auto l = ctx.style.lang;
    std::vector<Row> rows;
    for (const auto* c : ctx.kb.codes()) {
        std::string code = std::to_string(c->code);
        int s = 0;
        for (const auto& w : words) s += w == code ? 20 : 0;
        s += score_text(words, c->title, 5) + score_text(words, c->zh.title, 5) + score_text(words, c->summary, 3) +
             score_text(words, c->description, 2) + score_text(words, c->when, 1) + score_text(words, c->fix, 1) +
             score_text(words, c->zh.description, 2);
        if (s > 0) rows.push_back({code, std::string(name(c->klass)), std::string(c->status), std::string(pick(l, c->title, c->zh.title)),
                                   std::string(pick(l, c->summary, c->zh.summary)), s, "code"});
    }
    for (const auto* e : ctx.kb.enhanced()) {
        int s = 0;
        for (const auto& w : words) s += (w.size() > 2 && w.substr(1) == util::to_lower(e->code.substr(1))) ? 20 : 0;
        s += score_text(words, e->title, 5) + score_text(words, e->summary, 3) + score_text(words, e->description, 2) +
             score_text(words, e->when, 1) + score_text(words, e->zh.title, 5) + score_text(words, e->zh.description, 2);
        if (s > 0) rows.push_back({std::string(e->code), "", std::string(e->status), std::string(pick(l, e->title, e->zh.title)),
                                   std::string(pick(l, e->summary, e->zh.summary)), s, "enhanced"});
    }
    for (const auto* r : ctx.kb.rules()) {
        if (!r->reason) continue;
        int s = score_text(words, r->id, 4) + score_text(words, r->description, 2) + score_text(words, r->fix, 1) +
                score_text(words, r->pattern, 3) + score_text(words, r->provider, 3) + score_text(words, r->zh.description, 2);
        if (s > 0) rows.push_back({std::string(r->id), "", std::string(name(*r->reason)), std::string(pick(l, r->description, r->zh.description)), "", s, "rule"});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.score > b.score; });
    if (rows.size() > 25) rows.resize(25);
    if (rows.empty()) {
        std::string q;
        for (const auto& w : words) q += (q.empty() ? "" : " ") + w;
        print_error(ctx, msgf(l, "search.empty", q));
        return static_cast<int>(ExitCode::Input);
    }
    return print_rows(ctx, rows, true);
}

} // namespace smtpx::cli
