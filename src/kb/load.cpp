// JSON knowledge-base files -> KbData, with every problem reported by file, line and JSON pointer.
#include "kb/load.hpp"

#include "core/messages.hpp"
#include "core/smtp_code.hpp"
#include "core/vocabulary.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <sstream>

namespace smtpx::kb {

using nlohmann::json;

std::string LoadError::str(Lang lang) const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    if (!pointer.empty()) out += ": " + pointer;
    return out + ": " + msgv(lang, key, args);
}

std::string_view KbData::keep(std::string s) { return m_strings.emplace_back(std::move(s)); }
std::span<const std::string_view> KbData::keep(std::vector<std::string_view> v) { return m_views.emplace_back(std::move(v)); }
std::span<const AfterNote> KbData::keep(std::vector<AfterNote> v) { return m_notes.emplace_back(std::move(v)); }
std::span<const int> KbData::keep(std::vector<int> v) { return m_ints.emplace_back(std::move(v)); }

KbView KbData::view() const {
    return KbView{codes,   enhanced,      classes,    subjects,     rules, reasons,
                  basic_classes, categories, date, retry_window, retry_window_zh, public_domains};
}

namespace {

/// Reads fields of one JSON object, recording what is missing or mistyped.
class Reader {
public:
    Reader(KbData& data, std::vector<LoadError>& errors, const std::string& file)
        : m_data(data), m_errors(errors), m_file(file) {}

    void error(const std::string& pointer, std::string key, std::vector<std::string> args = {}) {
        m_errors.push_back({m_file, 0, pointer, std::move(key), std::move(args)});
    }

    const json* field(const json& obj, const std::string& ptr, const char* key, bool required) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            if (required) error(ptr, "kb.missing_field", {key});
            return nullptr;
        }
        return &*it;
    }

    std::string_view str(const json& obj, const std::string& ptr, const char* key, bool required = true) {
        const json* v = field(obj, ptr, key, required);
        if (!v) return {};
        if (!v->is_string()) {
            error(ptr + "/" + key, "kb.not_string");
            return {};
        }
        const auto& s = v->get_ref<const std::string&>();
        if (required && s.empty()) error(ptr + "/" + key, "kb.empty");
        return m_data.keep(s);
    }

    template <std::size_t N>
    std::string_view one_of(const json& obj, const std::string& ptr, const char* key,
                            const std::array<std::string_view, N>& set, bool required = true) {
        auto s = str(obj, ptr, key, required);
        if (!s.empty() && !is_one_of(set, s)) error(ptr + "/" + key, "kb.unknown_value", {std::string(s)});
        return s;
    }

    /// A value of one of the closed sets (core/vocabulary.hpp); none when absent or misspelt (an error).
    template <class E>
    std::optional<E> value(const json& obj, const std::string& ptr, const char* key, bool required = true) {
        auto s = str(obj, ptr, key, required);
        if (s.empty()) return std::nullopt;
        auto v = from_name<E>(s);
        if (!v) error(ptr + "/" + key, "kb.unknown_value", {std::string(s)});
        return v;
    }

    /// Calls `per_entry(entry, pointer)` for each object of the array `doc[key]`; a missing key (when
    /// required), a non-array or a non-object entry is an error at its JSON pointer.
    template <class F> void each_object(const json& doc, const char* key, bool required, F per_entry) {
        const json* arr = field(doc, "", key, required);
        if (!arr) return;
        const std::string at = std::string("/") + key;
        if (!arr->is_array()) return error(at, "kb.not_array");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const json& e = (*arr)[i];
            const std::string p = at + "/" + std::to_string(i);
            if (!e.is_object()) error(p, "kb.not_object");
            else per_entry(e, p);
        }
    }

    int boolean(const json& obj, const std::string& ptr, const char* key, bool required = true) {
        const json* v = field(obj, ptr, key, required);
        if (!v) return -1;
        if (!v->is_boolean()) {
            error(ptr + "/" + key, "kb.not_bool");
            return -1;
        }
        return v->get<bool>() ? 1 : 0;
    }

    std::span<const std::string_view> strings(const json& obj, const std::string& ptr, const char* key,
                                              bool required = true) {
        const json* v = field(obj, ptr, key, required);
        if (!v) return {};
        if (!v->is_array()) {
            error(ptr + "/" + key, "kb.not_string_array");
            return {};
        }
        std::vector<std::string_view> out;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const auto& e = (*v)[i];
            if (!e.is_string()) error(ptr + "/" + key + "/" + std::to_string(i), "kb.not_string");
            else out.push_back(m_data.keep(e.get<std::string>()));
        }
        if (required && out.empty()) error(ptr + "/" + key, "kb.empty");
        return m_data.keep(std::move(out));
    }

    LocalText zh(const json& obj, const std::string& ptr, std::initializer_list<const char*> keys) {
        LocalText t;
        const json* z = field(obj, ptr, "zh", true);
        if (!z) return t;
        if (!z->is_object()) {
            error(ptr + "/zh", "kb.not_object");
            return t;
        }
        std::string zp = ptr + "/zh";
        for (const char* k : keys) {
            std::string_view key = k;
            auto v = str(*z, zp, k);
            if (key == "title") t.title = v;
            else if (key == "summary") t.summary = v;
            else if (key == "description") t.description = v;
            else if (key == "when") t.when = v;
            else if (key == "fix") t.fix = v;
        }
        return t;
    }

    void unique(const std::string& key, const std::string& ptr) {
        auto& seen = m_data.seen;
        auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == key; });
        if (it != seen.end()) error(ptr, "kb.duplicate", {key, it->second});
        else seen.emplace_back(key, m_file + " " + ptr);
    }

    KbData& m_data;
    std::vector<LoadError>& m_errors;
    const std::string& m_file;
};

