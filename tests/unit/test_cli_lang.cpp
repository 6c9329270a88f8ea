// The interface in Chinese (issue 6): the language rule, --help, CLI11's parse errors, and CJK layout
// of the compare table and the list measured in display columns.
#include "kb_fixture.hpp"
#include "classify/compare.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/language.hpp"
#include "cli/parse_error.hpp"
#include "core/messages.hpp"
#include "render/human.hpp"
#include "util/terminal_text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <set>
#include <utf8proc.h>

using namespace smtpx;

namespace {
bool has_cjk(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i), static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (n <= 0) return false;
        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
        i += static_cast<std::size_t>(n);
    }
    return false;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

/// The display column at which each character of `line` starts (plus one entry for the end).
std::vector<int> columns(std::string_view line, std::vector<std::size_t>* offsets = nullptr) {
    std::vector<int> cols;
    int col = 0;
    for (std::size_t i = 0; i < line.size();) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(line.data() + i), static_cast<utf8proc_ssize_t>(line.size() - i), &cp);
        std::size_t len = n > 0 ? static_cast<std::size_t>(n) : 1;
        cols.push_back(col);
        if (offsets) offsets->push_back(i);
        col += util::display_width(line.substr(i, len));
        i += len;
    }
    cols.push_back(col);
    if (offsets) offsets->push_back(line.size());
    return cols;
}

/// The text of `line` from display column `col` on; nullopt when `col` falls inside a wide character.
std::optional<std::string> from_column(std::string_view line, int col) {
    std::vector<std::size_t> offsets;
    auto cols = columns(line, &offsets);
    if (col >= cols.back()) return std::string();
    for (std::size_t k = 0; k < cols.size(); ++k)
        if (cols[k] == col) return std::string(line.substr(offsets[k]));
    return std::nullopt;
}

/// Environment variables the language rule reads, cleared for a test and restored after it.
class LangEnv : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char* v : k_vars) {
            if (const char* old = std::getenv(v)) m_saved[v] = old;
            unsetenv(v);
        }
    }
    void TearDown() override {
        for (const char* v : k_vars) {
            unsetenv(v);
            if (auto it = m_saved.find(v); it != m_saved.end()) setenv(v, it->second.c_str(), 1);
        }
    }
    static constexpr const char* k_vars[] = {"SMTPX_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
    std::map<std::string, std::string> m_saved;
};

cli::ParseErrorText parse_error(std::vector<std::string> args, Lang lang) {
    cli::Options opt;
    auto app = cli::build_app(opt, lang);
    std::vector<const char*> argv{"smtpx"};
    for (const auto& a : args) argv.push_back(a.c_str());
    try {
        app->parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& e) {
        return cli::describe_parse_error(e, lang);
    }
    return {"(no error)", ""};
}

void collect_descriptions(const CLI::App* app, const std::string& path, std::map<std::string, std::string>& out) {
    out[path] = app->get_description();
    for (const auto* o : app->get_options()) out[path + " " + o->get_name()] = o->get_description();
    for (const auto* sub : app->get_subcommands({})) collect_descriptions(sub, path + " " + sub->get_name(), out);
}
} // namespace

// --- the language rule ---------------------------------------------------------------------------

TEST_F(LangEnv, LangOptionWinsOverEverything) {
    setenv("SMTPX_LANG", "en", 1);
    setenv("LC_ALL", "en_US.UTF-8", 1);
    EXPECT_EQ(cli::resolve_language("zh_CN", false), Lang::Zh);
    EXPECT_EQ(cli::resolve_language("zh-CN", true), Lang::Zh);
    EXPECT_EQ(cli::resolve_language("en", false), Lang::En);
}

TEST_F(LangEnv, SmtpxLangAppliesToJsonToo) {
    setenv("SMTPX_LANG", "zh", 1);
    EXPECT_EQ(cli::resolve_language("", true), Lang::Zh);
    EXPECT_EQ(cli::resolve_language("", false), Lang::Zh);
}

TEST_F(LangEnv, LocaleChangesHumanOutputButNeverJson) {
    setenv("LANG", "zh_CN.UTF-8", 1);
    EXPECT_EQ(cli::resolve_language("", false), Lang::Zh);
    EXPECT_EQ(cli::resolve_language("", true), Lang::En);
}

