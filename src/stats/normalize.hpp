#pragma once
// Reply texts with their variable parts replaced, so that the same message from many lines groups together.
#include <string>
#include <string_view>

namespace smtpx::stats {

/// Longest normalised text kept; grouping on more than this adds nothing but memory.
inline constexpr std::size_t kMaxNormalisedBytes = 400;

/// Write `text` into `out` (cleared first; its capacity is reused, so steady state allocates nothing)
/// with addresses -> <addr>, IP addresses -> <ip>, numbers -> <n>, ids (queue ids, message ids,
/// session tokens) -> <id>, generated host names -> <host> and URL query strings -> ?<q>.
/// Reply codes ("550", "550-5.1.1") and enhanced codes stay: they distinguish messages.
void normalise(std::string_view text, std::string& out);

} // namespace smtpx::stats
