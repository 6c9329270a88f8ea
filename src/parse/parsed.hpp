#pragma once
// The parser's output: what an input says, before any knowledge is applied.
#include <string>
#include <vector>

namespace smtpx::parse {

/// What kind of text an input is; decides how much of it the classifier trusts.
enum class InputKind {
    BareCode,      ///< "550", "5.1.1", "550 5.1.1" with no text
    Reply,         ///< a server reply, one or several lines, maybe with leading noise
    PostfixLog,    ///< postfix/smtp status= line, NOQUEUE reject, postscreen
    EximLog,       ///< exim ** / == / rejected RCPT lines
    SendmailLog,   ///< sendmail stat= / ruleset= reject= lines
    ExchangeNdr,   ///< Microsoft "Remote Server returned '...'"
    Dsn,           ///< RFC 3464 fields or a whole bounce message
    Transcript,    ///< an SMTP session (swaks, C:/S:, sendmail >>> <<<)
    Unknown,       ///< no code found
};

/// One server reply (continuation lines already grouped).
struct Reply {
    int code = 0;             ///< basic reply code, 0 when the reply has none
    std::string enhanced;     ///< the reply's own enhanced code "5.1.1", empty when none
    std::string text;         ///< reply text: codes and continuation prefixes removed, lines joined by one space
    std::string raw;          ///< the reply as it appeared in the input (may be shortened)
    std::string command;      ///< command it answered: CONNECT EHLO HELO MAIL RCPT DATA END-OF-DATA BDAT
                              ///< AUTH STARTTLS VRFY EXPN RSET QUIT NOOP HELP ETRN ...; empty when unknown
};

/// Everything the parser found in one input.
struct ParsedInput {
    InputKind kind = InputKind::Unknown;
    std::vector<Reply> replies;    ///< in input order; empty when the input has no SMTP reply
    std::string status_enhanced;   ///< delivery status the input reports: dsn=, Status:, or an MTA-printed status
    std::string delivery_status;   ///< sent, deferred, bounced, expired, reject, failed, delayed, delivered ... or empty
    std::string software;          ///< MTA whose log/wording format this is (postfix, exim, sendmail, exchange, swaks), or empty
    std::string remote_host;       ///< host that sent the reply (relay=, host H[IP] said, H=...), or empty
    std::string remote_ip;         ///< its IP address, or empty
    std::string recipient;         ///< to=<...>, Final-Recipient, ** addr, or empty
    std::string sender;            ///< from=<...>, or empty
    std::string local_text;        ///< the local MTA's own explanation when no reply was received
                                   ///< ("connect to ...: Connection timed out", "Host or domain name not found ...")
    std::string timestamp;         ///< as written in the input, or empty
    std::string foreign;           ///< another protocol's status line ("HTTP", "SIP", "RTSP"): its number is no SMTP code
    std::string wrapper;           ///< the library, webhook or client whose text carried the reply
                                   ///< ("symfony", "pear", "json", ...); its own words are not the server's
};

} // namespace smtpx::parse
