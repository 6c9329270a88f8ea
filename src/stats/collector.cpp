// The statistics hot path. Per line: one scan, one normalisation and one hash lookup that counts the line
// in its group (same status, relay domain and normalised text). Groups are classified once, at the end,
// on both cores, while the matcher they need was compiled on the other core during the scan.
#include "stats/collector.hpp"

#include "stats/line_source.hpp"
#include "classify/normalize.hpp"
#include "stats/verdicts.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <unordered_map>
#include <thread>
#include <utility>
#include <vector>

namespace smtpx::stats {

using parse::EventKind;
using parse::LogEvent;
using parse::relay_domain;
using parse::domain_of;

namespace {

struct SvHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using Table = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;

/// Past these sizes a table is trimmed: memory stays bounded whatever the log.
constexpr std::size_t kTrimDomainsAt = 50'000;
constexpr std::size_t kTrimTopAt = 20'000;
constexpr std::size_t kMaxSample = 4096;      // bytes of a group's sample line kept for the classifier
constexpr std::size_t kMaxGroups = 50'000;   // distinct texts held before they are classified and folded
constexpr std::size_t kMaxQueue = 300'000;   // queue ids awaiting removal; ~25 MB at most

std::uint64_t* slot(Table<std::uint64_t>& t, std::string_view key) {
    auto it = t.find(key);
    if (it == t.end()) it = t.emplace(std::string(key), 0).first;
    return &it->second;   // unordered_map nodes never move: the pointer stays valid until erased
}

struct Tally {
    Table<std::uint64_t> statuses, reasons, codes, enhanced, providers;
    Table<TopEntry> top;
    std::uint64_t top_other = 0;
};

/// Lines that share status, reported status, relay domain and normalised text: classified once, at the end.
struct Group {
    char tag = 'D';             // 'D' delivery attempt, 'R' inbound rejection
    std::string status, dsn, text;
    std::string sample;         // the first line, for the classifier
    std::string relay;          // its relay host
    std::uint64_t count = 0;
    std::uint64_t id = 0;              // group_id(text), for --events
    const Verdict* verdict = nullptr;  // fetched once when its first event is written

    /// Everything but the relay: groups that differ only in relay domain share one classification.
    std::string wording_key() const { return tag + status + '\x1f' + dsn + '\x1f' + text; }
};

bool is_success(std::string_view status) { return status == "sent" || status == "suppressed" || status == "deliverable"; }

Counts to_counts(const Table<std::uint64_t>& t) {
    Counts c;
    for (const auto& [k, v] : t)
        if (v) c.emplace(k, v);
    return c;
}

int digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (!util::is_digit(s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

} // namespace

bool canonical_time(std::string_view s, const CollectorOptions& opt, std::string& out) {
    static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (s.size() >= 19 && digits(s, 0, 4) >= 0 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ')) {
        out.assign(s.substr(0, 19));
        out[10] = ' ';
        return true;
    }
    if (s.size() < 15 || s[3] != ' ' || s[9] != ':') return false;
    const auto m = std::find(months.begin(), months.end(), s.substr(0, 3));
    if (m == months.end()) return false;
    const int month = static_cast<int>(m - months.begin()) + 1;
    int year = opt.year;
    if (year == 0) {
        std::time_t now = std::time(nullptr);
        std::tm tm{};
        localtime_r(&now, &tm);
        year = tm.tm_year + 1900;
    }
    if (month > opt.year_month) --year;   // a December line in a log that ends in January
    const int day = s[4] == ' ' ? digits(s, 5, 1) : digits(s, 4, 2);
    if (day < 0) return false;
    char buf[48];   // room for any int year, month and day: the compiler checks it
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %.8s", year, month, day, s.data() + 7);
    out.assign(buf);
    return true;
}

bool canonical_bound(std::string_view t, std::string& out) {
    if (t.size() < 10 || digits(t, 0, 4) < 0 || t[4] != '-' || digits(t, 5, 2) < 1 || t[7] != '-' || digits(t, 8, 2) < 1)
        return false;
    if (digits(t, 5, 2) > 12 || digits(t, 8, 2) > 31) return false;
    out.assign(t.substr(0, 10));
    std::string_view rest = t.substr(10);
    std::string clock = "00:00:00";
    if (!rest.empty()) {
        if (rest[0] != ' ' && rest[0] != 'T') return false;
        rest.remove_prefix(1);
        if (rest.size() != 5 && rest.size() != 8) return false;
        if (digits(rest, 0, 2) < 0 || digits(rest, 0, 2) > 23 || rest[2] != ':' || digits(rest, 3, 2) < 0 || digits(rest, 3, 2) > 59)
            return false;
        if (rest.size() == 8 && (rest[5] != ':' || digits(rest, 6, 2) < 0 || digits(rest, 6, 2) > 60)) return false;
        clock.replace(0, rest.size(), rest);
    }
    out += ' ';
    out += clock;
    return true;
}

std::uint64_t group_id(std::string_view normalised) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : normalised) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// One entry for the outcome table, in log order: a delivery attempt's status, or a removal.
struct Outcome {
    std::size_t qid = 0, rcpt = 0;   // hashes: 64 bits, so collisions are negligible at log sizes
    std::string_view status;         // empty for a removal
};

/// What one thread collects from its share of the lines: everything that does not depend on order.
struct Collector::Shard {
    const CollectorOptions& opt;
    Table<Group> groups;
    Table<std::uint64_t> domains;
    std::uint64_t domains_other = 0;
    std::uint64_t lines = 0, deliveries = 0, handoffs = 0, rejects = 0, out_of_range = 0;
    std::string_view first, last;    // raw timestamps of the current block, views into it
    std::vector<Outcome> outcomes;   // of the current block, in order
    std::vector<std::string> fresh;  // keys of the groups this block created, to classify early
    /// --events: this block's attempts and rejections in order, written once their verdicts are known.
    struct Pending {
        LogEvent ev;
        Group* group;   // map nodes stay put until fold(), which waits for these to be written
    };
    bool keep_events = false;
    std::vector<Pending> pending;
    std::string key, norm, stamp;    // reused buffers: no allocation per line once warm

