#pragma once
// A mail read by parse::read_mail turned into one Explanation per recipient, each carrying its MailRecord.
#include "classify/classifier.hpp"
#include "parse/mail.hpp"

#include <optional>
#include <string>
#include <vector>

namespace smtpx::classify {

/// One answer per recipient of `mail`, in the mail's order. `file` and `index` name where the message
/// came from (index: 1-based position in an mbox, empty for a single message).
std::vector<Explanation> explain_mail(const Classifier& classifier, const parse::MailReading& mail, const std::string& file,
                                      std::optional<int> index);

} // namespace smtpx::classify
