// Token-by-token normalisation of reply texts; a plain scanner, linear in the text.
#include "classify/normalize.hpp"

#include "parse/fields.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

namespace smtpx::classify {

namespace {

bool closer(char c) {
    return c == '>' || c == ']' || c == ')' || c == '"' || c == '\'' || c == '}' || c == ',' || c == ';' ||
           c == ':' || c == '.' || c == '!' || c == '?';
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!util::is_digit(c)) return false;
    return true;
}

/// "5.1.1", "550", "550-5.1.1", "4.7.0": codes that tell messages apart.
bool is_code(std::string_view s) {
    if (s.size() == 3 && all_digits(s)) return s[0] >= '2' && s[0] <= '5';
    if (s.size() > 4 && s[3] == '-' && is_code(s.substr(0, 3))) s.remove_prefix(4);
    if (s.size() < 5 || s.size() > 9 || !util::is_digit(s[0]) || s[1] != '.') return false;
    int dots = 0;
    for (char c : s.substr(1)) {
        if (c == '.') ++dots;
        else if (!util::is_digit(c)) return false;
    }
    return dots == 2 && s[0] >= '2' && s[0] <= '5';
}

bool is_number(std::string_view s) {
    bool digit = false;
    for (char c : s) {
        if (util::is_digit(c)) digit = true;
        else if (c != '.' && c != ',' && c != '/' && c != '-' && c != '+' && c != '%') return false;
    }
    return digit;
}

/// Queue ids, session tokens, hashes: long runs of letters and digits mixed.
bool is_id(std::string_view s) {
    if (s.size() < 7) return false;   // shorter tokens are codes people look up: TSS04, S3150, DY-001
    int digits = 0, letters = 0;
    for (char c : s) {
        if (util::is_digit(c)) ++digits;
        else if (util::is_alpha(c)) ++letters;
        else if (c != '-' && c != '_' && c != '=' && c != '+' && c != '/') return false;
    }
    return digits >= 2 && letters >= 1;
}

/// A dotted name one of whose labels mixes letters and digits: a generated server name
/// ("AM0PR04MB1234.eurprd04.prod.outlook.com", "mta7.am0.yahoodns.net"), not a service's fixed name.
bool is_generated_host(std::string_view s) {
    if (s.find('.') == std::string_view::npos || s.find('/') != std::string_view::npos) return false;
    std::size_t start = 0;
    bool generated = false;
    while (start <= s.size()) {
        std::size_t dot = s.find('.', start);
        std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        int digits = 0, letters = 0;
        for (char c : label) {
            if (util::is_digit(c)) ++digits;
            else if (util::is_alpha(c)) ++letters;
            else if (c != '-') return false;
        }
        if (digits >= 1 && letters >= 1) generated = true;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return generated;
}

bool atom_char(char c) {
    return util::is_alnum(c) || static_cast<unsigned char>(c) >= 0x80 || c == '.' || c == '-' || c == '_' || c == '@' ||
           c == '%' || c == '+' || c == ':' || c == '/' || c == '?' || c == '&' || c == '=' || c == '~' || c == '#';
}

bool digits_at(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (!util::is_digit(s[i])) return false;
    return true;
}

/// "HH:MM:SS" with an optional fraction at s[i]; the end, or 0.
std::size_t clock_end(std::string_view s, std::size_t i) {
    if (!digits_at(s, i, 2) || i + 8 > s.size() || s[i + 2] != ':' || !digits_at(s, i + 3, 2) || s[i + 5] != ':' ||
        !digits_at(s, i + 6, 2))
        return 0;
    i += 8;
    if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && util::is_digit(s[i + 1])) {
        ++i;
        while (i < s.size() && util::is_digit(s[i])) ++i;
    }
    return i;
}

/// A zone after a clock at s[i] ("Z", "+00:00", "-0500", and after a space also "GMT", "UTC", "UT"):
/// the end, or i when there is none.
std::size_t zone_end(std::string_view s, std::size_t i, bool spaced) {
    std::size_t j = i;
    if (spaced) {
        if (j >= s.size() || s[j] != ' ') return i;
        ++j;
    }
    if (!spaced && j < s.size() && s[j] == 'Z') return j + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) {
        if (digits_at(s, j + 1, 2) && j + 3 < s.size() && s[j + 3] == ':' && digits_at(s, j + 4, 2)) return j + 6;
        if (digits_at(s, j + 1, 4)) return j + 5;
        return i;
    }
    if (spaced) {
        for (std::string_view name : {"GMT", "UTC", "UT"})
            if (s.substr(j).starts_with(name)) return j + name.size();
    }
    return i;
}

