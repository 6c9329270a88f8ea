// Maps CLI11's error classes to catalog messages. The patterns below are CLI11 2.1's own wording
// (CLI/Error.hpp, CLI/Validators.hpp); anything not recognised falls back to CLI11's text, escaped.
#include "cli/parse_error.hpp"

#include "util/terminal_text.hpp"

#include <vector>

namespace smtpx::cli {

namespace {
using std::string_view;

bool starts(string_view s, string_view p) { return s.substr(0, p.size()) == p; }
bool ends(string_view s, string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

/// Arguments are echoed back: escape them and keep a pasted log line from filling the screen.
std::string arg(string_view s) {
    std::string out = util::escape_control(s);
    if (out.size() > 120) {
        std::size_t cut = 120;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;   // not inside a UTF-8 character
        out = out.substr(0, cut) + "…";
    }
    return out;
}

/// "{auto,always,never}" -> "auto, always, never"
std::string choices(string_view set) {
    if (starts(set, "{") && ends(set, "}")) set = set.substr(1, set.size() - 2);
    std::string out;
    for (char c : set) out += c == ',' ? std::string(", ") : std::string(1, c);
    return arg(out);
}

template <class T>
bool is(const CLI::Error& e) {
    return dynamic_cast<const T*>(&e) != nullptr;
}

template <class... A>
ParseErrorText make(Lang lang, const std::string& key, A&&... a) {
    return {key, msgf(lang, key, std::forward<A>(a)...)};
}

ParseErrorText extras(string_view what, Lang lang) {
    auto colon = what.find(": ");
    std::string rest = arg(colon == string_view::npos ? what : what.substr(colon + 2));
    if (what.find("arguments were") != string_view::npos) return make(lang, "cli.unexpected_arguments", rest);
    if (starts(rest, "-")) return make(lang, "cli.unknown_option", rest);
    return make(lang, "cli.unexpected_argument", rest);
}

ParseErrorText required(string_view what, Lang lang) {
    if (starts(what, "A subcommand")) return make(lang, "cli.need_subcommand");
    if (ends(what, " is required") && what.find('[') == string_view::npos) {
        std::string name = arg(what.substr(0, what.size() - 12));
        return make(lang, starts(name, "-") ? "cli.required_option" : "cli.required_argument", name);
    }
    return make(lang, "cli.generic", arg(what));
}

ParseErrorText mismatch(string_view what, Lang lang) {
    auto num = [](string_view s) { return std::string(s.substr(0, s.find_first_not_of("0123456789"))); };
    if (auto p = what.find(" was given a disallowed flag override"); p != string_view::npos)
        return make(lang, "cli.flag_value", arg(what.substr(0, p)));
    if (starts(what, "Expected ")) {   // "Expected exactly|at least N arguments to NAME, got M"
        auto to = what.find(" arguments to "), got = what.rfind(", got ");
        if (to != string_view::npos && got != string_view::npos && got > to) {
            string_view head = what.substr(9, to - 9);
            bool exactly = starts(head, "exactly ");
            std::string n = num(head.substr(exactly ? 8 : 9));
            std::string name = arg(what.substr(to + 14, got - to - 14));
            return make(lang, exactly ? "cli.exact_values" : "cli.too_few_values", name, n, num(what.substr(got + 6)));
        }
    }
    auto colon = what.find(": ");
    if (colon != string_view::npos) {
        std::string name = arg(what.substr(0, colon));
        string_view rest = what.substr(colon + 2);
        if (ends(rest, " missing")) return make(lang, "cli.missing_value", name);   // "1 required TEXT missing"
        auto but = rest.find(" required but received ");
        if (but != string_view::npos) {
            bool at_most = starts(rest, "At Most ");
            std::string n = num(rest.substr(at_most || starts(rest, "At least ") ? 8 : 0));
            return make(lang, at_most ? "cli.too_many_values" : "cli.too_few_values", name, n, num(rest.substr(but + 23)));
        }
    }
    return make(lang, "cli.generic", arg(what));
}

ParseErrorText validation(string_view what, Lang lang) {
    auto colon = what.find(": ");
    if (colon == string_view::npos) return make(lang, "cli.generic", arg(what));
    std::string name = arg(what.substr(0, colon));
    string_view rest = what.substr(colon + 2);
    // IsMember: "VALUE not in {a,b,c}"; the value itself may contain " not in ", the set may not.
    if (auto p = rest.rfind(" not in {"); p != string_view::npos && ends(rest, "}"))
        return make(lang, "cli.not_member", name, arg(rest.substr(0, p)), choices(rest.substr(p + 8)));
    // Range: "Value VALUE not in range MIN to MAX"
    if (auto p = rest.rfind(" not in range "); starts(rest, "Value ") && p != string_view::npos) {
        string_view range = rest.substr(p + 14);
        auto to = range.find(" to ");
        if (to != string_view::npos)
            return make(lang, "cli.out_of_range", name, arg(rest.substr(6, p - 6)), arg(range.substr(0, to)), arg(range.substr(to + 4)));
    }
    return make(lang, "cli.invalid_value", name, arg(rest));
}

ParseErrorText conversion(string_view what, Lang lang) {
    if (starts(what, "Could not convert: ")) {   // "Could not convert: NAME = VALUE"
        string_view rest = what.substr(19);
        auto eq = rest.find(" = ");
        if (eq != string_view::npos) return make(lang, "cli.bad_value", arg(rest.substr(0, eq)), arg(rest.substr(eq + 3)));
    }
    if (starts(what, "The value ")) {   // "The value VALUE is not an allowed value for NAME"
        auto p = what.rfind(" is not an allowed value for ");
        if (p != string_view::npos && p >= 10) return make(lang, "cli.bad_value", arg(what.substr(p + 29)), arg(what.substr(10, p - 10)));
    }
    for (string_view tail : {string_view(": too many inputs for a flag"), string_view(": Should be true/false or a number")})
        if (ends(what, tail)) return make(lang, "cli.flag_value", arg(what.substr(0, what.size() - tail.size())));
    return make(lang, "cli.generic", arg(what));
}

/// "A requires B" / "A excludes B"
ParseErrorText pair(string_view what, string_view verb, const std::string& key, Lang lang) {
    auto p = what.find(verb);
    if (p == string_view::npos) return make(lang, "cli.generic", arg(what));
    return make(lang, key, arg(what.substr(0, p)), arg(what.substr(p + verb.size())));
}
} // namespace

ParseErrorText describe_parse_error(const CLI::Error& e, Lang lang) {
    // By type, not get_name(): CLI11 names an ExtrasError after the app that raised it.
    string_view what = e.what();
    if (is<CLI::ExtrasError>(e)) return extras(what, lang);
    if (is<CLI::OptionNotFound>(e) && ends(what, " not found"))
        return make(lang, "cli.unknown_option", arg(what.substr(0, what.size() - 10)));
    if (is<CLI::RequiredError>(e)) return required(what, lang);
    if (is<CLI::ArgumentMismatch>(e)) return mismatch(what, lang);
    if (is<CLI::ValidationError>(e)) return validation(what, lang);
    if (is<CLI::ConversionError>(e)) return conversion(what, lang);
    if (is<CLI::RequiresError>(e)) return pair(what, " requires ", "cli.requires", lang);
    if (is<CLI::ExcludesError>(e)) return pair(what, " excludes ", "cli.excludes", lang);
    return make(lang, "cli.generic", arg(what));
}

} // namespace smtpx::cli
