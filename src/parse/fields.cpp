#include "parse/fields.hpp"

#include "parse/codes.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

std::string_view field_value(std::string_view msg, std::string_view key, bool stop_at_space) {
    std::size_t from = 0;
    while (from < msg.size()) {
        const std::size_t p = util::ifind(msg, key, from);
        if (p == std::string_view::npos) return {};
        from = p + 1;
        const std::size_t eq = p + key.size();
        if (eq >= msg.size() || msg[eq] != '=') continue;
        if (p > 0 && msg[p - 1] != ' ' && msg[p - 1] != ',' && msg[p - 1] != '\t') continue;
        const std::size_t start = eq + 1;
        if (start < msg.size() && msg[start] == '<') {
            const std::size_t close = msg.find('>', start);
            if (close != std::string_view::npos) return msg.substr(start, close - start + 1);
        }
        std::size_t end = start;
        while (end < msg.size() && msg[end] != ',' && !(stop_at_space && util::is_space(msg[end]))) ++end;
        return util::trim(msg.substr(start, end - start));
    }
    return {};
}

std::string_view bare_address(std::string_view s) {
    s = util::trim(s);
    if (const std::size_t semi = s.find(';'); semi != std::string_view::npos && semi < 16) s = util::trim(s.substr(semi + 1));
    if (s.size() >= 2 && s.front() == '<') {
        const std::size_t close = s.find('>');
        if (close != std::string_view::npos) s = s.substr(1, close - 1);
    }
    return util::trim(s);
}

HostIp split_host_ip(std::string_view s) {
    HostIp r;
    s = util::trim(s);
    const std::size_t open = s.find('[');
    std::string_view host = open == std::string_view::npos ? s : s.substr(0, open);
    if (open != std::string_view::npos) {
        const std::size_t close = s.find(']', open);
        if (close != std::string_view::npos) {
            const std::string_view ip = s.substr(open + 1, close - open - 1);
            if (util::is_ip(ip)) r.ip = ip;
        }
    } else {
        // "host:25" without brackets: drop the port.
        if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos && host.find(':') == colon)
            host = host.substr(0, colon);
    }
    host = util::trim(host);
    if (host.size() >= 2 && host.front() == '(' && host.back() == ')') host = {};   // Exim's "(helo)" is not a name we trust
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    if (const std::size_t sp = host.find(' '); sp != std::string_view::npos) host = host.substr(0, sp);
    if (util::iequals(host, "none") || util::iequals(host, "unknown")) host = {};
    r.host = host;
    return r;
}

void set_once(std::string& dst, std::string_view s) {
    if (!dst.empty()) return;
    s = util::trim(s);
    dst = std::string(util::cut_utf8(s, kMaxStoredText));
}

} // namespace smtpx::parse
