#pragma once
// IP addresses in text: the one recogniser that parsing, the stats normaliser, redaction and the
// describer use. Plain scanning: the input is untrusted log and mail text.
#include <cstddef>
#include <string_view>

namespace smtpx::util {

/// Length of the IPv4 address that starts at `s[0]` (four parts of at most 255; not a longer dotted
/// number such as a version or an OID, not glued to a letter), 0 when there is none.
std::size_t ipv4_length(std::string_view s) noexcept;

/// Length of the IPv6 address that starts at `s[0]` (eight groups, or "::" with digits; an embedded
/// IPv4 ends it), 0 when there is none: clock times ("12:00:00") and "Foo::Bar" do not qualify.
std::size_t ipv6_length(std::string_view s) noexcept;

/// Whether all of `s` is one IPv4 or IPv6 address (an "IPv6:" prefix, as in address literals, allowed).
bool is_ip(std::string_view s) noexcept;

/// The first IPv4 address in `text` that stands alone (not inside a longer dotted number), or empty.
std::string_view find_ipv4(std::string_view text) noexcept;

} // namespace smtpx::util
