// The error texts of client libraries (PHPMailer, Symfony/Swift Mailer, PEAR Mail, Nodemailer, Python
// smtplib, lettre, .NET SmtpException, gen_smtp) and desktop mail clients, read back into the reply
// the server sent: one reader per wrapper family, tried in table order (wrappers.cpp calls them).
#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/wrappers_detail.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>

namespace smtpx::parse::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// Symfony Mailer / Swift Mailer / Laravel: Expected response code "250" but got code "550", with
/// message "550 5.7.1 ...". Laravel repeats it once per authenticator tried.
bool read_symfony(std::string_view t, Unwrapped& u) {
    std::size_t at = util::ifind(t, "but got code");
    // "Expected response code 250 but got an empty response": the only number is the expected one.
    if (at == npos && util::ifind(t, "Expected response code") == npos) return false;
    u.family = "symfony";
    // The expected codes tell the command (never the reply): 354 is DATA's, "250/251/252" RCPT's, 235 AUTH's.
    if (const std::size_t ex = util::ifind(t, "Expected response code"); ex != npos && (at == npos || ex < at)) {
        const std::size_t stop = at == npos ? std::min(t.size(), ex + 48) : at;
        const std::string_view expected = t.substr(ex + 22, stop - ex - 22);
        if (util::icontains(expected, "354")) u.command = "DATA";
        else if (util::icontains(expected, "251")) u.command = "RCPT";
        else if (util::icontains(expected, "235") || util::icontains(expected, "334")) u.command = "AUTH";
    }
    while (at != npos) {
        std::size_t i = at + 12;
        while (i < t.size() && (util::is_blank(t[i]) || t[i] == '"' || t[i] == '\'')) ++i;
        const int code = code_token(t, i);
        std::string message;
        const std::size_t m = util::ifind(t, "with message", i);
        if (m != npos && m - i < 24) {
            std::size_t j = skip_blanks(t, m + 12);
            if (j < t.size() && (t[j] == '"' || t[j] == '\'')) {
                // Symfony quotes without escaping: the message ends at a quote followed by '.', ',' or a line end.
                const char q = t[j];
                std::size_t e = j + 1;
                while (e < t.size() && !(t[e] == q && (e + 1 == t.size() || t[e + 1] == '.' || t[e + 1] == ',' ||
                                                       t[e + 1] == '\n' || t[e + 1] == '\r')))
                    ++e;
                message = std::string(t.substr(j + 1, e - j - 1));
            } else {
                message = std::string(rest_of_line(t, j));
            }
        }
        add_reply(u, with_code(code, message));
        at = util::ifind(t, "but got code", i);
    }
    return true;
}

/// PEAR Mail / Net_SMTP: "[SMTP: Invalid response code received from server (code: 550, response: ...)]".
bool read_pear(std::string_view t, Unwrapped& u) {
    const std::size_t at = util::ifind(t, "(code: ");
    if (at == npos) return false;
    const std::size_t r = util::ifind(t, "response:", at);
    if (r == npos || r - at > 16) return false;
    u.family = "pear";
    const int code = code_token(t, at + 7);
    std::string_view text = t.substr(r + 9);
    if (const std::size_t close = text.rfind(")]"); close != npos) text = text.substr(0, close);
    else if (text = util::trim_right(text); text.ends_with(')')) text.remove_suffix(1);
    add_reply(u, with_code(code, text));
    return true;
}

