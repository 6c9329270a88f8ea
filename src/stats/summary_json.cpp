// The stats JSON format, written and read in one place so that --merge reads exactly what --json writes.
#include "stats/summary_json.hpp"

#include "core/error.hpp"

namespace smtpx::stats {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json counts_json(const Counts& c) {
    ordered_json j = ordered_json::object();
    for (const auto& [k, v] : c) j[k] = v;
    return j;
}

/// Reply codes are numbers in every other smtpx JSON; keep them so when they are.
ordered_json code_json(const std::string& code) {
    if (code.empty()) return nullptr;
    if (code.size() <= 3 && code.find_first_not_of("0123456789") == std::string::npos) return std::stoi(code);
    return code;
}

ordered_json top_json(const std::vector<TopEntry>& top) {
    ordered_json a = ordered_json::array();
    for (const auto& t : top) {
        ordered_json e;
        e["count"] = t.count;
        e["status"] = t.status;
        e["reason"] = t.reason;
        e["code"] = code_json(t.code);
        e["enhanced"] = t.enhanced.empty() ? ordered_json(nullptr) : ordered_json(t.enhanced);
        e["provider"] = t.provider.empty() ? ordered_json(nullptr) : ordered_json(t.provider);
        e["retryable"] = t.retryable;
        e["text"] = t.text;
        e["summary"] = t.summary;
        e["fix"] = t.fix;
        a.push_back(std::move(e));
    }
    return a;
}

/// The breakdown's fields into `j`: the summary's top level for delivery attempts, `rejects` for rejections.
void put_breakdown(ordered_json& j, const Breakdown& b) {
    j["statuses"] = counts_json(b.statuses);
    j["reasons"] = counts_json(b.reasons);
    j["codes"] = counts_json(b.codes);
    j["enhanced"] = counts_json(b.enhanced);
    j["providers"] = counts_json(b.providers);
    j["top"] = top_json(b.top);
    j["top_other"] = b.top_other;
}

/// Reads fields and names the first bad one by its JSON pointer.
struct Reader {
    const std::string& source;

    /// `what`: the catalog key of the problem ("stats.summary.*": "'source': pointer: ...").
    [[noreturn]] void bad(const std::string& pointer, const char* what, std::string extra = {}) const {
        throw Error(what, {source, pointer, std::move(extra)});
    }
    const json& at(const json& j, const std::string& ptr, const char* key) const {
        if (!j.is_object()) bad(ptr, "stats.summary.object");
        auto it = j.find(key);
        if (it == j.end()) bad(ptr + "/" + key, "stats.summary.missing");
        return *it;
    }
    std::uint64_t count(const json& j, const std::string& ptr) const {
        if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0)) bad(ptr, "stats.summary.count");
        return j.get<std::uint64_t>();
    }
    std::uint64_t count(const json& j, const std::string& ptr, const char* key) const { return count(at(j, ptr, key), ptr + "/" + key); }
    std::string text(const json& j, const std::string& ptr, const char* key, bool nullable = false) const {
        const json& v = at(j, ptr, key);
        if (nullable && v.is_null()) return {};
        if (v.is_number_integer() && std::string_view(key) == "code") return std::to_string(v.get<std::int64_t>());
        if (!v.is_string()) bad(ptr + "/" + key, nullable ? "stats.summary.string_or_null" : "stats.summary.string");
        return v.get<std::string>();
    }
    Counts counts(const json& j, const std::string& ptr, const char* key) const {
        const json& o = at(j, ptr, key);
        if (!o.is_object()) bad(ptr + "/" + key, "stats.summary.counts");
        Counts c;
        for (auto it = o.begin(); it != o.end(); ++it) c[it.key()] = count(it.value(), ptr + "/" + key + "/" + it.key());
        return c;
    }
    std::vector<TopEntry> top(const json& j, const std::string& ptr) const {
        const json& a = at(j, ptr, "top");
        if (!a.is_array()) bad(ptr + "/top", "stats.summary.array");
        std::vector<TopEntry> out;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string p = ptr + "/top/" + std::to_string(i);
            TopEntry t;
            t.count = count(a[i], p, "count");
            t.status = text(a[i], p, "status");
            t.reason = text(a[i], p, "reason");
            t.code = text(a[i], p, "code", true);
            t.enhanced = text(a[i], p, "enhanced", true);
            t.provider = text(a[i], p, "provider", true);
            const json& r = at(a[i], p, "retryable");
            if (!r.is_boolean()) bad(p + "/retryable", "stats.summary.boolean");
            t.retryable = r.get<bool>();
            t.text = text(a[i], p, "text");
            t.summary = text(a[i], p, "summary");
            t.fix = text(a[i], p, "fix");
            out.push_back(std::move(t));
        }
        return out;
    }
    Breakdown breakdown(const json& j, const std::string& ptr) const {
        Breakdown b;
        b.statuses = counts(j, ptr, "statuses");
        b.reasons = counts(j, ptr, "reasons");
        b.codes = counts(j, ptr, "codes");
        b.enhanced = counts(j, ptr, "enhanced");
        b.providers = counts(j, ptr, "providers");
        b.top = top(j, ptr);
        b.top_other = count(j, ptr, "top_other");
        return b;
    }
};

} // namespace

