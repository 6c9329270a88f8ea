#pragma once
// The closed value sets of smtpx (share/smtpx/kb/README.md documents them). The sets the code decides
// on are enums: a misspelt value fails the build. Their names are strings only at the edges: the
// knowledge base's JSON (a wrong name fails the KB load), the message catalog and the JSON output.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtpx {

/// Why a delivery failed (or that it did not): the reason taxonomy, in the order of k_reason_names.
enum class Reason : std::uint8_t {
    accepted, userunknown, mailboxfull, suspend, hasmoved, hostunknown, notaccept, norelaying, blocked,
    spamdetected, virusdetected, authfailure, securityerror, policyviolation, mesgtoobig, toomanyconn,
    speeding, systemerror, systemfull, networkerror, expired, syntaxerror, rejected, contenterror, feedback,
    vacation, undefined
};

/// The class of a reply, its first digit (RFC 5321 section 4.2.1): 2, 3, 4, 5.
enum class SmtpClass : std::uint8_t { positive_completion, positive_intermediate, transient_negative, permanent_negative };

/// Who has to act on an answer.
enum class Actor : std::uint8_t { sender, sender_admin, recipient_admin, recipient, nobody };

/// What kind of bounce a failure makes.
enum class Bounce : std::uint8_t { hard, soft, none };

inline constexpr std::array<std::string_view, 27> k_reason_names = {
    "accepted",      "userunknown",    "mailboxfull",  "suspend",         "hasmoved",
    "hostunknown",   "notaccept",      "norelaying",   "blocked",         "spamdetected",
    "virusdetected", "authfailure",    "securityerror", "policyviolation", "mesgtoobig",
    "toomanyconn",   "speeding",       "systemerror",  "systemfull",      "networkerror",
    "expired",       "syntaxerror",    "rejected",     "contenterror",    "feedback",
    "vacation",      "undefined"};
inline constexpr std::array<std::string_view, 4> k_class_names = {"positive-completion", "positive-intermediate",
                                                                  "transient-negative", "permanent-negative"};
inline constexpr std::array<std::string_view, 5> k_actor_names = {"sender", "sender-admin", "recipient-admin",
                                                                  "recipient", "nobody"};
inline constexpr std::array<std::string_view, 3> k_bounce_names = {"hard", "soft", "none"};

namespace detail {
template <class E> struct Names;
template <> struct Names<Reason> { static constexpr const auto& v = k_reason_names; };
template <> struct Names<SmtpClass> { static constexpr const auto& v = k_class_names; };
template <> struct Names<Actor> { static constexpr const auto& v = k_actor_names; };
template <> struct Names<Bounce> { static constexpr const auto& v = k_bounce_names; };
} // namespace detail

static_assert(k_reason_names.size() == static_cast<std::size_t>(Reason::undefined) + 1);
static_assert(k_class_names.size() == static_cast<std::size_t>(SmtpClass::permanent_negative) + 1);
static_assert(k_actor_names.size() == static_cast<std::size_t>(Actor::nobody) + 1);
static_assert(k_bounce_names.size() == static_cast<std::size_t>(Bounce::none) + 1);

/// The value's name as the KB, the catalog keys and the JSON spell it.
template <class E> constexpr std::string_view name(E e) {
    return detail::Names<E>::v[static_cast<std::size_t>(e)];
}

/// The name of a value that may be unknown: empty when it is.
template <class E> constexpr std::string_view name(const std::optional<E>& e) {
    return e ? name(*e) : std::string_view();
}

/// The value a name spells, none for any other text.
template <class E> constexpr std::optional<E> from_name(std::string_view s) {
    const auto& names = detail::Names<E>::v;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

/// Every value of an enum, in order.
template <class E> constexpr auto all_values() {
    std::array<E, detail::Names<E>::v.size()> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
    return out;
}

/// The class of a reply's first digit ('2'..'5'), none for any other.
constexpr std::optional<SmtpClass> class_of_digit(char d) {
    if (d < '2' || d > '5') return std::nullopt;
    return static_cast<SmtpClass>(d - '2');
}
/// The first digit of a class: '2'..'5'.
constexpr char class_digit(SmtpClass c) { return static_cast<char>('2' + static_cast<int>(c)); }

namespace kb {

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

} // namespace kb
} // namespace smtpx

namespace smtpx {
/// A message-catalog key made of a prefix and a value's name ("class." + "permanent-negative").
template <class E> std::string catalog_key(std::string_view prefix, const E& e) {
    std::string k(prefix);
    k += name(e);
    return k;
}
} // namespace smtpx
