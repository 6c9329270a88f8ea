#pragma once
// Text in a MIME charset converted to UTF-8 (glibc iconv), never failing: what cannot be converted is replaced.
#include <string>
#include <string_view>

namespace smtpx::parse {

/// `bytes` in `charset` ("ISO-2022-JP", "Shift_JIS", "gb2312", "windows-1252", ...) as UTF-8.
/// US-ASCII, UTF-8 and an empty or unknown charset return the bytes unchanged; a byte sequence
/// invalid in the charset becomes U+FFFD and the conversion goes on.
std::string to_utf8(std::string_view bytes, std::string_view charset);

} // namespace smtpx::parse
