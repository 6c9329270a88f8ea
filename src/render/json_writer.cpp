// Keys in to_json()'s order (json.cpp is the contract; the unit test holds the two together).
#include "render/json_writer.hpp"

#include <array>
#include <charconv>

namespace smtpx::render {

namespace {
// to_json()'s keys: an answer's, then the error key, then what smtpx mail adds.
constexpr std::array<std::string_view, 42> kKeys = {
    "input",        "code",         "enhanced",   "class",         "command",      "headline",      "title",
    "summary",      "description",  "code_meaning", "enhanced_meaning", "when",    "fix",           "reason",
    "retryable",    "retry_window", "bounce",     "actor",         "provider",     "software",      "blocklist",
    "delivery_status", "remote_host", "recipient", "reply_text",   "references",   "registered",    "warnings",
    "suggestions",  "evidence",     "alternatives", "replies",     "error",        "file",          "message",
    "kind",         "action",       "status",     "reporting_mta", "date",         "original",      "note"};
constexpr int kAnswerKeys = 32;   // input .. replies
constexpr int kError = 32;
constexpr int kMailFirst = 33;

/// Length of the well-formed UTF-8 sequence of two or more bytes at s[i] (RFC 3629: no overlong form,
/// no surrogate, nothing above U+10FFFF), 0 when there is none.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
    const unsigned c = b(0);
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

/// Appends `s` as a JSON string the way nlohmann's serializer writes it (ensure_ascii off: UTF-8 copied
/// as it is; \b \t \n \f \r \" \\ and \u00xx for other control characters), unless `s` holds
/// ill-formed UTF-8: then returns false, having appended nothing, and nlohmann's own replacement
/// decides. Every headline holds a " · " and most descriptions a line break: sending them through the
/// serializer cost more than all the rest of the JSON.
bool append_escaped(std::string& out, std::string_view s) {
    const std::size_t start = out.size();
    out += '"';
    std::size_t run = 0;   // start of the bytes not yet copied
    // One table look-up per byte: 0 copies as it is, 1 needs an escape, 2 starts a multi-byte sequence.
    static constexpr auto kind = [] {
        std::array<unsigned char, 256> k{};
        for (int c = 0; c < 256; ++c) k[c] = c >= 0x80 ? 2 : (c < 0x20 || c == '"' || c == '\\') ? 1 : 0;
        return k;
    }();
    for (std::size_t i = 0; i < s.size();) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (kind[u] == 0) {
            ++i;
            continue;
        }
        if (kind[u] == 2) {
            const std::size_t n = utf8_sequence(s, i);
            if (n == 0) {
                out.resize(start);
                return false;
            }
            i += n;
            continue;
        }
        out.append(s.substr(run, i - run));
        switch (u) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
        }
        run = ++i;
    }
    out.append(s.substr(run));
    out += '"';
    return true;
}
} // namespace

JsonWriter::JsonWriter(const std::vector<std::string>& fields)
    : m_value(std::string()),
      m_serializer(nlohmann::detail::output_adapter<char>(m_escaped), ' ', nlohmann::json::error_handler_t::replace) {
    for (const std::string& f : fields)
        for (std::size_t k = 0; k < kKeys.size(); ++k)
            if (kKeys[k] == f) m_fields.push_back(static_cast<int>(k));
}

void JsonWriter::write(const Explanation& e, std::string& out, int indent) {
    m_out = &out;
    m_step = indent;
    m_level = 0;
    if (m_fields.empty()) return answer(e);
    // select(): the asked keys in the asked order, null where the answer has no such key.
    out += '{';
    ++m_level;
    bool first = true;
    for (int k : m_fields) {
        key(kKeys[static_cast<std::size_t>(k)], first);
        const bool present = e.error ? k <= kError : k < kAnswerKeys || (k >= kMailFirst && e.mail);
        if (present) value(k, e);
        else null();
    }
    close('}', first);
}

void JsonWriter::answer(const Explanation& e) {
    m_out->push_back('{');
    ++m_level;
    bool first = true;
    key("input", first);
    string(e.input);
    if (e.error) {
        // As to_json(): input, error, then every other key of an answer null.
        key("error", first);
        string(*e.error);
        for (int k = 1; k < kAnswerKeys; ++k) {
            key(kKeys[static_cast<std::size_t>(k)], first);
            null();
        }
        return close('}', false);
    }
    for (int k = 1; k < kAnswerKeys; ++k) {
        key(kKeys[static_cast<std::size_t>(k)], first);
        value(k, e);
    }
    if (e.mail)
        for (int k = kMailFirst; k < static_cast<int>(kKeys.size()); ++k) {
            key(kKeys[static_cast<std::size_t>(k)], first);
            value(k, e);
        }
    close('}', false);
}

