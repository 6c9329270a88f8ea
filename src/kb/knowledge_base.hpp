#pragma once
// Lookup over the embedded tables plus overlays; an overlay entry replaces the one with the same key.
#include "kb/load.hpp"
#include "kb/model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace smtpx::kb {

/// A source of knowledge, for `smtpx kb path`.
struct Source {
    std::string origin;   ///< "embedded", "user", "SMTPX_KB", "--kb"
    std::string path;
    std::size_t codes = 0, enhanced = 0, rules = 0;
};

class KnowledgeBase {
public:
    KnowledgeBase();   ///< the embedded knowledge base alone

    /// Add an overlay; later overlays win over earlier ones and over the embedded tables.
    void add_overlay(std::unique_ptr<KbData> data, std::string origin, std::string path);

    [[nodiscard]] const CodeEntry* find_code(int code) const;
    /// Exact "5.7.515" first, then the registry's "X.7.1".
    [[nodiscard]] const EnhancedEntry* find_enhanced(std::string_view code) const;
    /// A provider's own meaning of exactly this code ("5.7.515", Microsoft's "5.1.10"), or null.
    [[nodiscard]] const EnhancedEntry* find_vendor_enhanced(std::string_view code) const;
    /// The meaning everyone else gives the code: an exact non-vendor entry, else the registry's
    /// "X.1.10"; never a vendor entry, which applies only to its own provider's replies.
    [[nodiscard]] const EnhancedEntry* find_registry_enhanced(std::string_view code) const;
    [[nodiscard]] const PartEntry* find_class(std::string_view digit) const;
    [[nodiscard]] const PartEntry* find_subject(std::string_view digits) const;
    [[nodiscard]] const PartEntry* find_basic_class(std::string_view digit) const;
    [[nodiscard]] const PartEntry* find_category(std::string_view digit) const;
    [[nodiscard]] const ReasonEntry* find_reason(Reason name) const;
    [[nodiscard]] std::string_view retry_window(bool zh) const;
    /// Domains of public services that redaction keeps: the embedded ones and every overlay's.
    [[nodiscard]] std::vector<std::string_view> public_domains() const;

    /// Merged views (overlay entries replace embedded ones), codes in numeric order.
    [[nodiscard]] std::vector<const CodeEntry*> codes() const;
    [[nodiscard]] std::vector<const EnhancedEntry*> enhanced() const;
    [[nodiscard]] const std::vector<const PatternRule*>& rules() const;

    [[nodiscard]] const std::vector<Source>& sources() const { return m_sources; }
    [[nodiscard]] std::string_view date() const { return m_embedded.date; }

private:
    KbView m_embedded;
    std::vector<std::unique_ptr<KbData>> m_overlays;
    std::vector<Source> m_sources;
    mutable std::vector<const PatternRule*> m_rules;
    mutable bool m_rules_built = false;
};

} // namespace smtpx::kb