bool is_month(std::string_view s, std::size_t at) {
    static constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (at + 3 > s.size()) return false;
    for (std::size_t m = 0; m < months.size(); m += 3)
        if (s.substr(at, 3) == months.substr(m, 3)) return true;
    return false;
}

/// A date and time written into a reply at the start of `s`: ISO 8601 ("2024-05-01T10:00:00.000Z",
/// "2024-05-01 10:00:00 +0000"), RFC 5322 ("Tue, 01 May 2024 10:00:00 +0000") or a bare
/// "10:00:00". Returns its length, 0 when there is none. The same reply sent at two moments must
/// group together, and a clock is never a code or a number anyone looks up.
std::size_t timestamp_at(std::string_view s) {
    std::size_t end = 0;
    if (digits_at(s, 0, 4) && s.size() >= 19 && s[4] == '-' && digits_at(s, 5, 2) && s[7] == '-' && digits_at(s, 8, 2) &&
        (s[10] == 'T' || s[10] == ' ')) {
        if ((end = clock_end(s, 11)) != 0) end = zone_end(s, end, s[end - 1] != 'Z' && end < s.size() && s[end] == ' ');
    } else if (util::is_digit(s[0]) || (s.size() > 5 && s[3] == ',' && s[4] == ' ' && util::is_alpha(s[0]))) {
        std::size_t i = util::is_digit(s[0]) ? 0 : 5;   // "Tue, " goes with the date it names
        const std::size_t day = i;
        while (i < s.size() && util::is_digit(s[i]) && i - day < 2) ++i;
        if (i > day && i + 1 < s.size() && s[i] == ' ' && is_month(s, i + 1) && i + 4 < s.size() && s[i + 4] == ' ' &&
            digits_at(s, i + 5, 4) && i + 9 < s.size() && s[i + 9] == ' ') {
            if ((end = clock_end(s, i + 10)) != 0) end = zone_end(s, end, true);
        } else if (day == 0) {
            end = clock_end(s, 0);
        }
    }
    // Only a whole token: "10:00:00abc" is something else.
    if (end != 0 && end < s.size() && (util::is_alnum(s[end]) || s[end] == ':')) return 0;
    return end;
}

/// What the cache key keeps that grouping replaces (null: the grouping form).
struct Keep {
    const std::unordered_set<std::string>* digit_literals = nullptr;
    std::vector<KeySpan>* spans = nullptr;   // where placeholders went, for the answer cache
    const char* base = nullptr;               // the start of the text the spans are offsets into

    void record(std::string_view part, char kind) const {
        if (spans) spans->push_back({static_cast<std::size_t>(part.data() - base), part.size(), kind});
    }
};

