#pragma once
// One whole mail (a bounce, a feedback report, an auto-reply or anything else) read into one answer
// per recipient it reports on. The returned original message only fills `original`, never a verdict.
#include "parse/parsed.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtpx::parse {

/// Bounds that keep a hostile message cheap; past them the reader stops and says so in `notes`.
inline constexpr std::size_t kMaxMailBytes = 32 * 1024 * 1024;   ///< bytes of one message read
inline constexpr std::size_t kMaxMimeParts = 500;                ///< MIME parts visited
inline constexpr int kMaxMimeNesting = 20;                        ///< multipart levels followed
inline constexpr std::size_t kMaxBounceText = 256 * 1024;         ///< bytes of human-readable text kept

enum class MailKind { Dsn, PlainBounce, FeedbackReport, AutoReply, NotABounce };

/// The JSON/human name of a kind: dsn, plain-bounce, feedback-report, auto-reply, not-a-bounce.
std::string_view mail_kind_name(MailKind k) noexcept;

/// What one mail says about one recipient, ready for the classifier.
struct MailAnswer {
    ParsedInput parsed;     ///< the deciding reply (at most one), status_enhanced chosen, recipient, remote host
    std::string input;      ///< the deciding diagnostic text (not the whole mail)
    std::string action;     ///< failed, delayed, delivered, relayed, expanded (lower case), or empty
    std::string status;     ///< the DSN Status: field as written, or empty
    bool expired = false;   ///< the mail says delivery was given up after temporary failures
    /// The DSN's Last-Attempt-Date is within the hour of its Arrival-Date: the MTA failed the message on
    /// its first attempts, without the days of retrying after which a queue gives up.
    bool first_attempt = false;
    std::vector<Reply> temporary;   ///< the temporary replies before an expiry, last one last
};

struct MailReading {
    MailKind kind = MailKind::NotABounce;
    std::vector<MailAnswer> answers;   ///< one per recipient, in the mail's order (one with an empty recipient when none is known)
    std::string reporting_mta;
    std::string date;                  ///< RFC 3339 when the Date: header parses, else as written, or empty
    std::string original_message_id, original_from, original_to, original_subject;
    std::vector<std::string> notes;    ///< what was cut or skipped to stay bounded, one line each
};

/// Read one message (its raw bytes; LF, CRLF or CR line ends). Never throws on any bytes; time and
/// memory are linear in min(size, kMaxMailBytes).
MailReading read_mail(std::string_view message);

/// "Wed, 2 Dec 2026 19:49:41 +0100 (CET)" -> "2026-12-02T19:49:41+01:00"; empty when it does not parse.
std::string rfc5322_to_rfc3339(std::string_view date);

/// Seconds since the epoch of an RFC 5322 date ("-00:00" and unknown zones read as UTC); nullopt when
/// it does not parse. Only differences of such values are meaningful.
std::optional<long long> rfc5322_seconds(std::string_view date);

} // namespace smtpx::parse