void load_parts(Reader& r, const json& doc, const char* key, std::vector<PartEntry>& out);

void load_codes(Reader& r, const json& doc) {
    load_parts(r, doc, "basic_classes", r.m_data.basic_classes);
    load_parts(r, doc, "categories", r.m_data.categories);
    r.each_object(doc, "entries", true, [&](const json& e, const std::string& p) {
        CodeEntry c;
        const json* code = r.field(e, p, "code", true);
        if (code && (!code->is_number_integer() || code->get<int>() < 200 || code->get<int>() > 599))
            r.error(p + "/code", "kb.code_range");
        else if (code)
            c.code = code->get<int>();
        c.title = r.str(e, p, "title");
        const auto klass = r.value<SmtpClass>(e, p, "class");
        if (klass) c.klass = *klass;
        if (c.code && klass && class_digit(*klass) != static_cast<char>('0' + c.code / 100))
            r.error(p + "/class", "kb.class_disagrees", {std::string(name(*klass)), std::to_string(c.code)});
        c.status = r.one_of(e, p, "status", k_statuses);
        c.summary = r.str(e, p, "summary");
        c.description = r.str(e, p, "description");
        c.when = r.str(e, p, "when");
        c.fix = r.str(e, p, "fix");
        c.reason = r.value<Reason>(e, p, "reason").value_or(Reason::undefined);
        c.actor = r.value<Actor>(e, p, "actor").value_or(Actor::nobody);
        c.scope = r.one_of(e, p, "scope", k_scopes, false);
        if (c.scope.empty()) c.scope = "command";
        c.retryable = r.boolean(e, p, "retryable") == 1;
        c.commands = r.strings(e, p, "commands");
        for (std::size_t k = 0; k < c.commands.size(); ++k)
            if (!is_one_of(k_commands, c.commands[k]))
                r.error(p + "/commands/" + std::to_string(k), "kb.unknown_command", {std::string(c.commands[k])});
        c.references = r.strings(e, p, "references");
        c.zh = r.zh(e, p, {"title", "summary", "description", "when", "fix"});
        std::vector<AfterNote> notes;
        if (const json* after = r.field(e, p, "after", false)) {
            if (!after->is_array()) r.error(p + "/after", "kb.not_array");
            else
                for (std::size_t k = 0; k < after->size(); ++k) {
                    const json& a = (*after)[k];
                    std::string ap = p + "/after/" + std::to_string(k);
                    if (!a.is_object()) {
                        r.error(ap, "kb.not_object");
                        continue;
                    }
                    AfterNote n;
                    n.command = r.one_of(a, ap, "command", k_commands);
                    n.text = r.str(a, ap, "text");
                    n.reason = r.value<Reason>(a, ap, "reason", false);
                    notes.push_back(n);
                }
        }
        // Chinese after-notes are matched to the English ones by command.
        if (const json* zafter = e.contains("zh") && e["zh"].is_object() ? r.field(e["zh"], p + "/zh", "after", false) : nullptr) {
            if (zafter->is_array())
                for (const auto& a : *zafter)
                    if (a.is_object() && a.contains("command") && a.contains("text") && a["text"].is_string())
                        for (auto& n : notes)
                            if (a["command"] == std::string(n.command)) n.text_zh = r.m_data.keep(a["text"].get<std::string>());
        }
        c.after = r.m_data.keep(std::move(notes));
        if (c.code) r.unique("code " + std::to_string(c.code), p);
        r.m_data.codes.push_back(c);
    });
}

