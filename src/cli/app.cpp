// The command-line definition, built from the subcommand table (subcommands.cpp): global options
// (valid before or after the subcommand), then one CLI11 subcommand per row.
#include "cli/app.hpp"
#include "cli/help_format.hpp"
#include "cli/subcommands.hpp"
#include "kb/model.hpp"

#include <fmt/core.h>

namespace smtpx::cli {

namespace {
/// CLI11's own words in the help: its labels, the default group names and the value types shown
/// after each option ("TEXT:{auto,always,never}", "INT:INT in [20 - 1000]").
void localize(CLI::App& app, const Text& t, const Options& opt) {
    auto fmt = std::make_shared<HelpFormatter>(opt);   // English too: it wraps at the output width
    const bool zh = t.lang != Lang::En;                // CLI11's defaults are the English texts
    if (zh)
        for (const char* key : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "Env", "Needs", "Excludes", "TEXT", "INT"})
            fmt->label(key, t(std::string("label.") + key));
    fmt->label("Global options", t("label.Global_options"));
    auto walk = [&](auto& self, CLI::App& a) -> void {
        a.formatter(fmt);
        for (auto* sub : a.get_subcommands({})) self(self, *sub);
        if (!zh) return;
        if (a.get_help_ptr()) a.get_help_ptr()->description(t("help.help"));
        if (a.get_parent() && a.get_group() == "Subcommands") a.group(t("label.Subcommands"));
        for (auto* o : a.get_options()) {
            if (o->get_group() == "Options") o->group(t("label.Options"));
            std::string type = o->get_type_name();
            auto colon = type.find(':');
            if (colon == std::string::npos) continue;
            // "INT:INT in [20 - 1000]" -> "<INT>:[20 - 1000]"; a set "{a,b}" is a list of literal values.
            std::string base = type.substr(0, colon), detail = type.substr(colon + 1);
            auto bracket = detail.find(" in [");
            if (bracket != std::string::npos) detail = detail.substr(bracket + 4);
            fmt->label(type, (base == "TEXT" || base == "INT" ? t("label." + base) : base) + ":" + detail);
        }
    };
    walk(walk, app);
}
} // namespace

std::unique_ptr<CLI::App> build_app(Options& opt, Lang lang) {
    const Text t{lang};
    auto app = std::make_unique<CLI::App>(t("help.app"), "smtpx");
    app->set_version_flag("--version", [] {
        const auto& kb = kb::embedded_kb();
        return fmt::format("smtpx {} (knowledge base {}: {} codes, {} enhanced codes, {} rules)", SMTPX_VERSION, kb.date,
                           kb.codes.size(), kb.enhanced.size(), kb.rules.size());
    }, t("help.version"));
    add_global_options(*app, opt, t);
    // No subcommand means explain: `smtpx 550`.
    app->add_option("inputs", opt.inputs, t("help.inputs"));

    for (const auto& s : subcommands()) {
        CLI::App* parent = app.get();
        std::string_view name = s.name;
        if (auto space = name.rfind(' '); space != std::string_view::npos) {
            parent = app->get_subcommand(std::string(name.substr(0, space)));
            name = name.substr(space + 1);
        }
        auto* sub = parent->add_subcommand(std::string(name), t(s.help_key));
        sub->fallthrough();   // the global options after the subcommand too
        if (s.options) s.options(*sub, opt, t);
        if (s.run) sub->callback([&opt, full = std::string(s.name)] { opt.command = full; });
        else sub->require_subcommand(1);
    }
    localize(*app, t, opt);
    return app;
}

namespace {
// CLI11 splits a value that starts with '[' and ends with ']' at its commas; one trailing byte that
// no pasted text carries keeps it whole.
constexpr char k_list_mark = '\x1f';
} // namespace

std::vector<std::string> mark_lists(int argc, char** argv) {
    std::vector<std::string> args(argv, argv + argc);
    for (std::size_t i = 1; i < args.size(); ++i)
        if (args[i].size() > 1 && args[i].front() == '[' && args[i].back() == ']') args[i] += k_list_mark;
    return args;
}

void unmark_lists(Options& opt) {
    for (std::string& in : opt.inputs)
        if (in.size() > 2 && in.back() == k_list_mark && in[in.size() - 2] == ']') in.pop_back();
}

} // namespace smtpx::cli
