#pragma once
// Prints answers as a JSON array, NDJSON or human blocks; shared by explain and mail.
#include "redact/answer.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "render/json.hpp"
#include "render/json_fields.hpp"
#include "render/json_writer.hpp"

#include <cstdio>
#include <memory>

namespace smtpx::cli {

struct Printer {
    Context& ctx;
    int status = 0;
    bool first = true;
    redact::Redactor redactor;   // one per run: a value keeps its placeholder across all inputs
    // The JSON of an answer, cut to --fields when given (render/json_writer.hpp: what
    // dump(select(to_json(e), fields)) gives), and the text of the last one written (reused).
    std::unique_ptr<render::JsonWriter> writer;
    std::string text;

    render::JsonWriter& json() {
        if (!writer) writer = std::make_unique<render::JsonWriter>(ctx.fields);
        return *writer;
    }
    /// The answer as one NDJSON line, newline included.
    std::string ndjson(const Explanation& e) {
        std::string s;
        json().write(e, s, -1);
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
        if (ctx.opt.redact) redact::redact(e, redactor);
        if (e.error) {
            // Errors about a code already quote it; others name the input they are about.
            bool quoted = e.error->find("'" + e.input + "'") != std::string::npos;
            print_error(ctx, quoted ? *e.error : "'" + e.input.substr(0, 200) + "': " + *e.error);
            status = static_cast<int>(ExitCode::Input);
        }
        if (ctx.opt.ndjson) {
            text.clear();
            json().write(e, text, -1);
            text += '\n';
            write(text);   // flushed before a read waits for more input
        } else if (ctx.opt.json) {
            text.assign(first ? "\n" : ",\n");
            json().write(e, text, 2);
            std::fwrite(text.data(), 1, text.size(), stdout);
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
