#pragma once
// The one result type: the classifier fills it, the human and JSON renderers read it.
#include "core/vocabulary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace smtpx {

/// Which part of the input decided a field.
struct Evidence {
    std::string field;   ///< code, enhanced, class, command, reason, provider, software, ...
    std::string source;  ///< "basic code", "enhanced code", "dsn=", "rule", "signature", "relay host", ...
    std::string value;   ///< the decided value
    std::string detail;  ///< the matched phrase / rule id / text that decided it
};

/// Another reading of the same input that lost.
struct Alternative {
    Reason reason = Reason::undefined;
    std::string source;   ///< what suggests it ("enhanced code 5.1.1", "rule gmail.ratelimit")
};

struct BlocklistHit {
    std::string name, listed, url;
};

/// The headers of the message a bounce returned.
struct MailOriginal {
    std::optional<std::string> message_id, from, to, subject;
};

/// What `smtpx mail` adds to an answer: where the mail came from and what its report says.
struct MailRecord {
    std::string file;                        ///< the path as given (or the message file inside a given directory)
    std::optional<int> message;              ///< 1-based position in an mbox, empty for a single message
    std::string kind;                        ///< dsn, plain-bounce, feedback-report, auto-reply, not-a-bounce
    std::optional<std::string> action, status, reporting_mta, date;
    MailOriginal original;
    std::optional<std::string> note;         ///< one line: why it is not a bounce, or what was cut
};

/// Everything smtpx says about one input (or one reply inside it).
struct Explanation {
    std::string input;                 ///< as given (escaped on output)
    std::optional<std::string> error;  ///< set when the input was not understood
    /// False when nothing in the input has an SMTP meaning (error says so): an argument like that is an
    /// error, a stream line like that is skipped. Decided once, by classify's understood().
    bool understood = true;

    std::optional<int> code;
    std::optional<std::string> enhanced;
    std::optional<SmtpClass> klass;    ///< none when unknown
    std::optional<std::string> command;
    std::optional<std::string> delivery_status;   ///< sent / deferred / bounced / reject ... from a log

    /// Line 1 of the answer: the codes and the most specific verdict in one sentence (for a bare
    /// code, the code and its title).
    std::string headline;
    /// summary, description and fix hold the most specific knowledge that matched (provider rule >
    /// wording rule > enhanced code > basic code); title is the basic code's canonical text.
    std::string title, summary, description, when, fix;
    /// What each code means in general, whatever the text says; shown only on request (--long) and
    /// never where the specific knowledge decided another reason.
    std::string code_meaning, enhanced_meaning;
    bool code_meaning_agrees = true, enhanced_meaning_agrees = true;
    bool bare = false;                            ///< the input was only a code: the encyclopedic entry is the answer
    std::string code_title, enhanced_title;       ///< canonical texts of each code, for the human view
    std::string reply_text;                       ///< the server's text, continuation prefixes removed

    /// None only for a mail that is no bounce: there is nothing to explain (null in JSON).
    std::optional<Reason> reason = Reason::undefined;
    std::string reason_title;                     ///< the reason in words ("Recipient does not exist")
    bool retryable = false;
    Bounce bounce = Bounce::none;
    Actor actor = Actor::nobody;
    std::string retry_window;                     ///< how long MTAs keep retrying, for retryable failures
    std::optional<std::string> provider, software;
    std::optional<BlocklistHit> blocklist;
    std::optional<std::string> remote_host, recipient;
    std::vector<std::string> references;
    bool registered = true;
    std::vector<std::string> warnings;
    std::vector<std::string> suggestions;         ///< nearest registered codes, for an unregistered one
    std::vector<Evidence> evidence;
    std::vector<Alternative> alternatives;
    std::vector<Explanation> replies;             ///< every reply of a multi-reply input
    std::optional<MailRecord> mail;               ///< set by `smtpx mail`
};

/// A comparison of two or more codes.
struct Difference {
    std::string aspect;   ///< class, outcome, retry, commands, actor, reason
    std::string text;
};

struct Comparison {
    std::vector<Explanation> codes;
    std::vector<Difference> differences;
    std::vector<std::string> what_to_do;   ///< one line per code
};

} // namespace smtpx
