#include "parse/mime.hpp"

#include "parse/charset.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cstring>

namespace smtpx::parse {

namespace {

/// The lines of a text exactly as util::LineReader splits them (LF, CRLF or CR end one), found with
/// memchr: header and boundary scans read every line of every message, and a byte loop over them was
/// a fifth of `smtpx mail`'s time on a mailbox. The next LF and the next CR are each searched once
/// and kept until passed, so a text without one of them is still read in linear time.
class Lines {
public:
    explicit Lines(std::string_view s) noexcept : m_s(s), m_lf(find(0, '\n')), m_cr(find(0, '\r')) {}
    bool next(std::string_view& line) noexcept {
        if (m_pos >= m_s.size()) return false;
        if (m_lf < m_pos) m_lf = find(m_pos, '\n');
        if (m_cr < m_pos) m_cr = find(m_pos, '\r');
        const std::size_t end = std::min(m_lf, m_cr);   // m_s.size() when neither is left
        line = m_s.substr(m_pos, end - m_pos);
        m_pos = end;
        if (end < m_s.size()) {
            m_pos = end + 1;
            if (m_s[end] == '\r' && m_pos < m_s.size() && m_s[m_pos] == '\n') ++m_pos;
        }
        return true;
    }
    [[nodiscard]] std::size_t offset() const noexcept { return m_pos; }

private:
    [[nodiscard]] std::size_t find(std::size_t from, char c) const noexcept {
        if (from >= m_s.size()) return m_s.size();
        const void* p = std::memchr(m_s.data() + from, c, m_s.size() - from);
        return p ? static_cast<std::size_t>(static_cast<const char*>(p) - m_s.data()) : m_s.size();
    }
    std::string_view m_s;
    std::size_t m_pos = 0, m_lf, m_cr;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/// The "Q" encoding of RFC 2047: like quoted-printable, and '_' is a space.
std::string decode_q(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') {
            out.push_back(' ');
        } else if (s[i] == '=' && i + 2 < s.size() + 0 && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() * 2);
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out.push_back(c);
        } else {
            out.push_back(static_cast<char>(0xC0U | (u >> 6U)));
            out.push_back(static_cast<char>(0x80U | (u & 0x3FU)));
        }
    }
    return out;
}

/// One encoded-word at `pos` ("=?cs?e?text?="): its decoded bytes and length, or false.
bool encoded_word_at(std::string_view s, std::size_t pos, std::string& decoded, std::size_t& len) {
    if (s.substr(pos, 2) != "=?") return false;
    std::size_t i = pos + 2;
    const std::size_t cs_start = i;
    // Limits keep a hostile "=?" without terminator from being rescanned far ahead.
    while (i < s.size() && s[i] != '?' && !util::is_space(s[i]) && i - cs_start < 40) ++i;
    if (i >= s.size() || s[i] != '?' || i == cs_start) return false;
    std::string_view charset = s.substr(cs_start, i - cs_start);
    if (const std::size_t star = charset.find('*'); star != std::string_view::npos) charset = charset.substr(0, star);
    if (i + 2 >= s.size() || s[i + 2] != '?') return false;
    const char enc = util::to_lower(s[i + 1]);
    if (enc != 'q' && enc != 'b') return false;
    const std::size_t text_start = i + 3;
    std::size_t j = text_start;
    while (j + 1 < s.size() && !(s[j] == '?' && s[j + 1] == '=') && !util::is_space(s[j]) && j - text_start < 256) ++j;
    if (j + 1 >= s.size() || s[j] != '?' || s[j + 1] != '=') return false;
    const std::string_view text = s.substr(text_start, j - text_start);
    std::string bytes = enc == 'q' ? decode_q(text) : decode_base64(text);
    if (util::iequals(charset, "iso-8859-1") || util::iequals(charset, "latin1") || util::iequals(charset, "iso8859-1"))
        bytes = latin1_to_utf8(bytes);
    else bytes = to_utf8(bytes, charset);
    decoded = std::move(bytes);
    len = j + 2 - pos;
    return true;
}

} // namespace

std::string decode_encoded_words(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    bool last_was_word = false;
    std::size_t pending_ws_start = std::string::npos;   // whitespace after a word, in `out`
    while (i < s.size()) {
        std::string decoded;
        std::size_t len = 0;
        if (s[i] == '=' && encoded_word_at(s, i, decoded, len)) {
            if (last_was_word && pending_ws_start != std::string::npos) out.resize(pending_ws_start);
            out += decoded;
            i += len;
            last_was_word = true;
            pending_ws_start = std::string::npos;
            continue;
        }
        if (util::is_space(s[i])) {
            if (last_was_word && pending_ws_start == std::string::npos) pending_ws_start = out.size();
        } else {
            last_was_word = false;
            pending_ws_start = std::string::npos;
        }
        out.push_back(s[i]);
        ++i;
    }
    return out;
}

