// Runs the parsed command: sets up the knowledge base, language and style, then dispatches through
// the subcommand table.
#include "classify/classifier.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/subcommands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/language.hpp"
#include "core/error.hpp"
#include "kb/knowledge_base.hpp"
#include "render/json_fields.hpp"
#include "util/strings.hpp"

#include <cstdlib>
#include <fmt/core.h>
#include <filesystem>
#include <sys/ioctl.h>
#include <unistd.h>

namespace smtpx::cli {

int output_width(const Options& opt) {
    if (opt.width > 0) return opt.width;
    winsize ws{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
    int cols = std::atoi(util::env("COLUMNS").c_str());
    return cols >= 20 ? cols : 80;
}

namespace {

bool color(const Options& opt) {
    if (opt.color == "always") return true;
    if (opt.color == "never" || !util::env("NO_COLOR").empty()) return false;
    if (!util::env("CLICOLOR_FORCE").empty() || !util::env("FORCE_COLOR").empty()) return true;
    return isatty(STDOUT_FILENO) && util::env("TERM") != "dumb";
}

void overlay(kb::KnowledgeBase& base, const std::string& path, const std::string& origin, bool must_exist) {
    std::error_code ec;
    if (!must_exist && !std::filesystem::exists(path, ec)) return;
    auto data = std::make_unique<kb::KbData>();
    std::vector<kb::LoadError> errors;
    kb::load_path(path, *data, errors);
    if (!errors.empty()) throw KbError(errors);
    base.add_overlay(std::move(data), origin, path);
}
} // namespace

/// Embedded, then user overlays, then SMTPX_KB, then --kb: later sources win.
void load_overlays(kb::KnowledgeBase& base, const Options& opt) {
    if (!opt.no_user_kb) {
        std::string xdg = util::env("XDG_CONFIG_HOME");
        std::string home = util::env("HOME");
        std::string dir = !xdg.empty() ? xdg + "/smtpx" : (!home.empty() ? home + "/.config/smtpx" : "");
        if (!dir.empty()) overlay(base, dir, "user", false);
    }
    std::string list = util::env("SMTPX_KB");
    for (std::size_t start = 0; start < list.size();) {
        auto colon = list.find(':', start);
        std::string dir = list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!dir.empty()) overlay(base, dir, "SMTPX_KB", true);
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    for (const auto& dir : opt.kb_dirs) overlay(base, dir, "--kb", true);
}

int run(const Options& opt) {
    Context ctx{opt, {}, {}, true, {}};
    bool json = opt.json || opt.ndjson;
    ctx.style.lang = resolve_language(opt.lang, json);
    ctx.style.width = output_width(opt);
    ctx.style.color = !json && color(opt);
    ctx.style.why = opt.why;
    ctx.style.long_form = opt.long_form;
    const std::string no_cache = util::env("SMTPX_NO_CACHE");
    ctx.cache = no_cache.empty() || no_cache == "0";
    if (!opt.fields.empty()) {   // a global option: checked once, for every command that prints answers
        if (opt.command == "stats") {   // its keys are a summary's or an event's, not an answer's
            print_error(ctx, std::string(msg(ctx.style.lang, opt.events ? "usage.fields_events" : "usage.fields_stats")));
            return static_cast<int>(ExitCode::Usage);
        }
        if (!json) {
            print_error(ctx, std::string(msg(ctx.style.lang, "usage.fields_json")));
            return static_cast<int>(ExitCode::Usage);
        }
        std::string unknown, known;
        ctx.fields = render::parse_fields(opt.fields, unknown);
        for (const auto& k : render::json_keys()) known += (known.empty() ? "" : ",") + k;
        if (!unknown.empty() || ctx.fields.empty()) {
            print_error(ctx, msgf(ctx.style.lang, "usage.bad_field", unknown, known));
            return static_cast<int>(ExitCode::Usage);
        }
    }
    const Subcommand* command = find_subcommand(opt.command.empty() ? "explain" : opt.command);
    if (!command || !command->run) return static_cast<int>(ExitCode::Usage);   // CLI11 requires a group's child
    if (command->overlays) load_overlays(ctx.kb, opt);
    if (opt.command.empty() && !opt.inputs.empty()) {
        // `smtpx explian`: a misspelt command, unless the word means something as an input (a reply
        // phrase, or a file, for which explain has its own hint).
        const std::string near = near_subcommand(opt.inputs.front());
        std::error_code ec;
        if (!near.empty() && !std::filesystem::exists(opt.inputs.front(), ec) && !classify::Classifier(ctx.kb, {ctx.style.lang, opt.after, ctx.cache}).explain(opt.inputs.front()).understood) {
            print_error(ctx, msgf(ctx.style.lang, "usage.did_you_mean", opt.inputs.front(), near));
            fmt::print(stderr, "{}\n", msg(ctx.style.lang, "usage.hint"));
            return static_cast<int>(ExitCode::Usage);
        }
    }
    return command->run(ctx);
}

} // namespace smtpx::cli