/// Normalise one atom (a run of atom_char) into `out`. A placeholder that replaces an atom wrapped in
/// "<...>" takes the brackets' place, so "<a@b>" becomes "<addr>", not "<<addr>>".
/// Returns how many bytes of the text after the atom were consumed with it (a closing bracket).
std::size_t atom(std::string_view w, std::string_view after, std::string& out, const Keep* keep) {
    while (!w.empty() && w[0] == ':') {   // "]:25": the port after a bracketed address
        out += ':';
        w.remove_prefix(1);
    }
    if (keep) {   // a log's "delay=2.91": the field name stays, its value is judged on its own
        const std::size_t eq = w.find('=');
        if (eq != std::string_view::npos && eq > 0 && eq + 1 < w.size() && util::is_alpha(w[0])) {
            out += w.substr(0, eq + 1);
            return atom(w.substr(eq + 1), after, out, keep);
        }
    }
    std::size_t b = w.size();
    while (b > 0 && closer(w[b - 1])) --b;
    std::string_view core = w.substr(0, b), post = w.substr(b);
    // `part`: what of the core the placeholder stands for (an address keeps its domain).
    auto placeholder = [&](std::string_view ph, std::string_view part) -> std::size_t {
        const char open = out.empty() ? '\0' : out.back();
        const bool wrapped = post.empty() && !after.empty() && open == '<' && after[0] == '>';
        if (wrapped) out.pop_back();
        if (keep) keep->record(part, ph[1] == 'i' ? ph[2] : ph[1]);   // <ip> 'p', <id> 'd'
        out += ph;
        out += post;
        return wrapped ? 1 : 0;
    };
    if (core.empty() || is_code(core)) {
        out += w;
        return 0;
    }
    if ((core[0] == 'h' || core[0] == 'H') && (util::istarts_with(core, "http://") || util::istarts_with(core, "https://"))) {
        const std::size_t q = core.find('?');
        out += core.substr(0, q);
        if (q != std::string_view::npos) {
            out += "?<q>";
            if (keep) keep->record(core.substr(q + 1), 'q');
        }
        out += post;
        return 0;
    }
    bool digit = false, at = false, dot_or_colon = false;
    for (char c : core) {
        digit = digit || util::is_digit(c);
        at = at || c == '@';
        dot_or_colon = dot_or_colon || c == '.' || c == ':';
    }
    if (at && keep) {   // the local part goes, the domain stays
        const std::size_t a = core.rfind('@');
        const std::size_t n = placeholder("<addr>", core.substr(0, a));
        out.insert(out.size() - post.size(), core.substr(a));
        return n;
    }
    if (at) return placeholder("<addr>", core);
    if (!digit) {   // words: the common case, nothing to replace
        out += w;
        return 0;
    }
    std::string_view ip = core;
    if (const std::size_t colon = ip.rfind(':'); colon != std::string_view::npos && ip.find(':') == colon)
        ip = ip.substr(0, colon);   // "192.0.2.1:25"
    if (dot_or_colon && (util::is_ip(core) || util::is_ip(ip))) return placeholder("<ip>", core);
    if (keep && core.find_first_not_of("0123456789:") == std::string_view::npos && core.find(':') != std::string_view::npos)
        return placeholder("<n>", core);   // a time of day, "00:00:01"
    if (keep && names_digit_literal(core, *keep->digit_literals)) {
        out += w;
        return 0;
    }
    if (is_number(core) || is_number(ip)) return placeholder("<n>", core);
    if (is_generated_host(core)) {
        if (!keep) return placeholder("<host>", core);
        out += w;
        return 0;
    }
    if (is_id(core)) return placeholder("<id>", core);
    out += w;
    return 0;
}

/// The scanner shared by both forms, appending to `out`; stops once `out` holds `limit` bytes.
void scan_into(std::string_view text, std::string& out, std::size_t limit, const Keep* keep) {
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
        if (!keep && (util::is_digit(c) || util::is_alpha(c))) {
            if (const std::size_t n = timestamp_at(text.substr(i))) {
                out += "<time>";
                i += n;
                continue;
            }
        }
        std::size_t j = i;
        while (j < text.size() && atom_char(text[j])) ++j;
        i = j + atom(text.substr(i, j - i), text.substr(j), out, keep);
    }
}

void scan(std::string_view text, std::string& out, std::size_t limit, const Keep* keep) {
    out.clear();
    scan_into(text, out, limit, keep);
}

} // namespace

void normalise(std::string_view text, std::string& out) {
    scan(text, out, kMaxNormalisedBytes, nullptr);
    if (out.size() > kMaxNormalisedBytes) out.resize(util::cut_utf8(out, kMaxNormalisedBytes).size());
}

bool names_digit_literal(std::string_view s, const std::unordered_set<std::string>& digit_literals, bool whole_only) {
    for (std::size_t i = 0; i < s.size();) {
        if (!util::is_digit(s[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && util::is_digit(s[j])) ++j;
        const bool whole = i == 0 && j == s.size();
        if ((whole || (!whole_only && j - i >= 3)) && j - i >= 2 &&
            digit_literals.count(std::string(s.substr(i, j - i))))
            return true;
        i = j;
    }
    return false;
}

bool cache_key(std::string_view text, std::string& out, const std::unordered_set<std::string>& digit_literals,
               std::size_t max_bytes, std::vector<KeySpan>* spans) {
    if (text.size() > max_bytes) return false;
    if (spans) spans->clear();
    const Keep keep{&digit_literals, spans, text.data()};
    // Whitespace is part of the key: a pattern may require a single space, a line break or none.
    out.clear();
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && !util::is_space(text[j])) ++j;
        // One word (and what sticks to it) at a time, so every run of spaces is kept as it was. The
        // word is scanned onto the key directly: what precedes it is a space or nothing, which the
        // scanner treats alike (no "<" to fold into a placeholder).
        scan_into(text.substr(i, j - i), out, std::string_view::npos, &keep);
        i = j;
        while (j < text.size() && util::is_space(text[j])) ++j;
        out.append(text.substr(i, j - i));
        i = j;
    }
    return true;
}

} // namespace smtpx::classify
