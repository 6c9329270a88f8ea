#pragma once
// The closed value sets of the knowledge base (README.md in share/smtpx/kb documents them).
#include <array>
#include <string_view>

namespace smtpx::kb {

inline constexpr std::array<std::string_view, 27> k_reasons = {
    "accepted",      "userunknown",    "mailboxfull",  "suspend",         "hasmoved",
    "hostunknown",   "notaccept",      "norelaying",   "blocked",         "spamdetected",
    "virusdetected", "authfailure",    "securityerror", "policyviolation", "mesgtoobig",
    "toomanyconn",   "speeding",       "systemerror",  "systemfull",      "networkerror",
    "expired",       "syntaxerror",    "rejected",     "contenterror",    "feedback",
    "vacation",      "undefined"};

inline constexpr std::array<std::string_view, 4> k_classes = {
    "positive-completion", "positive-intermediate", "transient-negative", "permanent-negative"};

inline constexpr std::array<std::string_view, 5> k_actors = {"sender", "sender-admin", "recipient-admin",
                                                             "recipient", "nobody"};

/// What a basic code refuses or ends: the one command it answers, the whole session (the server
/// closes the connection), or, when given in place of the greeting, the session and otherwise one command.
inline constexpr std::array<std::string_view, 3> k_scopes = {"command", "session", "greeting-or-command"};

/// A patterns file's declared tier: generic words that only refine an answer, or the hosts that
/// name a provider by relaying its mail.
inline constexpr std::array<std::string_view, 2> k_tiers = {"vocabulary", "relay-host"};

inline constexpr std::array<std::string_view, 4> k_statuses = {"standard", "registry", "non-standard",
                                                               "vendor"};

inline constexpr std::array<std::string_view, 23> k_commands = {
    "CONNECT", "EHLO", "HELO",  "MAIL", "RCPT", "DATA", "END-OF-DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP",
    "NOOP",    "QUIT", "AUTH",  "STARTTLS", "ETRN", "ATRN", "BURL", "ANY", "LHLO", "XCLIENT", "TURN"};

template <std::size_t N>
constexpr bool is_one_of(const std::array<std::string_view, N>& set, std::string_view v) {
    for (auto s : set)
        if (s == v) return true;
    return false;
}

} // namespace smtpx::kb
