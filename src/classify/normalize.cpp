// Token-by-token normalisation of reply texts; a plain scanner, linear in the text. What a token is
// (a reply code, number, id, generated host, timestamp) is parse/tokens' and util/net's; this file
// decides which placeholder each gets and what the cache key keeps.
#include "classify/normalize.hpp"

#include "parse/tokens.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace smtpx::classify {

namespace {

constexpr bool closer(char c) {
    return c == '>' || c == ']' || c == ')' || c == '"' || c == '\'' || c == '}' || c == ',' || c == ';' ||
           c == ':' || c == '.' || c == '!' || c == '?';
}

constexpr bool atom_char(char c) {
    return util::is_alnum(c) || static_cast<unsigned char>(c) >= 0x80 || c == '.' || c == '-' || c == '_' || c == '@' ||
           c == '%' || c == '+' || c == ':' || c == '/' || c == '?' || c == '&' || c == '=' || c == '~' || c == '#';
}

/// Normalise one atom (a run of atom_char) into `out`. A placeholder that replaces an atom wrapped in
/// "<...>" takes the brackets' place, so "<a@b>" becomes "<addr>", not "<<addr>>".
/// Returns how many bytes of the text after the atom were consumed with it (a closing bracket).
std::size_t atom(std::string_view w, std::string_view after, std::string& out) {
    while (!w.empty() && w[0] == ':') {   // "]:25": the port after a bracketed address
        out += ':';
        w.remove_prefix(1);
    }
    std::size_t b = w.size();
    while (b > 0 && closer(w[b - 1])) --b;
    std::string_view core = w.substr(0, b), post = w.substr(b);
    auto placeholder = [&](std::string_view ph) -> std::size_t {
        const char open = out.empty() ? '\0' : out.back();
        const bool wrapped = post.empty() && !after.empty() && open == '<' && after[0] == '>';
        if (wrapped) out.pop_back();
        out += ph;
        out += post;
        return wrapped ? 1 : 0;
    };
    if (core.empty() || parse::is_reply_code(core)) {
        out += w;
        return 0;
    }
    if ((core[0] == 'h' || core[0] == 'H') && (util::istarts_with(core, "http://") || util::istarts_with(core, "https://"))) {
        const std::size_t q = core.find('?');
        out += core.substr(0, q);
        if (q != std::string_view::npos) out += "?<q>";
        out += post;
        return 0;
    }
    bool digit = false, at = false, dot_or_colon = false;
    for (char c : core) {
        digit = digit || util::is_digit(c);
        at = at || c == '@';
        dot_or_colon = dot_or_colon || c == '.' || c == ':';
    }
    if (at) return placeholder("<addr>");
    if (!digit) {   // words: the common case, nothing to replace
        out += w;
        return 0;
    }
    const std::string_view ip = parse::without_port(core);   // "192.0.2.1:25"
    if (dot_or_colon && (util::is_ip(core) || util::is_ip(ip))) return placeholder("<ip>");
    if (parse::is_number(core) || parse::is_number(ip)) return placeholder("<n>");
    if (parse::is_generated_host(core)) return placeholder("<host>");
    if (parse::is_id_like(core)) return placeholder("<id>");
    out += w;
    return 0;
}

/// normalise()'s scanner, appending to `out`; stops once `out` holds `limit` bytes.
void scan(std::string_view text, std::string& out, std::size_t limit) {
    out.clear();
    std::size_t i = 0;
    while (i < text.size() && out.size() < limit) {
        const char c = text[i];
        if (util::is_space(c)) {
            while (i < text.size() && util::is_space(text[i])) ++i;
            if (!out.empty() && i < text.size()) out += ' ';
            continue;
        }
        if (!atom_char(c)) {
            out += c;
            ++i;
            continue;
        }
        if (util::is_digit(c) || util::is_alpha(c)) {
            if (const std::size_t n = parse::timestamp_length(text.substr(i))) {
                out += "<time>";
                i += n;
                continue;
            }
        }
        std::size_t j = i;
        while (j < text.size() && atom_char(text[j])) ++j;
        i = j + atom(text.substr(i, j - i), text.substr(j), out);
    }
}

// ---- cache_key(): the same scan with what the key keeps (domains, host names, whitespace, the digits a
// rule spells out), recording where each placeholder went. Most of a reply is words, which stay as they
// are: an atom holding no digit, '@' or '?' is passed over in one step and copied in bulk.

enum : std::uint16_t {
    kAtom = 1,
    kDigit = 2,
    kMark = 4,               // '@' or '?': an atom without it and without digits stays as it is
    kAt = 8,
    kDot = 16,
    kColon = 32,
    kEq = 64,
    kNotDigitColon = 128,    // a time of day ("00:00:01") has none
    kNotNumber = 256,        // parse::is_number() takes digits and ".,/-+%" only
    kCloser = 512,
};
constexpr std::array<std::uint16_t, 256> kClass = [] {
    std::array<std::uint16_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        unsigned f = atom_char(ch) ? kAtom : 0;
        if (util::is_digit(ch)) f |= kDigit;
        if (ch == '@' || ch == '?') f |= kMark;
        if (ch == '@') f |= kAt;
        if (ch == '.') f |= kDot;
        if (ch == ':') f |= kColon;
        if (ch == '=') f |= kEq;
        if (!util::is_digit(ch) && ch != ':') f |= kNotDigitColon;
        if (!util::is_digit(ch) && std::string_view(".,/-+%").find(ch) == std::string_view::npos) f |= kNotNumber;
        if (closer(ch)) f |= kCloser;
        t[static_cast<std::size_t>(c)] = static_cast<std::uint16_t>(f);
    }
    return t;
}();
unsigned char_class(char c) { return kClass[static_cast<unsigned char>(c)]; }

