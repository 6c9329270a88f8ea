// RE2::Set over every rule; single-rule RE2 objects only to quote the phrase that decided.
#include "classify/matcher.hpp"

#include <algorithm>
#include <system_error>
#include <thread>
#include <re2/re2.h>
#include <re2/set.h>

namespace smtpx::classify {

namespace {
RE2::Options options(int64_t max_mem = int64_t{40} << 20) {
    RE2::Options opt;
    opt.set_case_sensitive(false);
    opt.set_log_errors(false);
    // Hundreds of alternations: give the DFA room, but stay well under the 64 MiB the stats mode allows.
    opt.set_max_mem(max_mem);
    return opt;
}

// Rules per RE2::Set. One set over all ~650 rules is one product DFA whose states carry the
// unfinished matches of every rule at once: each new text built new states at ~60,000 instructions
// a byte (80% of `smtpx mail`'s first pass over the shared mails). Sets of a few rules build
// small states that recur: 4x fewer instructions on new mail, half on a new log (callgrind; 8 beat
// 4, 16, 24 and 64), for more, cheap DFA walks on known text.
constexpr std::size_t kRulesPerSet = 8;
// Each set's own budget (program and DFA states). 2 MiB never reset a DFA on the shared mails or
// logs, 1 MiB did; what is built stays far below it (smtpx mail's peak RSS went 41 -> 25 MiB).
constexpr int64_t kSetMaxMem = int64_t{2} << 20;
} // namespace

Matcher::Matcher(std::vector<const kb::PatternRule*> rules) : m_rules(std::move(rules)) {
    std::vector<const kb::PatternRule*> kept;
    for (const auto* r : m_rules) {
        if (m_sets.empty() || m_sets.back().size == kRulesPerSet) {
            m_sets.push_back({std::make_unique<RE2::Set>(options(kSetMaxMem), RE2::UNANCHORED), static_cast<int>(kept.size()), 0});
        }
        // Patterns were validated at load time; a rule that still fails to compile is dropped, not fatal.
        if (m_sets.back().set->Add(re2::StringPiece(r->pattern.data(), r->pattern.size()), nullptr) >= 0) {
            kept.push_back(r);
            ++m_sets.back().size;
        }
    }
    m_rules = std::move(kept);
    // Compiling the sets is most of a first answer's time (a tenth of `smtpx mail` over 6,240 mails):
    // the sets are independent, so a second thread compiles every other one.
    auto compile = [this](std::size_t from) {
        for (std::size_t i = from; i < m_sets.size(); i += 2) m_sets[i].set->Compile();
    };
    std::thread helper;
    try {
        helper = std::thread(compile, 1);
    } catch (const std::system_error&) {   // no thread to be had: compile them all here
        compile(1);
    }
    compile(0);
    if (helper.joinable()) helper.join();
}

Matcher::~Matcher() = default;

std::vector<const kb::PatternRule*> Matcher::match(std::string_view text) const {
    constexpr std::size_t kMatchCacheBytes = 4u << 20;
    {
        const std::lock_guard<std::mutex> lock(m_seen_mutex);
        if (auto it = m_seen.find(std::string(text)); it != m_seen.end()) return it->second;
    }
    auto out = match_uncached(text);
    if (text.size() <= kMatchCacheBytes / 64) {
        const std::lock_guard<std::mutex> lock(m_seen_mutex);
        if (m_seen_bytes + text.size() > kMatchCacheBytes) {
            m_seen.clear();
            m_seen_bytes = 0;
        }
        if (m_seen.emplace(std::string(text), out).second) m_seen_bytes += text.size();
    }
    return out;
}

std::vector<const kb::PatternRule*> Matcher::match_uncached(std::string_view text) const {
    std::vector<int> hits, part;
    const re2::StringPiece piece(text.data(), text.size());
    for (const Part& p : m_sets) {
        if (!p.set->Match(piece, &part)) continue;
        for (int h : part) hits.push_back(p.first + h);
    }
    std::sort(hits.begin(), hits.end(), [&](int a, int b) {
        auto ta = tier_of(*m_rules[static_cast<std::size_t>(a)]), tb = tier_of(*m_rules[static_cast<std::size_t>(b)]);
        return ta != tb ? ta < tb : a < b;
    });
    std::vector<const kb::PatternRule*> out;
    out.reserve(hits.size());
    for (int h : hits) out.push_back(m_rules[static_cast<std::size_t>(h)]);
    return out;
}

std::string Matcher::phrase(const kb::PatternRule& rule, std::string_view text) const {
    const RE2* compiled = nullptr;
    {
        const std::lock_guard<std::mutex> lock(m_single_mutex);
        auto& slot = m_single[&rule];
        if (!slot) slot = std::make_unique<RE2>(re2::StringPiece(rule.pattern.data(), rule.pattern.size()), options());
        compiled = slot.get();
    }
    const RE2& re = *compiled;   // RE2 objects are safe to share between threads once built
    re2::StringPiece found;
    if (!re.ok() || !re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, &found, 1))
        return {};
    return std::string(found.data(), found.size());
}

} // namespace smtpx::classify
