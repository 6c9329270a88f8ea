// Escaping and width-aware wrapping; utf8proc supplies character widths.
#include "util/terminal_text.hpp"

#include <cstdio>
#include <utf8proc.h>

namespace smtpx::util {

namespace {
/// Decode one UTF-8 character at s[i]; returns its length, or 0 if the bytes are not valid UTF-8.
std::size_t decode(std::string_view s, std::size_t i, int32_t& cp) {
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void hex(std::string& out, const char* fmt, unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, fmt, v);
    out += buf;
}

int width_of(int32_t cp) {
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : w;
}

bool is_wide(int32_t cp) { return width_of(cp) == 2; }
} // namespace

std::string escape_control(std::string_view s, bool keep_newlines) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '\n' && keep_newlines) out += '\n';
            else if (c == '\t') out += ' ';
            else if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == 0x1b) out += "\\e";
            else if (c < 0x20 || c == 0x7f) hex(out, "\\x%02x", c);
            else out += static_cast<char>(c);
            ++i;
            continue;
        }
        int32_t cp = 0;
        std::size_t n = decode(s, i, cp);
        if (n == 0) {
            hex(out, "\\x%02x", c);
            ++i;
        } else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
                   (cp >= 0x2066 && cp <= 0x2069)) {
            // C1 controls (0x9b is a one-byte CSI on some terminals) and bidi overrides that reorder text.
            hex(out, "\\u{%x}", static_cast<unsigned>(cp));
            i += n;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

int display_width(std::string_view s) {
    int w = 0;
    for (std::size_t i = 0; i < s.size();) {
        int32_t cp = 0;
        std::size_t n = decode(s, i, cp);
        if (n == 0) {
            ++w;
            ++i;
        } else {
            w += width_of(cp);
            i += n;
        }
    }
    return w;
}

std::string pad(std::string_view s, int width) {
    std::string out(s);
    int w = display_width(s);
    if (w < width) out.append(static_cast<std::size_t>(width - w), ' ');
    return out;
}

namespace {
/// Punctuation that must not start a line in Chinese text.
bool closes(int32_t cp) {
    switch (cp) {
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:
    case 0xFF09: case 0x300D: case 0x300F: case 0x3011: case 0x300B: case 0x3009: case 0x201D: case 0x2019:
    case 0xFF5D: case 0x2026:
        return true;
    default:
        return false;
    }
}
} // namespace

std::vector<std::string> wrap(std::string_view s, int width) {
    std::vector<std::string> lines;
    if (width < 8) width = 8;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto nl = s.find('\n', start);
        std::string_view para = s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        // Greedy fill: a break is allowed at a space, or before/after a wide character.
        std::string line;
        int line_w = 0;
        std::size_t last_break = std::string::npos;   // position in `line` where a break may go
        int width_at_break = 0;
        std::size_t prev_break = std::string::npos;   // the break before it
        int prev_width = 0;
        bool skip_space_at_break = false;
        for (std::size_t i = 0; i < para.size();) {
            int32_t cp = 0;
            std::size_t n = decode(para, i, cp);
            if (n == 0) {
                n = 1;
                cp = 0xfffd;
            }
            std::string_view ch = para.substr(i, n);
            int w = (n == 1 && static_cast<unsigned char>(para[i]) >= 0x80) ? 1 : width_of(cp);
            if (cp == ' ') {
                prev_break = last_break;
                prev_width = width_at_break;
                last_break = line.size();
                width_at_break = line_w;
                skip_space_at_break = true;
            } else if (closes(cp)) {
                // Chinese typesetting never starts a line with closing punctuation (，。）…): the
                // break just before it moves back to the one before that.
                if (last_break == line.size() && !skip_space_at_break) {
                    last_break = prev_break;
                    width_at_break = prev_width;
                }
            } else if (is_wide(cp) && !line.empty()) {
                prev_break = last_break;
                prev_width = width_at_break;
                last_break = line.size();
                width_at_break = line_w;
                skip_space_at_break = false;
            }
            if (line_w + w > width && cp != ' ' && last_break != std::string::npos && last_break > 0) {
                std::string rest = line.substr(last_break + (skip_space_at_break ? 1 : 0));
                line.resize(last_break);
                while (!line.empty() && line.back() == ' ') line.pop_back();
                lines.push_back(line);
                line = rest;
                line_w = line_w - width_at_break - (skip_space_at_break ? 1 : 0);
                last_break = std::string::npos;
            }
            // A word longer than the line (a URL, a path) is cut where the width ends.
            if (line_w + w > width && cp != ' ' && line_w > 0 && (last_break == std::string::npos || last_break == 0)) {
                while (!line.empty() && line.back() == ' ') line.pop_back();
                lines.push_back(line);
                line.clear();
                line_w = 0;
                last_break = std::string::npos;
            }
            if (!(cp == ' ' && line.empty() && !lines.empty() && line_w == 0)) {
                line.append(ch);
                line_w += w;
            }
            i += n;
            if (is_wide(cp)) {
                prev_break = last_break;
                prev_width = width_at_break;
                last_break = line.size();
                width_at_break = line_w;
                skip_space_at_break = false;
            }
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

std::string fit(std::string_view s, int width) {
    if (display_width(s) <= width) return std::string(s);
    std::string out;
    int used = 0;
    for (std::size_t i = 0; i < s.size();) {
        int32_t cp = 0;
        std::size_t n = decode(s, i, cp);
        if (n == 0) n = 1;
        const int w = (n == 1 && static_cast<unsigned char>(s[i]) >= 0x80) ? 1 : width_of(cp);
        if (used + w > width - 1) break;
        out.append(s.substr(i, n));
        used += w;
        i += n;
    }
    return out + "\u2026";
}

} // namespace smtpx::util
