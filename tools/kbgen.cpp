// Build-time generator: validates share/smtpx/kb and writes it out as constexpr C++ tables. Every
// field is written with its designated initializer (.name=), so a field reordered or renamed in
// kb/model.hpp fails the build instead of silently swapping two values.
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

/// An enum value as C++ ("Reason::user_unknown" style identifiers: the name with '-' as '_').
template <class E> std::string val(const char* type, E e) {
    std::string id(name(e));
    for (char& c : id)
        if (c == '-') c = '_';
    return std::string("smtpx::") + type + "::" + id;
}
template <class E> std::string val(const char* type, const std::optional<E>& e) {
    return e ? val(type, *e) : "std::nullopt";
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
            head << "{.command=" << lit(a.command) << ",.text=" << lit(a.text) << ",.reason=" << val("Reason", a.reason)
                 << ",.text_zh=" << lit(a.text_zh) << "},";
        head << "};\n";
        return "{" + name + "}";
    }
    static std::string local(const LocalText& t) {
        return "{.title=" + lit(t.title) + ",.summary=" + lit(t.summary) + ",.description=" + lit(t.description) +
               ",.when=" + lit(t.when) + ",.fix=" + lit(t.fix) + "}";
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
        b << "{.code=" << c.code << ",.title=" << lit(c.title) << ",.klass=" << val("SmtpClass", c.klass) << ",.status=" << lit(c.status)
          << ",.summary=" << lit(c.summary) << ",.description=" << lit(c.description) << ",.when=" << lit(c.when)
          << ",.fix=" << lit(c.fix) << ",.reason=" << val("Reason", c.reason) << ",.actor=" << val("Actor", c.actor)
          << ",.scope=" << lit(c.scope) << ",.retryable=" << (c.retryable ? "true" : "false") << ",.commands=" << e.views(c.commands)
          << ",.after=" << e.notes(c.after) << ",.references=" << e.views(c.references) << ",.zh=" << Emitter::local(c.zh)
          << "},\n";
    b << "};\nconstexpr EnhancedEntry k_enhanced[] = {\n";
    for (const auto& x : kb.enhanced)
        b << "{.code=" << lit(x.code) << ",.title=" << lit(x.title) << ",.status=" << lit(x.status)
          << ",.provider=" << lit(x.provider) << ",.summary=" << lit(x.summary) << ",.description=" << lit(x.description)
          << ",.when=" << lit(x.when) << ",.fix=" << lit(x.fix) << ",.reason=" << val("Reason", x.reason) << ",.actor=" << val("Actor", x.actor)
          << ",.basic_codes=" << e.ints(x.basic_codes) << ",.references=" << e.views(x.references)
          << ",.zh=" << Emitter::local(x.zh) << "},\n";
    auto parts = [&](const char* name, const std::vector<PartEntry>& v) {
        b << "};\nconstexpr PartEntry " << name << "[] = {\n";
        for (const auto& p : v)
            b << "{.code=" << lit(p.code) << ",.title=" << lit(p.title) << ",.description=" << lit(p.description)
              << ",.zh=" << Emitter::local(p.zh) << "},\n";
    };
    parts("k_classes", kb.classes);
    parts("k_subjects", kb.subjects);
    parts("k_basic_classes", kb.basic_classes);
    parts("k_categories", kb.categories);
    // A rule's examples stay out of the binary (about 95 KB): only the KB test reads them, from the JSON.
    b << "};\nconstexpr PatternRule k_rules[] = {\n";
    for (const auto& r : kb.rules)
        b << "{.id=" << lit(r.id) << ",.pattern=" << lit(r.pattern) << ",.provider=" << lit(r.provider)
          << ",.software=" << lit(r.software) << ",.reason=" << val("Reason", r.reason)
          << ",.actor=" << val("Actor", r.actor) << ",.bounce=" << val("Bounce", r.bounce) << ",.description=" << lit(r.description) << ",.fix=" << lit(r.fix)
          << ",.tier=" << lit(r.tier) << ",.retryable=" << r.retryable << ",.blocklist={.name=" << lit(r.blocklist.name)
          << ",.url=" << lit(r.blocklist.url) << "},.references=" << e.views(r.references) << ",.examples={}"
          << ",.zh=" << Emitter::local(r.zh) << "},\n";
    b << "};\nconstexpr ReasonEntry k_reason_table[] = {\n";
    for (const auto& r : kb.reasons)
        b << "{.name=" << val("Reason", r.name) << ",.title=" << lit(r.title) << ",.description=" << lit(r.description)
          << ",.actor=" << val("Actor", r.actor) << ",.bounce=" << val("Bounce", r.bounce) << ",.zh=" << Emitter::local(r.zh) << "},\n";
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

    const std::string public_domains = e.views(kb.public_domains);   // into e.head, written below
    std::ostringstream out;
    out << "// Generated by smtpx_kbgen from share/smtpx/kb; do not edit.\n"
        << "#include \"kb/model.hpp\"\n\nnamespace smtpx::kb {\nnamespace {\n"
        << e.head.str() << tables
        << "constexpr KbView k_view{.codes=k_codes, .enhanced=k_enhanced, .classes=k_classes, .subjects=k_subjects, "
        << ".rules=k_rules, .reasons=k_reason_table, .basic_classes=k_basic_classes, .categories=k_categories, "
        << ".date=" << lit(kb.date) << ",.retry_window=" << lit(kb.retry_window)
        << ",.retry_window_zh=" << lit(kb.retry_window_zh) << ",.public_domains=" << public_domains << "};\n} // namespace\n\nconst KbView& embedded_kb() { return k_view; }\n\n} // namespace smtpx::kb\n";
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
