#pragma once
// Turns one input (an argument, or one record from a stream) into a ParsedInput.
#include "parse/parsed.hpp"

#include <functional>
#include <string_view>

namespace smtpx::parse {

/// Parse one input: a code, a reply, a log line, DSN fields, a bounce message or a transcript.
/// Never throws on any byte sequence; runs in linear time.
ParsedInput parse_input(std::string_view text);

/// Splits a stream (stdin, a file) into inputs: one per log line or reply (continuation lines
/// grouped); a transcript or a bounce message is one input; lines with no reply or status are
/// skipped. Feed it lines (without the line terminator); it calls `emit` with each complete input.
class InputSplitter {
public:
    using Emit = std::function<void(std::string_view input)>;
    explicit InputSplitter(Emit emit);
    void feed_line(std::string_view line);
    void finish();   ///< flush what is pending at end of stream
private:
    struct State;
    Emit m_emit;
    std::string m_pending;
    int m_mode = 0;
    int m_code = 0;
};

} // namespace smtpx::parse
