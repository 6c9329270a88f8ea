#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

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
    // Candidates come from memchr (vectorised) for each case of the first letter; most of a log
    // line holds neither, and this runs for every phrase on every line.
    constexpr std::size_t none = std::string_view::npos;
    const char lo = to_lower(needle[0]);
    const char up = (lo >= 'a' && lo <= 'z') ? static_cast<char>(lo - 'a' + 'A') : lo;
    const std::size_t last = s.size() - needle.size();
    auto next = [&](char c, std::size_t at) -> std::size_t {
        if (at > last) return none;
        const void* p = std::memchr(s.data() + at, c, last + 1 - at);
        return p ? static_cast<std::size_t>(static_cast<const char*>(p) - s.data()) : none;
    };
    std::size_t a = next(lo, from);
    std::size_t b = up == lo ? none : next(up, from);
    for (;;) {
        const std::size_t i = std::min(a, b);
        if (i == none) return none;
        std::size_t k = 1;
        while (k < needle.size() && to_lower(s[i + k]) == to_lower(needle[k])) ++k;
        if (k == needle.size()) return i;
        if (i == a) a = next(lo, i + 1);
        else b = next(up, i + 1);
    }
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
    // Whole runs of non-space bytes are appended at once: this runs over every text part of a mail.
    for (std::size_t i = 0; i < s.size() && out.size() < cap;) {
        if (is_space(s[i])) {
            pending_space = !out.empty();
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < s.size() && !is_space(s[j])) ++j;
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
            if (out.size() >= cap) break;
        }
        out.append(s.data() + i, std::min(j - i, cap - out.size()));
        i = j;
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
    // Two vectorised searches instead of a loop over each byte: mail bodies are read line by line.
    const char* p = m_rest.data();
    const void* nl = std::memchr(p, '\n', m_rest.size());
    const std::size_t lf = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - p) : m_rest.size();
    const void* cr = std::memchr(p, '\r', lf);
    const std::size_t i = cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - p) : lf;
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

std::size_t first_sentence(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\xe3\x80\x82") == 0) return i + 3;   // 。
        if (text[i] != '.' && text[i] != '!' && text[i] != '?') continue;
        // A sentence ends at a stop followed by white space (or the end) and then a capital, a digit
        // or an opening bracket or quote: "e.g. the" and "5.1.1 " go on.
        if (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\n') continue;
        std::size_t j = i + 1;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\n')) ++j;
        if (j == text.size()) return text.size();
        const unsigned char next = static_cast<unsigned char>(text[j]);
        if (!(std::isupper(next) || std::isdigit(next) || next == '(' || next == '"' || next >= 0x80)) continue;
        std::size_t w = i;
        while (w > 0 && std::isalpha(static_cast<unsigned char>(text[w - 1]))) --w;
        const std::string_view word = text.substr(w, i - w);
        // "e.g." and "i.e." end in the one-letter words "g" and "e".
        if (word == "g" || word == "e" || word == "etc" || word == "vs" || word == "cf" ||
            word == "St" || word == "No" || (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]))))
            continue;
        return i + 1;
    }
    return text.size();
}

std::string without_parentheticals(std::string_view text) {
    std::string out;
    int depth = 0;
    for (char c : text) {
        if (c == '(') {
            if (depth++ == 0) while (!out.empty() && out.back() == ' ') out.pop_back();
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (depth == 0) {
            out += c;
        }
    }
    return depth == 0 ? out : std::string(text);   // unbalanced: leave it as written
}

std::string main_clause(std::string_view text, std::size_t cap) {
    std::size_t best = 0;
    for (std::string_view mark : {"; ", ", and ", ", but ", ", which ", " - ", " \xe2\x80\x94 ", ": "}) {
        for (std::size_t at = text.find(mark); at != std::string_view::npos && at <= cap; at = text.find(mark, at + 1))
            best = std::max(best, at);
    }
    constexpr std::size_t kShortest = 30;   // shorter than this says too little to stand alone
    if (best >= kShortest) return std::string(text.substr(0, best)) + ".";
    // No clause ends in time: cut at the last comma or space, and say so.
    std::size_t at = text.substr(0, cap).rfind(", ");
    if (at == std::string_view::npos || at < kShortest) at = text.substr(0, cap).rfind(' ');
    if (at == std::string_view::npos || at < kShortest) return std::string(text);
    return std::string(text.substr(0, at)) + "\xe2\x80\xa6";
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
