#pragma once
// Small extractors shared by the log and bounce parsers: key=value, <address>, host[ip].
#include <string>
#include <string_view>

namespace smtpx::parse {

/// Value of `key=` in a log message, where the key stands at the start or after a space or comma.
/// A value starting with '<' runs to the matching '>'; otherwise it ends at ',' (and also at a
/// space when `stop_at_space`). Empty when the key is absent.
std::string_view field_value(std::string_view msg, std::string_view key, bool stop_at_space = false);

/// "<a@b>" -> "a@b"; "rfc822; a@b" -> "a@b"; surrounding whitespace removed.
std::string_view bare_address(std::string_view s);

/// A host and its address as logs write them: "host[ip]:25", "host [ip]", "[ip]:port",
/// "h. [ip] (may be forged)", "(helo) [ip]". Either part may come back empty.
struct HostIp {
    std::string_view host;
    std::string_view ip;
};
HostIp split_host_ip(std::string_view s);

/// Copy `s` into `dst` when `dst` is still empty (first value wins), trimmed and capped.
void set_once(std::string& dst, std::string_view s);

} // namespace smtpx::parse
