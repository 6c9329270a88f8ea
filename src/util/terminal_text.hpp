#pragma once
// Text for a terminal: control bytes escaped, display width counted (CJK = 2 columns), wrapping.
#include <string>
#include <string_view>
#include <vector>

namespace smtpx::util {

/// Escape what must never reach a terminal raw: C0 controls (ESC, CSI, BEL...), DEL, C1 controls and
/// invalid UTF-8 bytes become \e, \n, \xNN or \u{9b}. Valid printable UTF-8 passes through.
/// `keep_newlines` leaves '\n' as a line break (for our own multi-line texts).
std::string escape_control(std::string_view s, bool keep_newlines = false);

/// Columns `s` occupies on a terminal (valid UTF-8 assumed; invalid bytes count one column).
int display_width(std::string_view s);

/// Wrap `s` to `width` columns: break at spaces, or between wide (CJK) characters where there are none.
/// Existing '\n' start new lines. Never returns a line wider than `width` unless one word is.
std::vector<std::string> wrap(std::string_view s, int width);

/// Pad `s` with spaces to `width` display columns.
std::string pad(std::string_view s, int width);

/// `s` cut to at most `width` display columns, with "…" as the last column when cut.
std::string fit(std::string_view s, int width);

} // namespace smtpx::util
