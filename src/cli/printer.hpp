#pragma once
// Prints answers as a JSON array, NDJSON or human blocks; shared by explain and mail.
#include "classify/redact.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "render/json.hpp"
#include "render/json_fields.hpp"

#include <cstdio>

namespace smtpx::cli {

struct Printer {
    Context& ctx;
    int status = 0;
    bool first = true;
    util::Redactor redactor{};   // one per run: a value keeps its placeholder across all inputs

    /// The answer as JSON, cut to --fields when given.
    nlohmann::ordered_json json(const Explanation& e) const {
        return ctx.fields.empty() ? render::to_json(e) : render::select(render::to_json(e), ctx.fields);
    }

    /// The answer as one NDJSON line, newline included.
    std::string ndjson(const Explanation& e) const {
        std::string s = render::dump(json(e), -1);
        s += '\n';
        return s;
    }
    /// An NDJSON line rendered before (or from the answer cache).
    void write(std::string_view line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        first = false;
    }

    void begin() {
        if (ctx.opt.json && !ctx.opt.ndjson) std::fputs("[", stdout);
    }
    void put(Explanation e) {
        if (ctx.opt.redact) classify::redact(e, redactor);
        if (e.error) {
            // Errors about a code already quote it; others name the input they are about.
            bool quoted = e.error->find("'" + e.input + "'") != std::string::npos;
            print_error(ctx, quoted ? *e.error : "'" + e.input.substr(0, 200) + "': " + *e.error);
            status = static_cast<int>(ExitCode::Input);
        }
        if (ctx.opt.ndjson) {
            write(ndjson(e));   // flushed before a read waits for more input
        } else if (ctx.opt.json) {
            std::string s = render::dump(json(e), 2);
            std::fputs(first ? "\n" : ",\n", stdout);
            std::fwrite(s.data(), 1, s.size(), stdout);
        } else if (!e.error) {
            std::string s = render::human(e, ctx.style);
            std::fputs(first ? "" : "\n", stdout);
            std::fwrite(s.data(), 1, s.size(), stdout);
        }
        first = false;
    }
    void end() {
        if (ctx.opt.json && !ctx.opt.ndjson) std::fputs(first ? "]\n" : "\n]\n", stdout);
    }
};

} // namespace smtpx::cli