TEST_F(LangEnv, LcAllOverridesLcMessagesOverridesLang) {
    setenv("LANG", "zh_CN.UTF-8", 1);
    setenv("LC_MESSAGES", "C", 1);
    EXPECT_EQ(cli::resolve_language("", false), Lang::En);
    setenv("LC_ALL", "zh_TW.UTF-8", 1);
    EXPECT_EQ(cli::resolve_language("", false), Lang::Zh);
    setenv("LC_ALL", "", 1);   // empty is unset
    EXPECT_EQ(cli::resolve_language("", false), Lang::En);
}

TEST_F(LangEnv, NothingSetIsEnglish) { EXPECT_EQ(cli::resolve_language("", false), Lang::En); }

TEST(LangFromArgv, FindsBothSpellingsAndStopsAtDoubleDash) {
    auto scan = [](std::vector<const char*> v) { return cli::lang_from_argv(static_cast<int>(v.size()), v.data()); };
    EXPECT_EQ(scan({"smtpx", "--lang", "zh", "550"}), "zh");
    EXPECT_EQ(scan({"smtpx", "explain", "--lang=zh-CN"}), "zh-CN");
    EXPECT_EQ(scan({"smtpx", "550", "--", "--lang", "zh"}), "");
    EXPECT_EQ(scan({"smtpx", "--lang"}), "");
    EXPECT_EQ(scan({"smtpx", "--language", "zh"}), "");
}

// --- the catalog ---------------------------------------------------------------------------------

TEST(CliCatalog, EnglishAndChineseTakeTheSameArguments) {
    for (const auto& m : all_messages()) {
        ASSERT_FALSE(m.en.empty()) << m.key;
        ASSERT_FALSE(m.zh.empty()) << m.key;
        // Both must be valid format strings that use up to the same arguments: formatting with
        // distinct markers must show the same set of markers in both languages.
        auto markers = [](std::string_view f) {
            std::string s = fmt::format(fmt::runtime(f), "\x01" "0", "\x01" "1", "\x01" "2", "\x01" "3", "\x01" "4", "\x01" "5");
            std::multiset<std::string> seen;
            for (std::size_t p = s.find('\x01'); p != std::string::npos; p = s.find('\x01', p + 1)) seen.insert(s.substr(p, 2));
            return seen;
        };
        std::multiset<std::string> en, zh;
        ASSERT_NO_THROW(en = markers(m.en)) << m.key;
        ASSERT_NO_THROW(zh = markers(m.zh)) << m.key;
        EXPECT_EQ(en, zh) << m.key;
    }
}

TEST(CliCatalog, InterfaceTextsAreReallyTranslated) {
    int checked = 0;
    for (const auto& m : all_messages()) {
        std::string_view k = m.key;
        if (k.substr(0, 5) != "help." && k.substr(0, 4) != "cli." && k.substr(0, 6) != "label.") continue;
        EXPECT_NE(m.en, m.zh) << m.key;
        EXPECT_TRUE(has_cjk(m.zh)) << m.key << ": " << m.zh;
        EXPECT_FALSE(has_cjk(m.en)) << m.key << ": " << m.en;
        ++checked;
    }
    EXPECT_GT(checked, 60);
}

// --- --help --------------------------------------------------------------------------------------

TEST(CliHelp, EveryDescriptionHasAChineseText) {
    cli::Options o1, o2;
    auto en = cli::build_app(o1, Lang::En), zh = cli::build_app(o2, Lang::Zh);
    std::map<std::string, std::string> den, dzh;
    collect_descriptions(en.get(), "smtpx", den);
    collect_descriptions(zh.get(), "smtpx", dzh);
    ASSERT_GT(den.size(), 30u);
    // Same options and subcommands in both languages: only the texts differ.
    std::set<std::string> ken, kzh;
    for (const auto& [k, v] : den) ken.insert(k);
    for (const auto& [k, v] : dzh) kzh.insert(k);
    EXPECT_EQ(ken, kzh);
    for (const auto& [k, v] : den) {
        const std::string& z = dzh[k];
        EXPECT_FALSE(v.empty()) << k;
        EXPECT_FALSE(has_cjk(v)) << k << ": " << v;
        EXPECT_NE(z, v) << k << " has no Chinese description";
        EXPECT_TRUE(has_cjk(z)) << k << ": " << z;
    }
}

