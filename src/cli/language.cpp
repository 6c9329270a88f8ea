// The language rule (issue 6): --lang, then SMTPX_LANG, then the locale for human output only.
#include "cli/language.hpp"

#include "util/strings.hpp"

namespace smtpx::cli {

namespace {
Lang from_name(std::string_view name) { return name.substr(0, 2) == "zh" ? Lang::Zh : Lang::En; }
} // namespace

Lang resolve_language(std::string_view requested, bool json) {
    std::string l = requested.empty() ? util::env("SMTPX_LANG") : std::string(requested);
    if (!l.empty()) return from_name(l);
    if (json) return Lang::En;   // the locale alone never changes JSON
    // POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG; empty ones are skipped.
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        std::string v = util::env(var);
        if (!v.empty()) return from_name(v);
    }
    return Lang::En;
}

std::string lang_from_argv(int argc, const char* const* argv) {
    std::string found;
    // A repeated --lang is CLI11's error to report; the last one decides the language it is reported in.
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--") break;
        if (a == "--lang" && i + 1 < argc) found = argv[++i];
        else if (a.substr(0, 7) == "--lang=") found = std::string(a.substr(7));
    }
    return found;
}

} // namespace smtpx::cli
