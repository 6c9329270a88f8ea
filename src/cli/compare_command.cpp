// compare: two or more codes; fewer is a usage error.
#include "classify/compare.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "render/json.hpp"

#include <fmt/core.h>

namespace smtpx::cli {

int run_compare(Context& ctx) {
    if (ctx.opt.inputs.size() < 2) {
        print_error(ctx, std::string(msg(ctx.style.lang, "err.compare_count")));
        return static_cast<int>(ExitCode::Usage);
    }
    classify::Classifier classifier(ctx.kb, {ctx.style.lang, {}, ctx.cache});
    auto c = classify::compare(classifier, ctx.opt.inputs);
    int status = 0;
    for (const auto& e : c.codes)
        if (e.error) {
            print_error(ctx, "'" + e.input + "': " + *e.error);
            status = static_cast<int>(ExitCode::Input);
        }
    if (ctx.opt.json) fmt::print("{}\n", render::dump(render::to_json(c)));
    else fmt::print("{}", render::human(c, ctx.style));
    return status;
}

} // namespace smtpx::cli
