#pragma once
// Replaces personal and site-identifying values in free text with stable placeholders, so an answer
// can be pasted into a ticket. Plain scanning (no regex): the input is untrusted mail log text. Which
// public services' domains stay is knowledge (share/smtpx/kb/public-domains.json), given by the caller.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smtpx::redact {

/// What a placeholder stands for; the enumerator order is the order of k_redact_kinds.
enum class RedactKind { Email, MessageId, Ip, Host, Queue };

/// One run's redactor: the same value gets the same placeholder (`<email-1>`, `<ip-2>`, ...) every
/// time it is seen, across all the texts and records of that run.
class Redactor {
public:
    /// `public_domains`: domains of public services (kb::KnowledgeBase::public_domains()), kept
    /// where they stand alone; the views must outlive the redactor.
    explicit Redactor(std::vector<std::string_view> public_domains = {}) : m_public(std::move(public_domains)) {}

    /// `text` with every e-mail address, IPv4/IPv6 address, host name (FQDN with a known-looking
    /// TLD), Message-ID and MTA queue id replaced. URL hosts are kept (they name documentation
    /// pages, not sites), but addresses in a URL's path or query are replaced.
    std::string redact(std::string_view text);

    /// `text` with only the values this redactor replaced since the last begin_record() replaced
    /// again, each as a whole token. With `quoted_from` (the original input), an occurrence is
    /// replaced only where `text` quotes that input around it: prose from the knowledge base that
    /// names the same host for its own reasons ("open ipcheck.proofpoint.com") is left alone.
    [[nodiscard]] std::string replace_seen(std::string_view text, std::string_view quoted_from = {}) const;

    /// Start remembering values anew for replace_seen().
    void begin_record() { m_seen.clear(); }

    /// The placeholder of `value` as a host name even if it does not look like an FQDN (a field
    /// known to hold a host, such as "exchange01"); it is then replaced by replace_seen().
    std::string force_host(std::string_view value);

    /// Public mailbox providers' own domains, left as they are when they stand alone (the
    /// provider is a separate field of the answer); addresses at them are still replaced.
    [[nodiscard]] bool is_public_domain(std::string_view host) const;

private:
    std::string placeholder(RedactKind kind, std::string_view original);

    std::vector<std::string_view> m_public;
    std::map<std::string, std::string> m_placeholders[5];   // per kind: normalised value -> placeholder
    std::vector<std::pair<std::string, std::string>> m_seen;  // original text -> placeholder, this record
};

} // namespace smtpx::redact
