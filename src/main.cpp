// smtpx: parse the command line, run, map every failure to the documented exit status.
#include "cli/app.hpp"
#include "cli/exit_codes.hpp"
#include "cli/language.hpp"
#include "cli/parse_error.hpp"
#include "core/error.hpp"
#include "util/terminal_text.hpp"

#include <cstdio>
#include <string>
#include <system_error>
#include <vector>
#include <fmt/core.h>

int main(int argc, char** argv) {
    using smtpx::cli::ExitCode;
    // --help and parse errors come before the parse that would give opt.lang: decide the language first.
    const auto lang = smtpx::cli::resolve_language(smtpx::cli::lang_from_argv(argc, argv), false);
    smtpx::cli::Options opt;
    auto app = smtpx::cli::build_app(opt, lang);
    try {
        std::vector<std::string> args = smtpx::cli::mark_lists(argc, argv);
        std::vector<char*> marked;
        for (std::string& a : args) marked.push_back(a.data());
        app->parse(argc, marked.data());
        smtpx::cli::unmark_lists(opt);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app->exit(e);
        // CLI11's English text, taken apart: our wording, one line, arguments escaped.
        fmt::print(stderr, "{}{}\n{}\n", smtpx::msg(lang, "err.prefix"), smtpx::cli::describe_parse_error(e, lang).text,
                   smtpx::msg(lang, "usage.hint"));
        return static_cast<int>(ExitCode::Usage);
    }
    try {
        return smtpx::cli::run(opt);
    } catch (const std::system_error& e) {
        // The reader went away (`smtpx list | head -1` under a supervisor that ignores SIGPIPE):
        // nothing is wrong with the input, and there is nobody left to tell.
        if (e.code() == std::errc::broken_pipe) return static_cast<int>(ExitCode::Ok);
        fmt::print(stderr, "{}{}\n", smtpx::msg(lang, "err.prefix"), smtpx::util::escape_control(e.what()));
        return static_cast<int>(ExitCode::Input);
    } catch (const smtpx::KbError& e) {
        for (const auto& err : e.errors)
            fmt::print(stderr, "{}{}\n", smtpx::msg(lang, "err.kb_prefix"), smtpx::util::escape_control(err.str(lang)));
        return static_cast<int>(ExitCode::Kb);
    } catch (const smtpx::Error& e) {
        fmt::print(stderr, "{}{}\n", smtpx::msg(lang, "err.prefix"), smtpx::util::escape_control(e.text(lang)));
        return static_cast<int>(ExitCode::Input);
    } catch (const std::exception& e) {
        fmt::print(stderr, "{}{}\n", smtpx::msg(lang, "err.prefix"), smtpx::util::escape_control(e.what()));
        return static_cast<int>(ExitCode::Input);
    }
}