TEST(CliHelp, ChineseHelpHasNoEnglishLabelsAndAlignsDescriptions) {
    cli::Options opt;
    opt.width = 1000;   // no wrapping: each description whole on its option's line (test_help.py checks wrapping)
    auto app = cli::build_app(opt, Lang::Zh);
    std::vector<const CLI::App*> apps{app.get()};
    for (std::size_t i = 0; i < apps.size(); ++i)
        for (const auto* sub : apps[i]->get_subcommands({})) apps.push_back(sub);
    const int wid = static_cast<int>(app->get_formatter()->get_column_width());
    int aligned = 0;
    for (const auto* a : apps) {
        std::string help = a->help();
        for (const char* english : {"Usage:", "Options:", "Positionals:", "Subcommands:", " TEXT", " INT", "REQUIRED", "[OPTIONS]",
                                    "SUBCOMMAND", "Print this help"})
            EXPECT_EQ(help.find(english), std::string::npos) << a->get_name() << ": '" << english << "' in\n" << help;
        // Every option's description starts at the description column, counted in display columns
        // (CLI11 alone pads by bytes, which shifts a line holding a CJK type label).
        auto lines = lines_of(help);
        for (const auto* o : a->get_options()) {
            const std::string& desc = o->get_description();
            auto line = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) {
                return l.rfind("  ", 0) == 0 && l.size() > desc.size() && l.compare(l.size() - desc.size(), desc.size(), desc) == 0;
            });
            ASSERT_NE(line, lines.end()) << desc;
            auto at = from_column(*line, wid);
            ASSERT_TRUE(at.has_value()) << *line;
            EXPECT_EQ(*at, desc) << "description not at column " << wid << ": " << *line;
            ++aligned;
        }
    }
    EXPECT_GT(aligned, 15);
}

TEST(CliHelp, EnglishHelpIsUnchanged) {
    cli::Options opt;
    opt.width = 1000;
    std::string help = cli::build_app(opt)->help();
    for (const char* s : {"Usage: smtpx [OPTIONS]", "Options:", "Positionals:", "Subcommands:", "Print JSON (an array for explain)",
                          "Print the version and the knowledge base's size and date", "INT:INT in [20 - 1000]"})
        EXPECT_NE(help.find(s), std::string::npos) << s << " missing from\n" << help;
    EXPECT_FALSE(has_cjk(help));
}

// --- CLI11's parse errors ------------------------------------------------------------------------

struct ErrorCase {
    std::vector<std::string> args;
    std::string key;
    std::vector<std::string> named;   ///< what the message must quote
};

TEST(CliErrors, EachKindMapsToItsMessageInBothLanguages) {
    const std::vector<ErrorCase> cases = {
        {{"--bogus"}, "cli.unknown_option", {"--bogus"}},
        {{"explain", "550", "--no-such-option"}, "cli.unknown_option", {"--no-such-option"}},
        {{"list", "4xx", "--top", "3"}, "cli.unknown_option", {"--top"}},
        {{"550", "--x", "--y"}, "cli.unexpected_arguments", {"--x", "--y"}},
        {{"--color", "red"}, "cli.not_member", {"--color", "red", "auto, always, never"}},
        {{"--lang", "fr"}, "cli.not_member", {"--lang", "fr", "zh_CN"}},
        {{"--width", "5"}, "cli.out_of_range", {"--width", "5", "20", "1000"}},
        {{"stats", "--top", "many"}, "cli.out_of_range", {"--top", "many", "100000"}},
        {{"--width"}, "cli.missing_value", {"--width"}},
        {{"550", "--kb"}, "cli.missing_value", {"--kb"}},
        {{"--lang", "en", "--lang", "zh"}, "cli.too_many_values", {"--lang", "1", "2"}},
        {{"compare"}, "cli.required_argument", {"codes"}},
        {{"search"}, "cli.required_argument", {"words"}},
        {{"kb"}, "cli.need_subcommand", {}},
    };
    for (Lang lang : {Lang::En, Lang::Zh}) {
        for (const auto& c : cases) {
            auto got = parse_error(c.args, lang);
            std::string label = fmt::format("{} ({})", c.args.front(), lang == Lang::Zh ? "zh" : "en");
            EXPECT_EQ(got.key, c.key) << label << ": " << got.text;
            for (const auto& n : c.named) EXPECT_NE(got.text.find(n), std::string::npos) << label << ": " << got.text;
            EXPECT_EQ(has_cjk(got.text), lang == Lang::Zh) << label << ": " << got.text;
            EXPECT_EQ(got.text.find('\n'), std::string::npos) << label;
        }
    }
}

