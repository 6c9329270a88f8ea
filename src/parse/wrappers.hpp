#pragma once
// Reads the server's reply out of the text that client libraries, frameworks, webhook events and
// desktop mail clients print around it.
#include <optional>
#include <string>
#include <string_view>

namespace smtpx::parse {

/// What a wrapper carries: the server's replies and what the wrapper says about them.
struct Unwrapped {
    std::string replies;      ///< the server's replies, each starting with its code, '\n'-separated; may be empty
    std::string command;      ///< canonical command the wrapper says the reply answered, or empty
    std::string status;       ///< enhanced status reported beside the reply (a webhook's "status"), or empty
    std::string recipient;    ///< the address the wrapper names, or empty
    std::string remote_host;  ///< the server the wrapper names (a webhook's "mx-host"), or empty
    std::string_view family;  ///< which wrapper it was: "symfony", "pear", "phpmailer", "json", ...
    std::string local;        ///< without a reply: the library's own failure in plain words
                              ///< (gen_smtp's {network_failure, Host, {error, timeout}}), or empty
};

/// The replies a known wrapper carries, or nullopt when `text` is no wrapper known here (it may still
/// be a plain reply or a log line). The code a library *expected* is never taken for the code the
/// server *sent*. A result may hold only a command (Nodemailer's "Message failed: 550 ...") when the
/// reply itself is plain. Linear in the size of `text`; never throws.
std::optional<Unwrapped> unwrap(std::string_view text);

/// A reply code written with punctuation around it ("[550] text", "SMTP Error (451): text", "Error:
/// 550: text", "421, text", "code = 550, details = \"text\"", "Server error: 550."), for a text in
/// which no reply code stands as a token. Only 4xx/5xx codes; nullopt when there is none.
std::optional<Unwrapped> unwrap_loose_code(std::string_view text);

} // namespace smtpx::parse
