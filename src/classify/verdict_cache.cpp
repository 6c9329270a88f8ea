// Keys come from classify::cache_key(); the digit runs a pattern spells out are collected here, from
// the same rules the matcher compiled, so that a knowledge-base edit needs no code change.
#include "classify/verdict_cache.hpp"

#include "classify/normalize.hpp"
#include "util/strings.hpp"

namespace smtpx::classify {

/// Runs of two or more digits written literally in `pattern` ("50" in "exceeded\s+50\s+hops"), not
/// the counts of a repetition ("{20,24}").
void digit_runs(std::string_view pattern, DigitLiterals& out) {
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] == '{' && (i == 0 || pattern[i - 1] != '\\')) {
            const std::size_t close = pattern.find('}', i);
            if (close != std::string_view::npos &&
                pattern.substr(i + 1, close - i - 1).find_first_not_of("0123456789,") == std::string_view::npos) {
                i = close + 1;
                continue;
            }
        }
        if (!util::is_digit(pattern[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < pattern.size() && util::is_digit(pattern[j])) ++j;
        if (j - i >= 2) out.add(pattern.substr(i, j - i));
        i = j;
    }
}

VerdictCache::VerdictCache(const Matcher& matcher) : m_matcher(matcher) {
    for (const auto* rule : matcher.rules()) digit_runs(rule->pattern, m_digit_literals);
}

const std::vector<const kb::PatternRule*>& VerdictCache::match(std::string_view text) {
    if (!cache_key(text, m_key, m_digit_literals, kMaxKeyBytes)) {
        ++m_misses;
        return m_uncached = m_matcher.match(text);
    }
    if (auto it = m_entries.find(m_key); it != m_entries.end()) {
        ++m_hits;
        return it->second;
    }
    ++m_misses;
    if (m_entries.size() >= kMaxEntries) m_entries.clear();
    return m_entries.emplace(m_key, m_matcher.match(text)).first->second;
}

} // namespace smtpx::classify
