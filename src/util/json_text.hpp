#pragma once
// The inside of a JSON string, written by hand on the two paths that print a JSON object per line
// (an answer's JSON, `stats --events`) exactly as nlohmann's serializer writes it (ensure_ascii off),
// so that they need not build a tree per line.
#include <cstddef>
#include <string>
#include <string_view>

namespace smtpx::util {

/// Length of the well-formed UTF-8 sequence of two or more bytes at s[i] (RFC 3629: no overlong form,
/// no surrogate, nothing above U+10FFFF), 0 when there is none.
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept;

/// What to do with a byte that is not part of well-formed UTF-8.
enum class IllFormed {
    Refuse,    ///< append nothing and return false: the caller lets nlohmann repair the string
    Replace,   ///< write U+FFFD in its place
};

/// Appends `s` escaped for the inside of a JSON string (no quotes): \" \\ \b \f \n \r \t, \u00xx for
/// the other control characters, well-formed UTF-8 as it is. Returns false only with Refuse and
/// ill-formed UTF-8, having appended nothing.
bool append_json_escaped(std::string& out, std::string_view s, IllFormed ill);

} // namespace smtpx::util
