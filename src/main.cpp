// smtpx: parse the command line, run, map every failure to the documented exit status.
#include "cli/app.hpp"
#include "cli/exit_codes.hpp"
#include "core/error.hpp"
#include "kb/model.hpp"
#include "util/terminal_text.hpp"

#include <cstdio>
#include <fmt/core.h>

int main(int argc, char** argv) {
    using smtpx::cli::ExitCode;
    smtpx::cli::Options opt;
    auto app = smtpx::cli::build_app(opt);
    const auto& kb = smtpx::kb::embedded_kb();
    app->set_version_flag("--version", fmt::format("smtpx {} (knowledge base {}: {} codes, {} enhanced codes, {} rules)",
                                                   SMTPX_VERSION, kb.date, kb.codes.size(), kb.enhanced.size(), kb.rules.size()));
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app->exit(e);
        // CLI11 echoes arguments raw: escape them, keep it to one line.
        std::string what = smtpx::util::escape_control(e.what());
        fmt::print(stderr, "smtpx: error: {}\nRun 'smtpx --help' for usage.\n", what);
        return static_cast<int>(ExitCode::Usage);
    }
    try {
        return smtpx::cli::run(opt);
    } catch (const smtpx::KbError& e) {
        for (const auto& err : e.errors) fmt::print(stderr, "smtpx: kb error: {}\n", smtpx::util::escape_control(err.str()));
        return static_cast<int>(ExitCode::Kb);
    } catch (const std::exception& e) {
        fmt::print(stderr, "smtpx: error: {}\n", smtpx::util::escape_control(e.what()));
        return static_cast<int>(ExitCode::Input);
    }
}
