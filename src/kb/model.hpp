#pragma once
// Plain structs of the knowledge base. They hold string_views and spans so the embedded tables can be
// constexpr data (zero start-up cost); overlays point them into an arena owned by KbData.
#include "core/vocabulary.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace smtpx::kb {

/// Chinese texts of an entry (empty views when absent).
struct LocalText {
    std::string_view title, summary, description, when, fix;
};

/// What a basic code means after one particular command (RFC 5321 section 4.3.2).
struct AfterNote {
    std::string_view command, text;
    std::optional<Reason> reason;
    std::string_view text_zh;
};

/// A basic three-digit reply code.
struct CodeEntry {
    int code = 0;
    std::string_view title;
    SmtpClass klass = SmtpClass::permanent_negative;
    std::string_view status, summary, description, when, fix;
    Reason reason = Reason::undefined;
    Actor actor = Actor::nobody;
    std::string_view scope = "command";   ///< one of k_scopes
    bool retryable = false;
    std::span<const std::string_view> commands;
    std::span<const AfterNote> after;
    std::span<const std::string_view> references;
    LocalText zh;
};

/// An enhanced status code: "X.1.1" (registry, any class) or "5.7.515" (vendor, class-specific).
struct EnhancedEntry {
    std::string_view code, title, status, provider, summary, description, when, fix;
    Reason reason = Reason::undefined;
    Actor actor = Actor::nobody;
    std::span<const int> basic_codes;
    std::span<const std::string_view> references;
    LocalText zh;
};

/// A class ("5") or subject ("7") of the enhanced code grammar (RFC 3463 sections 3.1 and 3.2).
struct PartEntry {
    std::string_view code, title, description;
    LocalText zh;
};

/// A blocklist named by a reply.
struct Blocklist {
    std::string_view name, url;
};

/// A wording rule: an RE2 pattern over reply text and what it means.
struct PatternRule {
    std::string_view id, pattern, provider, software;
    std::optional<Reason> reason;   ///< none: a signature (provider or software only)
    std::optional<Actor> actor;
    std::optional<Bounce> bounce;   ///< hard or soft when the rule decides it
    std::string_view description, fix;
    /// The file's declared tier (k_tiers: "vocabulary", "relay-host"), else empty: the tier follows
    /// from provider, software and reason.
    std::string_view tier;
    int retryable = -1;   ///< -1: follow the reply code; 0/1: the rule decides
    Blocklist blocklist;
    std::span<const std::string_view> references;
    std::span<const std::string_view> examples;   ///< read by the KB test from the JSON; not compiled in
    LocalText zh;
};

/// One reason of the taxonomy: what it means and who usually has to act.
struct ReasonEntry {
    Reason name = Reason::undefined;
    std::string_view title, description;
    Actor actor = Actor::nobody;
    std::optional<Bounce> bounce;
    LocalText zh;
};

/// A whole knowledge base (embedded tables or one loaded overlay).
struct KbView {
    std::span<const CodeEntry> codes;
    std::span<const EnhancedEntry> enhanced;
    std::span<const PartEntry> classes;
    std::span<const PartEntry> subjects;
    std::span<const PatternRule> rules;
    std::span<const ReasonEntry> reasons;
    std::span<const PartEntry> basic_classes;   ///< first digit of a basic code ("2".."5")
    std::span<const PartEntry> categories;      ///< second digit of a basic code ("0".."5")
    std::string_view date;
    std::string_view retry_window, retry_window_zh;   ///< how long MTAs keep retrying by default
    /// Domains of public services (mailbox providers, blocklist zones) that redaction keeps.
    std::span<const std::string_view> public_domains;
};

/// The embedded knowledge base, generated at build time from share/smtpx/kb.
const KbView& embedded_kb();

} // namespace smtpx::kb
