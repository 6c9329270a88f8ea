// The man page documents exactly what the subcommand table and build_app() define: every subcommand
// in COMMANDS and every long option in OPTIONS, and nothing else; the exit statuses match their table.
// The completion files are the binary's own output, checked by tests/cli/test_completion.py.
#include "cli/app.hpp"
#include "cli/exit_codes.hpp"
#include "cli/subcommands.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void collect_options(const CLI::App* app, std::set<std::string>& names) {
    for (const auto* opt : app->get_options())
        for (const auto& l : opt->get_lnames()) names.insert("--" + l);
    for (const auto* sub : app->get_subcommands({})) collect_options(sub, names);
}

/// The text of a man page section, from ".SH NAME" to the next ".SH".
std::string section(const std::string& man, const std::string& name) {
    auto start = man.find(".SH " + name + "\n");
    if (start == std::string::npos) return {};
    auto end = man.find("\n.SH ", start + 1);
    return man.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// The tag line after each ".TP" of a section: the term the paragraph documents.
std::vector<std::string> tags(const std::string& sec) {
    std::vector<std::string> out;
    for (std::size_t p = sec.find(".TP\n"); p != std::string::npos; p = sec.find(".TP\n", p + 1)) {
        auto start = p + 4, end = sec.find('\n', start);
        out.push_back(sec.substr(start, end - start));
    }
    return out;
}

/// Every "\-\-name" in a roff line, as "--name".
std::vector<std::string> long_options(const std::string& line) {
    std::vector<std::string> out;
    for (std::size_t p = line.find("\\-\\-"); p != std::string::npos; p = line.find("\\-\\-", p + 1)) {
        std::string name = "--";
        for (std::size_t i = p + 4; i < line.size();) {
            if (line.compare(i, 2, "\\-") == 0) {
                name += '-';
                i += 2;
            } else if (std::isalnum(static_cast<unsigned char>(line[i]))) {
                name += line[i++];
            } else {
                break;
            }
        }
        out.push_back(name);
    }
    return out;
}
} // namespace

TEST(DocsSync, ManPageCommandsAreTheSubcommandTable) {
    const std::string man = slurp(SMTPX_SOURCE_DIR "/man/smtpx.1");
    std::set<std::string> documented, table;
    for (const auto& tag : tags(section(man, "COMMANDS"))) {
        ASSERT_EQ(tag.rfind(".B ", 0), 0u) << tag;
        documented.insert(tag.substr(3));
    }
    for (const auto& s : smtpx::cli::subcommands())
        if (s.run) table.insert(std::string(s.name));   // a group ("kb") is documented by its children
    EXPECT_EQ(documented, table);
    EXPECT_TRUE(table.count("completion"));
}

TEST(DocsSync, ManPageOptionsAreTheAppsOptions) {
    const std::string man = slurp(SMTPX_SOURCE_DIR "/man/smtpx.1");
    std::set<std::string> documented, defined;
    for (const auto& tag : tags(section(man, "OPTIONS")))
        for (const auto& o : long_options(tag)) documented.insert(o);
    smtpx::cli::Options opt;
    auto app = smtpx::cli::build_app(opt);
    collect_options(app.get(), defined);
    ASSERT_GT(defined.size(), 15u);
    EXPECT_EQ(documented, defined);
    EXPECT_TRUE(defined.count("--long"));
}

TEST(DocsSync, EverySubcommandOfTheAppIsInTheTable) {
    smtpx::cli::Options opt;
    auto app = smtpx::cli::build_app(opt);
    std::size_t n = 0;
    for (const auto* sub : app->get_subcommands({})) {
        EXPECT_NE(smtpx::cli::find_subcommand(sub->get_name()), nullptr) << sub->get_name();
        for (const auto* child : sub->get_subcommands({})) {
            EXPECT_NE(smtpx::cli::find_subcommand(sub->get_name() + " " + child->get_name()), nullptr) << child->get_name();
            ++n;
        }
        ++n;
    }
    EXPECT_EQ(n, smtpx::cli::subcommands().size());
}

TEST(DocsSync, DidYouMean) {
    using smtpx::cli::near_subcommand;
    EXPECT_EQ(smtpx::cli::edit_distance("explian", "explain"), 1);
    EXPECT_EQ(smtpx::cli::edit_distance("STAST", "stats"), 1);   // one transposition
    EXPECT_EQ(smtpx::cli::edit_distance("compair", "compare"), 2);
    EXPECT_EQ(near_subcommand("explian"), "explain");
    EXPECT_EQ(near_subcommand("stast"), "stats");
    EXPECT_EQ(near_subcommand("compair"), "compare");
    EXPECT_EQ(near_subcommand("serach"), "search");
    EXPECT_EQ(near_subcommand("lsit"), "list");
    EXPECT_EQ(near_subcommand("Explain"), "explain");
    EXPECT_EQ(near_subcommand("chek"), "kb check");
    EXPECT_EQ(near_subcommand("550"), "");
    EXPECT_EQ(near_subcommand("xyzzy"), "");
    EXPECT_EQ(near_subcommand("ok"), "");   // two edits from "kb": too far for a two-letter name
}

TEST(DocsSync, ExitStatusesMatchTheManPage) {
    std::string man = slurp(SMTPX_SOURCE_DIR "/man/smtpx.1");
    auto sec = man.substr(man.find(".SH EXIT STATUS"));
    for (const auto& row : smtpx::cli::k_exit_codes) {
        EXPECT_NE(sec.find(".B " + std::to_string(static_cast<int>(row.code)) + "\n" + std::string(row.meaning)),
                  std::string::npos)
            << row.name;
    }
}
