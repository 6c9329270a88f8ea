#pragma once
// Decodes RFC 2047 encoded-words, quoted-printable and base64, and splits MIME headers and multiparts.
#include <string>
#include <string_view>
#include <vector>

namespace smtpx::parse {

/// Decode RFC 2047 encoded-words ("=?utf-8?Q?...?=", "=?UTF-8?B?...?="). UTF-8 and US-ASCII words
/// become their bytes, words in other charsets are converted to UTF-8 (see to_utf8). Whitespace between two adjacent encoded-words is dropped (RFC 2047 section 6.2).
/// Malformed words stay as written.
std::string decode_encoded_words(std::string_view s);

/// Decode quoted-printable (RFC 2045 section 6.7): "=XX" escapes and "=" soft line breaks.
/// A '=' not followed by two hex digits or a line break is kept.
std::string decode_quoted_printable(std::string_view s);

/// Decode base64, skipping line breaks and any byte outside the alphabet.
std::string decode_base64(std::string_view s);

/// Whether pasted text (not a MIME part) looks quoted-printable encoded: it has "=" soft line
/// breaks that are not base64 padding, or "=3D" escapes.
bool looks_quoted_printable(std::string_view s);

/// The header block and body of a message or MIME part: headers end at the first empty line.
struct MimeEntity {
    std::string_view headers;
    std::string_view body;
};

/// Split `s` at its first empty line. When `s` does not start with a header line, `headers` is empty.
MimeEntity split_entity(std::string_view s);

/// Value of the first header `name` in `headers`, folded lines joined with one space; empty if absent.
std::string header_value(std::string_view headers, std::string_view name);

/// A parameter of a structured header value ("boundary" of a Content-Type), quotes removed.
std::string header_param(std::string_view value, std::string_view param);

/// The parts of a multipart body between "--boundary" lines (preamble and epilogue dropped).
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary);

/// Body of `entity` decoded according to its Content-Transfer-Encoding (quoted-printable, base64).
std::string decoded_body(const MimeEntity& entity);

/// Whether `line` looks like "Name: value" with an RFC 5322 field name.
bool is_header_line(std::string_view line);

} // namespace smtpx::parse