    explicit Shard(const CollectorOptions& o) : opt(o) {}

    void line(std::string_view line) {
        ++lines;
        const LogEvent ev = parse::scan_log_line(line);
        if (ev.kind == EventKind::None || ev.kind == EventKind::Detail) {
            if (!ev.timestamp.empty() && opt.since.empty() && opt.until.empty()) {
                if (first.empty()) first = ev.timestamp;
                last = ev.timestamp;
            }
            return;
        }
        if (!ev.timestamp.empty()) {
            if ((!opt.since.empty() || !opt.until.empty()) && canonical_time(ev.timestamp, opt, stamp) &&
                ((!opt.since.empty() && stamp < opt.since) || (!opt.until.empty() && stamp >= opt.until))) {
                ++out_of_range;
                return;
            }
            if (first.empty()) first = ev.timestamp;
            last = ev.timestamp;
        }
        switch (ev.kind) {
        case EventKind::Removed:
            // --events reports no final outcomes: the queue table (up to 300,000 ids) is not kept.
            if (!ev.queue_id.empty() && !keep_events) outcomes.push_back({std::hash<std::string_view>{}(ev.queue_id), 0, {}});
            break;
        case EventKind::Delivery:
            if (ev.handoff) {
                ++handoffs;
                break;
            }
            ++deliveries;
            if (Group* g = group(ev, line, 'D'); keep_events) pending.push_back({ev, g});
            count_domain(ev.recipient);
            if (!ev.queue_id.empty() && !keep_events)
                outcomes.push_back({std::hash<std::string_view>{}(ev.queue_id), std::hash<std::string_view>{}(ev.recipient), ev.status});
            break;
        case EventKind::Reject:
            ++rejects;
            if (Group* g = group(ev, line, 'R'); keep_events) pending.push_back({ev, g});
            break;
        case EventKind::None:
        case EventKind::Detail: break;
        }
    }

    /// Count the line in its group; a new group keeps the line as its sample.
    Group* group(const LogEvent& ev, std::string_view line, char tag) {
        classify::normalise(ev.text, norm);
        key.assign(1, tag);
        key += ev.status;
        key += '\x1f';
        key += ev.dsn;
        key += '\x1f';
        key += relay_domain(ev.relay);
        key += '\x1f';
        key += norm;
        auto it = groups.find(key);
        if (it == groups.end()) {
            it = groups.emplace(key, Group{tag, std::string(ev.status), std::string(ev.dsn), norm,
                                           std::string(line.substr(0, kMaxSample)), std::string(ev.relay), 0,
                                           keep_events ? group_id(norm) : 0, nullptr})
                     .first;
            fresh.push_back(key);
        }
        ++it->second.count;
        return &it->second;
    }

    void count_domain(std::string_view rcpt) {
        std::string_view d = domain_of(rcpt);
        if (d.empty()) return;
        char buf[256];
        const std::size_t n = std::min(d.size(), sizeof buf);
        for (std::size_t i = 0; i < n; ++i) buf[i] = util::to_lower(d[i]);
        ++*slot(domains, std::string_view(buf, n));
        if (domains.size() >= kTrimDomainsAt) {
            Counts c = to_counts(domains);
            keep_largest(c, kKeepDomains, domains_other);
            domains.clear();
            for (auto& [k, v] : c) domains.emplace(k, v);
        }
    }
};

struct Collector::State {
    CollectorOptions opt;
    Summary sum;
    Tally attempts, rejected;
    Shard shards[2]{Shard(opt), Shard(opt)};
    Verdicts verdicts;   // classifies each new group's sample while the scan goes on
    std::string stamp;
    EventFn events;