void JsonWriter::value(int k, const Explanation& e) {
    std::string& out = *m_out;
    if (e.error && k != 0 && k != kError) return null();
    const MailRecord* m = e.mail ? &*e.mail : nullptr;
    switch (k) {
    case 0: return string(e.input);
    case 1: return e.code ? integer(*e.code) : null();
    case 2: return optional(e.enhanced);
    case 3: return e.klass ? string(name(*e.klass)) : null();
    case 4: return optional(e.command);
    case 5: return string(e.headline);
    case 6: return string(e.title);
    case 7: return string(e.summary);
    case 8: return string(e.description);
    case 9: return text_or_null(e.code_meaning);
    case 10: return text_or_null(e.enhanced_meaning);
    case 11: return string(e.when);
    case 12: return string(e.fix);
    case 13: return e.reason ? string(name(*e.reason)) : null();
    case 14: return boolean(e.retryable);
    case 15: return text_or_null(e.retry_window);
    case 16: return string(name(e.bounce));
    case 17: return string(name(e.actor));
    case 18: return optional(e.provider);
    case 19: return optional(e.software);
    case 20: {
        if (!e.blocklist) return null();
        out += '{';
        ++m_level;
        bool first = true;
        key("name", first);
        string(e.blocklist->name);
        key("listed", first);
        text_or_null(e.blocklist->listed);
        key("url", first);
        string(e.blocklist->url);
        return close('}', false);
    }
    case 21: return optional(e.delivery_status);
    case 22: return optional(e.remote_host);
    case 23: return optional(e.recipient);
    case 24: return text_or_null(e.reply_text);
    case 25: return strings(e.references);
    case 26: return boolean(e.registered);
    case 27: return strings(e.warnings);
    case 28: return strings(e.suggestions);
    case 29: {
        out += '[';
        ++m_level;
        bool first = true;
        for (const Evidence& x : e.evidence) {
            item(first);
            out += '{';
            ++m_level;
            bool inner = true;
            key("field", inner);
            string(x.field);
            key("source", inner);
            string(x.source);
            key("value", inner);
            string(x.value);
            key("detail", inner);
            string(x.detail);
            close('}', false);
        }
        return close(']', first);
    }
    case 30: {
        out += '[';
        ++m_level;
        bool first = true;
        for (const Alternative& a : e.alternatives) {
            item(first);
            out += '{';
            ++m_level;
            bool inner = true;
            key("reason", inner);
            string(name(a.reason));
            key("source", inner);
            string(a.source);
            close('}', false);
        }
        return close(']', first);
    }
    case 31: {
        out += '[';
        ++m_level;
        bool first = true;
        for (const Explanation& r : e.replies) {
            item(first);
            answer(r);   // a reply is a whole answer, never cut to --fields (as to_json)
        }
        return close(']', first);
    }
    case kError: return optional(e.error);
    case 33: return string(m->file);
    case 34: return m->message ? integer(*m->message) : null();
    case 35: return string(m->kind);
    case 36: return optional(m->action);
    case 37: return optional(m->status);
    case 38: return optional(m->reporting_mta);
    case 39: return optional(m->date);
    case 40: {
        out += '{';
        ++m_level;
        bool first = true;
        key("message_id", first);
        optional(m->original.message_id);
        key("from", first);
        optional(m->original.from);
        key("to", first);
        optional(m->original.to);
        key("subject", first);
        optional(m->original.subject);
        return close('}', false);
    }
    case 41: return optional(m->note);
    default: null();
    }
}

// nlohmann's layout: compact "{"a":1,"b":2}"; pretty "{\n" + indent + "\"a\": 1" joined by ",\n",
// then "\n" + the outer indent + "}"; an empty array or object is "[]" / "{}" either way.
void JsonWriter::key(std::string_view name, bool& first) {
    item(first);
    std::string& out = *m_out;
    out += '"';
    out += name;
    out += m_step >= 0 ? "\": " : "\":";
}

void JsonWriter::item(bool& first) {
    std::string& out = *m_out;
    if (!first) out += ',';
    first = false;
    if (m_step >= 0) {
        out += '\n';
        out.append(static_cast<std::size_t>(m_level * m_step), ' ');
    }
}

void JsonWriter::close(char c, bool empty) {
    std::string& out = *m_out;
    --m_level;
    if (!empty && m_step >= 0) {
        out += '\n';
        out.append(static_cast<std::size_t>(m_level * m_step), ' ');
    }
    out += c;
}

void JsonWriter::string(std::string_view s) {
    if (append_escaped(*m_out, s)) return;
    // Ill-formed UTF-8: nlohmann's serializer repairs it (error_handler_t::replace).
    m_value.get_ref<std::string&>().assign(s);
    m_escaped.clear();
    m_serializer.dump(m_value, false, false, 0);
    *m_out += m_escaped;
}

void JsonWriter::optional(const std::optional<std::string>& s) {
    if (s) string(*s);
    else null();
}

void JsonWriter::text_or_null(const std::string& s) {
    if (s.empty()) null();
    else string(s);
}

void JsonWriter::null() {
    m_out->append("null");
}

void JsonWriter::boolean(bool v) {
    m_out->append(v ? "true" : "false");
}

void JsonWriter::integer(long long v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    m_out->append(buf, r.ptr);
}

void JsonWriter::strings(const std::vector<std::string>& list) {
    std::string& out = *m_out;
    out += '[';
    ++m_level;
    bool first = true;
    for (const std::string& s : list) {
        item(first);
        string(s);
    }
    close(']', first);
}

} // namespace smtpx::render
