#pragma once
// The one table of subcommands. build_app() builds CLI11 from it, run() dispatches through it, and
// did-you-mean, the completion scripts and the man-page test read it: a subcommand added here is
// parsed, documented in --help, suggested and completed without touching anything else.
#include "cli/app.hpp"
#include "core/messages.hpp"

#include <span>
#include <string>
#include <string_view>

namespace smtpx::cli {

struct Context;

/// Help texts come from the message catalog ("help.*") so that --help speaks the user's language.
struct Text {
    Lang lang;
    std::string operator()(std::string_view key) const { return std::string(msg(lang, key)); }
};

struct Subcommand {
    std::string_view name;       ///< "kb check": the child "check" of the group "kb"
    std::string_view help_key;   ///< its description in the catalog
    void (*options)(CLI::App&, Options&, const Text&);   ///< its own options and positionals; nullptr: none
    int (*run)(Context&);        ///< nullptr: a group, which needs one of its children
    bool overlays;               ///< load the user/SMTPX_KB/--kb overlays first (not for kb check: they may be what is broken)
};

std::span<const Subcommand> subcommands();
/// The entry named `name` ("explain", "kb check"), or nullptr.
const Subcommand* find_subcommand(std::string_view name);

/// Values an option or positional may take, for CLI11's check and the completions alike.
/// `key` is a long option ("--color") or "NAME:positional" ("completion:shell").
std::span<const std::string_view> value_choices(std::string_view key);

/// Damerau-Levenshtein (optimal string alignment) distance, ASCII case-insensitive.
int edit_distance(std::string_view a, std::string_view b);
/// The subcommand `word` looks like a misspelling of ("explian" -> "explain"), or empty. Only the shape
/// of the word is judged here; whether it means something as an input is the caller's question.
std::string near_subcommand(std::string_view word);

/// The global options: valid before or after the subcommand (CLI11 fallthrough).
void add_global_options(CLI::App& app, Options& opt, const Text& t);

} // namespace smtpx::cli
