#include "parse/timestamp.hpp"

#include "util/strings.hpp"

#include <array>

namespace smtpx::parse {

using util::is_digit;

namespace {

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (!is_digit(s[pos + i])) return false;
    return true;
}

/// "HH:MM:SS" plus an optional fraction at `pos`; returns the end offset or 0.
std::size_t clock_at(std::string_view s, std::size_t pos) {
    if (!digits(s, pos, 2) || pos + 8 > s.size() || s[pos + 2] != ':' || !digits(s, pos + 3, 2) ||
        s[pos + 5] != ':' || !digits(s, pos + 6, 2))
        return 0;
    std::size_t i = pos + 8;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        std::size_t j = i + 1;
        while (j < s.size() && is_digit(s[j]) && j - i < 10) ++j;
        if (j > i + 1) i = j;
    }
    return i;
}

/// Time zone directly after the clock: "Z", "+00:00", "-0500"; returns the end offset.
std::size_t zone_at(std::string_view s, std::size_t i) {
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        if (digits(s, i + 1, 2) && i + 3 < s.size() && s[i + 3] == ':' && digits(s, i + 4, 2)) return i + 6;
        if (digits(s, i + 1, 4)) return i + 5;
    }
    return i;
}

/// BSD syslog "Mmm dd HH:MM:SS"; returns end offset or 0.
std::size_t bsd_stamp(std::string_view s) {
    if (s.size() < 15) return 0;
    // Every syslog line starts here, so the month is compared as one 3-byte word, not name by name.
    const auto key = [](char a, char b, char c) {
        return (static_cast<unsigned>(util::to_lower(a)) << 16) | (static_cast<unsigned>(util::to_lower(b)) << 8) |
               static_cast<unsigned>(util::to_lower(c));
    };
    const unsigned k = key(s[0], s[1], s[2]);
    bool month = false;
    for (std::string_view m : kMonths) month = month || key(m[0], m[1], m[2]) == k;
    if (!month || s[3] != ' ') return 0;
    std::size_t i = 4;
    if (s[i] == ' ') ++i;
    const std::size_t day_start = i;
    while (i < s.size() && is_digit(s[i]) && i - day_start < 2) ++i;
    if (i == day_start || i >= s.size() || s[i] != ' ') return 0;
    return clock_at(s, i + 1);
}

/// "YYYY-MM-DD[T ]HH:MM:SS[.frac][zone]"; returns end offset or 0; `t_form` tells which separator.
std::size_t iso_stamp(std::string_view s, bool& t_form) {
    if (!digits(s, 0, 4) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
        !digits(s, 8, 2) || (s[10] != 'T' && s[10] != ' '))
        return 0;
    t_form = s[10] == 'T';
    const std::size_t end = clock_at(s, 11);
    if (end == 0) return 0;
    return zone_at(s, end);
}

bool program_char(char c) {
    return util::is_alnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '@';
}

/// "prog[pid]: " or "prog: " at the start of `s`; fills program/pid and returns bytes used, or 0.
std::size_t program_at(std::string_view s, LogPrefix& p) {
    if (s.empty() || !util::is_alpha(s[0])) return 0;
    std::size_t i = 0;
    while (i < s.size() && program_char(s[i]) && i < 64) ++i;
    const std::string_view prog = s.substr(0, i);
    std::string_view pid;
    if (i < s.size() && s[i] == '[') {
        const std::size_t start = i + 1;
        std::size_t j = start;
        while (j < s.size() && is_digit(s[j]) && j - start < 12) ++j;
        if (j == start || j >= s.size() || s[j] != ']') return 0;
        pid = s.substr(start, j - start);
        i = j + 1;
    }
    if (i >= s.size() || s[i] != ':') return 0;
    ++i;
    if (i < s.size() && s[i] != ' ' && s[i] != '\t') return 0;
    while (i < s.size() && util::is_blank(s[i])) ++i;
    p.program = prog;
    p.pid = pid;
    return i;
}

/// After a syslog-style timestamp: "host prog[pid]: ".
void host_and_program(std::string_view rest, LogPrefix& p) {
    std::size_t i = 0;
    while (i < rest.size() && !util::is_space(rest[i]) && i < 256) ++i;
    if (i == 0 || i >= rest.size() || rest[i] != ' ') return;
    const std::string_view host = rest.substr(0, i);
    std::size_t j = i;
    while (j < rest.size() && rest[j] == ' ') ++j;
    LogPrefix probe;
    const std::size_t used = program_at(rest.substr(j), probe);
    if (used == 0) return;
    p.host = host;
    p.program = probe.program;
    p.pid = probe.pid;
    p.message = rest.substr(j + used);
}

} // namespace

LogPrefix split_log_prefix(std::string_view line) noexcept {
    LogPrefix p;
    std::string_view s = line;
    // Syslog priority "<34>" as written by some forwarders.
    if (s.size() > 3 && s[0] == '<' && is_digit(s[1])) {
        std::size_t i = 1;
        while (i < s.size() && is_digit(s[i]) && i < 5) ++i;
        if (i < s.size() && s[i] == '>') s.remove_prefix(i + 1);
    }
    p.message = s;

    bool t_form = false;
    std::size_t end = bsd_stamp(s);
    const bool bsd = end != 0;
    if (!bsd) end = iso_stamp(s, t_form);
    if (end == 0) {
        // Pasted without timestamp: "postfix/smtp[123]: ...".
        LogPrefix probe;
        if (const std::size_t used = program_at(s, probe); used != 0 && !probe.pid.empty()) {
            p.program = probe.program;
            p.pid = probe.pid;
            p.message = s.substr(used);
        }
        return p;
    }
    std::size_t stamp_end = end;
    if (!bsd && !t_form) {
        // Exim's log_timezone option appends " +0100" after a space.
        if (stamp_end + 6 <= s.size() && s[stamp_end] == ' ' && (s[stamp_end + 1] == '+' || s[stamp_end + 1] == '-') &&
            digits(s, stamp_end + 2, 4))
            stamp_end += 6;
    }
    p.timestamp = s.substr(0, stamp_end);
    std::size_t i = stamp_end;
    while (i < s.size() && util::is_blank(s[i])) ++i;
    p.message = s.substr(i);
    host_and_program(p.message, p);
    return p;
}

} // namespace smtpx::parse
