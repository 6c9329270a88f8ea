// Merging summaries and trimming their bounded parts.
#include "stats/summary.hpp"

#include <algorithm>
#include <unordered_map>

namespace smtpx::stats {

namespace {
void add(Counts& a, const Counts& b) {
    for (const auto& [k, v] : b) a[k] += v;
}

void merge_top(std::vector<TopEntry>& a, const std::vector<TopEntry>& b) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < a.size(); ++i) index.emplace(a[i].status + '\x1f' + a[i].text, i);
    for (const auto& e : b) {
        auto [it, fresh] = index.emplace(e.status + '\x1f' + e.text, a.size());
        if (fresh) a.push_back(e);
        else a[it->second].count += e.count;
    }
}

void merge_breakdown(Breakdown& a, const Breakdown& b) {
    add(a.statuses, b.statuses);
    add(a.reasons, b.reasons);
    add(a.codes, b.codes);
    add(a.enhanced, b.enhanced);
    add(a.providers, b.providers);
    merge_top(a.top, b.top);
    a.top_other += b.top_other;
    keep_largest(a.top, kKeepTop, a.top_other);
}
} // namespace

void keep_largest(Counts& counts, std::size_t keep, std::uint64_t& other) {
    if (counts.size() <= keep) return;
    std::vector<std::uint64_t> values;
    values.reserve(counts.size());
    for (const auto& kv : counts) values.push_back(kv.second);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(keep - 1), values.end(), std::greater<>());
    const std::uint64_t threshold = values[keep - 1];
    // Ties at the threshold are cut by name so that the result does not depend on hash order.
    std::size_t above = 0;
    for (const auto& kv : counts) above += kv.second > threshold;
    std::size_t ties_left = keep - above;
    for (auto it = counts.begin(); it != counts.end();) {
        bool drop = it->second < threshold || (it->second == threshold && ties_left == 0);
        if (!drop && it->second == threshold) --ties_left;
        if (drop) {
            other += it->second;
            it = counts.erase(it);
        } else {
            ++it;
        }
    }
}

void keep_largest(std::vector<TopEntry>& top, std::size_t keep, std::uint64_t& other) {
    std::stable_sort(top.begin(), top.end(), [](const TopEntry& a, const TopEntry& b) {
        return a.count != b.count ? a.count > b.count : a.text < b.text;
    });
    for (std::size_t i = keep; i < top.size(); ++i) other += top[i].count;
    if (top.size() > keep) top.resize(keep);
}

void merge_into(Summary& a, const Summary& b) {
    a.lines += b.lines;
    a.out_of_range += b.out_of_range;
    a.deliveries += b.deliveries;
    a.handoffs += b.handoffs;
    a.rejects += b.rejects;
    if (!b.first.empty() && (a.first.empty() || b.first < a.first)) a.first = b.first;
    if (!b.last.empty() && (a.last.empty() || b.last > a.last)) a.last = b.last;
    add(a.final, b.final);
    a.final_capped = a.final_capped || b.final_capped;
    merge_breakdown(a.attempts, b.attempts);
    add(a.domains, b.domains);
    a.domains_other += b.domains_other;
    keep_largest(a.domains, kKeepDomains, a.domains_other);
    merge_breakdown(a.rejected, b.rejected);
    a.sources.insert(a.sources.end(), b.sources.begin(), b.sources.end());
}

} // namespace smtpx::stats
