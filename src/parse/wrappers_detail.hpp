#pragma once
// Helpers shared by the wrapper readers (wrappers.cpp, wrappers_json.cpp, wrappers_clients.cpp); not for
// other callers.
#include "parse/wrappers.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace smtpx::parse::detail {

/// A reply code 200-599 written as exactly three digits at `i` (not part of a longer number), else -1.
int code_token(std::string_view t, std::size_t i);

/// The string quoted at `t[i]` (the quote is t[i]), backslash escapes undone (\n \r \t \" \' \\);
/// `end` receives the offset just past the closing quote (or the end of `t` when unterminated).
std::string quoted_at(std::string_view t, std::size_t i, std::size_t& end);

/// "550 text" from a code and a text that may already start with a code (then the text is kept as it
/// is); empty when there is neither a code in the text nor a valid `code`.
std::string with_code(int code, std::string_view text);

/// Append one reply to u.replies ('\n'-separated), bounded by kMaxStoredText.
void add_reply(Unwrapped& u, std::string reply);

/// Offset of the first non-blank at or after `i`.
std::size_t skip_blanks(std::string_view t, std::size_t i);

/// The line of `t` that starts at `i`, without its line end.
std::string_view rest_of_line(std::string_view t, std::size_t i);

/// The command a library's message names ("Failed to add recipient", "RCPT TO command failed"), empty
/// when none (wrappers_clients.cpp).
std::string command_named(std::string_view t);

/// A client library's or mail client's error text, by the first wrapper family that reads it
/// (wrappers_clients.cpp); false when none does.
bool read_client_text(std::string_view t, Unwrapped& u);

/// A webhook event or a library's error object as JSON (Amazon SES, SendGrid, Mailgun, Postmark,
/// Nodemailer's JSON.stringify(err)); false when `t` is not valid JSON.
bool read_json(std::string_view t, Unwrapped& u);

} // namespace smtpx::parse::detail