/// The first byte at or after `i` that is a digit, '@' or '?' (n when none). Eight bytes at a time:
/// those are all in 0x30-0x40, and a reply's words have no byte there.
std::size_t next_mark(std::string_view text, std::size_t i) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    const std::size_t n = text.size();
    for (; i + 8 <= n; i += 8) {
        std::uint64_t x;
        std::memcpy(&x, text.data() + i, 8);
        // Any byte in (0x2f, 0x41) (bit twiddling's "hasbetween")? Else none of the eight is one.
        const std::uint64_t low7 = x & (ones * 127);
        if ((((ones * (127 + 0x41)) - low7) & ~x & (low7 + ones * (127 - 0x2f)) & high) == 0) continue;
        for (std::size_t k = i; k < i + 8; ++k)   // ':', '<', '=' and '>' are there too
            if (char_class(text[k]) & (kDigit | kMark)) return k;
    }
    for (; i < n; ++i)
        if (char_class(text[i]) & (kDigit | kMark)) return i;
    return n;
}

/// The text being keyed, the key written so far (null: spans only) and the text up to `copied` in it.
struct KeyScan {
    std::string_view text;
    const DigitLiterals& digit_literals;
    std::vector<KeySpan>* spans;
    std::string* out;
    std::size_t copied = 0;

    /// text[at, at + len) becomes `ph`; with `wrapped` the '<' before it and the '>' at `close` go too,
    /// and text[at + len, close) (an address's domain) stays between them.
    void place(std::size_t at, std::size_t len, char kind, std::string_view ph, bool wrapped, std::size_t close) {
        if (spans) spans->push_back({at, len, kind});
        if (!out) return;
        out->append(text.substr(copied, at - (wrapped ? 1 : 0) - copied));
        out->append(ph);
        copied = at + len;
        if (wrapped) {
            out->append(text.substr(copied, close - copied));
            copied = close + 1;
        }
    }
};

/// One atom text[i, j) holding a digit, '@' or '?'; returns how many bytes after it went with it (the
/// '>' of a placeholder that took the brackets' place).
std::size_t key_atom(std::size_t i, std::size_t j, unsigned atom_class, KeyScan& k) {
    const std::string_view text = k.text;
    const std::size_t atom_start = i;
    for (;;) {
        while (i < j && text[i] == ':') ++i;   // "]:25": the port after a bracketed address
        if ((atom_class & kEq) == 0) break;
        // A log's "delay=2.91": the field name stays, its value is judged on its own.
        const std::string_view w = text.substr(i, j - i);
        const std::size_t eq = w.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 >= w.size() || !util::is_alpha(w[0])) break;
        i += eq + 1;
    }
    std::size_t b = j;
    while (b > i && (char_class(text[b - 1]) & kCloser)) --b;
    const std::string_view core = text.substr(i, b - i);
    // A placeholder for an atom wrapped in "<...>" takes the brackets' place.
    const bool wrapped = b == j && i > 0 && text[i - 1] == '<' && j < text.size() && text[j] == '>';
    auto placeholder = [&](std::string_view ph, char kind, std::size_t len) -> std::size_t {
        k.place(i, len, kind, ph, wrapped, j);
        return wrapped ? 1 : 0;
    };
    if (core.empty() || parse::is_reply_code(core)) return 0;
    if ((core[0] == 'h' || core[0] == 'H') && (util::istarts_with(core, "http://") || util::istarts_with(core, "https://"))) {
        if (const std::size_t q = core.find('?'); q != std::string_view::npos) k.place(i + q + 1, core.size() - q - 1, 'q', "<q>", false, 0);
        return 0;
    }
    unsigned seen = atom_class;   // the whole atom's classes are the core's when nothing was cut off
    if (i != atom_start || b != j) {
        seen = 0;
        for (char c : core) seen |= char_class(c);
    }
    if (seen & kAt) return placeholder("<addr>", 'a', core.rfind('@'));   // the local part goes, the domain stays
    if ((seen & kDigit) == 0) return 0;
    const std::string_view ip = (seen & kColon) ? parse::without_port(core) : core;   // "192.0.2.1:25"
    if (seen & kColon) {
        if (util::is_ip(core) || (ip.size() != core.size() && util::is_ip(ip))) return placeholder("<ip>", 'p', core.size());
        // A time of day, "00:00:01".
        if ((seen & kNotDigitColon) == 0) return placeholder("<n>", 'n', core.size());
    } else if ((seen & kDot) && util::ipv4_length(core) == core.size()) {   // without a colon only IPv4 can be
        return placeholder("<ip>", 'p', core.size());
    }
    if (names_digit_literal(core, k.digit_literals)) return 0;
    if ((seen & kNotNumber) == 0 || (ip.size() != core.size() && parse::is_number(ip))) return placeholder("<n>", 'n', core.size());
    if (parse::is_generated_host(core)) return 0;
    if (parse::is_id_like(core)) return placeholder("<id>", 'd', core.size());
    return 0;
}

