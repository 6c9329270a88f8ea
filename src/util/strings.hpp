#pragma once
// Small ASCII string_view helpers for scanning untrusted text without allocating or throwing.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smtpx::util {

/// ASCII classification that is safe on any char value (no locale, no UB on negative chars).
constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) noexcept { return is_digit(c) || is_alpha(c); }
constexpr char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_hex(char c) noexcept { return is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'f'); }
/// A character that glues onto a word (letters, digits, '_'): a token must not start or end next to one.
constexpr bool is_word_char(char c) noexcept { return is_alnum(c) || c == '_'; }
constexpr char to_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

/// `s` without leading / trailing whitespace (space, tab, CR, LF, VT, FF).
std::string_view trim(std::string_view s) noexcept;
std::string_view trim_left(std::string_view s) noexcept;
std::string_view trim_right(std::string_view s) noexcept;

/// ASCII case-insensitive comparisons; bytes >= 0x80 compare exactly.
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view s, std::string_view prefix) noexcept;
bool iends_with(std::string_view s, std::string_view suffix) noexcept;

/// First case-insensitive occurrence of `needle` at or after `from`, npos when none.
/// Cost is O(|s| * |needle|); callers pass short constant needles, so this stays linear in |s|.
std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0) noexcept;
/// Last case-insensitive occurrence of `needle`, npos when none.
std::size_t irfind(std::string_view s, std::string_view needle) noexcept;
bool icontains(std::string_view s, std::string_view needle) noexcept;

/// Lower-case / upper-case ASCII copy.
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);

/// The value of environment variable `name`, empty when it is unset.
std::string env(const char* name);

/// Whitespace runs (including line breaks) become one space; leading/trailing whitespace goes.
/// Stops copying after `cap` bytes of output so a hostile input cannot grow the result unboundedly.
std::string collapse_spaces(std::string_view s, std::size_t cap = std::string::npos);

/// Append `src` to `dst` without letting `dst` grow past `cap` bytes; returns false when cut.
bool append_capped(std::string& dst, std::string_view src, std::size_t cap);

/// `s` cut to at most `cap` bytes, never inside a UTF-8 sequence that was valid up to the cut.
std::string_view cut_utf8(std::string_view s, std::size_t cap) noexcept;

/// The length of the first sentence of `text` (up to and including its full stop), or the whole
/// text when it is one sentence. Abbreviations ("e.g.", "i.e.", "etc.", "vs.") and dotted names
/// ("5.1.1", "outlook.com") do not end a sentence; a Chinese full stop does.
std::size_t first_sentence(std::string_view text) noexcept;

/// `text` without its parenthetical asides ("(local users, virtual mailboxes)") and the space before each.
std::string without_parentheticals(std::string_view text);

/// The sentence `text` cut after its main clause, at the last "; ", ", and ", ", but ", ", which " or
/// " - " that leaves at most `cap` bytes, with a full stop; else at the last comma or space before
/// `cap`, with an ellipsis; `text` itself when it has no such place.
std::string main_clause(std::string_view text, std::size_t cap);

/// Iterates over lines; "\r\n", "\n" and a lone "\r" all end a line. The terminator is not part
/// of the line. A final line without terminator is returned too; a trailing terminator does not
/// produce an extra empty line.
class LineReader {
public:
    explicit LineReader(std::string_view text) noexcept : m_rest(text) {}
    /// Store the next line in `line`; false at the end.
    bool next(std::string_view& line) noexcept;
    /// Offset of the next unread byte from the start of the text.
    [[nodiscard]] std::size_t offset() const noexcept { return m_offset; }
private:
    std::string_view m_rest;
    std::size_t m_offset = 0;
};

/// All lines of `text` (see LineReader for what ends a line).
std::vector<std::string_view> split_lines(std::string_view text);

/// Number of leading space/tab characters.
std::size_t indent_of(std::string_view line) noexcept;

/// Remove one pair of matching surrounding quotes ('...' or "...") if present.
std::string_view strip_quotes(std::string_view s) noexcept;

} // namespace smtpx::util
