#pragma once
// The verdict cache: which wording rules a text matches, kept per normalised text (cache_key()), so
// that the same message seen on many lines runs the rule set once. Only the rule verdict is shared:
// everything taken from an input (its recipient, host, queue id, the phrase a rule quoted, a
// blocklist's listed address, texts quoting the MTA's words) is still read from the input itself by
// the classifier, so an answer is the same with and without the cache (tests/cli/test_cache.py).
#include "classify/matcher.hpp"
#include "classify/normalize.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace smtpx::classify {

/// Adds the runs of two or more digits that `pattern` spells out ("50" in "exceeded\s+50\s+hops", not
/// the counts of "{20,24}") to `out`: a cache key keeps those, since a rule tells them apart.
void digit_runs(std::string_view pattern, DigitLiterals& out);

class VerdictCache {
public:
    /// Texts longer than this are matched every time (they are rare and make poor keys).
    static constexpr std::size_t kMaxKeyBytes = 16 * 1024;
    /// Entries kept before the cache starts again: memory stays flat over any input length.
    static constexpr std::size_t kMaxEntries = 50'000;

    explicit VerdictCache(const Matcher& matcher);

    /// matcher.match(text), from the cache when a text with the same key was matched before.
    const std::vector<const kb::PatternRule*>& match(std::string_view text);

    [[nodiscard]] std::size_t hits() const { return m_hits; }
    [[nodiscard]] std::size_t misses() const { return m_misses; }

private:
    const Matcher& m_matcher;
    DigitLiterals m_digit_literals;   // digit runs that some pattern spells out
    std::unordered_map<std::string, std::vector<const kb::PatternRule*>> m_entries;
    std::vector<const kb::PatternRule*> m_uncached;
    std::string m_key;
    std::size_t m_hits = 0, m_misses = 0;
};

} // namespace smtpx::classify
