// kb check: validate knowledge-base files without loading them as overlays; kb path: what is loaded.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "kb/knowledge_base.hpp"
#include "render/json.hpp"
#include "util/terminal_text.hpp"

#include <fmt/core.h>

namespace smtpx::cli {

int run_kb_check(Context& ctx) {
    int status = 0;
    for (const auto& path : ctx.opt.inputs) {
        kb::KbData data;
        std::vector<kb::LoadError> errors;
        kb::load_path(path, data, errors);
        for (const auto& e : errors) print_error(ctx, e.str(ctx.style.lang));
        if (errors.empty())
            fmt::print("{}\n", util::escape_control(msgf(ctx.style.lang, "kb.ok", path, data.codes.size(), data.enhanced.size(), data.rules.size())));
        else {
            fmt::print(stderr, "{}\n", msgf(ctx.style.lang, "kb.problems", errors.size()));
            status = static_cast<int>(ExitCode::Kb);
        }
    }
    return status;
}

int run_kb_path(Context& ctx) {
    if (ctx.opt.json) {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (const auto& s : ctx.kb.sources())
            j.push_back({{"origin", s.origin}, {"path", s.path}, {"codes", s.codes}, {"enhanced", s.enhanced}, {"rules", s.rules}});
        fmt::print("{}\n", render::dump(j));
        return 0;
    }
    for (const auto& s : ctx.kb.sources())
        fmt::print("{:<10} {}  ({} codes, {} enhanced, {} rules)\n", s.origin, util::escape_control(s.path), s.codes, s.enhanced, s.rules);
    return 0;
}

} // namespace smtpx::cli
