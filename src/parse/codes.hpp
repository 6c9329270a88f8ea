#pragma once
// Recognises basic reply-code and enhanced-status-code tokens inside text, and bare-code inputs.
#include "core/smtp_code.hpp"
#include "parse/parsed.hpp"

#include <cstddef>
#include <string_view>

namespace smtpx::parse {

/// Most bytes any stored text (Reply::raw, Reply::text, local_text, a splitter input) may hold.
inline constexpr std::size_t kMaxStoredText = 64 * 1024;

/// Most replies one input yields; a paste with more is not one conversation worth explaining,
/// and the cap keeps memory bounded on hostile input.
inline constexpr std::size_t kMaxReplies = 1000;

/// An enhanced status code inside text (the grammar lives in core/smtp_code).
using core::enhanced_code_at;

/// The three-digit number starting exactly at `pos` when it stands as a reply-code token (not glued
/// to a preceding letter, digit or dot; followed by space, tab, '-', a quote, a line break or the end),
/// else -1. Any first digit is accepted; callers that hunt for replies check the range themselves.
int basic_code_at(std::string_view s, std::size_t pos) noexcept;

/// First well-formed enhanced status code anywhere in `s`, empty when none.
std::string_view find_enhanced_code(std::string_view s) noexcept;

/// How strongly the position of a code token suggests that a reply starts there.
enum class CodeSite { None, Weak, Strong };

/// Classify where a token at `pos` stands: Strong at a line start, after ':' ';' '=' '(' '[' or an
/// opening quote (spaces, '#', '<' and '>' in between are ignored); Weak elsewhere.
CodeSite code_site(std::string_view s, std::size_t pos) noexcept;

/// Offset where the first SMTP reply in `s` begins (its code), npos when none: the first 2xx-5xx
/// basic code or enhanced code at a Strong site; failing that (and when `allow_weak`), the first
/// basic code standing after a space anywhere. Stops at the first Strong site, so calling it again
/// on the remainder after each reply stays linear overall.
std::size_t find_reply_start(std::string_view s, bool allow_weak = true) noexcept;

/// Recognise an input that is only codes (core::parse_bare's grammar). Malformed look-alikes (999,
/// 6.1.1, 5.99999.1) are kept as written so the classifier can say why they are not understood.
/// Fills kind, replies[0].code/enhanced/raw.
bool parse_bare_code(std::string_view s, ParsedInput& out);

} // namespace smtpx::parse
