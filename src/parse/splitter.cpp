// Cuts a stream of lines into inputs for parse_input, skipping lines that carry no reply or status.
#include "parse/codes.hpp"
#include "parse/dsn.hpp"
#include "parse/input.hpp"
#include "parse/mime.hpp"
#include "parse/timestamp.hpp"
#include "parse/transcript.hpp"
#include "parse/wrappers.hpp"
#include "util/strings.hpp"

#include <array>

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// A transcript or bounce is recognised only among the first lines of a stream.
constexpr std::size_t kWholeDetectLines = 8;

/// Phrases that make a log line worth explaining: a delivery status, a rejection, a remote reply.
constexpr std::array<std::string_view, 11> kStatusMarkers{
    "status=", "reject:", "reject=", "stat=", " said: ", "Remote Server returned",
    "SMTP error from remote", " rejected ", "refused to talk to me", "dsn=", "milter-reject"};

/// Exim delivery markers after the message id.
constexpr std::array<std::string_view, 5> kEximMarkers{"** ", "== ", "=> ", "-> ", "*> "};

bool has_status_marker(std::string_view s) {
    for (std::string_view m : kStatusMarkers)
        if (util::ifind(s, m) != npos) return true;
    return false;
}

/// Exim: "<id> ** addr ..." — the marker after a message id token.
bool exim_delivery(std::string_view msg) {
    const std::size_t sp = msg.find(' ');
    if (sp == npos || sp < 14 || sp > 26 || msg.substr(0, sp).find('-') == npos) return false;
    const std::string_view rest = msg.substr(sp + 1);
    for (std::string_view m : kEximMarkers)
        if (rest.starts_with(m)) return true;
    return false;
}

/// Postfix smtp/lmtp lines that report a failed attempt without status=.
bool postfix_attempt(const LogPrefix& p) {
    if (!util::icontains(p.program, "postfix/smtp") && !util::icontains(p.program, "postfix/lmtp")) return false;
    if (util::iends_with(p.program, "smtpd")) return false;
    const std::size_t colon = p.message.find(": ");
    if (colon == npos || colon > 32) return false;
    const std::string_view rest = p.message.substr(colon + 2);
    return util::istarts_with(rest, "connect to ") || util::istarts_with(rest, "lost connection with ") ||
           util::istarts_with(rest, "conversation with ");
}

/// Whether a single line is worth an input of its own.
bool line_matters(std::string_view line) {
    const LogPrefix p = split_log_prefix(line);
    const bool log_line = !p.timestamp.empty() || !p.program.empty();
    if (log_line) return has_status_marker(p.message) || exim_delivery(p.message) || postfix_attempt(p);
    if (has_status_marker(line) || find_reply_start(line) != npos) return true;
    // A one-line webhook event whose code is a JSON number ("code": 550) and whose text has none.
    if (const std::string_view t = util::trim(line); t.starts_with('{') && t.ends_with('}'))
        if (const std::optional<Unwrapped> w = unwrap(t); w && (!w->replies.empty() || !w->status.empty())) return true;
    return false;
}

/// The code at the start of a reply line, skipping indentation and an opening quote; -1 when none.
int leading_code(std::string_view line, std::size_t& after) {
    std::size_t i = util::indent_of(line);
    if (i < line.size() && (line[i] == '"' || line[i] == '\'')) ++i;
    const int code = basic_code_at(line, i);
    after = i + 3;
    return code;
}

/// Whether the rest of a "NNN-" line also holds the final " NNN " of the flattened one-line form.
bool has_final_token(std::string_view line, std::size_t from, int code) {
    for (std::size_t i = from; i + 3 <= line.size(); ++i) {
        if (line[i] != ' ' || i + 4 > line.size()) continue;
        if (basic_code_at(line, i + 1) == code && (i + 4 == line.size() || line[i + 4] == ' ')) return true;
    }
    return false;
}

} // namespace

InputSplitter::InputSplitter(Emit emit) : m_emit(std::move(emit)) {}

void InputSplitter::emit_now(std::string_view input, bool truncated) {
    m_last_truncated = truncated || input.size() > kMaxInputBytes;
    ++m_emitted;
    if (m_emit) m_emit(util::cut_utf8(input, kMaxInputBytes));
}

void InputSplitter::flush() {
    if (!m_pending.empty()) emit_now(m_pending, m_pending_truncated);
    m_pending.clear();
    m_pending_truncated = false;
    m_mode = Mode::Idle;
    m_code = 0;
    m_fields_seen = 0;
    m_json_depth = 0;
    m_json_string = false;
}

