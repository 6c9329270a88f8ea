#pragma once
// Reads an SMTP session transcript (swaks, "C:"/"S:", sendmail -v ">>>"/"<<<") into one reply per
// server reply, each with the command it answered.
#include "parse/parsed.hpp"

#include <string_view>

namespace smtpx::parse {

/// Who wrote a transcript line, judged from its prefix alone.
enum class TranscriptLine {
    None,     ///< not a transcript line
    Client,   ///< " -> ", " ~> ", "C: ", ">>> "
    Server,   ///< "<- ", "<~ ", "<** ", "<~* ", "S: ", "<<< "
    Info,     ///< swaks "=== " and "*** " lines
};

/// Classify one line by its transcript prefix; `body` receives the text after the prefix.
TranscriptLine classify_transcript_line(std::string_view line, std::string_view& body) noexcept;

/// Whether `text` starts like a transcript: one of its first non-empty lines has a transcript prefix.
bool looks_like_transcript(std::string_view text) noexcept;

/// Parse a whole transcript. Each server reply (continuation lines grouped) becomes a Reply whose
/// command is the client command it answered, matched in order so pipelined commands pair up
/// correctly: the greeting answers CONNECT, the reply after the lone "." answers END-OF-DATA, a 354
/// answers DATA. Also fills remote_host ("=== Trying H:25"), sender, recipient, software and
/// local_text (swaks "***" errors). Returns false when no server reply was found.
bool parse_transcript(std::string_view text, ParsedInput& out);

} // namespace smtpx::parse
