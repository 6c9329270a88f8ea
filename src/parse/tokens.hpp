#pragma once
// Where the variable tokens of a reply or log text start and end: addresses, host names, queue and
// message ids, id-like tokens, numbers, reply codes and timestamps. The one home of these shapes:
// the stats normaliser (classify/normalize) and the redactor (redact/redactor) both ask here and keep
// only their policy (which placeholder, what stays). IP addresses are util/net's. Plain scanning, no
// allocation: the input is untrusted log and mail text. Each `*_length` takes the token that starts
// at `s[0]` and returns its length, 0 when there is none; each `is_*` judges all of `s`.
#include <cstddef>
#include <initializer_list>
#include <string_view>

#include "util/strings.hpp"

namespace smtpx::parse {

/// A host-name label character as logs write them (RFC 1035 letters, digits and '-', plus the '_'
/// that SRV/DKIM names and sloppy hosts use).
constexpr bool is_label_char(char c) noexcept { return util::is_alnum(c) || c == '-' || c == '_'; }

/// A character of an address's local part. RFC 5322 allows more ("/", "'", "`"), but in log text
/// those are delimiters far more often.
constexpr bool is_local_char(char c) noexcept {
    return util::is_alnum(c) || std::string_view("!#$%&*+=?^_{|}~.-").find(c) != std::string_view::npos;
}

namespace detail {
bool is_reply_code(std::string_view s) noexcept;
std::size_t timestamp_length(std::string_view s) noexcept;
} // namespace detail

/// A reply code: "550", "5.1.1", "4.7.650" or a continuation's "550-5.1.1" (core/smtp_code's grammar).
/// Inline, as is timestamp_length(): the normaliser asks both of nearly every word, and nearly every
/// word fails on its first bytes (a code's class is 2, 4 or 5), which must cost no call.
inline bool is_reply_code(std::string_view s) noexcept {
    return s.size() >= 3 && s[0] >= '2' && s[0] <= '5' && detail::is_reply_code(s);
}

/// A number as replies write one: digits with ".,/-+%" ("1.4", "0.12/0.01", "95%", "-0500").
bool is_number(std::string_view s) noexcept;

/// A queue id, session token or hash: seven or more letters and digits mixed (at least two digits and
/// a letter, with "-_=+/" allowed). Shorter tokens are codes people look up: TSS04, S3150, DY-001.
bool is_id_like(std::string_view s) noexcept;

/// A dotted name one of whose labels mixes letters and digits: a generated server name
/// ("AM0PR04MB1234.eurprd04.prod.outlook.com", "mta7.am0.yahoodns.net"), not a service's fixed name.
bool is_generated_host(std::string_view s) noexcept;

/// A date and time written into a text: ISO 8601 ("2024-05-01T10:00:00.000Z", "2024-05-01 10:00:00
/// +0000"), RFC 5322 ("Tue, 01 May 2024 10:00:00 +0000") or a bare "10:00:00"; only a whole token.
inline std::size_t timestamp_length(std::string_view s) noexcept {
    // Each form starts with a digit or with a day name and ", ".
    if (s.empty() || !(util::is_digit(s[0]) || (s.size() > 5 && s[3] == ',' && s[4] == ' '))) return 0;
    return detail::timestamp_length(s);
}

/// A host name: two or more labels ending in a known-looking TLD (a two-letter country code or one of
/// a list of generic ones), with a letter before the TLD ("1.2.de" is a version).
std::size_t host_length(std::string_view s) noexcept;

/// "local@domain" (the local part at `s[0]`) whose domain is a host name, a single label or an
/// "[address literal]".
std::size_t email_length(std::string_view s) noexcept;

/// "<local@domain>" as a whole (`s[0]` is the '<'); 0 when the brackets hold something else.
std::size_t bracketed_address_length(std::string_view s) noexcept;

/// Whether a bracketed address's local part looks machine-made (long, six or more digits, no '='):
/// a Message-ID rather than a mailbox.
bool is_generated_local_part(std::string_view local) noexcept;

/// An Exim message id: 6-6-2 (classic) or 6-11-4 (Exim 4.97 and later), holding a digit.
std::size_t exim_id_length(std::string_view s) noexcept;

/// A Postfix (short hex or long base-52) or Sendmail queue id directly followed by ':' (and a space
/// or the end), as at the start of a log message; the ':' is not counted.
std::size_t queue_id_length(std::string_view s) noexcept;

/// Whether the text just before `pos` is one of `labels` (case-insensitive), with at least one of
/// ' ', '\t', ':' or '=' between: "Message-ID: <...>", "queued as 1A2B3C".
bool preceded_by_label(std::string_view text, std::size_t pos, std::initializer_list<std::string_view> labels) noexcept;

/// A token at text[pos] that the words before it name as a queue id ("queued as 1A2B3C",
/// "Queue-ID: 1A2B3C"): six or more letters and digits with a digit.
std::size_t labelled_queue_id_length(std::string_view text, std::size_t pos) noexcept;

/// `s` without a ":port" after it when it holds exactly one ':' ("192.0.2.1:25" -> "192.0.2.1");
/// `s` itself otherwise (an IPv6 address has more than one).
std::string_view without_port(std::string_view s) noexcept;

} // namespace smtpx::parse
