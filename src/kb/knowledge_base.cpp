// Lookups that consult overlays newest-first, then the embedded tables.
#include "kb/knowledge_base.hpp"

#include <algorithm>
#include <string>
#include <tuple>

namespace smtpx::kb {

KnowledgeBase::KnowledgeBase() : m_embedded(embedded_kb()) {
    m_sources.push_back({"embedded", "(built in)", m_embedded.codes.size(), m_embedded.enhanced.size(),
                         m_embedded.rules.size()});
}

void KnowledgeBase::add_overlay(std::unique_ptr<KbData> data, std::string origin, std::string path) {
    m_sources.push_back({std::move(origin), std::move(path), data->codes.size(), data->enhanced.size(),
                         data->rules.size()});
    m_overlays.push_back(std::move(data));
    m_rules_built = false;
}

namespace {
template <class T, class Pred>
const T* find_in(std::span<const T> items, Pred pred) {
    for (const auto& item : items)
        if (pred(item)) return &item;
    return nullptr;
}
} // namespace

namespace {
/// Newest overlay first, then the embedded table.
template <class T, class Pred>
const T* find_layered(const std::vector<std::unique_ptr<KbData>>& overlays, std::vector<T> KbData::*member,
                      std::span<const T> embedded, Pred pred) {
    for (auto it = overlays.rbegin(); it != overlays.rend(); ++it)
        if (auto* p = find_in<T>((**it).*member, pred)) return p;
    return find_in(embedded, pred);
}
auto by_code(std::string_view code) {
    return [code](const PartEntry& p) { return p.code == code; };
}
} // namespace

const CodeEntry* KnowledgeBase::find_code(int code) const {
    return find_layered(m_overlays, &KbData::codes, m_embedded.codes,
                        [code](const CodeEntry& c) { return c.code == code; });
}

namespace {
/// The entry for `code` exactly, else for its class-independent "X.S.D" form; vendor entries only
/// when `vendors` is true.
const EnhancedEntry* find_enhanced_entry(const std::vector<std::unique_ptr<KbData>>& overlays, const KbView& embedded,
                                         std::string_view code, bool vendors) {
    if (code.size() < 5) return nullptr;
    // A copy with its class replaced, rather than "X" + ..., on which g++ 12 warns (-Wrestrict) wrongly.
    std::string generic(code);
    generic[0] = 'X';
    for (std::string_view key : {code, std::string_view(generic)}) {
        if (auto* e = find_layered(overlays, &KbData::enhanced, embedded.enhanced, [key, vendors](const EnhancedEntry& x) {
                return x.code == key && (vendors || x.status != "vendor");
            }))
            return e;
    }
    return nullptr;
}
} // namespace

const EnhancedEntry* KnowledgeBase::find_enhanced(std::string_view code) const {
    return find_enhanced_entry(m_overlays, m_embedded, code, true);
}

const EnhancedEntry* KnowledgeBase::find_vendor_enhanced(std::string_view code) const {
    return find_layered(m_overlays, &KbData::enhanced, m_embedded.enhanced,
                        [code](const EnhancedEntry& x) { return x.code == code && x.status == "vendor"; });
}

const EnhancedEntry* KnowledgeBase::find_registry_enhanced(std::string_view code) const {
    return find_enhanced_entry(m_overlays, m_embedded, code, false);
}

const PartEntry* KnowledgeBase::find_class(std::string_view digit) const {
    return find_layered(m_overlays, &KbData::classes, m_embedded.classes, by_code(digit));
}
const PartEntry* KnowledgeBase::find_subject(std::string_view digits) const {
    return find_layered(m_overlays, &KbData::subjects, m_embedded.subjects, by_code(digits));
}
const PartEntry* KnowledgeBase::find_basic_class(std::string_view digit) const {
    return find_layered(m_overlays, &KbData::basic_classes, m_embedded.basic_classes, by_code(digit));
}
const PartEntry* KnowledgeBase::find_category(std::string_view digit) const {
    return find_layered(m_overlays, &KbData::categories, m_embedded.categories, by_code(digit));
}
const ReasonEntry* KnowledgeBase::find_reason(Reason name) const {
    return find_layered(m_overlays, &KbData::reasons, m_embedded.reasons,
                        [name](const ReasonEntry& r) { return r.name == name; });
}
std::vector<std::string_view> KnowledgeBase::public_domains() const {
    std::vector<std::string_view> out(m_embedded.public_domains.begin(), m_embedded.public_domains.end());
    for (const auto& o : m_overlays) out.insert(out.end(), o->public_domains.begin(), o->public_domains.end());
    return out;
}
std::string_view KnowledgeBase::retry_window(bool zh) const {
    for (auto it = m_overlays.rbegin(); it != m_overlays.rend(); ++it)
        if (!(*it)->retry_window.empty()) return zh ? (*it)->retry_window_zh : (*it)->retry_window;
    return zh ? m_embedded.retry_window_zh : m_embedded.retry_window;
}

namespace {
/// Embedded entries, then each overlay's, the later replacing the earlier with the same key.
template <class T, class Key>
std::vector<const T*> merged(std::span<const T> embedded, const std::vector<std::unique_ptr<KbData>>& overlays,
                             std::vector<T> KbData::*member, Key key) {
    std::vector<const T*> out;
    auto put = [&](const T& e) {
        auto it = std::find_if(out.begin(), out.end(), [&](const T* x) { return key(*x) == key(e); });
        if (it != out.end()) *it = &e;
        else out.push_back(&e);
    };
    for (const auto& e : embedded) put(e);
    for (const auto& o : overlays)
        for (const auto& e : (*o).*member) put(e);
    return out;
}
} // namespace

std::vector<const CodeEntry*> KnowledgeBase::codes() const {
    auto out = merged(m_embedded.codes, m_overlays, &KbData::codes, [](const CodeEntry& c) { return c.code; });
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
    return out;
}

std::vector<const EnhancedEntry*> KnowledgeBase::enhanced() const {
    auto out = merged(m_embedded.enhanced, m_overlays, &KbData::enhanced, [](const EnhancedEntry& e) { return e.code; });
    // Registry order: by subject, then detail, then class-specific vendor codes after the registry.
    auto key = [](const EnhancedEntry* e) {
        auto s = e->code;
        auto d1 = s.find('.'), d2 = s.find('.', d1 + 1);
        int subject = std::stoi(std::string(s.substr(d1 + 1, d2 - d1 - 1)));
        int detail = std::stoi(std::string(s.substr(d2 + 1)));
        return std::tuple(s[0] == 'X' ? 0 : 1, subject, detail, s[0]);
    };
    std::sort(out.begin(), out.end(), [&](auto* a, auto* b) { return key(a) < key(b); });
    return out;
}

const std::vector<const PatternRule*>& KnowledgeBase::rules() const {
    if (m_rules_built) return m_rules;
    m_rules.clear();
    // Overlay rules with a known id replace the embedded rule in place (keeping its precedence);
    // new ids go before the embedded ones so a site's own wording is tried first.
    std::vector<const PatternRule*> fresh;
    for (const auto& r : m_embedded.rules) m_rules.push_back(&r);
    for (const auto& o : m_overlays)
        for (const auto& r : o->rules) {
            auto it = std::find_if(m_rules.begin(), m_rules.end(), [&](auto* x) { return x->id == r.id; });
            if (it != m_rules.end()) *it = &r;
            else {
                auto f = std::find_if(fresh.begin(), fresh.end(), [&](auto* x) { return x->id == r.id; });
                if (f != fresh.end()) *f = &r;
                else fresh.push_back(&r);
            }
        }
    m_rules.insert(m_rules.begin(), fresh.begin(), fresh.end());
    m_rules_built = true;
    return m_rules;
}

} // namespace smtpx::kb
