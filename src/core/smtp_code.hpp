#pragma once
// The grammar of SMTP codes, in one place for every layer: basic reply codes (RFC 5321 4.2), enhanced
// status codes (RFC 3463 2), and what counts as an input of codes only.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smtpx::core {

/// "550": exactly three digits, the first 2 to 5.
bool is_basic_code(std::string_view s) noexcept;

/// "5.7.26": class 2, 4 or 5, then subject and detail of 1-3 digits, nothing else.
bool is_enhanced_code(std::string_view s) noexcept;

/// A knowledge-base key for an enhanced code: an enhanced code whose class may also be 'X'
/// ("X.1.1" names the subject and detail for every class).
bool is_enhanced_key(std::string_view s) noexcept;

/// Length of a well-formed enhanced code starting exactly at `pos` inside text ("5.1.1", "4.7.650"),
/// 0 when there is none: not preceded by a digit or a dot, and not followed by another digit, a
/// letter or ".digit" (so 4.16.55.1 and IP addresses are not codes).
std::size_t enhanced_code_at(std::string_view s, std::size_t pos) noexcept;

/// The parts of an enhanced code (or key) "C.S.D"; all empty when `s` has not that shape.
struct EnhancedParts {
    std::string_view klass, subject, detail;
};
EnhancedParts split_enhanced(std::string_view s) noexcept;

/// An input made of codes only: "550", "5.1.1", "550 5.1.1", "550-5.1.1", "5.1.1 550", "#5.1.1",
/// optionally quoted. Look-alikes that are not valid codes ("999", "6.1.1", "5500", "1.2.3.4") are
/// recognised too, with `error` saying which token is wrong, so the answer can say why.
struct BareCode {
    enum class Error { None, Empty, NotBasic, NotEnhanced };
    std::string_view basic;      ///< the digits token as written, empty when absent
    std::string_view enhanced;   ///< the dotted token as written (without '#'), empty when absent
    std::string_view whole;      ///< the input without surrounding blanks and quotes
    Error error = Error::None;
    std::string_view bad;        ///< the token `error` is about

    /// The basic code's value when it is three digits (999 too), else 0.
    [[nodiscard]] int code() const noexcept;
};

/// Recognise an input of codes only; std::nullopt when it is anything else (a reply, a log line...).
/// An empty or blank input is recognised with Error::Empty.
std::optional<BareCode> parse_bare(std::string_view input) noexcept;

/// The catalog key of a bare-code error ("err.empty", "err.not_code", "err.not_enhanced"), empty for None.
std::string_view error_key(BareCode::Error e) noexcept;

} // namespace smtpx::core
