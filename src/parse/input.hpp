#pragma once
// Turns one input (an argument, or one record from a stream) into a ParsedInput.
#include "parse/parsed.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace smtpx::parse {

/// Most bytes of one input the splitter passes on (and any stored text holds); longer inputs are cut.
inline constexpr std::size_t kMaxInputBytes = 64 * 1024;

/// Parse one input: a code, a reply, a log line, DSN fields, a bounce message or a transcript.
/// Never throws on any byte sequence; runs in linear time.
ParsedInput parse_input(std::string_view text);

/// Splits a stream (stdin, a file) into inputs: one per log line or reply (continuation lines
/// grouped); a transcript or a bounce message is one input; a JSON value spread over several lines
/// (a pretty-printed webhook event) is one input; lines with no reply or status are skipped. Feed it lines (without the line terminator); it calls `emit` with each complete input.
class InputSplitter {
public:
    using Emit = std::function<void(std::string_view input)>;
    explicit InputSplitter(Emit emit);
    void feed_line(std::string_view line);
    void finish();   ///< flush what is pending at end of stream
    /// True while `emit` runs (and until the next input) when that input was cut to kMaxInputBytes,
    /// so the caller can say that it only saw the start.
    [[nodiscard]] bool truncated() const noexcept { return m_last_truncated; }
private:
    enum class Mode { Idle, Continuation, DsnFields, Whole, Json };
    void flush();
    void emit_now(std::string_view input, bool truncated);
    void append(std::string_view line);
    bool starts_whole(std::string_view line) const;
    void scan_json(std::string_view line);   ///< track bracket depth of a pretty-printed JSON value
    Emit m_emit;
    std::string m_pending;          ///< lines of the input being assembled, '\n'-joined, capped
    Mode m_mode = Mode::Idle;
    int m_code = 0;                 ///< reply code of pending "NNN-" lines
    bool m_pending_truncated = false;
    bool m_last_truncated = false;
    std::size_t m_lines_seen = 0;   ///< non-empty lines so far; a transcript/bounce is recognised only at the start
    std::size_t m_emitted = 0;
    unsigned m_fields_seen = 0;     ///< DSN fields in the pending group, one bit per dsn_field_index()
    int m_json_depth = 0;           ///< open brackets of the pending JSON value
    bool m_json_string = false;     ///< inside a JSON string at the end of the last line
};

} // namespace smtpx::parse