ordered_json to_json(const Summary& s) {
    ordered_json j;
    j["format"] = kSummaryFormat;
    j["sources"] = s.sources;
    j["first"] = s.first.empty() ? ordered_json(nullptr) : ordered_json(s.first);
    j["last"] = s.last.empty() ? ordered_json(nullptr) : ordered_json(s.last);
    j["lines"] = s.lines;
    j["out_of_range"] = s.out_of_range;
    j["deliveries"] = s.deliveries;
    j["handoffs"] = s.handoffs;
    j["final"] = counts_json(s.final);
    j["final_capped"] = s.final_capped;
    put_breakdown(j, s.attempts);
    j["domains"] = counts_json(s.domains);
    j["domains_other"] = s.domains_other;
    ordered_json rejects;
    rejects["count"] = s.rejects;
    put_breakdown(rejects, s.rejected);
    j["rejects"] = std::move(rejects);
    return j;
}

Summary summary_from_json(const json& j, const std::string& source) {
    Reader r{source};
    Summary s;
    if (!j.is_object()) r.bad("", "stats.summary.not_summary");
    if (auto f = j.find("format"); f == j.end() || !f->is_number_integer() || f->get<int>() != kSummaryFormat)
        r.bad("/format", "stats.summary.format", std::to_string(kSummaryFormat));
    s.lines = r.count(j, "", "lines");
    s.out_of_range = r.count(j, "", "out_of_range");
    s.deliveries = r.count(j, "", "deliveries");
    s.handoffs = r.count(j, "", "handoffs");
    s.first = r.text(j, "", "first", true);
    s.last = r.text(j, "", "last", true);
    s.final = r.counts(j, "", "final");
    const json& capped = r.at(j, "", "final_capped");
    if (!capped.is_boolean()) r.bad("/final_capped", "stats.summary.boolean");
    s.final_capped = capped.get<bool>();
    s.attempts = r.breakdown(j, "");
    s.domains = r.counts(j, "", "domains");
    s.domains_other = r.count(j, "", "domains_other");
    const json& rej = r.at(j, "", "rejects");
    s.rejects = r.count(rej, "/rejects", "count");
    s.rejected = r.breakdown(rej, "/rejects");
    const json& src = r.at(j, "", "sources");
    if (!src.is_array()) r.bad("/sources", "stats.summary.strings");
    for (std::size_t i = 0; i < src.size(); ++i) {
        if (!src[i].is_string()) r.bad("/sources/" + std::to_string(i), "stats.summary.string");
        s.sources.push_back(src[i].get<std::string>());
    }
    return s;
}

} // namespace smtpx::stats