void load_parts(Reader& r, const json& doc, const char* key, std::vector<PartEntry>& out) {
    r.each_object(doc, key, false, [&](const json& e, const std::string& p) {
        PartEntry part;
        part.code = r.str(e, p, "code");
        part.title = r.str(e, p, "title");
        part.description = r.str(e, p, "description");
        part.zh = r.zh(e, p, {"title", "description"});
        r.unique(std::string(key) + " " + std::string(part.code), p);
        out.push_back(part);
    });
}

void load_enhanced(Reader& r, const json& doc) {
    load_parts(r, doc, "classes", r.m_data.classes);
    load_parts(r, doc, "subjects", r.m_data.subjects);
    r.each_object(doc, "entries", true, [&](const json& e, const std::string& p) {
        EnhancedEntry x;
        x.code = r.str(e, p, "code");
        if (!x.code.empty() && !core::is_enhanced_key(x.code))
            r.error(p + "/code", "kb.bad_enhanced", {std::string(x.code)});
        x.title = r.str(e, p, "title");
        x.status = r.one_of(e, p, "status", k_statuses);
        x.provider = r.str(e, p, "provider", false);
        if (x.status == "vendor" && x.provider.empty()) r.error(p, "kb.vendor_provider");
        x.summary = r.str(e, p, "summary");
        x.description = r.str(e, p, "description");
        x.when = r.str(e, p, "when");
        x.fix = r.str(e, p, "fix");
        x.reason = r.value<Reason>(e, p, "reason").value_or(Reason::undefined);
        x.actor = r.value<Actor>(e, p, "actor").value_or(Actor::nobody);
        x.references = r.strings(e, p, "references");
        std::vector<int> basics;
        if (const json* b = r.field(e, p, "basic_codes", false)) {
            if (!b->is_array()) r.error(p + "/basic_codes", "kb.not_int_array");
            else
                for (std::size_t k = 0; k < b->size(); ++k) {
                    if ((*b)[k].is_number_integer()) basics.push_back((*b)[k].get<int>());
                    else r.error(p + "/basic_codes/" + std::to_string(k), "kb.not_int");
                }
        }
        x.basic_codes = r.m_data.keep(std::move(basics));
        x.zh = r.zh(e, p, {"title", "summary", "description", "when", "fix"});
        if (!x.code.empty()) r.unique("enhanced code " + std::string(x.code), p);
        r.m_data.enhanced.push_back(x);
    });
}