/// PHPMailer: "SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: <text>
/// SMTP code: 554 Additional SMTP info: 5.7.1" (the detail has the codes cut off), and its debug line
/// "SMTP ERROR: RCPT TO command failed: 550 5.1.1 ...".
bool read_phpmailer(std::string_view t, Unwrapped& u) {
    const std::size_t c = util::ifind(t, "SMTP code: ");
    if (c != npos) {
        u.family = "phpmailer";
        const int code = code_token(t, c + 11);
        std::string_view detail;
        if (const std::size_t d = util::ifind(t, "Detail: "); d != npos && d < c) detail = t.substr(d + 8, c - d - 8);
        std::string enhanced;
        if (const std::size_t e = util::ifind(t, "Additional SMTP info: ", c); e != npos) {
            const std::size_t n = enhanced_code_at(t, e + 22);
            if (n > 0) enhanced = std::string(t.substr(e + 22, n));
        }
        std::string text = enhanced.empty() ? std::string(util::trim(detail)) : enhanced + " " + std::string(util::trim(detail));
        add_reply(u, with_code(code, text));
        return true;
    }
    const std::size_t f = util::ifind(t, " command failed: ");
    if (f == npos || util::ifind(t, "SMTP ERROR: ") == npos) return false;
    const std::string_view rest = rest_of_line(t, f + 17);
    if (code_token(rest, 0) < 0) return false;
    u.family = "phpmailer";
    add_reply(u, std::string(rest));
    return true;
}

/// Severity, category and detail of lettre's Code as its Debug form names them.
constexpr std::array<std::string_view, 4> kLettreSeverity{"PositiveCompletion", "PositiveIntermediate",
                                                          "TransientNegativeCompletion", "PermanentNegativeCompletion"};
constexpr std::array<std::string_view, 6> kLettreCategory{"Syntax", "Information", "Connections", "Unspecified3",
                                                          "Unspecified4", "MailSystem"};
constexpr std::array<std::string_view, 10> kLettreDetail{"Zero", "One", "Two", "Three", "Four",
                                                         "Five", "Six", "Seven", "Eight", "Nine"};

template <std::size_t N>
int lettre_digit(std::string_view t, std::string_view field, const std::array<std::string_view, N>& names, int base) {
    const std::size_t f = util::ifind(t, field);
    if (f == npos) return -1;
    const std::size_t i = skip_blanks(t, f + field.size());
    if (i < t.size() && util::is_digit(t[i])) return t[i] - '0';
    for (std::size_t k = 0; k < N; ++k) {
        const std::string_view n = names[k];
        if (t.substr(i, n.size()) == n && (i + n.size() == t.size() || !util::is_alnum(t[i + n.size()])))
            return static_cast<int>(k) + base;
    }
    return -1;
}

/// Rust lettre: Debug "Response { code: Code { severity: PermanentNegativeCompletion, category:
/// MailSystem, detail: Zero }, message: [\"5.7.1 relaying denied\"] }" and Display
/// "permanent error (550): 5.7.1 relaying denied".
bool read_lettre(std::string_view t, Unwrapped& u) {
    for (std::string_view kind : {std::string_view("permanent error ("), std::string_view("transient error (")}) {
        const std::size_t p = util::ifind(t, kind);
        if (p == npos) continue;
        const int code = code_token(t, p + kind.size());
        if (code < 0 || t.substr(p + kind.size() + 3, 2) != "):") continue;
        u.family = "lettre";
        add_reply(u, with_code(code, rest_of_line(t, p + kind.size() + 5)));
        return true;
    }
    const std::size_t s = util::ifind(t, "severity:");
    if (s == npos || util::ifind(t, "category:", s) == npos) return false;
    const std::string_view from = t.substr(s);
    const int sev = lettre_digit(from, "severity:", kLettreSeverity, 2);
    const int cat = lettre_digit(from, "category:", kLettreCategory, 0);
    const int det = lettre_digit(from, "detail:", kLettreDetail, 0);
    if (sev < 2 || cat < 0 || det < 0) return false;
    u.family = "lettre";
    std::string text;
    if (const std::size_t m = util::ifind(t, "message: [", s); m != npos) {
        std::size_t i = m + 10;
        while (i < t.size() && t[i] != ']') {
            if (t[i] == '"') {
                std::size_t end = 0;
                std::string piece = quoted_at(t, i, end);
                if (!text.empty()) text += ' ';
                text += piece;
                i = end;
            } else {
                ++i;
            }
        }
    }
    add_reply(u, with_code(sev * 100 + cat * 10 + det, text));
    return true;
}

