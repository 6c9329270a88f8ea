#pragma once
// Groups the lines of an SMTP reply (multi-line, flattened, folded) into one Reply.
#include "parse/parsed.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smtpx::parse {

/// How far a reply may reach past its own prefixed lines.
enum class ReplyExtent {
    /// Only lines carrying the reply's code, and lines indented deeper than its first line
    /// (a reply embedded in a bounce body, where the next unindented line is something else).
    Bounded,
    /// Also unprefixed lines that follow (a reply pasted on its own, wrapped by a mail client).
    Greedy,
};

/// Parse the reply whose code starts at `pos` in `text` (as returned by find_reply_start()).
/// Consumes the reply's lines: "NNN-" continuation lines up to the final "NNN " line, folded lines,
/// and for Greedy everything up to the next line that starts a different reply or a blank line.
/// On return `pos` is the offset just past the reply. A reply whose first token is an enhanced code
/// gets code 0. Returns false when no code stands at `pos` (pos is then unchanged).
bool parse_reply_at(std::string_view text, std::size_t& pos, ReplyExtent extent, Reply& out);

/// Every reply in `text`, in order, with leading noise before the first one ignored
/// ("SMTP error from remote server: 550 ...", quotes, "reply: "). Empty when `text` has no code.
std::vector<Reply> parse_replies(std::string_view text, ReplyExtent extent);

/// The text of a reply cleaned for matching: whitespace collapsed, mid-text "NNN-" / "NNN E" prefixes
/// equal to the reply's own codes removed (the flattened multi-line form), a trailing Postfix
/// "(in reply to X command)" moved into `command`, RFC 2047 encoded-words decoded. `multi` says the
/// reply used "NNN-" continuation, which allows stripping a mid-text "NNN " too.
void finish_reply_text(Reply& reply, std::string_view joined, bool multi);

/// Remove a trailing "(in reply to X command)" / "(in reply to X)" from `text`; returns the
/// canonical command it named, or empty (and `text` untouched) when there is none.
std::string take_in_reply_to(std::string& text);

} // namespace smtpx::parse