    // Last outcome per queue id and recipient, forgotten when the queue removes the message.
    std::vector<std::string> status_names;
    std::vector<std::uint64_t> final_counts;
    std::unordered_map<std::size_t, std::vector<std::pair<std::size_t, unsigned char>>> queue;

    State(const classify::Classifier& c, CollectorOptions o) : opt(std::move(o)), verdicts(c) {
        queue.reserve(4096);
    }

    unsigned char status_index(std::string_view status) {
        for (std::size_t i = 0; i < status_names.size(); ++i)
            if (status_names[i] == status) return static_cast<unsigned char>(i);
        if (status_names.size() >= 32) return 0;   // statuses are a small fixed set; stop growing on junk
        status_names.emplace_back(status);
        final_counts.push_back(0);
        return static_cast<unsigned char>(status_names.size() - 1);
    }

    void flush_queue() {
        for (const auto& [id, rcpts] : queue)
            for (const auto& r : rcpts) ++final_counts[r.second];
        queue.clear();
    }

    void apply(const Outcome& o) {
        if (o.status.empty()) {   // removed: its recipients' last outcomes are final
            auto it = queue.find(o.qid);
            if (it == queue.end()) return;
            for (const auto& r : it->second) ++final_counts[r.second];
            queue.erase(it);
            return;
        }
        const unsigned char idx = status_index(o.status);
        auto it = queue.find(o.qid);
        if (it == queue.end()) {
            if (queue.size() >= kMaxQueue) {
                flush_queue();
                sum.final_capped = true;
            }
            it = queue.emplace(o.qid, std::vector<std::pair<std::size_t, unsigned char>>{}).first;
        }
        for (auto& r : it->second)
            if (r.first == o.rcpt) {
                r.second = idx;
                return;
            }
        it->second.emplace_back(o.rcpt, idx);
    }

    /// After each block: outcomes in log order, timestamps, and folding when the groups grow large.
    void settle(Shard& sh) {
        for (const auto& o : sh.outcomes) apply(o);
        sh.outcomes.clear();
        for (std::string_view t : {sh.first, sh.last}) {
            if (t.empty() || !canonical_time(t, opt, stamp)) continue;
            if (sum.first.empty() || stamp < sum.first) sum.first = stamp;
            if (sum.last.empty() || stamp > sum.last) sum.last = stamp;
        }
        sh.first = sh.last = {};
        for (const auto& k : sh.fresh) {
            const Group& g = sh.groups.at(k);
            verdicts.submit(g.wording_key(), g.relay, g.sample);
        }
        sh.fresh.clear();
    }

    /// --events: the block's attempts in log order, each with its group's verdict (classified by now
    /// or while waiting here: the same verdict the summary counts the line under).
    void emit(Shard& sh) {
        for (const auto& p : sh.pending) {
            Group& g = *p.group;
            if (!g.verdict) g.verdict = &verdicts.get(g.wording_key(), g.relay, g.sample);
            const LogEvent& ev = p.ev;
            events(Event{ev.timestamp, ev.host, ev.mta, ev.queue_id, ev.recipient, ev.relay, ev.status, ev.dsn,
                         g.text, g.id, g.tag == 'R', g.verdict, opt.year, opt.year_month});
        }
        sh.pending.clear();
    }

    void fold_if_large() {
        if (shards[0].groups.size() >= kMaxGroups || shards[1].groups.size() >= kMaxGroups) fold();
    }

    /// Add every group to the tallies with its verdict (mostly ready: classified during the scan).
    /// Groups that differ only in relay domain share a verdict when their relays belong to the same
    /// provider (or to none): a provider's own meaning of a code depends on who sent it.
    void fold() {
        Table<Group>& all = shards[0].groups;
        for (auto& kv : shards[1].groups) {
            auto [it, fresh] = all.try_emplace(kv.first, std::move(kv.second));
            if (!fresh) it->second.count += kv.second.count;
        }
        shards[1].groups.clear();
        for (const auto& kv : all) add(kv.second, verdicts.get(kv.second.wording_key(), kv.second.relay, kv.second.sample));
        all.clear();
        for (Shard& sh : shards) sh.fresh.clear();
    }

