#pragma once
// An answer's JSON appended to a string: byte for byte what dump(to_json(e), indent) gives, and with
// --fields what dump(select(to_json(e), fields)) gives, without building the ordered_json tree (its
// nodes, allocations and frees were about half of `smtpx mail --json`).
//
// House rule "JSON only through nlohmann": this writer splices. It writes the keys (fixed ASCII
// names), the punctuation and layout of nlohmann's dump(), integers, true/false/null, and strings of
// well-formed UTF-8 with the escapes nlohmann's serializer writes (\b \t \n \f \r \" \\, \u00xx);
// a string with ill-formed UTF-8 is serialised by nlohmann itself, whose replacement decides.
// tests/unit/test_render_json.cpp compares it with dump(to_json()) on every fixture, on hostile
// strings and on thousands of strings built from every kind of byte.
#include "core/explanation.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace smtpx::render {

class JsonWriter {
public:
    /// `fields`: the --fields selection (empty: every key), names as parse_fields() returns them.
    explicit JsonWriter(const std::vector<std::string>& fields = {});
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    /// Appends the answer to `out`; indent -1 is one line (NDJSON), else pretty with that step.
    void write(const Explanation& e, std::string& out, int indent);

private:
    void answer(const Explanation& e);
    void value(int key, const Explanation& e);
    void key(std::string_view name, bool& first);
    void item(bool& first);
    void close(char c, bool empty);
    void string(std::string_view s);
    void optional(const std::optional<std::string>& s);
    void text_or_null(const std::string& s);
    void integer(long long v);
    void null();
    void boolean(bool v);
    void strings(const std::vector<std::string>& list);

    std::vector<int> m_fields;   // key numbers, in the asked order
    std::string* m_out = nullptr;
    int m_step = -1, m_level = 0;
    // nlohmann's serializer for strings that need escaping or hold non-ASCII bytes; it writes to m_escaped.
    std::string m_escaped;
    nlohmann::ordered_json m_value;
    nlohmann::detail::serializer<nlohmann::ordered_json> m_serializer;
};

} // namespace smtpx::render
