#pragma once
// All wording rules compiled once into one RE2::Set: linear time in the text, whatever the rule count.
#include "classify/decide.hpp"
#include "kb/model.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include <re2/re2.h>

namespace smtpx::classify {

class Matcher {
public:
    explicit Matcher(std::vector<const kb::PatternRule*> rules);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    /// Every rule whose pattern occurs in `text`, best first: in k_rule_tiers order (decide.hpp), then
    /// knowledge-base order.
    [[nodiscard]] std::vector<const kb::PatternRule*> match(std::string_view text) const;

    /// The part of `text` that `rule` matched (for evidence); empty when it does not match.
    [[nodiscard]] std::string phrase(const kb::PatternRule& rule, std::string_view text) const;

    [[nodiscard]] const std::vector<const kb::PatternRule*>& rules() const { return m_rules; }

private:
    [[nodiscard]] std::vector<const kb::PatternRule*> match_uncached(std::string_view text) const;

    std::vector<const kb::PatternRule*> m_rules;
    // The rules split into consecutive sets (see kRulesPerSet); a hit's index is `first` + its index in the set.
    struct Part {
        std::unique_ptr<RE2::Set> set;
        int first = 0;
        std::size_t size = 0;
    };
    std::vector<Part> m_sets;
    // One compiled RE2 per rule that has quoted a phrase: compiling it anew for every answer cost more
    // than the set match itself (a mailbox asks for the same few rules thousands of times).
    mutable std::mutex m_single_mutex;
    mutable std::unordered_map<const kb::PatternRule*, std::unique_ptr<RE2>> m_single;
    // The rules each recently seen text matched: a mailbox repeats the same few wordings, and a set
    // match costs a DFA walk every time. Bounded by kMatchCacheBytes of keys, then started afresh.
    mutable std::mutex m_seen_mutex;
    mutable std::unordered_map<std::string, std::vector<const kb::PatternRule*>> m_seen;
    mutable std::size_t m_seen_bytes = 0;
};

} // namespace smtpx::classify
