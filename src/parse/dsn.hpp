#pragma once
// Reads RFC 3464 delivery-status fields and whole bounce messages (headers, MIME parts, the
// human-readable bodies of common MTAs) into one ParsedInput.
#include "parse/parsed.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace smtpx::parse {

/// Whether `line` is one of the RFC 3464 per-message or per-recipient fields
/// ("Diagnostic-Code:", "Status:", "Action:", "Final-Recipient:", "Remote-MTA:", ...).
bool is_dsn_field_line(std::string_view line) noexcept;

/// Which DSN field `line` starts with, as a small index (stable within one build), or -1 when
/// it is not a DSN field line. Lets the splitter notice a field repeating (a new recipient).
int dsn_field_index(std::string_view line) noexcept;

/// Whether any line of `text` is a DSN field line that carries a status
/// (Diagnostic-Code, Status, Action, Final-Recipient).
bool has_dsn_fields(std::string_view text) noexcept;

/// One per-recipient block of a delivery-status report, values unfolded and RFC 2047 decoded.
struct DsnRecipient {
    std::string final_recipient, original_recipient, action, status, remote_mta, diagnostic;
    std::string last_attempt, will_retry_until;
};

/// Every field group of a delivery-status body, in order; `any` is false when it has no DSN field.
struct DsnReport {
    bool any = false;
    std::string reporting_mta, arrival_date, sender;
    std::vector<DsnRecipient> recipients;
};
DsnReport read_dsn(std::string_view text);

/// "dns; mx.example.com" -> "mx.example.com" (a trailing dot or "[ip]" part dropped).
std::string_view mta_name(std::string_view v);

/// Parse DSN fields (one or several per-recipient groups, folded lines joined, RFC 2047 decoded).
/// One Reply per recipient's Diagnostic-Code that holds a code; status_enhanced, delivery_status,
/// recipient and remote_host come from the first failed recipient (else the first one).
/// Returns false when `text` has no DSN field.
bool parse_dsn_fields(std::string_view text, ParsedInput& out);

/// Whether `text` starts like a message (header lines, an mbox "From " line) or like the body of a
/// bounce written by a known MTA (qmail, Exim, Postfix, Sendmail, Exchange, Gmail).
bool looks_like_bounce(std::string_view text) noexcept;

/// Whether the first 8 KiB of `text` hold an opener or phrase of a known MTA's bounce body.
bool has_bounce_marker(std::string_view text) noexcept;

/// Whether `line` is a header a pasted message starts with (Return-Path:, Received:, From:, X-...:,
/// Content-Type: ...) or an mbox "From " separator.
bool is_message_header(std::string_view line) noexcept;

/// Parse a whole bounce: headers, multipart/report with its message/delivery-status part (quoted-
/// printable or base64 decoded), or a plain-text body. The delivery-status part wins; the human-
/// readable part fills in what it lacks (replies, the command "in reply to"). Returns false when
/// neither yields a reply, a status or a local explanation.
bool parse_bounce(std::string_view text, ParsedInput& out);

} // namespace smtpx::parse
