#pragma once
// Recognises and validates bare codes ("550", "5.7.26", "550 5.1.1") without running the full parser.
#include <optional>
#include <string>
#include <string_view>

namespace smtpx::classify {

/// A bare input: a basic code, an enhanced code, or one of each.
struct BareCode {
    std::optional<int> code;
    std::optional<std::string> enhanced;
    std::string error;   ///< set when the input looks like a code but is not a valid one
};

/// Recognise a bare code input; std::nullopt when the input is text (a reply, a log line...).
std::optional<BareCode> parse_bare(std::string_view input);

/// "5.7.26" with class 2/4/5 and 1-3 digit subject and detail.
bool is_enhanced(std::string_view s);

/// Class digit, subject and detail of a valid enhanced code.
struct EnhancedParts {
    std::string klass, subject, detail;
};
EnhancedParts split_enhanced(std::string_view s);

} // namespace smtpx::classify