/// .NET System.Net.Mail.SmtpException: its message for the status code, then "The server response
/// was: <text>", where the text has lost the basic code. Messages as in .NET's resource strings.
struct DotnetStatus {
    std::string_view message;
    int transient, permanent;   ///< the code when the text's enhanced code is 4.x.x / otherwise
};
constexpr std::array<DotnetStatus, 15> kDotnetStatus{{
    {"Mailbox unavailable", 450, 550},
    {"Transaction failed", 554, 554},
    {"Syntax error, command unrecognized", 500, 500},
    {"Syntax error in parameters or arguments", 501, 501},
    {"Command parameter not implemented", 504, 504},
    {"Command not implemented", 502, 502},
    {"Bad sequence of commands", 503, 503},
    {"Insufficient system storage", 452, 452},
    {"Exceeded storage allocation", 552, 552},
    {"Mailbox name not allowed", 553, 553},
    {"User not local; please try", 551, 551},
    {"Service not available, closing transmission channel", 421, 421},
    {"Error in processing", 451, 451},
    {"requires a secure connection or the client was not authenticated", 530, 530},
    {"does not have permission to submit mail to this server", 454, 454},
}};

bool read_dotnet(std::string_view t, Unwrapped& u) {
    const std::size_t p = util::ifind(t, "The server response was:");
    if (p == npos) {
        // A paste wrapped at a fixed width, even inside a word ("The server respons\ne was: ..."):
        // read it again with its line breaks taken out.
        if (util::ifind(t, "The server") == npos || t.find('\n') == npos) return false;
        std::string flat;
        for (char c : t)
            if (c != '\n' && c != '\r') flat += c;
        if (util::ifind(flat, "The server response was:") == npos) return false;
        return read_dotnet(flat, u);
    }
    u.family = "dotnet";
    std::string_view text = util::trim(rest_of_line(t, p + 24));
    if (text.ends_with('"') && t.substr(0, p).find('"') != npos) text = util::trim(text.substr(0, text.size() - 1));
    int code = -1;
    for (const DotnetStatus& s : kDotnetStatus) {
        if (util::ifind(t.substr(0, p), s.message) == npos) continue;
        code = text.starts_with('4') ? s.transient : s.permanent;
        break;
    }
    add_reply(u, with_code(code, text));
    return true;
}

/// Nodemailer's error as util.inspect prints it: "{ code: 'EENVELOPE', response: '550 5.1.1 ...',
/// responseCode: 550, command: 'RCPT TO' }" (its JSON form goes through the JSON reader).
bool read_nodemailer(std::string_view t, Unwrapped& u) {
    const std::size_t rc = util::ifind(t, "responseCode:");
    if (rc == npos) return false;
    u.family = "nodemailer";
    const int code = code_token(t, skip_blanks(t, rc + 13));
    std::string response;
    if (std::size_t r = util::ifind(t, "response: "); r != npos) {
        r += 10;
        if (r < t.size() && (t[r] == '\'' || t[r] == '"' || t[r] == '`')) {
            std::size_t end = 0;
            response = quoted_at(t, r, end);
        }
    }
    if (std::size_t c = util::ifind(t, "command: "); c != npos) {
        c += 9;
        if (c < t.size() && (t[c] == '\'' || t[c] == '"')) {
            std::size_t end = 0;
            u.command = canonical_command(quoted_at(t, c, end));
        }
    }
    add_reply(u, with_code(code, response));
    return true;
}

/// gen_smtp's failures that carry no reply, as gen_smtp_client names them ({network_failure, Host,
/// {error, timeout}}, {temporary_failure, Host, tls_failed}), in the words an MTA would log.
struct GenSmtpFailure {
    std::string_view kind, detail, words;
};
constexpr std::array<GenSmtpFailure, 9> kGenSmtpFailures{{
    {"network_failure", "timeout", "network failure: connection timed out"},
    {"network_failure", "econnrefused", "network failure: connection refused"},
    {"network_failure", "nxdomain", "Host or domain name not found"},
    {"network_failure", "closed", "network failure: connection closed"},
    {"network_failure", "", "network failure: connection refused"},
    {"temporary_failure", "tls_failed", "TLS handshake failed"},
    {"permanent_failure", "auth_failed", "authentication failed"},
    {"missing_requirement", "tls", "STARTTLS required"},
    {"missing_requirement", "auth", "authentication failed"},
}};

