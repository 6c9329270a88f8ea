// The command-line definition: global options (valid before or after the subcommand) and subcommands.
#include "cli/app.hpp"

namespace smtpx::cli {

namespace {
void globals(CLI::App& app, Options& opt) {
    app.add_flag("--json", opt.json, "Print JSON (an array for explain)");
    app.add_option("--color", opt.color, "Colour: auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_option("--width", opt.width, "Wrap to N columns (default: terminal width, COLUMNS, 80)")->check(CLI::Range(20, 1000));
    // One directory per --kb, so "--kb DIR 550" leaves 550 as an input.
    app.add_option("--kb", opt.kb_dirs, "Load an overlay knowledge-base directory (repeatable)")->allow_extra_args(false);
    app.add_flag("--no-user-kb", opt.no_user_kb, "Do not load overlays from $XDG_CONFIG_HOME/smtpx");
    app.add_option("--lang", opt.lang, "Language of the explanations: en or zh")
        ->check(CLI::IsMember({"en", "zh", "zh-CN", "zh_CN"}));
}
} // namespace

std::unique_ptr<CLI::App> build_app(Options& opt) {
    auto app = std::make_unique<CLI::App>("smtpx: explain SMTP reply codes, server replies and mail log lines", "smtpx");
    app->set_version_flag("--version", "", "Print the version and the knowledge base's size and date");
    globals(*app, opt);
    app->add_option("inputs", opt.inputs, "Codes or replies to explain (same as 'smtpx explain')");

    auto* explain = app->add_subcommand("explain", "Explain codes, replies, log lines or DSN fields (stdin when piped)");
    explain->add_option("inputs", opt.inputs, "Codes, replies or log lines; '-' reads stdin");
    explain->add_flag("--ndjson", opt.ndjson, "Print one JSON object per input as it is read");
    explain->add_flag("--why", opt.why, "Show which part of the input decided each field");
    explain->add_option("--after", opt.after, "The SMTP command the reply answered (RCPT, DATA, ...)");
    explain->add_flag("--redact", opt.redact, "Replace addresses, IPs, host names and message ids with placeholders");

    auto* stats = app->add_subcommand("stats", "Summarise Postfix, Exim or Sendmail logs (files, .gz or stdin)");
    stats->add_option("files", opt.inputs, "Log files ('-' or none: stdin); .gz is read transparently");
    stats->add_option("--merge", opt.merge, "Add up --json summaries from several hosts")->allow_extra_args(true);
    stats->add_option("--since", opt.since, "Skip lines before this time (YYYY-MM-DD[ HH:MM[:SS]])");
    stats->add_option("--until", opt.until, "Skip lines at or after this time");
    stats->add_option("--top", opt.top, "How many entries each breakdown shows (default 10)")->check(CLI::Range(1, 100000));
    stats->add_flag("!--no-progress", opt.progress, "No progress indicator on stderr");

    auto* compare = app->add_subcommand("compare", "Compare two or more codes side by side");
    compare->add_option("codes", opt.inputs, "Codes to compare")->required();

    auto* list = app->add_subcommand("list", "List codes: 4xx, 55x, 5.7.*, or all");
    list->add_option("range", opt.inputs, "A range such as 4xx, 55x, 5.7.* (default: all basic codes)");
    list->add_flag("--enhanced", opt.enhanced, "List enhanced status codes");

    auto* search = app->add_subcommand("search", "Search the whole knowledge base");
    search->add_option("words", opt.inputs, "Words to search for")->required();

    auto* kb = app->add_subcommand("kb", "Inspect or validate knowledge-base overlays");
    kb->require_subcommand(1);
    auto* check = kb->add_subcommand("check", "Validate knowledge-base files or directories");
    check->add_option("paths", opt.inputs, "Files or directories")->required();
    kb->add_subcommand("path", "Show what is loaded from where");

    for (auto* sub : {explain, stats, compare, list, search, kb, check}) {
        sub->fallthrough();
        sub->callback([&opt, sub] {
            if (opt.command.empty() || sub->get_name() != "kb") opt.command = sub->get_name() == "check" ? "kb check" : sub->get_name();
        });
    }
    kb->get_subcommand("path")->callback([&opt] { opt.command = "kb path"; });
    return app;
}

} // namespace smtpx::cli
