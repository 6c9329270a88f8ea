// A direct NDJSON writer: events are written by the hundred thousand, so no JSON tree per line; the
// escaping is done here, once, with invalid UTF-8 replaced as nlohmann's error_handler_t::replace does.
#include "stats/events.hpp"

#include "util/json_text.hpp"
#include "util/strings.hpp"

#include <ctime>

namespace smtpx::stats {

namespace {

/// A log's bytes as the inside of a JSON string: ill-formed UTF-8 replaced by U+FFFD, so that every
/// line of output parses whatever the log held.
void append_text(std::string& out, std::string_view s) { util::append_json_escaped(out, s, util::IllFormed::Replace); }

constexpr std::size_t kFlushAt = std::size_t{1} << 20;
bool digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (!util::is_digit(s[i])) return false;
    return true;
}

int number(std::string_view s, std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

void append_offset(std::string& out, int minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    if (minutes < 0) minutes = -minutes;
    char buf[8];
    buf[0] = sign;
    buf[1] = static_cast<char>('0' + minutes / 600 % 10);
    buf[2] = static_cast<char>('0' + minutes / 60 % 10);
    buf[3] = ':';
    buf[4] = static_cast<char>('0' + minutes % 60 / 10);
    buf[5] = static_cast<char>('0' + minutes % 10);
    out.append(buf, 6);
}

/// The machine's offset at a local time, from the C library's zone rules. Logs run forward, so the
/// last hour asked about is remembered and asked again only when the hour changes.
int local_offset(std::string_view date_hour) {
    static thread_local std::string last;
    static thread_local int last_offset = 0;
    if (date_hour == last) return last_offset;
    std::tm tm{};
    tm.tm_year = number(date_hour, 0, 4) - 1900;
    tm.tm_mon = number(date_hour, 5, 2) - 1;
    tm.tm_mday = number(date_hour, 8, 2);
    tm.tm_hour = number(date_hour, 11, 2);
    tm.tm_min = 30;   // mid-hour: the side of a daylight-saving change most of the hour is on
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    last.assign(date_hour);
    last_offset = t == static_cast<std::time_t>(-1) ? 0 : static_cast<int>(tm.tm_gmtoff / 60);
    return last_offset;
}

/// "YYYY-MM-DD" + "HH:MM:SS" + fraction, then the zone: the log's own when it wrote one.
void assemble(std::string& out, std::string_view date, std::string_view clock, std::string_view fraction,
              std::string_view zone_text, const EventZone& zone) {
    const std::size_t start = out.size();
    out += date;
    out += 'T';
    out += clock;
    if (!fraction.empty()) {
        out += '.';
        out += fraction;
    }
    if (zone_text == "Z" || zone_text == "z") {
        out += 'Z';
    } else if (zone_text.size() == 6 && zone_text[3] == ':') {
        out += zone_text;
    } else if (zone_text.size() == 5) {   // +HHMM
        out += zone_text.substr(0, 3);
        out += ':';
        out += zone_text.substr(3);
    } else if (zone.local) {
        append_offset(out, local_offset(std::string_view(out).substr(start, 13)));
    } else {
        append_offset(out, zone.offset_minutes);
    }
}

/// Digits of a fraction of a second at s[i] ("." or "," then digits), empty when there is none.
std::string_view fraction_at(std::string_view s, std::size_t& i) {
    if (i >= s.size() || (s[i] != '.' && s[i] != ',')) return {};
    std::size_t j = i + 1;
    while (j < s.size() && util::is_digit(s[j])) ++j;
    std::string_view f = s.substr(i + 1, j - i - 1);
    i = j;
    return f;
}

} // namespace

bool parse_zone(std::string_view t, EventZone& zone) {
    if (t == "local") {
        zone = EventZone{true, 0};
        return true;
    }
    if (t == "Z" || t == "z" || t == "UTC" || t == "utc") {
        zone = EventZone{false, 0};
        return true;
    }
    if (t.size() < 5 || (t[0] != '+' && t[0] != '-')) return false;
    int hours = 0, minutes = 0;
    if (t.size() == 6 && digits(t, 1, 2) && t[3] == ':' && digits(t, 4, 2)) {
        hours = number(t, 1, 2);
        minutes = number(t, 4, 2);
    } else if (t.size() == 5 && digits(t, 1, 4)) {
        hours = number(t, 1, 2);
        minutes = number(t, 3, 2);
    } else {
        return false;
    }
    if (hours > 14 || minutes > 59) return false;
    zone = EventZone{false, (t[0] == '-' ? -1 : 1) * (hours * 60 + minutes)};
    return true;
}

void append_rfc3339(std::string& out, const Event& e, const EventZone& zone) {
    const std::string_view s = e.timestamp;
    if (s.size() >= 19 && digits(s, 0, 4) && s[4] == '-') {   // ISO 8601, as split_log_prefix found it
        std::size_t i = 19;
        const std::string_view fraction = fraction_at(s, i);
        if (i < s.size() && s[i] == ' ') ++i;   // Exim's log_timezone: " +0100"
        assemble(out, s.substr(0, 10), s.substr(11, 8), fraction, s.substr(i), zone);
        return;
    }
    CollectorOptions clock;
    clock.year = e.year;
    clock.year_month = e.year_month;
    std::string canonical;
    if (!canonical_time(s, clock, canonical)) return;
    std::size_t i = 15;
    const std::string_view fraction = fraction_at(s, i);
    assemble(out, std::string_view(canonical).substr(0, 10), std::string_view(canonical).substr(11, 8), fraction, {}, zone);
}

EventWriter::EventWriter(std::FILE* out, EventZone zone) : m_out(out), m_zone(zone) { m_buf.reserve(kFlushAt + 8192); }

EventWriter::~EventWriter() { (void)flush(); }

bool EventWriter::flush() {
    const bool written = m_buf.empty() || std::fwrite(m_buf.data(), 1, m_buf.size(), m_out) == m_buf.size();
    m_buf.clear();
    m_failed = m_failed || !written || std::fflush(m_out) != 0;
    return !m_failed;
}

void EventWriter::write(const Event& e) {
    std::string& o = m_buf;
    const Verdict& v = *e.verdict;
    o += "{\"time\":\"";
    if (e.timestamp != m_last_stamp || e.year != m_last_year) {
        m_last_stamp.assign(e.timestamp);
        m_last_year = e.year;
        m_last_time.clear();
        append_rfc3339(m_last_time, e, m_zone);
    }
    o += m_last_time;   // made of digits and punctuation: nothing to escape
    o += "\",\"host\":\"";
    append_text(o, e.host);
    o += "\",\"mta\":\"";
    o += e.mta;
    o += "\",\"queue_id\":\"";
    append_text(o, e.queue_id);
    o += "\",\"recipient\":\"";
    append_text(o, e.recipient);
    o += "\",\"domain\":\"";
    // Lower case, as the summary counts domains.
    const std::size_t at = e.recipient.rfind('@');
    const std::size_t dstart = o.size();
    if (at != std::string_view::npos) append_text(o, e.recipient.substr(at + 1));
    for (std::size_t k = dstart; k < o.size(); ++k) o[k] = util::to_lower(o[k]);
    o += "\",\"status\":\"";
    append_text(o, e.status);
    o += "\",\"relay\":\"";
    append_text(o, e.relay);
    o += "\",\"code\":";
    if (v.code.empty()) o += "null";
    else o += v.code;   // digits: the classifier's reply code
    o += ",\"enhanced\":\"";
    // The MTA's reported status first, as the summary counts it.
    append_text(o, !e.dsn.empty() ? e.dsn : std::string_view(v.enhanced));
    o += "\",\"reason\":\"";
    append_text(o, name(v.reason));
    o += "\",\"provider\":\"";
    append_text(o, v.provider);
    o += "\",\"retryable\":";
    o += v.retryable ? "true" : "false";
    o += ",\"final\":";
    o += e.status == "sent" || e.status == "bounced" || e.status == "expired" ? "true" : "false";
    o += ",\"direction\":\"";
    o += e.inbound ? "inbound" : "outbound";
    o += "\",\"group\":\"";
    static constexpr char hex[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) o += hex[(e.group >> shift) & 15];
    o += "\",\"text\":\"";
    append_text(o, e.text);
    o += "\"}\n";
    if (o.size() >= kFlushAt) (void)flush();
}

} // namespace smtpx::stats
