// stats: summarise whole mail logs, or add up summaries made on other hosts (--merge).
#include "classify/classifier.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/error.hpp"
#include "render/json.hpp"
#include "render/stats_report.hpp"
#include "stats/collector.hpp"
#include "stats/events.hpp"
#include "stats/line_source.hpp"
#include "stats/summary_json.hpp"
#include "util/terminal_text.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
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
        if (j.is_discarded()) throw Error("stats.bad_merge_syntax", {path});
        stats::merge_into(total, stats::summary_from_json(j, path));
    }
    return total;
}

/// Reads the logs into `collector`; the year of syslog timestamps is --year's or each file's.
void read_logs(const Context& ctx, stats::Collector& collector, std::vector<std::string>& files) {
    files = ctx.opt.inputs;
    if (files.empty()) files.push_back("-");
    if (ctx.opt.year) collector.set_clock(ctx.opt.year, 12);
    for (const auto& path : files) {
        const stats::SourceInfo info = stats::probe(path);
        if (info.year && !ctx.opt.year) collector.set_clock(info.year, info.month);
        Progress progress(ctx.opt.progress, path, info.size);
        stats::read_blocks(path, [&](std::string_view block) { collector.block(block); },
                           [&](std::uint64_t n) { progress(n); });
    }
}

stats::CollectorOptions collector_options(const Context& ctx) {
    stats::CollectorOptions copt;
    stats::canonical_bound(ctx.opt.since, copt.since);
    stats::canonical_bound(ctx.opt.until, copt.until);
    return copt;
}

stats::Summary summarise(const Context& ctx) {
    classify::Classifier classifier(ctx.kb, {ctx.style.lang, {}, ctx.cache});
    stats::Collector collector(classifier, collector_options(ctx));
    std::vector<std::string> files;
    read_logs(ctx, collector, files);
    stats::Summary s = collector.finish();
    s.sources = files;
    return s;
}

/// --events: each attempt is written as soon as its block is classified; nothing is kept.
int write_events(const Context& ctx, const stats::EventZone& zone) {
    classify::Classifier classifier(ctx.kb, {ctx.style.lang, {}, ctx.cache});
    stats::Collector collector(classifier, collector_options(ctx));
    stats::EventWriter writer(stdout, zone);
    collector.on_event([&writer](const stats::Event& e) { writer.write(e); });
    std::vector<std::string> files;
    read_logs(ctx, collector, files);
    if (!writer.flush()) {
        print_error(ctx, msgf(ctx.style.lang, "stats.write_failed", std::strerror(errno)));
        return static_cast<int>(ExitCode::Input);
    }
    return static_cast<int>(ExitCode::Ok);
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
    if (ctx.opt.events && (ctx.opt.json || !ctx.opt.merge.empty())) {
        print_error(ctx, msgf(ctx.style.lang, "stats.events_and", ctx.opt.json ? "--json" : "--merge"));
        return static_cast<int>(ExitCode::Usage);
    }
    stats::EventZone zone;
    if (!ctx.opt.tz.empty() && !ctx.opt.events) {
        print_error(ctx, std::string(msg(ctx.style.lang, "stats.tz_without_events")));
        return static_cast<int>(ExitCode::Usage);
    }
    if (!ctx.opt.tz.empty() && !stats::parse_zone(ctx.opt.tz, zone)) {
        print_error(ctx, msgf(ctx.style.lang, "stats.bad_tz", ctx.opt.tz));
        return static_cast<int>(ExitCode::Usage);
    }
    if (ctx.opt.events) return write_events(ctx, zone);
    const stats::Summary s = ctx.opt.merge.empty() ? summarise(ctx) : merge(ctx);
    std::string out = ctx.opt.json ? render::dump(stats::to_json(s), 2) + "\n"
                                   : render::stats_report(s, ctx.style, static_cast<std::size_t>(ctx.opt.top));
    std::fwrite(out.data(), 1, out.size(), stdout);
    return static_cast<int>(ExitCode::Ok);
}

} // namespace smtpx::cli
