// Every subcommand and long option of build_app(), and every exit status, appears in the man page and
// in each completion file.
#include "cli/app.hpp"
#include "cli/exit_codes.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void collect(const CLI::App* app, std::vector<std::string>& names) {
    for (const auto* opt : app->get_options())
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    for (const auto* sub : app->get_subcommands({})) {
        names.push_back(sub->get_name());
        collect(sub, names);
    }
}
} // namespace

TEST(DocsSync, EveryOptionAndSubcommandIsDocumentedEverywhere) {
    smtpx::cli::Options opt;
    auto app = smtpx::cli::build_app(opt);
    std::vector<std::string> names;
    collect(app.get(), names);
    ASSERT_GT(names.size(), 10u);
    std::string man = slurp(SMTPX_SOURCE_DIR "/man/smtpx.1");
    // roff writes "-" as "\-" in option names.
    std::string man_plain;
    for (std::size_t i = 0; i < man.size(); ++i)
        if (!(man[i] == '\\' && i + 1 < man.size() && man[i + 1] == '-')) man_plain += man[i];
    for (const char* file : {"/completions/smtpx.bash", "/completions/_smtpx", "/completions/smtpx.fish"}) {
        std::string text = slurp(std::string(SMTPX_SOURCE_DIR) + file);
        ASSERT_FALSE(text.empty()) << file;
        for (const auto& n : names) {
            std::string bare = n.rfind("--", 0) == 0 ? n.substr(2) : n;
            EXPECT_NE(text.find(bare), std::string::npos) << n << " missing from " << file;
        }
    }
    for (const auto& n : names) EXPECT_NE(man_plain.find(n), std::string::npos) << n << " missing from man page";
}

TEST(DocsSync, ExitStatusesMatchTheManPage) {
    std::string man = slurp(SMTPX_SOURCE_DIR "/man/smtpx.1");
    auto section = man.substr(man.find(".SH EXIT STATUS"));
    for (const auto& row : smtpx::cli::k_exit_codes) {
        EXPECT_NE(section.find(".B " + std::to_string(static_cast<int>(row.code)) + "\n" + std::string(row.meaning)),
                  std::string::npos)
            << row.name;
    }
}
