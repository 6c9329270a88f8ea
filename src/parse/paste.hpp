#pragma once
// Undoes what mail clients, forums and people do to a reply when they paste it.
#include <optional>
#include <string>
#include <string_view>

namespace smtpx::parse {

/// `text` with paste damage undone: HTML entities (&lt; &gt; &quot; &amp; &#39;), typographic quotes,
/// '>' quote markers on every line, qmail's underscore-encoded replies ("Remote_host_said:_550_..."),
/// Exim's literal "\n" between the lines of a logged reply, stack-trace lines ("    at ...") dropped,
/// a log line wrapped over several lines joined again, a full-width colon made ASCII. Returns nullopt
/// when nothing needed undoing. Linear in the size of `text`.
std::optional<std::string> clean_paste(std::string_view text);

} // namespace smtpx::parse
