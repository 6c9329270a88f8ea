// The command-line definition: global options (valid before or after the subcommand) and subcommands.
#include "cli/app.hpp"
#include "kb/model.hpp"
#include "util/terminal_text.hpp"

#include <fmt/core.h>

namespace smtpx::cli {

namespace {
/// Help texts come from the message catalog ("help.*") so that --help speaks the user's language.
struct Text {
    Lang lang;
    std::string operator()(std::string_view key) const { return std::string(msg(lang, key)); }
};

void globals(CLI::App& app, Options& opt, const Text& t) {
    app.add_flag("--json", opt.json, t("help.json"));
    app.add_option("--fields", opt.fields, t("help.fields"));
    app.add_flag("--long", opt.long_form, t("help.long"));
    app.add_option("--color", opt.color, t("help.color"))->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_option("--width", opt.width, t("help.width"))->check(CLI::Range(20, 1000));
    // One directory per --kb, so "--kb DIR 550" leaves 550 as an input.
    app.add_option("--kb", opt.kb_dirs, t("help.kb_dir"))->allow_extra_args(false);
    app.add_flag("--no-user-kb", opt.no_user_kb, t("help.no_user_kb"));
    app.add_option("--lang", opt.lang, t("help.lang"))
        ->check(CLI::IsMember({"en", "zh", "zh-CN", "zh_CN"}));
}

/// CLI11 pads the option column with setw, which counts bytes: a CJK label ("文本", 6 bytes, 4
/// columns) would push the description left. Same layout, padded by display width.
class WideFormatter : public CLI::Formatter {
  public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
        std::string desc = make_option_desc(opt);
        const int wid = static_cast<int>(get_column_width());
        if (desc.empty()) return name + "\n";
        std::string out = util::display_width(name) >= wid ? name + "\n" + std::string(static_cast<std::size_t>(wid), ' ') : util::pad(name, wid);
        for (char c : desc) out += c == '\n' ? "\n" + std::string(static_cast<std::size_t>(wid), ' ') : std::string(1, c);
        return out + "\n";
    }
};

/// CLI11's own words in the help: its labels, the default group names and the value types shown
/// after each option ("TEXT:{auto,always,never}", "INT:INT in [20 - 1000]").
void localize(CLI::App& app, const Text& t) {
    if (t.lang == Lang::En) return;   // CLI11's defaults are the English texts
    auto fmt = std::make_shared<WideFormatter>();
    for (const char* key : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "Env", "Needs", "Excludes", "TEXT", "INT"})
        fmt->label(key, t(std::string("label.") + key));
    auto walk = [&](auto& self, CLI::App& a) -> void {
        a.formatter(fmt);
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
        for (auto* sub : a.get_subcommands({})) self(self, *sub);
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
    globals(*app, opt, t);
    app->add_option("inputs", opt.inputs, t("help.inputs"));

    auto* explain = app->add_subcommand("explain", t("help.explain"));
    explain->add_option("inputs", opt.inputs, t("help.explain.inputs"));
    explain->add_flag("--ndjson", opt.ndjson, t("help.explain.ndjson"));
    explain->add_flag("--why", opt.why, t("help.explain.why"));
    explain->add_option("--after", opt.after, t("help.explain.after"));
    explain->add_flag("--redact", opt.redact, t("help.explain.redact"));

    auto* mail = app->add_subcommand("mail", t("help.mail"));
    mail->add_option("paths", opt.inputs, t("help.mail.paths"));
    mail->add_flag("--ndjson", opt.ndjson, t("help.explain.ndjson"));
    mail->add_flag("--why", opt.why, t("help.explain.why"));
    mail->add_flag("--all", opt.all, t("help.mail.all"));
    mail->add_flag("--redact", opt.redact, t("help.explain.redact"));

    auto* stats = app->add_subcommand("stats", t("help.stats"));
    stats->add_option("files", opt.inputs, t("help.stats.files"));
    stats->add_option("--merge", opt.merge, t("help.stats.merge"))->allow_extra_args(true);
    stats->add_option("--since", opt.since, t("help.stats.since"));
    stats->add_option("--until", opt.until, t("help.stats.until"));
    stats->add_option("--top", opt.top, t("help.stats.top"))->check(CLI::Range(1, 100000));
    stats->add_flag("!--no-progress", opt.progress, t("help.stats.no_progress"));

    auto* compare = app->add_subcommand("compare", t("help.compare"));
    compare->add_option("codes", opt.inputs, t("help.compare.codes"))->required();

    auto* list = app->add_subcommand("list", t("help.list"));
    list->add_option("range", opt.inputs, t("help.list.range"));
    list->add_flag("--enhanced", opt.enhanced, t("help.list.enhanced"));

    auto* search = app->add_subcommand("search", t("help.search"));
    search->add_option("words", opt.inputs, t("help.search.words"))->required();

    auto* kb = app->add_subcommand("kb", t("help.kb"));
    kb->require_subcommand(1);
    auto* check = kb->add_subcommand("check", t("help.kb.check"));
    check->add_option("paths", opt.inputs, t("help.kb.check.paths"))->required();
    kb->add_subcommand("path", t("help.kb.path"));

    for (auto* sub : {explain, mail, stats, compare, list, search, kb, check}) {
        sub->fallthrough();
        sub->callback([&opt, sub] {
            if (opt.command.empty() || sub->get_name() != "kb") opt.command = sub->get_name() == "check" ? "kb check" : sub->get_name();
        });
    }
    kb->get_subcommand("path")->callback([&opt] { opt.command = "kb path"; });
    localize(*app, t);
    return app;
}

} // namespace smtpx::cli