TEST(CliErrors, KindsOurCommandLineCannotRaiseStillMap) {
    struct Synthetic {
        std::string key;
        std::string_view named;
    };
    auto check = [](const CLI::Error& e, const Synthetic& want) {
        for (Lang lang : {Lang::En, Lang::Zh}) {
            auto got = cli::describe_parse_error(e, lang);
            EXPECT_EQ(got.key, want.key) << e.what();
            EXPECT_NE(got.text.find(want.named), std::string::npos) << got.text;
            EXPECT_EQ(has_cjk(got.text), lang == Lang::Zh) << got.text;
        }
    };
    check(CLI::RequiresError("--since", "--until"), {"cli.requires", "--until"});
    check(CLI::ExcludesError("--json", "--ndjson"), {"cli.excludes", "--ndjson"});
    check(CLI::ConversionError("--top", std::vector<std::string>{"ten"}), {"cli.bad_value", "ten"});
    check(CLI::ConversionError("ten", "--top"), {"cli.bad_value", "--top"});
    check(CLI::ConversionError::TrueFalse("--why"), {"cli.flag_value", "--why"});
    check(CLI::ArgumentMismatch::FlagOverride("--json"), {"cli.flag_value", "--json"});
    check(CLI::ArgumentMismatch("--pair", 2, 1), {"cli.exact_values", "--pair"});
    check(CLI::ArgumentMismatch::AtLeast("--merge", 2, 1), {"cli.too_few_values", "--merge"});
    check(CLI::RequiredError("--after"), {"cli.required_option", "--after"});
    check(CLI::OptionNotFound("--gone"), {"cli.unknown_option", "--gone"});
    check(CLI::FileError::Missing("smtpx.ini"), {"cli.generic", "smtpx.ini"});
}

TEST(CliErrors, AnUnknownOptionWithControlCharactersIsEscaped) {
    for (Lang lang : {Lang::En, Lang::Zh}) {
        auto got = parse_error({"--bo\x1b[31mgus\x07"}, lang);
        EXPECT_EQ(got.key, "cli.unknown_option");
        EXPECT_EQ(got.text.find('\x1b'), std::string::npos) << got.text;
        EXPECT_EQ(got.text.find('\x07'), std::string::npos) << got.text;
        EXPECT_NE(got.text.find("--bo\\e[31mgus\\x07"), std::string::npos) << got.text;
        auto val = parse_error({"--color", "\x1b]0;pwned\x07"}, lang);
        EXPECT_EQ(val.text.find('\x1b'), std::string::npos) << val.text;
    }
}

TEST(CliErrors, AHugeArgumentIsShortenedOnACharacterBoundary) {
    std::string huge = "--" + std::string(300, 'x');
    std::string cjk;
    for (int i = 0; i < 100; ++i) cjk += "退信";
    for (const auto& a : {huge, "--" + cjk}) {
        auto got = parse_error({a}, Lang::Zh);
        EXPECT_LT(got.text.size(), 250u);
        EXPECT_NE(got.text.find("…"), std::string::npos);
        std::size_t bad = 0;
        for (std::size_t i = 0; i < got.text.size();) {
            utf8proc_int32_t cp = 0;
            auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(got.text.data() + i), static_cast<utf8proc_ssize_t>(got.text.size() - i), &cp);
            if (n <= 0) {
                ++bad;
                ++i;
            } else i += static_cast<std::size_t>(n);
        }
        EXPECT_EQ(bad, 0u) << got.text;
    }
}

// --- CJK layout through the real renderers -------------------------------------------------------

