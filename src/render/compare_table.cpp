// compare: codes side by side in columns (stacked below 80 columns), then differences and what to do.
#include "render/human.hpp"
#include "util/terminal_text.hpp"

namespace smtpx::render {

std::string human(const Comparison& c, const Style& st) {
    auto t = [&](std::string_view k) { return std::string(msg(st.lang, k)); };
    std::string out;
    std::vector<const Explanation*> ok;
    for (const auto& e : c.codes)
        if (!e.error) ok.push_back(&e);
    if (ok.empty()) return out;
    const int n = static_cast<int>(ok.size());
    const int label_w = 14;
    const int col_w = (st.width - label_w) / n - 2;
    auto head = [](const Explanation& e) {
        std::string s = e.code ? std::to_string(*e.code) : std::string();
        if (e.enhanced) s += (s.empty() ? "" : " ") + *e.enhanced;
        return s;
    };
    if (st.width >= 80 && col_w >= 20) {
        struct Row {
            std::string label;
            std::vector<std::string> cells;
        };
        std::vector<Row> rows;
        auto add = [&](std::string label, auto get) {
            Row r{std::move(label), {}};
            for (auto* e : ok) r.cells.push_back(get(*e));
            rows.push_back(std::move(r));
        };
        add(t("h.code"), [&](const Explanation& e) { return head(e); });
        // Titles and texts of an input that is not a bare code quote it: escape them like explain does.
        add(t("h.title"), [&](const Explanation& e) { return util::escape_control(e.title); });
        add(t("h.class"), [&](const Explanation& e) { return t(catalog_key("class.", e.klass)); });
        add(t("h.summary"), [&](const Explanation& e) { return util::escape_control(e.summary); });
        add(t("h.retry"), [&](const Explanation& e) { return e.retryable ? t("yes") : t("no"); });
        add(t("h.actor"), [&](const Explanation& e) { return t(catalog_key("actor.", e.actor)); });
        for (const auto& r : rows) {
            std::vector<std::vector<std::string>> wrapped;
            std::size_t height = 0;
            for (const auto& cell : r.cells) {
                wrapped.push_back(util::wrap(cell, col_w));
                height = std::max(height, wrapped.back().size());
            }
            for (std::size_t line = 0; line < height; ++line) {
                std::string text = util::pad(line == 0 ? r.label : "", label_w);
                for (std::size_t k = 0; k < wrapped.size(); ++k) {
                    std::string cell = line < wrapped[k].size() ? wrapped[k][line] : "";
                    std::string padded = util::pad(cell, col_w + 2);
                    if (&r == &rows.front() && line == 0) padded = paint(st, ok[k]->klass, cell) + padded.substr(cell.size());
                    text += padded;
                }
                while (!text.empty() && text.back() == ' ') text.pop_back();
                out += text + "\n";
            }
        }
        out += "\n";
    } else {
        for (auto* e : ok) {
            const std::string h = head(*e);
            out += hanging(st, paint(st, e->klass, h) + "  ", util::display_width(h) + 2, util::escape_control(e->title));
            for (const auto& line : util::wrap(util::escape_control(e->summary), st.width - 2)) out += "  " + line + "\n";
        }
        out += "\n";
    }
    for (auto* e : ok) {
        const std::string h = head(*e);
        out += hanging(st, paint(st, e->klass, h) + "  ", util::display_width(h) + 2, util::escape_control(e->title), true);
        for (auto [label, body] : {std::pair{t("h.description"), e->description}, std::pair{t("h.when"), e->when},
                                   std::pair{t("h.fix"), e->fix}}) {
            out += "  " + bold(st, label) + "\n";
            for (const auto& line : util::wrap(util::escape_control(body, true), st.width - 4))
                out += "    " + line + "\n";
        }
        out += "\n";
    }
    out += bold(st, t("h.key_differences")) + "\n";
    int i = 1;
    for (const auto& d : c.differences) {
        auto lines = util::wrap(util::escape_control(d.text, true), st.width - 6);
        for (std::size_t k = 0; k < lines.size(); ++k)
            out += (k == 0 ? "  " + util::pad(std::to_string(i) + ".", 4) : std::string(6, ' ')) + lines[k] + "\n";
        ++i;
    }
    out += "\n" + bold(st, t("h.do")) + "\n";
    for (const auto& w : c.what_to_do) {
        auto lines = util::wrap(util::escape_control(w, true), st.width - 4);
        for (std::size_t k = 0; k < lines.size(); ++k) out += (k == 0 ? "  - " : "    ") + lines[k] + "\n";
    }
    return out;
}

} // namespace smtpx::render