/// Erlang/Elixir gen_smtp: {error, send, {permanent_failure, <<"mx.example.com">>, <<"550 5.1.1 ...\r\n">>}},
/// {:error, :retries_exceeded, {:network_failure, '192.0.2.1', {:error, :timeout}}}.
bool read_gen_smtp(std::string_view t, Unwrapped& u) {
    if (util::ifind(t, "_failure") == npos && util::ifind(t, "retries_exceeded") == npos &&
        util::ifind(t, "missing_requirement") == npos)
        return false;
    std::string last;
    for (std::size_t b = t.find("<<\""); b != npos; b = t.find("<<\"", b + 3)) {
        std::size_t end = 0;
        std::string piece = quoted_at(t, b + 2, end);
        if (code_token(util::trim(piece), 0) >= 0) last = std::string(util::trim(piece));
    }
    // Elixir prints the reply as a string: {:permanent_failure, "mx.example.com", "550 5.1.1 ..."}.
    if (last.empty() && t.find('{') != npos) {
        for (std::size_t q = t.find('"'); q != npos; q = t.find('"', q + 1)) {
            std::size_t end = 0;
            std::string piece = quoted_at(t, q, end);
            if (code_token(util::trim(piece), 0) >= 0) last = std::string(util::trim(piece));
            if (end <= q) break;
            q = end - 1;
        }
    }
    if (!last.empty()) {
        u.family = "gen_smtp";
        add_reply(u, std::move(last));
        return true;
    }
    for (const GenSmtpFailure& f : kGenSmtpFailures) {
        const std::size_t k = util::ifind(t, f.kind);
        if (k == npos || (k > 0 && (util::is_alnum(t[k - 1]) || t[k - 1] == '_'))) continue;
        if (!f.detail.empty() && util::ifind(t.substr(k + f.kind.size()), f.detail) == npos) continue;
        u.family = "gen_smtp";
        u.local = std::string(f.words);
        return true;
    }
    return false;
}

/// Python smtplib: "SMTPDataError: (554, b'5.2.0 text')", "{'a@b': (550, b'5.1.1 ...')}".
bool read_smtplib(std::string_view t, Unwrapped& u) {
    for (std::size_t open = t.find('('); open != npos; open = t.find('(', open + 1)) {
        const std::string_view rest = t.substr(open + 1);
        const int code = code_token(rest, 0);
        if (code < 0 || rest.size() < 8 || rest[3] != ',' || rest[4] != ' ') continue;
        std::size_t q = 5;
        if (rest[q] == 'b') ++q;
        if (q >= rest.size() || (rest[q] != '\'' && rest[q] != '"')) continue;
        std::size_t end = 0;
        u.family = "smtplib";
        add_reply(u, with_code(code, quoted_at(rest, q, end)));
        return true;
    }
    return false;
}

/// Outlook Express and its kin: "Server Response: <text>" with the code apart, "Server Error: 553".
bool read_client_dialog(std::string_view t, Unwrapped& u) {
    const std::size_t e = util::ifind(t, "Server Error: ");
    const std::size_t r = util::ifind(t, "Server Response: ");
    if (e == npos || r == npos) return false;
    const int code = code_token(t, e + 14);
    std::string_view text = util::trim(rest_of_line(t, r + 17));
    text = util::trim(util::strip_quotes(text));
    if (code < 0 && code_token(text, 0) < 0) return false;
    u.family = "client-dialog";
    add_reply(u, with_code(code, text));
    return true;
}

/// A client's log that labels each reply it read ("[15] => Response: 550 5.5.1 Protocol error",
/// "Server said: 250 OK"): every labelled reply, so the failing one decides.
bool read_labelled_responses(std::string_view t, Unwrapped& u) {
    bool any = false;
    for (std::size_t bol = 0; bol < t.size();) {
        const std::string_view line = rest_of_line(t, bol);
        for (std::string_view label : {std::string_view("Response: "), std::string_view("Server said: "),
                                       std::string_view("Server replied: ")}) {
            const std::size_t l = util::ifind(line, label);
            if (l == npos) continue;
            const std::size_t c = skip_blanks(line, l + label.size());
            if (code_token(line, c) < 0) continue;
            add_reply(u, std::string(util::trim(line.substr(c))));
            any = true;
            break;
        }
        bol += line.size();
        while (bol < t.size() && (t[bol] == '\n' || t[bol] == '\r')) ++bol;
    }
    if (any) u.family = "labelled";
    return any;
}