    void add(const Group& g, const Verdict& e) {
        Tally& t = g.tag == 'R' ? rejected : attempts;
        *slot(t.statuses, g.status) += g.count;
        *slot(t.reasons, name(e.reason)) += g.count;
        if (!e.code.empty()) *slot(t.codes, e.code) += g.count;
        const std::string& enhanced = !g.dsn.empty() ? g.dsn : e.enhanced;
        if (!enhanced.empty()) *slot(t.enhanced, enhanced) += g.count;
        if (!e.provider.empty()) *slot(t.providers, e.provider) += g.count;
        if (is_success(g.status)) return;
        auto [it, fresh] = t.top.try_emplace(g.status + '\x1f' + g.text);
        TopEntry& top = it->second;
        if (fresh) {
            top.text = g.text.empty() ? g.status : g.text;
            top.status = g.status;
            top.reason = name(e.reason);
            top.code = e.code;
            top.enhanced = enhanced;
            top.provider = e.provider;
            top.retryable = e.retryable;
            top.summary = e.summary;
            top.fix = e.fix;
        }
        top.count += g.count;
        trim_top(t);
    }

    void trim_top(Tally& t) {
        if (t.top.size() < kTrimTopAt) return;
        std::vector<std::uint64_t> counts;
        for (const auto& kv : t.top) counts.push_back(kv.second.count);
        if (counts.size() <= kKeepTop) return;
        std::nth_element(counts.begin(), counts.begin() + kKeepTop, counts.end(), std::greater<>());
        const std::uint64_t threshold = counts[kKeepTop];
        for (auto it = t.top.begin(); it != t.top.end();) {
            if (it->second.count <= threshold) {
                t.top_other += it->second.count;
                it = t.top.erase(it);
            } else {
                ++it;
            }
        }
    }
};

Collector::Collector(const classify::Classifier& classifier, CollectorOptions options)
    : m(std::make_unique<State>(classifier, std::move(options))) {}
Collector::~Collector() = default;

void Collector::set_clock(int year, int month) {
    m->opt.year = year;
    m->opt.year_month = month;
}

void Collector::on_event(EventFn fn) {
    m->events = std::move(fn);
    for (Shard& sh : m->shards) sh.keep_events = static_cast<bool>(m->events);
}

void Collector::line(std::string_view line) {
    m->shards[0].line(line);
    m->settle(m->shards[0]);
    if (m->events) m->emit(m->shards[0]);
    m->fold_if_large();
}

void Collector::block(std::string_view block) {
    State& s = *m;
    // Small blocks are not worth a thread; large ones are cut in two at a line end, the second half
    // scanned on the other core. Outcomes are then applied in log order: first half, second half.
    std::size_t cut = block.size() < (std::size_t{256} << 10) ? block.size() : block.find('\n', block.size() / 2);
    cut = cut == std::string_view::npos ? block.size() : std::min(block.size(), cut + 1);
    auto scan = [](Shard& sh, std::string_view part) { split_lines(part, [&sh](std::string_view l) { sh.line(l); }); };
    if (cut < block.size()) {
        std::thread other(scan, std::ref(s.shards[1]), block.substr(cut));
        scan(s.shards[0], block.substr(0, cut));
        other.join();
    } else {
        scan(s.shards[0], block);
    }
    s.settle(s.shards[0]);
    s.settle(s.shards[1]);
    if (s.events) {
        s.emit(s.shards[0]);
        s.emit(s.shards[1]);
    }
    s.fold_if_large();
}

Summary Collector::finish() {
    State& s = *m;
    s.fold();
    s.flush_queue();
    for (std::size_t i = 0; i < s.status_names.size(); ++i)
        if (s.final_counts[i]) s.sum.final[s.status_names[i]] += s.final_counts[i];
    for (Shard& sh : s.shards) {
        s.sum.lines += sh.lines;
        s.sum.deliveries += sh.deliveries;
        s.sum.handoffs += sh.handoffs;
        s.sum.rejects += sh.rejects;
        s.sum.out_of_range += sh.out_of_range;
        s.sum.domains_other += sh.domains_other;
        for (const auto& [k, v] : sh.domains) s.sum.domains[k] += v;
    }
    keep_largest(s.sum.domains, kKeepDomains, s.sum.domains_other);
    auto breakdown = [](Tally& t, Breakdown& b) {
        b.statuses = to_counts(t.statuses);
        b.reasons = to_counts(t.reasons);
        b.codes = to_counts(t.codes);
        b.enhanced = to_counts(t.enhanced);
        b.providers = to_counts(t.providers);
        for (auto& kv : t.top)
            if (kv.second.count) b.top.push_back(std::move(kv.second));
        b.top_other = t.top_other;
        keep_largest(b.top, kKeepTop, b.top_other);
    };
    breakdown(s.attempts, s.sum.attempts);
    breakdown(s.rejected, s.sum.rejected);
    return std::move(s.sum);
}

} // namespace smtpx::stats