namespace {
/// compare's side-by-side table: every row's cells start at the columns where the first row's codes do.
void expect_compare_aligned(const std::vector<std::string>& codes, int width) {
    const auto& classifier = smtpx::fixture::classifier(smtpx::Lang::Zh);
    render::Style st;
    st.lang = Lang::Zh;
    st.width = width;
    std::string out = render::human(classify::compare(classifier, codes), st);
    auto lines = lines_of(out);
    const std::string at = fmt::format("width {}: ", width);
    for (const auto& l : lines) EXPECT_LE(util::display_width(l), width) << at << l;
    // The table is everything before the first blank line; its first row holds the codes.
    std::size_t end = 0;
    while (end < lines.size() && !lines[end].empty()) ++end;
    ASSERT_GT(end, codes.size()) << out;
    std::vector<int> starts;
    for (const auto& code : codes) {
        auto byte = lines[0].find(code);
        ASSERT_NE(byte, std::string::npos) << lines[0];
        starts.push_back(util::display_width(lines[0].substr(0, byte)));
    }
    int cjk_rows = 0;
    for (std::size_t r = 1; r < end; ++r) {
        const auto& l = lines[r];
        if (has_cjk(l)) ++cjk_rows;
        for (int col : starts) {
            auto rest = from_column(l, col);
            ASSERT_TRUE(rest.has_value()) << at << "a wide character straddles column " << col << ": " << l;
            // The two columns before each cell are the separator: blank on every row.
            auto gap = from_column(l, col - 2);
            ASSERT_TRUE(gap.has_value()) << at << l;
            if (!gap->empty()) {
                EXPECT_EQ(gap->substr(0, std::min<std::size_t>(2, gap->size())).find_first_not_of(' '), std::string::npos)
                    << at << "separator at column " << col - 2 << " is not blank: " << l;
            }
        }
    }
    EXPECT_GE(cjk_rows, 4) << "the table should hold Chinese text";
}
} // namespace

TEST(CjkLayout, CompareColumnsLineUpInDisplayColumns) {
    for (int width : {80, 120}) {
        expect_compare_aligned({"252", "501"}, width);
        expect_compare_aligned({"450", "550"}, width);
    }
    expect_compare_aligned({"421", "450", "550"}, 120);
}

TEST(CjkLayout, CompareSeparatorHoldsTextOnSomeRow) {
    // Guards the alignment test above: the second column does hold text starting at its column.
    const auto& classifier = smtpx::fixture::classifier(smtpx::Lang::Zh);
    render::Style st;
    st.lang = Lang::Zh;
    st.width = 80;
    auto lines = lines_of(render::human(classify::compare(classifier, {"252", "501"}), st));
    int col = util::display_width(lines[0].substr(0, lines[0].find("501")));
    int filled = 0;
    for (std::size_t r = 1; r < lines.size() && !lines[r].empty(); ++r) {
        auto rest = from_column(lines[r], col);
        if (rest && !rest->empty() && has_cjk(rest->substr(0, 3))) ++filled;
    }
    EXPECT_GE(filled, 3);
}

TEST(CjkLayout, ExplanationsWrapWithinTheWidth) {
    const auto& base = smtpx::fixture::embedded_kb();
    const auto& classifier = smtpx::fixture::classifier(smtpx::Lang::Zh);
    for (int width : {80, 120}) {
        render::Style st;
        st.lang = Lang::Zh;
        st.width = width;
        for (const auto* c : base.codes()) {
            auto text = render::human(classifier.explain(std::to_string(c->code)), st);
            ASSERT_TRUE(has_cjk(text)) << c->code;
            for (const auto& l : lines_of(text)) EXPECT_LE(util::display_width(l), width) << c->code << " at " << width << ": " << l;
        }
    }
}

TEST(CjkLayout, ListTitlesStartAtOneColumn) {
    for (int width : {80, 120}) {
        for (std::string range : {"", "5.7.*"}) {
            cli::Options opt;
            if (!range.empty()) opt.inputs.push_back(range);
            cli::Context ctx{opt, {}, {}, true, {}};
            ctx.style.lang = Lang::Zh;
            ctx.style.width = width;
            std::fflush(stdout);
            testing::internal::CaptureStdout();
            int status = cli::run_list(ctx);
            std::fflush(stdout);
            std::string out = testing::internal::GetCapturedStdout();
            ASSERT_EQ(status, 0);
            auto lines = lines_of(out);
            ASSERT_GT(lines.size(), 10u);
            int cjk = 0;
            for (const auto& l : lines) {
                EXPECT_LE(util::display_width(l), width) << l;
                auto title = from_column(l, 22);
                ASSERT_TRUE(title.has_value()) << l;
                auto gap = from_column(l, 21);
                ASSERT_TRUE(gap.has_value() && !gap->empty()) << l;
                EXPECT_EQ((*gap)[0], ' ') << "title not at column 22: " << l;
                if (has_cjk(*title)) ++cjk;
            }
            EXPECT_GT(cjk * 2, static_cast<int>(lines.size())) << "most titles should be Chinese";
        }
    }
}