std::string decode_quoted_printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    // The text between two '=' is copied whole: most of a quoted-printable part is plain.
    for (std::size_t i = 0; i < s.size();) {
        const void* eq = std::memchr(s.data() + i, '=', s.size() - i);
        const std::size_t at = eq ? static_cast<std::size_t>(static_cast<const char*>(eq) - s.data()) : s.size();
        out.append(s.data() + i, at - i);
        i = at;
        if (i == s.size()) break;
        // Soft line break: "=" then optional trailing blanks then CRLF / LF / CR.
        std::size_t j = i + 1;
        while (j < s.size() && util::is_blank(s[j]) && j - i < 80) ++j;
        if (j < s.size() && (s[j] == '\n' || s[j] == '\r')) {
            if (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') ++j;
            i = j + 1;
            continue;
        }
        if (j == s.size() && j > i + 1) break;   // "=" + blanks at the very end
        if (i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 3;
            continue;
        }
        if (i + 1 < s.size()) out.push_back('=');   // a lone "=" at the very end is a soft break
        ++i;
    }
    return out;
}

std::string decode_base64(std::string_view s) {
    std::string out;
    out.reserve(s.size() / 4 * 3 + 3);
    unsigned acc = 0;
    int bits = 0;
    for (char c : s) {
        if (c == '=') break;
        const int v = base64_value(c);
        if (v < 0) continue;
        acc = ((acc << 6U) | static_cast<unsigned>(v)) & 0xFFFFFFU;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> static_cast<unsigned>(bits)) & 0xFFU));
        }
    }
    return out;
}

bool looks_quoted_printable(std::string_view s) {
    if (util::icontains(s, "=3D") || util::icontains(s, "=20\n") || util::icontains(s, "=09")) return true;
    util::LineReader reader(s);
    std::string_view line;
    while (reader.next(line)) {
        // A line ending in one '=' after a non-'=' character: base64 padding ends in "=" only on the
        // last line of a block and never follows a space.
        if (line.size() >= 2 && line.back() == '=' && line[line.size() - 2] != '=' && line[line.size() - 2] != '?' &&
            util::icontains(line, " "))
            return true;
    }
    return false;
}

bool is_header_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 80) {
        const char c = line[i];
        if (c == ':') break;
        if (!(util::is_alnum(c) || c == '-' || c == '_')) return false;
        ++i;
    }
    return i > 0 && i < line.size() && line[i] == ':' && util::is_alpha(line[0]);
}

MimeEntity split_entity(std::string_view s) {
    MimeEntity e;
    Lines reader(s);
    std::string_view line;
    if (!reader.next(line) || !is_header_line(line)) {
        e.body = s;
        return e;
    }
    std::size_t headers_end = reader.offset();
    while (reader.next(line)) {
        if (util::trim(line).empty()) {
            e.headers = s.substr(0, headers_end);
            e.body = s.substr(reader.offset());
            return e;
        }
        headers_end = reader.offset();
    }
    e.headers = s;
    return e;
}

std::string header_value(std::string_view headers, std::string_view name) {
    Lines reader(headers);
    std::string_view line;
    std::string value;
    bool in_field = false;
    while (reader.next(line)) {
        if (in_field) {
            if (!line.empty() && util::is_blank(line[0])) {
                value += ' ';
                value += util::trim(line);
                if (value.size() > 4096) break;
                continue;
            }
            break;
        }
        if (line.size() > name.size() && line[name.size()] == ':' && util::istarts_with(line, name)) {
            value = std::string(util::trim(line.substr(name.size() + 1)));
            in_field = true;
        }
    }
    return value;
}

std::string header_param(std::string_view value, std::string_view param) {
    std::size_t from = 0;
    while (true) {
        const std::size_t p = util::ifind(value, param, from);
        if (p == std::string_view::npos) return {};
        from = p + 1;
        const bool bounded = p == 0 || value[p - 1] == ';' || util::is_space(value[p - 1]);
        std::size_t i = p + param.size();
        while (i < value.size() && util::is_blank(value[i])) ++i;
        if (!bounded || i >= value.size() || value[i] != '=') continue;
        ++i;
        while (i < value.size() && util::is_blank(value[i])) ++i;
        if (i < value.size() && value[i] == '"') {
            const std::size_t end = value.find('"', i + 1);
            return std::string(value.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1));
        }
        std::size_t end = i;
        while (end < value.size() && value[end] != ';' && !util::is_space(value[end])) ++end;
        return std::string(value.substr(i, end - i));
    }
}

std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary) {
    std::vector<std::string_view> parts;
    if (boundary.empty()) return parts;
    Lines reader(body);
    std::string_view line;
    std::size_t part_start = std::string_view::npos;
    std::size_t line_start = 0;
    while (reader.next(line)) {
        const std::string_view t = util::trim_right(line);
        if (t.size() >= boundary.size() + 2 && t.starts_with("--") && t.substr(2, boundary.size()) == boundary) {
            const std::string_view tail = t.substr(2 + boundary.size());
            // "--L1" must not match the delimiter of a nested "L10": only "" or "--" may follow.
            if (!tail.empty() && tail != "--") {
                line_start = reader.offset();
                continue;
            }
            if (part_start != std::string_view::npos) parts.push_back(body.substr(part_start, line_start - part_start));
            if (tail == "--") return parts;
            part_start = reader.offset();
        }
        line_start = reader.offset();
    }
    if (part_start != std::string_view::npos && part_start < body.size()) parts.push_back(body.substr(part_start));
    return parts;
}

std::string decoded_body(const MimeEntity& entity) {
    const std::string cte = header_value(entity.headers, "Content-Transfer-Encoding");
    if (util::icontains(cte, "quoted-printable")) return decode_quoted_printable(entity.body);
    if (util::icontains(cte, "base64")) return decode_base64(entity.body);
    return std::string(entity.body);
}

} // namespace smtpx::parse
