// stats: summarise whole mail logs, or add up summaries made on other hosts (--merge).
#include "classify/classifier.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/error.hpp"
#include "render/json.hpp"
#include "render/stats_report.hpp"
#include "stats/collector.hpp"
#include "stats/line_source.hpp"
#include "stats/summary_json.hpp"
#include "util/terminal_text.hpp"

#include <chrono>
#include <cstdio>
#include <fmt/core.h>
#include <unistd.h>

namespace smtpx::cli {

namespace {

/// "\rreading mail.log: 45%" on stderr, at most a few times a second, only when stderr is a terminal.
class Progress {
public:
    Progress(bool enabled, std::string name, std::uint64_t size)
        : m_on(enabled && isatty(STDERR_FILENO)), m_name(util::escape_control(name)), m_size(size) {}
    ~Progress() {
        if (m_drawn) std::fputs("\r\x1b[K", stderr);
    }
    void operator()(std::uint64_t bytes) {
        if (!m_on) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(200)) return;
        m_last = now;
        m_drawn = true;
        if (m_size) fmt::print(stderr, "\r\x1b[Kreading {}: {}%", m_name, bytes * 100 / m_size);
        else fmt::print(stderr, "\r\x1b[Kreading {}: {} MB", m_name, bytes >> 20);
    }

private:
    bool m_on, m_drawn = false;
    std::string m_name;
    std::uint64_t m_size;
    std::chrono::steady_clock::time_point m_last{};
};

stats::Summary merge(const Context& ctx) {
    stats::Summary total;
    for (const auto& path : ctx.opt.merge) {
        std::string text;
        stats::read_blocks(path, [&](std::string_view block) { text.append(block); });
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded()) throw Error(msgf(ctx.style.lang, "stats.bad_merge", path, "syntax error"));
        stats::merge_into(total, stats::summary_from_json(j, path));
    }
    return total;
}

stats::Summary read_logs(const Context& ctx) {
    stats::CollectorOptions copt;
    stats::canonical_bound(ctx.opt.since, copt.since);
    stats::canonical_bound(ctx.opt.until, copt.until);
    classify::Classifier classifier(ctx.kb, {ctx.style.lang, {}, ctx.cache});
    stats::Collector collector(classifier, copt);
    std::vector<std::string> files = ctx.opt.inputs;
    if (files.empty()) files.push_back("-");
    for (const auto& path : files) {
        const stats::SourceInfo info = stats::probe(path);
        if (info.year) collector.set_clock(info.year, info.month);
        Progress progress(ctx.opt.progress, path, info.size);
        stats::read_blocks(path, [&](std::string_view block) { collector.block(block); },
                           [&](std::uint64_t n) { progress(n); });
    }
    stats::Summary s = collector.finish();
    s.sources = files;
    return s;
}

} // namespace

int run_stats(Context& ctx) {
    if (!ctx.opt.merge.empty() && !ctx.opt.inputs.empty()) {
        print_error(ctx, std::string(msg(ctx.style.lang, "stats.merge_and_files")));
        return static_cast<int>(ExitCode::Usage);
    }
    if (ctx.opt.merge.empty() && ctx.opt.inputs.empty() && isatty(STDIN_FILENO)) {
        print_error(ctx, std::string(msg(ctx.style.lang, "usage.no_input")));
        return static_cast<int>(ExitCode::Usage);
    }
    std::string bound;
    for (auto [value, name] : {std::pair{&ctx.opt.since, "since"}, std::pair{&ctx.opt.until, "until"}}) {
        if (!value->empty() && !stats::canonical_bound(*value, bound)) {
            print_error(ctx, msgf(ctx.style.lang, "stats.bad_time", name, *value));
            return static_cast<int>(ExitCode::Usage);
        }
    }
    const stats::Summary s = ctx.opt.merge.empty() ? read_logs(ctx) : merge(ctx);
    std::string out = ctx.opt.json ? render::dump(stats::to_json(s), 2) + "\n"
                                   : render::stats_report(s, ctx.style, static_cast<std::size_t>(ctx.opt.top));
    std::fwrite(out.data(), 1, out.size(), stdout);
    return static_cast<int>(ExitCode::Ok);
}

} // namespace smtpx::cli
