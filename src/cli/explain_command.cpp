// explain: arguments in order, or stdin streamed record by record; --json array, --ndjson stream.
#include "classify/answer_cache.hpp"
#include "classify/classifier.hpp"
#include "redact/answer.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/printer.hpp"
#include "cli/stream_lines.hpp"
#include "core/smtp_code.hpp"
#include "parse/input.hpp"
#include "render/json.hpp"
#include "util/terminal_text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <fmt/core.h>
#include <iostream>
#include <unistd.h>
#include <zlib.h>

namespace smtpx::cli {

void print_error(const Context& ctx, const std::string& text) {
    fmt::print(stderr, "{}{}\n", msg(ctx.style.lang, "err.prefix"), util::escape_control(text));
}

namespace {
/// Whether a file reads as mail: its first non-empty line is an mbox "From " line or a header
/// ("Received: from ...", "Return-Path: <>"). A log line starts with a time, never "Name:". gz-aware,
/// like the mail and stats readers.
bool looks_like_mail(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return false;
    char buf[4096];
    std::string line;
    for (int n = 0; n < 1000 && gzgets(f, buf, sizeof buf); ++n) {
        line = buf;
        if (line.find_first_not_of(" \t\r\n") != std::string::npos) break;
        line.clear();
    }
    gzclose(f);
    if (line.rfind("From ", 0) == 0) return true;
    std::size_t i = 0;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '-')) ++i;
    return i > 0 && std::isalpha(static_cast<unsigned char>(line[0])) && i < line.size() && line[i] == ':';
}

/// The path as one shell word, for a command line the user can paste.
std::string shell_word(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+@:,=~") == std::string::npos)
        return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// An argument that means nothing as a reply but names a file or directory was meant for
/// `smtpx stats` (a log) or `smtpx mail` (a message, mbox or Maildir): the error says which.
void hint_file(Explanation& e, const std::string& arg, Lang lang) {
    std::error_code ec;
    const auto st = std::filesystem::status(arg, ec);
    if (ec || !std::filesystem::exists(st)) return;
    const char* key = std::filesystem::is_directory(st) ? "err.dir_is_mail" : looks_like_mail(arg) ? "err.file_is_mail" : "err.file_is_log";
    e.error = msgf(lang, key, arg, shell_word(arg));
}
} // namespace

int run_explain(Context& ctx) {
    classify::Classifier classifier(ctx.kb, {ctx.style.lang, ctx.opt.after, ctx.cache});
    Printer out{ctx, 0, true, redact::Redactor(ctx.kb.public_domains()), {}, {}};
    const auto& inputs = ctx.opt.inputs;
    // "550 5.1.1" typed as two arguments is almost always meant as one reply.
    for (std::size_t i = 0; i + 1 < inputs.size(); ++i) {
        auto a = core::parse_bare(inputs[i]), b = core::parse_bare(inputs[i + 1]);
        auto valid = [](const auto& x) { return x && x->error == core::BareCode::Error::None; };
        if (valid(a) && valid(b) && !a->basic.empty() && a->enhanced.empty() && !b->enhanced.empty() && b->basic.empty() &&
            inputs[i][0] == b->enhanced[0])
            fmt::print(stderr, "{}\n", util::escape_control(msgf(ctx.style.lang, "hint.quote", inputs[i], inputs[i + 1], inputs[i], inputs[i + 1])));
    }
    bool use_stdin = inputs.empty();
    if (use_stdin && isatty(STDIN_FILENO)) {
        print_error(ctx, std::string(msg(ctx.style.lang, "usage.no_input")));
        return static_cast<int>(ExitCode::Usage);
    }
    // Answers to a file or pipe go out in large writes (a full answer is ~3.5 KB, stdio's default
    // buffer 4 KB: a write(2) per line); read_stream() still flushes before it waits for input, so a
    // line written alone into a long-lived explain is answered at once.
    // Static storage: stdio still flushes it after static destructors have run.
    static char out_buffer[std::size_t{1} << 18];
    if (!isatty(STDOUT_FILENO)) std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    out.begin();
    const parse::InputSplitter* cut = nullptr;
    // NDJSON answers of one-line records come from templates per line shape (classify/answer_cache.hpp).
    std::optional<classify::AnswerCache> answers;
    if (ctx.opt.ndjson && !ctx.opt.redact && ctx.cache) answers.emplace(ctx.kb);
    std::string line, variant;
    // The line being fed and its shape, when the reading thread worked it out (cli/stream_lines.hpp).
    std::string_view fed;
    classify::AnswerCache::Shape* fed_shape = nullptr;
    parse::InputSplitter splitter([&](std::string_view rec) {
        const bool whole = !(cut && cut->truncated());
        const bool shaped = fed_shape && rec.data() == fed.data() && rec.size() == fed.size();
        if (answers && whole && (shaped ? answers->find(rec, *fed_shape) : answers->find(rec))) {
            line.clear();
            answers->write(line);
            out.write(line);
            return;
        }
        Explanation e = classifier.explain(rec);
        if (answers && whole) {
            // Learn the shape from this answer and its variant's; an error (said on stderr too) is no template.
            line = e.understood ? out.ndjson(e) : std::string();
            if (e.understood && e.error) answers->refuse();
            else if (answers->variant(variant)) {
                const Explanation v = classifier.explain(variant);
                if (v.understood && v.error) answers->refuse();
                else answers->learn(line, v.understood ? out.ndjson(v) : std::string());
            }
            if (!e.understood) return;
            if (!e.error) return out.write(line);
        }
        if (!e.understood) return;   // a stream line with nothing SMTP in it is skipped, not an error
        // A record cut at the input limit is said to be cut, in JSON too, not silently judged by its start.
        if (cut && cut->truncated()) e.warnings.push_back(msgf(ctx.style.lang, "warn.input_cut", parse::kMaxInputBytes));
        out.put(e);
    });
    cut = &splitter;
    auto read_stream = [&](int fd) {
        read_lines(fd, answers ? &*answers : nullptr, [&](std::string_view l, classify::AnswerCache::Shape* s) {
            fed = l;
            fed_shape = s;
            splitter.feed_line(l);
            fed_shape = nullptr;
        });
        splitter.finish();
    };
    if (use_stdin) {
        read_stream(STDIN_FILENO);
    } else {
        for (const auto& in : inputs) {
            if (in == "-") read_stream(STDIN_FILENO);
            else {
                Explanation e = classifier.explain(in);
                if (!e.understood) hint_file(e, in, ctx.style.lang);
                out.put(std::move(e));
            }
        }
    }
    out.end();
    return out.status;
}

} // namespace smtpx::cli
