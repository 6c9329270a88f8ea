#pragma once
// Mail whose body is a JSON event notification (Amazon SES through SNS) rather than a report in words.
#include "parse/mail.hpp"

#include <string_view>

namespace smtpx::parse {

/// Fill `r` (kind, answers, original) from an SES bounce, complaint or delivery notification in
/// `text`; false, leaving `r` alone, when `text` holds none.
bool read_ses_notification(std::string_view text, MailReading& r);

} // namespace smtpx::parse
