#include "util/strings.hpp"

#include <cstdlib>

namespace smtpx::util {

std::string_view trim_left(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    return s.substr(i);
}

std::string_view trim_right(std::string_view s) noexcept {
    std::size_t n = s.size();
    while (n > 0 && is_space(s[n - 1])) --n;
    return s.substr(0, n);
}

std::string_view trim(std::string_view s) noexcept { return trim_right(trim_left(s)); }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from) noexcept {
    if (needle.empty()) return from <= s.size() ? from : std::string_view::npos;
    if (from >= s.size() || s.size() - from < needle.size()) return std::string_view::npos;
    const char first = to_lower(needle[0]);
    const std::size_t last = s.size() - needle.size();
    for (std::size_t i = from; i <= last; ++i) {
        if (to_lower(s[i]) != first) continue;
        std::size_t k = 1;
        while (k < needle.size() && to_lower(s[i + k]) == to_lower(needle[k])) ++k;
        if (k == needle.size()) return i;
    }
    return std::string_view::npos;
}

std::size_t irfind(std::string_view s, std::string_view needle) noexcept {
    if (needle.empty()) return s.size();
    if (s.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = s.size() - needle.size() + 1; i-- > 0;) {
        std::size_t k = 0;
        while (k < needle.size() && to_lower(s[i + k]) == to_lower(needle[k])) ++k;
        if (k == needle.size()) return i;
    }
    return std::string_view::npos;
}

bool icontains(std::string_view s, std::string_view needle) noexcept {
    return ifind(s, needle) != std::string_view::npos;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_lower(c);
    return out;
}

std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_upper(c);
    return out;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string collapse_spaces(std::string_view s, std::size_t cap) {
    std::string out;
    out.reserve(s.size() < cap ? s.size() : cap);
    bool pending_space = false;
    for (char c : s) {
        if (out.size() >= cap) break;
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
            if (out.size() >= cap) break;
        }
        out.push_back(c);
    }
    return out;
}

bool append_capped(std::string& dst, std::string_view src, std::size_t cap) {
    if (dst.size() >= cap) return src.empty();
    const std::size_t room = cap - dst.size();
    if (src.size() <= room) {
        dst.append(src);
        return true;
    }
    dst.append(cut_utf8(src, room));
    return false;
}

std::string_view cut_utf8(std::string_view s, std::size_t cap) noexcept {
    if (s.size() <= cap) return s;
    std::size_t n = cap;
    // Back up over continuation bytes so a multi-byte character is not split in two.
    std::size_t back = 0;
    while (n > 0 && back < 3 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) {
        --n;
        ++back;
    }
    if (back == 3 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) n = cap;   // not UTF-8 anyway
    return s.substr(0, n);
}

bool LineReader::next(std::string_view& line) noexcept {
    if (m_rest.empty()) return false;
    std::size_t i = 0;
    while (i < m_rest.size() && m_rest[i] != '\n' && m_rest[i] != '\r') ++i;
    line = m_rest.substr(0, i);
    std::size_t skip = i;
    if (i < m_rest.size()) {
        skip = i + 1;
        if (m_rest[i] == '\r' && skip < m_rest.size() && m_rest[skip] == '\n') ++skip;
    }
    m_rest.remove_prefix(skip);
    m_offset += skip;
    return true;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    LineReader reader(text);
    std::string_view line;
    while (reader.next(line)) out.push_back(line);
    return out;
}

std::size_t indent_of(std::string_view line) noexcept {
    std::size_t i = 0;
    while (i < line.size() && is_blank(line[i])) ++i;
    return i;
}

std::string_view strip_quotes(std::string_view s) noexcept {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        return s.substr(1, s.size() - 2);
    return s;
}

} // namespace smtpx::util
