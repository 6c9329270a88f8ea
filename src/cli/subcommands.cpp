// The subcommand table and each subcommand's own options; see subcommands.hpp.
#include "cli/subcommands.hpp"
#include "cli/commands.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace smtpx::cli {

namespace {
using Values = std::span<const std::string_view>;

constexpr std::string_view k_colors[] = {"auto", "always", "never"};
// zh-CN and zh_CN are accepted but not offered: one spelling per language is enough to complete.
constexpr std::string_view k_langs[] = {"en", "zh"};
constexpr std::string_view k_lang_aliases[] = {"en", "zh", "zh-CN", "zh_CN"};
constexpr std::string_view k_commands[] = {"CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-DATA", "AUTH", "STARTTLS", "VRFY"};
constexpr std::string_view k_shells[] = {"bash", "zsh", "fish"};
// Offsets are typed; the named zones are offered.
constexpr std::string_view k_zones[] = {"local", "UTC"};

std::vector<std::string> strings(Values v) { return {v.begin(), v.end()}; }

void explain_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("inputs", opt.inputs, t("help.explain.inputs"));
    app.add_option("--after", opt.after, t("help.explain.after"));
    app.add_flag("--redact", opt.redact, t("help.explain.redact"));
}

void mail_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("paths", opt.inputs, t("help.mail.paths"));
    app.add_flag("--all", opt.all, t("help.mail.all"));
    app.add_flag("--redact", opt.redact, t("help.explain.redact"));
}

void stats_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("files", opt.inputs, t("help.stats.files"));
    app.add_option("--merge", opt.merge, t("help.stats.merge"))->allow_extra_args(true);
    app.add_option("--since", opt.since, t("help.stats.since"));
    app.add_option("--until", opt.until, t("help.stats.until"));
    app.add_option("--top", opt.top, t("help.stats.top"))->check(CLI::Range(1, 100000));
    app.add_flag("!--no-progress", opt.progress, t("help.stats.no_progress"));
    app.add_flag("--events", opt.events, t("help.stats.events"));
    app.add_option("--year", opt.year, t("help.stats.year"))->check(CLI::Range(1970, 9999));
    app.add_option("--tz", opt.tz, t("help.stats.tz"));
}

void compare_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("codes", opt.inputs, t("help.compare.codes"))->required();
}

void list_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("range", opt.inputs, t("help.list.range"));
    app.add_flag("--enhanced", opt.enhanced, t("help.list.enhanced"));
}

void search_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("words", opt.inputs, t("help.search.words"))->required();
}

void kb_check_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("paths", opt.inputs, t("help.kb.check.paths"))->required();
}

void completion_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_option("shell", opt.inputs, t("help.completion.shell"))->required()->expected(1)->check(CLI::IsMember(strings(k_shells)));
}

// Order is the order of --help, the completions and the man page's COMMANDS section.
constexpr Subcommand k_subcommands[] = {
    {"explain", "help.explain", explain_options, run_explain, true},
    {"mail", "help.mail", mail_options, run_mail, true},
    {"stats", "help.stats", stats_options, run_stats, true},
    {"compare", "help.compare", compare_options, run_compare, true},
    {"list", "help.list", list_options, run_list, true},
    {"search", "help.search", search_options, run_search, true},
    {"kb", "help.kb", nullptr, nullptr, true},
    {"kb check", "help.kb.check", kb_check_options, run_kb_check, false},
    {"kb path", "help.kb.path", nullptr, run_kb_path, true},
    {"completion", "help.completion", completion_options, run_completion, false},
};

} // namespace

std::span<const Subcommand> subcommands() { return k_subcommands; }

const Subcommand* find_subcommand(std::string_view name) {
    for (const auto& s : k_subcommands)
        if (s.name == name) return &s;
    return nullptr;
}

std::span<const std::string_view> value_choices(std::string_view key) {
    if (key == "--color") return k_colors;
    if (key == "--lang") return k_langs;
    if (key == "--after") return k_commands;
    if (key == "--tz") return k_zones;
    if (key == "completion:shell") return k_shells;
    return {};
}

int edit_distance(std::string_view a, std::string_view b) {
    // Rows i-2, i-1 and i of the usual table; a transposition of neighbours costs one, as a typo does.
    std::vector<int> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = util::to_lower(a[i - 1]) == util::to_lower(b[j - 1]);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && util::to_lower(a[i - 1]) == util::to_lower(b[j - 2]) && util::to_lower(a[i - 2]) == util::to_lower(b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string near_subcommand(std::string_view word) {
    // A mistyped command is one word of letters; anything else ("5xx", "550 5.1.1") is an input.
    if (word.size() < 2 || word.size() > 20 ||
        !std::all_of(word.begin(), word.end(), [](char c) { return util::is_alpha(c); }))
        return {};
    std::string best;
    int best_distance = 3;
    for (const auto& s : k_subcommands) {
        // "chek" means "kb check": a child is compared by its own name, suggested by its full one.
        std::string_view last = s.name.substr(s.name.rfind(' ') + 1);
        // Two edits turn any two-letter word into "kb": short names tolerate one.
        const int limit = last.size() >= 4 ? 2 : 1;
        const int d = edit_distance(word, last);
        if (d <= limit && d < best_distance) {
            best = std::string(s.name);
            best_distance = d;
        }
    }
    return best;
}

void add_global_options(CLI::App& app, Options& opt, const Text& t) {
    app.add_flag("--json", opt.json, t("help.json"));
    app.add_flag("--ndjson", opt.ndjson, t("help.explain.ndjson"));
    app.add_flag("--why", opt.why, t("help.explain.why"));
    app.add_flag("--long", opt.long_form, t("help.long"));
    app.add_option("--fields", opt.fields, t("help.fields"));
    app.add_option("--color", opt.color, t("help.color"))->check(CLI::IsMember(strings(k_colors)));
    app.add_option("--width", opt.width, t("help.width"))->check(CLI::Range(20, 1000));
    // One directory per --kb, so "--kb DIR 550" leaves 550 as an input.
    app.add_option("--kb", opt.kb_dirs, t("help.kb_dir"))->allow_extra_args(false);
    app.add_flag("--no-user-kb", opt.no_user_kb, t("help.no_user_kb"));
    app.add_option("--lang", opt.lang, t("help.lang"))->check(CLI::IsMember(strings(k_lang_aliases)));
}

} // namespace smtpx::cli