void InputSplitter::scan_json(std::string_view line) {
    bool escaped = false;
    for (const char c : line) {
        if (m_json_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') m_json_string = false;
        } else if (c == '"') {
            m_json_string = true;
        } else if (c == '{' || c == '[') {
            ++m_json_depth;
        } else if (c == '}' || c == ']') {
            --m_json_depth;
        }
    }
}

void InputSplitter::append(std::string_view line) {
    if (m_pending_truncated) return;
    if (!m_pending.empty() && !util::append_capped(m_pending, "\n", kMaxInputBytes)) {
        m_pending_truncated = true;
        return;
    }
    if (!util::append_capped(m_pending, line, kMaxInputBytes)) m_pending_truncated = true;
}

bool InputSplitter::starts_whole(std::string_view line) const {
    if (m_emitted != 0 || m_lines_seen > kWholeDetectLines) return false;
    // A log line is never the start of a pasted message, whatever words it quotes.
    if (const LogPrefix p = split_log_prefix(line); !p.timestamp.empty() || !p.program.empty()) return false;
    if (is_message_header(line) && !is_dsn_field_line(line)) return true;
    std::string_view body;
    const TranscriptLine who = classify_transcript_line(line, body);
    if (who == TranscriptLine::Client || who == TranscriptLine::Server) return true;
    if (who == TranscriptLine::Info && util::trim_left(line).starts_with("===")) return true;
    return looks_like_bounce(line);
}

void InputSplitter::feed_line(std::string_view line) {
    if (m_mode == Mode::Whole) {
        append(line);
        return;
    }
    const bool blank = util::trim(line).empty();
    if (m_mode == Mode::Json) {
        if (blank) {   // a value that never closes must not swallow the rest of the stream
            flush();
            return;
        }
        append(line);
        scan_json(line);
        if (m_json_depth <= 0) flush();
        return;
    }
    if (m_mode == Mode::Continuation) {
        std::size_t after = 0;
        const int code = leading_code(line, after);
        if (code == m_code) {
            append(line);
            if (after >= line.size() || line[after] != '-') flush();
            return;
        }
        if (!blank && util::is_blank(line[0]) && code < 0) {   // a folded line of the same reply
            append(line);
            return;
        }
        flush();
    } else if (m_mode == Mode::DsnFields) {
        if (blank) {
            flush();
            return;
        }
        const int field = dsn_field_index(line);
        const unsigned bit = field >= 0 && field < 32 ? 1U << static_cast<unsigned>(field) : 0U;
        // A recipient's block opens with its address: one arriving after a Diagnostic-Code is the next recipient.
        const bool opens_block = util::istarts_with(line, "Final-Recipient:") || util::istarts_with(line, "Original-Recipient:");
        const unsigned diagnostic_bit = 1U << static_cast<unsigned>(dsn_field_index("Diagnostic-Code:"));
        if (bit != 0 && (m_fields_seen & bit) == 0 && !(opens_block && (m_fields_seen & diagnostic_bit) != 0)) {
            m_fields_seen |= bit;
            append(line);
            return;
        }
        if (bit == 0 && (util::is_blank(line[0]) || is_header_line(line))) {
            append(line);
            return;
        }
        flush();   // a field repeating starts the next recipient's group
    }

    if (blank) return;
    ++m_lines_seen;
    if (const std::string_view t = util::trim(line); t.starts_with('{') || t.starts_with('[')) {
        scan_json(line);
        if (m_json_depth > 0) {   // a pretty-printed JSON value: one input up to its closing bracket
            m_mode = Mode::Json;
            append(line);
            return;
        }
        m_json_depth = 0;
        m_json_string = false;
    }
    if (starts_whole(line)) {
        m_mode = Mode::Whole;
        append(line);
        return;
    }
    if (const int field = dsn_field_index(line); field >= 0) {
        m_mode = Mode::DsnFields;
        m_fields_seen = field < 32 ? 1U << static_cast<unsigned>(field) : 0U;
        append(line);
        return;
    }
    std::size_t after = 0;
    const int code = leading_code(line, after);
    if (code >= 0 && after < line.size() && line[after] == '-' && !has_final_token(line, after, code)) {
        m_mode = Mode::Continuation;
        m_code = code;
        append(line);
        return;
    }
    if (code >= 0 || line_matters(line)) emit_now(line, false);
}

void InputSplitter::finish() { flush(); }

} // namespace smtpx::parse
