#pragma once
// build_app(): the only CLI11 definition (from the table in subcommands.cpp), used by main, the tests
// and the docs-sync test.
#include "core/messages.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace smtpx::cli {

struct Options {
    bool json = false, ndjson = false, why = false, no_user_kb = false;
    bool long_form = false;            ///< --long: generic meanings, references, input and evidence too
    std::string color = "auto", lang, after;
    int width = 0;
    std::vector<std::string> kb_dirs;
    std::string fields;                ///< --fields a,b,c: JSON keys to keep
    std::vector<std::string> inputs;   ///< explain/compare/list/search/kb/completion arguments
    std::string command;               ///< which subcommand ran ("explain" when none was named)
    bool enhanced = false;             ///< list --enhanced
    bool redact = false;               ///< explain --redact
    bool all = false;                  ///< mail --all
    // stats
    std::vector<std::string> merge;    ///< stats --merge: summaries to add up
    std::string since, until;
    int top = 10;
    bool progress = true;
    bool events = false;               ///< stats --events: one JSON object per delivery attempt
    int year = 0;                      ///< stats --year: the year of syslog timestamps (0: the file's)
    std::string tz;                    ///< stats --tz: zone of --events times the log writes without one
};

/// The whole command line; `lang` is the language of --help (descriptions and CLI11's labels).
std::unique_ptr<CLI::App> build_app(Options& opt, Lang lang = Lang::En);

/// The command line with every argument written as a bracketed list ("[{...},{...}]", a pasted JSON
/// array) marked, so CLI11 does not split it at its commas into several inputs; `unmark_lists` takes
/// the marks off the parsed inputs again.
std::vector<std::string> mark_lists(int argc, char** argv);
void unmark_lists(Options& opt);

/// Columns to wrap at: --width, else the terminal's (stdout), else COLUMNS, else 80.
int output_width(const Options& opt);

/// Run the parsed command; returns the exit status. Throws smtpx::Error subclasses for KB problems.
int run(const Options& opt);

} // namespace smtpx::cli