struct Family {
    std::string_view name;
    bool (*read)(std::string_view, Unwrapped&);
};
// Order matters only where two could claim one text: the most specific markers first.
constexpr std::array<Family, 10> kFamilies{{
    {"symfony", read_symfony},
    {"pear", read_pear},
    {"phpmailer", read_phpmailer},
    {"lettre", read_lettre},
    {"dotnet", read_dotnet},
    {"nodemailer", read_nodemailer},
    {"gen_smtp", read_gen_smtp},
    {"smtplib", read_smtplib},
    {"client-dialog", read_client_dialog},
    {"labelled", read_labelled_responses},
}};

} // namespace

/// Phrases of library messages that say which command the reply answered.
struct CommandPhrase {
    std::string_view phrase, command;
};
constexpr std::array<CommandPhrase, 23> kCommandPhrases{{
    {"DATA END command failed", "END-OF-DATA"},           // PHPMailer
    {"data not accepted", "END-OF-DATA"},                 // PHPMailer
    {"recipients failed", "RCPT"},                        // PHPMailer
    {"Could not authenticate", "AUTH"},                   // PHPMailer
    {"Failed to add recipient", "RCPT"},                  // PEAR Mail
    {"Failed to set sender", "MAIL"},                     // PEAR Mail
    {"Failed to send data", "END-OF-DATA"},               // PEAR Mail
    {"authentication failure [SMTP", "AUTH"},             // PEAR Mail
    {"all recipients were rejected", "RCPT"},             // Nodemailer
    {"Recipient command failed", "RCPT"},                 // Nodemailer
    {"Mail command failed", "MAIL"},                      // Nodemailer
    {"Data command failed", "DATA"},                      // Nodemailer
    {"Message failed:", "END-OF-DATA"},                   // Nodemailer
    {"Invalid login:", "AUTH"},                           // Nodemailer
    {"SMTPRecipientsRefused", "RCPT"},                    // Python smtplib
    {"SMTPSenderRefused", "MAIL"},                        // Python smtplib
    {"SMTPAuthenticationError", "AUTH"},                  // Python smtplib, Ruby Net::SMTP
    {"SMTPHeloError", "EHLO"},                            // Python smtplib
    {"SMTPAddressFailedException", "RCPT"},               // JavaMail
    {"SMTPSenderFailedException", "MAIL"},                // JavaMail
    {"Failed to authenticate on SMTP server", "AUTH"},    // Symfony Mailer
    {"Authentication unsuccessful", "AUTH"},              // Exchange's reply to AUTH
    {"Username and Password not accepted", "AUTH"},       // Gmail's reply to AUTH
}};

/// The command a library's message names: the phrase table, then "<CMD> command failed" (PHPMailer).
std::string command_named(std::string_view t) {
    for (const CommandPhrase& p : kCommandPhrases)
        if (util::icontains(t, p.phrase)) return std::string(p.command);
    for (std::string_view marker : {std::string_view("SMTP server error: "), std::string_view("SMTP ERROR: ")}) {
        const std::size_t m = util::ifind(t, marker);
        if (m == npos) continue;
        const std::string_view rest = t.substr(m + marker.size());
        const std::size_t failed = util::ifind(rest, " command failed");
        if (failed != npos && failed < 24) return canonical_command(rest.substr(0, failed));
    }
    return {};
}

bool read_client_text(std::string_view t, Unwrapped& u) {
    for (const Family& f : kFamilies) {
        Unwrapped candidate;
        if (f.read(t, candidate)) {
            u = std::move(candidate);
            return true;
        }
    }
    return false;
}

} // namespace smtpx::parse::detail
