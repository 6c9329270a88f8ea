// Renders a stats::Summary for a terminal. Every text that came from a log is escaped.
#include "render/stats_report.hpp"

#include "util/terminal_text.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <vector>

namespace smtpx::render {

namespace {

using Row = std::pair<std::string, std::uint64_t>;

/// 1234567 -> "1,234,567": counts of log lines are large.
std::string grouped(std::uint64_t n) {
    std::string d = std::to_string(n), out;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i && (d.size() - i) % 3 == 0) out += ',';
        out += d[i];
    }
    return out;
}

std::string percent(std::uint64_t n, std::uint64_t total) {
    return total ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(total)) : "-";
}

/// Bar of `n` relative to `max` in eighths of a block, at most `cells` columns.
std::string bar(std::uint64_t n, std::uint64_t max, int cells) {
    static const char* const parts[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (!max || cells <= 0) return {};
    const auto eighths = static_cast<std::uint64_t>(static_cast<double>(n) / static_cast<double>(max) * cells * 8 + 0.5);
    std::string out;
    for (std::uint64_t i = 0; i < eighths / 8; ++i) out += "█";
    out += parts[eighths % 8];
    if (out.empty() && n) out = "▏";
    return out;
}

std::vector<Row> largest(const stats::Counts& c, std::size_t top, bool (*skip)(std::string_view) = nullptr) {
    std::vector<Row> rows;
    for (const auto& [k, v] : c)
        if (!skip || !skip(k)) rows.emplace_back(k, v);
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.second > b.second; });
    if (rows.size() > top) rows.resize(top);
    return rows;
}

bool success_reason(std::string_view r) { return r == "accepted" || r == "delivered"; }

SmtpClass klass_of_status(std::string_view status) {
    if (status == "sent" || status == "suppressed" || status == "deliverable") return SmtpClass::positive_completion;
    if (status == "deferred" || status == "delayed") return SmtpClass::transient_negative;
    return SmtpClass::permanent_negative;
}

struct Report {
    const Style& st;
    std::size_t top;
    std::string out;

    std::string_view tr(std::string_view key) const { return msg(st.lang, key); }

    void heading(std::string_view key) {
        out += '\n';
        // A heading longer than the line wraps like the text under it (40 columns, zh at 40 or 60).
        for (const auto& l : util::wrap(tr(key), st.width)) {
            out += bold(st, l);
            out += '\n';
        }
    }

    /// "  label   count  pct  bar" rows, the label column as wide as the widest label (capped).
    void table(const std::vector<Row>& rows, std::uint64_t total, bool status_colours = false) {
        if (rows.empty()) {
            out += "  " + std::string(tr("none")) + "\n";
            return;
        }
        int label_w = 4, count_w = 1;
        for (const auto& [k, v] : rows) {
            label_w = std::max(label_w, std::min(util::display_width(util::escape_control(k)), 32));
            count_w = std::max(count_w, static_cast<int>(grouped(v).size()));
        }
        const int cells = std::min(40, st.width - (2 + label_w + 2 + count_w + 2 + 6 + 2));
        for (const auto& [k, v] : rows) {
            std::string label = util::escape_control(k);
            if (util::display_width(label) > label_w) label = util::wrap(label, label_w - 1).front() + "…";
            std::string line = "  " + util::pad(label, label_w) + "  " + std::string(count_w - grouped(v).size(), ' ') +
                               grouped(v) + "  " + fmt::format("{:>6}", percent(v, total)) + "  ";
            std::string b = bar(v, rows.front().second, cells);
            out += line + (status_colours ? paint(st, klass_of_status(k), b) : b) + "\n";
        }
    }

    void wrapped(std::string_view text, int indent) {
        const std::string pad(static_cast<std::size_t>(indent), ' ');
        for (const auto& l : util::wrap(text, std::max(20, st.width - indent))) out += pad + l + "\n";
    }

    void problems(const std::vector<stats::TopEntry>& list) {
        std::size_t n = 0;
        for (const auto& t : list) {
            if (n == top) break;
            ++n;
            std::string head = fmt::format("{:>2}. {}×  {} · {}", n, grouped(t.count), util::escape_control(t.status),
                                           util::escape_control(t.reason));
            if (!t.provider.empty()) head += " · " + util::escape_control(t.provider);
            head += t.retryable ? " · " + std::string(tr("stats.retryable")) : "";
            out += paint(st, klass_of_status(t.status), head) + "\n";
            wrapped(util::escape_control(t.text), 6);
            if (!t.summary.empty()) wrapped(util::escape_control(t.summary), 6);
            if (!t.fix.empty()) wrapped(std::string(tr("stats.fix")) + util::escape_control(t.fix), 6);
        }
        if (n == 0) out += "  " + std::string(tr("none")) + "\n";
    }
};

} // namespace

std::string stats_report(const stats::Summary& s, const Style& style, std::size_t top) {
    Report r{style, top, {}};
    const auto& a = s.attempts;
    r.out += bold(style, msgf(style.lang, "stats.title", grouped(s.lines))) + "\n";
    if (!s.first.empty()) r.wrapped(msgf(style.lang, "stats.period", util::escape_control(s.first), util::escape_control(s.last)), 0);
    if (s.out_of_range) r.wrapped(msgf(style.lang, "stats.out_of_range", grouped(s.out_of_range)), 0);
    r.wrapped(msgf(style.lang, "stats.counts", grouped(s.deliveries), grouped(s.handoffs), grouped(s.rejects)), 0);

    std::uint64_t failures = 0;
    for (const auto& [k, v] : a.statuses)
        if (klass_of_status(k) != SmtpClass::positive_completion) failures += v;
    std::uint64_t final_total = 0;
    for (const auto& kv : s.final) final_total += kv.second;

    r.heading("stats.by_status");
    r.table(largest(a.statuses, top), s.deliveries, true);
    r.heading("stats.final");
    r.table(largest(s.final, top), final_total, true);
    if (s.final_capped) r.out += "  " + std::string(r.tr("stats.capped")) + "\n";
    r.heading("stats.by_reason");
    r.table(largest(a.reasons, top, success_reason), failures);
    r.heading("stats.top");
    r.problems(a.top);
    r.heading("stats.by_provider");
    r.table(largest(a.providers, top), s.deliveries);
    r.heading("stats.by_code");
    r.table(largest(a.codes, top), s.deliveries);
    r.heading("stats.by_enhanced");
    r.table(largest(a.enhanced, top), s.deliveries);
    r.heading("stats.by_domain");
    r.table(largest(s.domains, top), s.deliveries);
    if (s.rejects) {
        r.heading("stats.rejects");
        r.table(largest(s.rejected.reasons, top), s.rejects);
        r.heading("stats.rejects_top");
        r.problems(s.rejected.top);
    }
    return r.out;
}

} // namespace smtpx::render
