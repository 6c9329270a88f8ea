#pragma once
// CLI11's parse errors in our words and our languages: CLI11 only gives English text, so each error
// kind's message is taken apart (plain string search) to find the argument it is about.
#include "core/messages.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace smtpx::cli {

struct ParseErrorText {
    std::string key;    ///< the catalog key chosen ("cli.unknown_option", ...), for tests
    std::string text;   ///< one line, control characters escaped, without "smtpx: error: "
};

/// Translate a CLI11 failure (any CLI::Error: ParseError subclasses and OptionNotFound).
ParseErrorText describe_parse_error(const CLI::Error& e, Lang lang);

} // namespace smtpx::cli