bool key_scan(std::string_view text, std::string* out, const DigitLiterals& digit_literals,
              std::size_t max_bytes, std::vector<KeySpan>* spans) {
    if (text.size() > max_bytes) return false;
    if (spans) spans->clear();
    if (out) out->clear();
    // Whitespace is part of the key: a pattern may require a single space, a line break or none.
    KeyScan k{text, digit_literals, spans, out};
    const std::size_t n = text.size();
    // Only atoms holding a digit, '@' or '?' can change: find each such byte, then its atom.
    for (std::size_t i = 0, mark; (mark = next_mark(text, i)) < n;) {
        std::size_t start = mark, end = mark;
        while (start > i && (char_class(text[start - 1]) & kAtom)) --start;
        unsigned seen = 0;
        for (unsigned c; end < n && ((c = char_class(text[end])) & kAtom) != 0; ++end) seen |= c;
        for (std::size_t p = start; p < mark; ++p) seen |= char_class(text[p]);
        i = end + key_atom(start, end, seen, k);
    }
    if (out) out->append(text.substr(std::min(k.copied, n)));
    return true;
}

} // namespace

void DigitLiterals::add(std::string_view digits) {
    std::size_t v = 0;
    for (char c : digits.substr(0, 4)) v = v * 10 + static_cast<std::size_t>(c - '0');
    if (digits.size() == 2) m_two.set(v);
    else if (digits.size() == 3) m_three.set(v);
    else if (digits.size() == 4) m_four.set(v);
    else if (digits.size() > 4) {
        m_longer.emplace(digits);
        m_longest = std::max(m_longest, digits.size());
    }
}

void normalise(std::string_view text, std::string& out) {
    scan(text, out, kMaxNormalisedBytes);
    if (out.size() > kMaxNormalisedBytes) out.resize(util::cut_utf8(out, kMaxNormalisedBytes).size());
}

bool names_digit_literal(std::string_view s, const DigitLiterals& digit_literals, bool whole_only) {
    if (s.size() < 2) return false;
    const char* const begin = s.data();
    const char* const end = begin + s.size();
    for (const char* p = begin; p < end;) {
        if (!util::is_digit(*p)) {
            if (whole_only) return false;   // only `s` as a whole counts, and it is no number
            ++p;
            continue;
        }
        const char* q = p + 1;
        while (q < end && util::is_digit(*q)) ++q;
        const auto len = static_cast<std::size_t>(q - p);
        const bool whole = p == begin && q == end;
        if ((whole || (!whole_only && len >= 3)) && len >= 2 && digit_literals.contains({p, len})) return true;
        p = q;
    }
    return false;
}

bool cache_key(std::string_view text, std::string& out, const DigitLiterals& digit_literals,
               std::size_t max_bytes, std::vector<KeySpan>* spans) {
    return key_scan(text, &out, digit_literals, max_bytes, spans);
}

bool key_spans(std::string_view text, const DigitLiterals& digit_literals, std::size_t max_bytes,
               std::vector<KeySpan>& spans) {
    return key_scan(text, nullptr, digit_literals, max_bytes, &spans);
}

} // namespace smtpx::classify
