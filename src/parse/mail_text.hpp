#pragma once
// The human-readable side of a bounce: where the returned message starts, which lines name a
// recipient, and the reply, status and host each recipient's block of text gives.
#include "parse/dsn.hpp"
#include "parse/mail.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace smtpx::parse {

/// A bounce's text split where the returned original message starts ("------ This is a copy of the
/// message", "--- Below this line is a copy of the message.", "----- Original message -----", or
/// a block of the original's header lines).
struct TextSplit {
    std::string_view report;     ///< what the reporting MTA wrote
    std::string_view original;   ///< the returned message (headers first), empty when none is inline
};
TextSplit split_returned_message(std::string_view text);

/// The part of the report's text about one recipient: from the line that names it (its rest
/// included) up to the next line that names another (mail_text_lines.cpp).
struct TextBlock {
    std::string recipient;
    std::string text;
};
/// The text split at each line that names a recipient; `preamble` is what comes before the first.
std::vector<TextBlock> recipient_blocks(std::string_view text, std::string& preamble);

/// The fields of a message/feedback-report part (RFC 5965): each Original-Rcpt-To as a recipient,
/// Reporting-MTA.
DsnReport read_feedback(std::string_view text);

/// One answer per recipient: the DSN groups when there are any (each completed from the human text
/// about the same address), else the recipients the text names (else those of X-Failed-Recipients,
/// else one with no recipient).
void answer_recipients(std::string_view report_text, const DsnReport& dsn, std::string_view x_failed,
                       std::vector<MailAnswer>& out);

/// Whether any answer holds a 4xx/5xx reply with a matching enhanced code ("550 5.1.1 ...").
bool any_failure(const std::vector<MailAnswer>& answers);

} // namespace smtpx::parse
