// Keys in to_json()'s order (json.cpp is the contract; the unit test holds the two together).
#include "render/json_writer.hpp"

#include "util/json_text.hpp"

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
    std::string& out = *m_out;
    const std::size_t start = out.size();
    out += '"';
    if (util::append_json_escaped(out, s, util::IllFormed::Refuse)) {
        out += '"';
        return;
    }
    // Ill-formed UTF-8: nlohmann's serializer repairs it (error_handler_t::replace).
    out.resize(start);
    m_value.get_ref<std::string&>().assign(s);
    m_escaped.clear();
    m_serializer.dump(m_value, false, false, 0);
    out += m_escaped;
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
