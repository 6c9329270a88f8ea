// Build-time generator: validates share/smtpx/kb and writes it out as constexpr C++ tables.
#include "kb/load.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using namespace smtpx::kb;

/// A std::string_view of any bytes: octal escapes never run into the next character. The explicit
/// length spares the compiler a constexpr strlen per string, which exceeds clang's step limit.
std::string lit(std::string_view s) {
    std::string out = "std::string_view{\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f || c == '?') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"," + std::to_string(s.size()) + "}";
}

class Emitter {
public:
    std::ostringstream head, body;
    int n = 0;

    std::string views(std::span<const std::string_view> v) {
        if (v.empty()) return "{}";
        std::string name = "s" + std::to_string(n++);
        head << "constexpr std::string_view " << name << "[] = {";
        for (auto s : v) head << lit(s) << ",";
        head << "};\n";
        return "{" + name + "}";
    }
    std::string ints(std::span<const int> v) {
        if (v.empty()) return "{}";
        std::string name = "i" + std::to_string(n++);
        head << "constexpr int " << name << "[] = {";
        for (int i : v) head << i << ",";
        head << "};\n";
        return "{" + name + "}";
    }
    std::string notes(std::span<const AfterNote> v) {
        if (v.empty()) return "{}";
        std::string name = "a" + std::to_string(n++);
        head << "constexpr AfterNote " << name << "[] = {";
        for (const auto& a : v)
            head << "{" << lit(a.command) << "," << lit(a.text) << "," << lit(a.reason) << "," << lit(a.text_zh) << "},";
        head << "};\n";
        return "{" + name + "}";
    }
    static std::string local(const LocalText& t) {
        return "{" + lit(t.title) + "," + lit(t.summary) + "," + lit(t.description) + "," + lit(t.when) + "," +
               lit(t.fix) + "}";
    }
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: smtpx_kbgen KB_DIR OUTPUT.cpp\n";
        return 2;
    }
    KbData kb;
    std::vector<LoadError> errors;
    load_dir(argv[1], kb, errors);
    if (!errors.empty()) {
        for (const auto& e : errors) std::cerr << "smtpx_kbgen: " << e.str() << "\n";
        std::cerr << "smtpx_kbgen: " << errors.size() << " problem(s) in the knowledge base\n";
        return 1;
    }
    Emitter e;
    std::ostringstream& b = e.body;
    b << "constexpr CodeEntry k_codes[] = {\n";
    for (const auto& c : kb.codes)
        b << "{" << c.code << "," << lit(c.title) << "," << lit(c.klass) << "," << lit(c.status) << "," << lit(c.summary)
          << "," << lit(c.description) << "," << lit(c.when) << "," << lit(c.fix) << "," << lit(c.reason) << ","
          << lit(c.actor) << "," << (c.retryable ? "true" : "false") << "," << e.views(c.commands) << ","
          << e.notes(c.after) << "," << e.views(c.references) << "," << Emitter::local(c.zh) << "},\n";
    b << "};\nconstexpr EnhancedEntry k_enhanced[] = {\n";
    for (const auto& x : kb.enhanced)
        b << "{" << lit(x.code) << "," << lit(x.title) << "," << lit(x.status) << "," << lit(x.provider) << ","
          << lit(x.summary) << "," << lit(x.description) << "," << lit(x.when) << "," << lit(x.fix) << ","
          << lit(x.reason) << "," << lit(x.actor) << "," << e.ints(x.basic_codes) << "," << e.views(x.references)
          << "," << Emitter::local(x.zh) << "},\n";
    auto parts = [&](const char* name, const std::vector<PartEntry>& v) {
        b << "};\nconstexpr PartEntry " << name << "[] = {\n";
        for (const auto& p : v)
            b << "{" << lit(p.code) << "," << lit(p.title) << "," << lit(p.description) << "," << Emitter::local(p.zh)
              << "},\n";
    };
    parts("k_classes", kb.classes);
    parts("k_subjects", kb.subjects);
    parts("k_basic_classes", kb.basic_classes);
    parts("k_categories", kb.categories);
    // A rule's examples stay out of the binary (about 95 KB): only the KB test reads them, from the JSON.
    b << "};\nconstexpr PatternRule k_rules[] = {\n";
    for (const auto& r : kb.rules)
        b << "{" << lit(r.id) << "," << lit(r.pattern) << "," << lit(r.provider) << ","
          << lit(r.software) << "," << lit(r.reason) << "," << lit(r.actor) << "," << lit(r.bounce) << ","
          << lit(r.description) << "," << lit(r.fix) << "," << r.retryable << ",{" << lit(r.blocklist.name) << ","
          << lit(r.blocklist.url) << "}," << e.views(r.references) << ",{},"
          << Emitter::local(r.zh) << "},\n";
    b << "};\nconstexpr ReasonEntry k_reason_table[] = {\n";
    for (const auto& r : kb.reasons)
        b << "{" << lit(r.name) << "," << lit(r.title) << "," << lit(r.description) << "," << lit(r.actor) << ","
          << lit(r.bounce) << "," << Emitter::local(r.zh) << "},\n";
    b << "};\n";

    // An empty table cannot be a C++ array; emit an empty span instead.
    std::string tables = b.str();
    for (std::string type : {"CodeEntry", "EnhancedEntry", "PartEntry", "PatternRule", "ReasonEntry"}) {
        std::string open = "constexpr " + type + " ";
        for (auto pos = tables.find(open); pos != std::string::npos; pos = tables.find(open, pos + 1)) {
            auto name_end = tables.find("[] = {\n};", pos);
            auto line_end = tables.find('\n', pos);
            if (name_end == std::string::npos || name_end > line_end) continue;
            std::string name = tables.substr(pos + open.size(), name_end - pos - open.size());
            tables.replace(pos, name_end + 9 - pos, "constexpr std::span<const " + type + "> " + name + "{};");
        }
    }

    std::ostringstream out;
    out << "// Generated by smtpx_kbgen from share/smtpx/kb; do not edit.\n"
        << "#include \"kb/model.hpp\"\n\nnamespace smtpx::kb {\nnamespace {\n"
        << e.head.str() << tables << "constexpr KbView k_view{k_codes, k_enhanced, k_classes, k_subjects, k_rules, k_reason_table, "
        << "k_basic_classes, k_categories, "
        << lit(kb.date) << "," << lit(kb.retry_window) << "," << lit(kb.retry_window_zh) << "};\n} // namespace\n\nconst KbView& embedded_kb() { return k_view; }\n\n} // namespace smtpx::kb\n";
    // Write only when changed so an unchanged knowledge base does not trigger a rebuild.
    std::string text = out.str();
    {
        std::ifstream old(argv[2], std::ios::binary);
        std::ostringstream prev;
        prev << old.rdbuf();
        if (old && prev.str() == text) return 0;
    }
    std::ofstream f(argv[2], std::ios::binary);
    f << text;
    if (!f) {
        std::cerr << "smtpx_kbgen: cannot write " << argv[2] << "\n";
        return 1;
    }
    return 0;
}
