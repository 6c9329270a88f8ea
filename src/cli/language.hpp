#pragma once
// Which language the interface speaks: one rule for help, parse errors and every command's output.
#include "core/messages.hpp"

#include <string>
#include <string_view>

namespace smtpx::cli {

/// `requested` is --lang's value (empty when not given). Then SMTPX_LANG; then, for human output only,
/// the first non-empty of LC_ALL, LC_MESSAGES, LANG. A value starting with "zh" means Chinese; anything
/// else, or nothing, English. JSON ignores the locale so that scripts get the same text everywhere.
Lang resolve_language(std::string_view requested, bool json);

/// --lang's value from the raw command line (`--lang X` or `--lang=X`, before any `--`), or empty.
/// Needed before CLI11 parses: --help and parse errors are printed in the language asked for.
std::string lang_from_argv(int argc, const char* const* argv);

} // namespace smtpx::cli
