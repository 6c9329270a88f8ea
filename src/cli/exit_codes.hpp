#pragma once
// The one table of exit statuses; the man page's EXIT STATUS section and the tests are checked against it.
#include <array>
#include <string_view>

namespace smtpx::cli {

enum class ExitCode : int { Ok = 0, Input = 1, Usage = 2, Kb = 3 };

struct ExitRow {
    ExitCode code;
    std::string_view name, meaning;
};

inline constexpr std::array<ExitRow, 4> k_exit_codes = {{
    {ExitCode::Ok, "ok", "every input was understood and answered"},
    {ExitCode::Input, "input", "some input was not understood, nothing was found, or a file could not be read"},
    {ExitCode::Usage, "usage", "usage error: unknown option, missing argument, too few codes to compare"},
    {ExitCode::Kb, "kb", "the knowledge base or an overlay is broken"},
}};

} // namespace smtpx::cli
