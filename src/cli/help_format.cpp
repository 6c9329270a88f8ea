// CLI11's layout (name column, then the description) with every line cut to the output width.
#include "cli/help_format.hpp"
#include "util/terminal_text.hpp"

#include <algorithm>

namespace smtpx::cli {

int HelpFormatter::width() const { return output_width(m_opt); }

/// CLI11's 30-column name column, narrowed on a narrow terminal so descriptions keep some room.
int HelpFormatter::column() const { return std::clamp(width() * 3 / 8, 12, 30); }

std::string HelpFormatter::entry(const std::string& name, const std::string& desc) const {
    const int w = width(), col = column();
    std::string out;
    // A name wider than the whole line (a long value list) is wrapped too, indented under itself.
    auto names = util::wrap(name, w - 2);
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "\n    " : "  ") + names[i];
    if (desc.empty()) return out + "\n";
    const int used = util::display_width(out.substr(out.rfind('\n') + 1));
    const std::string indent(static_cast<std::size_t>(col), ' ');
    bool first = true;
    for (const auto& line : util::wrap(desc, w - col)) {
        if (first && used < col) out = util::pad(out, col) + line;
        else out += "\n" + indent + line;
        first = false;
    }
    return out + "\n";
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
    std::string out = CLI::Formatter::make_help(app, std::move(name), mode);
    const CLI::App* root = app;
    while (root->get_parent()) root = root->get_parent();
    if (root == app || mode == CLI::AppFormatMode::Sub) return out;
    // A subcommand accepts the global options too (fallthrough), but CLI11 lists only its own:
    // without this `smtpx explain --help` would not mention --json or --ndjson.
    std::string globals;
    for (const auto* o : root->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
        const auto& names = o->get_lnames();
        if (names.empty() || names.front() == "help" || names.front() == "version") continue;
        globals += make_option(o, false);
    }
    if (globals.empty()) return out;
    if (!out.empty() && out.back() == '\n') out.pop_back();   // the base ends with a blank line, kept last
    return out + "\n" + get_label("Global options") + ":\n" + globals + "\n";
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
    return entry(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
    return entry(sub->get_display_name(true), sub->get_description());
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
    std::string desc = CLI::Formatter::make_description(app);
    if (desc.empty()) return desc;
    std::string out;
    for (const auto& line : util::wrap(desc.substr(0, desc.size() - 1), width())) out += line + "\n";
    return out;
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
    std::string usage = CLI::Formatter::make_usage(app, std::move(name));
    while (!usage.empty() && usage.back() == '\n') usage.pop_back();
    // Continuation lines are indented so the usage still reads as one.
    std::string out;
    bool first = true;
    for (const auto& line : util::wrap(usage, width() - 4)) {
        out += (first ? "" : "    ") + line + "\n";
        first = false;
    }
    return out;
}

} // namespace smtpx::cli