void load_rules(Reader& r, const json& doc) {
    const std::string_view tier = r.one_of(doc, "", "tier", k_tiers, false);
    r.each_object(doc, "rules", true, [&](const json& e, const std::string& p) {
        PatternRule rule;
        rule.id = r.str(e, p, "id");
        rule.tier = tier;
        rule.pattern = r.str(e, p, "pattern");
        if (!rule.pattern.empty()) {
            RE2::Options opt;
            opt.set_case_sensitive(false);
            opt.set_log_errors(false);
            RE2 re(re2::StringPiece(rule.pattern.data(), rule.pattern.size()), opt);
            if (!re.ok()) r.error(p + "/pattern", "kb.bad_pattern", {re.error()});
        }
        rule.provider = r.str(e, p, "provider", false);
        rule.software = r.str(e, p, "software", false);
        rule.reason = r.value<Reason>(e, p, "reason", false);
        bool signature = !rule.reason;
        if (signature && rule.provider.empty() && rule.software.empty())
            r.error(p, "kb.signature_owner");
        rule.actor = r.value<Actor>(e, p, "actor", false);
        const std::string_view bounce = r.str(e, p, "bounce", false);
        rule.bounce = from_name<Bounce>(bounce);
        if (!bounce.empty() && (!rule.bounce || *rule.bounce == Bounce::none)) r.error(p + "/bounce", "kb.bounce_rule");
        rule.description = r.str(e, p, "description", !signature);
        rule.fix = r.str(e, p, "fix", !signature);
        rule.retryable = r.boolean(e, p, "retryable", false);
        rule.references = r.strings(e, p, "references", !signature);
        rule.examples = r.strings(e, p, "examples", !signature);
        if (const json* b = r.field(e, p, "blocklist", false)) {
            if (!b->is_object()) r.error(p + "/blocklist", "kb.not_object");
            else {
                rule.blocklist.name = r.str(*b, p + "/blocklist", "name");
                rule.blocklist.url = r.str(*b, p + "/blocklist", "url", false);
            }
        }
        if (!signature) rule.zh = r.zh(e, p, {"description", "fix"});
        if (!rule.id.empty()) r.unique("rule id " + std::string(rule.id), p);
        r.m_data.rules.push_back(rule);
    });
}

void load_reasons(Reader& r, const json& doc) {
    r.each_object(doc, "entries", true, [&](const json& e, const std::string& p) {
        ReasonEntry x;
        const auto reason = r.value<Reason>(e, p, "name");
        if (reason) x.name = *reason;
        x.title = r.str(e, p, "title");
        x.description = r.str(e, p, "description");
        x.actor = r.value<Actor>(e, p, "actor").value_or(Actor::nobody);
        const std::string_view bounce = r.str(e, p, "bounce");
        x.bounce = from_name<Bounce>(bounce);
        if (!bounce.empty() && !x.bounce) r.error(p + "/bounce", "kb.bounce_reason");
        x.zh = r.zh(e, p, {"title", "description"});
        if (reason) r.unique("reason " + std::string(name(*reason)), p);
        r.m_data.reasons.push_back(x);
    });
}

int line_of(std::string_view text, std::size_t byte) {
    byte = std::min(byte, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

} // namespace

void load_text(std::string_view text, const std::string& name, KbData& into, std::vector<LoadError>& errors) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string msg = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 3, column 5: "; keep the cause.
        if (auto pos = msg.find(": syntax error"); pos != std::string::npos) msg = msg.substr(pos + 2);
        errors.push_back({name, line_of(text, e.byte > 0 ? e.byte - 1 : 0), "", "kb.syntax", {msg}});
        return;
    }
    into.files.push_back(name);
    Reader r(into, errors, name);
    if (!doc.is_object()) return r.error("", "kb.not_object_file");
    const json* kind = r.field(doc, "", "kind", true);
    if (!kind) return;
    if (!kind->is_string()) return r.error("/kind", "kb.not_string");
    auto k = kind->get<std::string>();
    if (k == "codes") load_codes(r, doc);
    else if (k == "enhanced") load_enhanced(r, doc);
    else if (k == "patterns") load_rules(r, doc);
    else if (k == "reasons") load_reasons(r, doc);
    else if (k == "public-domains") {
        for (const char* key : {"mailbox_providers", "blocklists"})
            for (auto d : r.strings(doc, "", key)) into.public_domains.push_back(d);
    } else if (k == "meta") {
        into.date = std::string(r.str(doc, "", "date"));
        into.retry_window = std::string(r.str(doc, "", "retry_window"));
        into.retry_window_zh = std::string(r.str(doc, "", "retry_window_zh"));
    }
    else r.error("/kind", "kb.unknown_kind", {k});
}

void load_file(const std::string& path, KbData& into, std::vector<LoadError>& errors) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        errors.push_back({path, 0, "", "kb.unreadable", {}});
        return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    load_text(ss.str(), path, into, errors);
}

void load_dir(const std::string& dir, KbData& into, std::vector<LoadError>& errors) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json") files.push_back(it->path().string());
    if (ec) {
        errors.push_back({dir, 0, "", "kb.unreadable_dir", {ec.message()}});
        return;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_file(f, into, errors);
}

void load_path(const std::string& path, KbData& into, std::vector<LoadError>& errors) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) load_dir(path, into, errors);
    else load_file(path, into, errors);
}

} // namespace smtpx::kb
