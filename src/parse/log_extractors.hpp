#pragma once
// Internal: the per-MTA log extractors that log_line.cpp puts in its table.
#include "parse/parsed.hpp"
#include "parse/timestamp.hpp"

#include <string_view>

namespace smtpx::parse::detail {

bool is_postfix_line(const LogPrefix& p);
bool extract_postfix(const LogPrefix& p, ParsedInput& out);

bool is_exim_line(const LogPrefix& p);
bool extract_exim(const LogPrefix& p, ParsedInput& out);

bool is_sendmail_line(const LogPrefix& p);
bool extract_sendmail(const LogPrefix& p, ParsedInput& out);

/// Parse the reply that starts somewhere in `s` (noise before it ignored), add it to `out`
/// with `command`; returns false when `s` holds no reply.
bool add_reply_from(std::string_view s, std::string_view command, ParsedInput& out);

} // namespace smtpx::parse::detail
