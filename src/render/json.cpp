// The documented JSON contract (README "JSON output", man page): every key always present, in this order.
#include "render/json.hpp"

namespace smtpx::render {

using nlohmann::ordered_json;

namespace {
template <class T>
ordered_json opt(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}
} // namespace

ordered_json to_json(const Explanation& e) {
    ordered_json j;
    j["input"] = e.input;
    if (e.error) {
        // Every key of an answer, null (README "JSON output"); the keys come from the answer's own
        // shape, so a key added below is null here without a second list to keep in step.
        j["error"] = *e.error;
        const ordered_json shape = to_json(Explanation{});
        for (const auto& item : shape.items())
            if (item.key() != "input") j[item.key()] = nullptr;
        return j;
    }
    j["code"] = opt(e.code);
    j["enhanced"] = opt(e.enhanced);
    j["class"] = e.klass ? ordered_json(name(*e.klass)) : ordered_json(nullptr);
    j["command"] = opt(e.command);
    j["headline"] = e.headline;
    j["title"] = e.title;
    j["summary"] = e.summary;
    j["description"] = e.description;
    j["code_meaning"] = e.code_meaning.empty() ? ordered_json(nullptr) : ordered_json(e.code_meaning);
    j["enhanced_meaning"] = e.enhanced_meaning.empty() ? ordered_json(nullptr) : ordered_json(e.enhanced_meaning);
    j["when"] = e.when;
    j["fix"] = e.fix;
    // A mail that is not a bounce has no reason (reason empty): null, not "undefined".
    j["reason"] = e.reason ? ordered_json(name(*e.reason)) : ordered_json(nullptr);
    j["retryable"] = e.retryable;
    j["retry_window"] = e.retry_window.empty() ? ordered_json(nullptr) : ordered_json(e.retry_window);
    j["bounce"] = name(e.bounce);
    j["actor"] = name(e.actor);
    j["provider"] = opt(e.provider);
    j["software"] = opt(e.software);
    if (e.blocklist)
        j["blocklist"] = {{"name", e.blocklist->name},
                          {"listed", e.blocklist->listed.empty() ? ordered_json(nullptr) : ordered_json(e.blocklist->listed)},
                          {"url", e.blocklist->url}};
    else j["blocklist"] = nullptr;
    j["delivery_status"] = opt(e.delivery_status);
    j["remote_host"] = opt(e.remote_host);
    j["recipient"] = opt(e.recipient);
    j["reply_text"] = e.reply_text.empty() ? ordered_json(nullptr) : ordered_json(e.reply_text);
    j["references"] = e.references;
    j["registered"] = e.registered;
    j["warnings"] = e.warnings;
    j["suggestions"] = e.suggestions;
    ordered_json ev = ordered_json::array();
    for (const auto& x : e.evidence)
        ev.push_back({{"field", x.field}, {"source", x.source}, {"value", x.value}, {"detail", x.detail}});
    j["evidence"] = ev;
    ordered_json alts = ordered_json::array();
    for (const auto& a : e.alternatives) alts.push_back({{"reason", name(a.reason)}, {"source", a.source}});
    j["alternatives"] = alts;
    ordered_json replies = ordered_json::array();
    for (const auto& r : e.replies) replies.push_back(to_json(r));
    j["replies"] = replies;
    if (e.mail) {
        const MailRecord& m = *e.mail;
        j["file"] = m.file;
        j["message"] = opt(m.message);
        j["kind"] = m.kind;
        j["action"] = opt(m.action);
        j["status"] = opt(m.status);
        j["reporting_mta"] = opt(m.reporting_mta);
        j["date"] = opt(m.date);
        j["original"] = {{"message_id", opt(m.original.message_id)},
                         {"from", opt(m.original.from)},
                         {"to", opt(m.original.to)},
                         {"subject", opt(m.original.subject)}};
        j["note"] = opt(m.note);
    }
    return j;
}

ordered_json to_json(const Comparison& c) {
    ordered_json j;
    ordered_json codes = ordered_json::array();
    for (const auto& e : c.codes) codes.push_back(to_json(e));
    j["codes"] = codes;
    ordered_json diffs = ordered_json::array();
    for (const auto& d : c.differences) diffs.push_back({{"aspect", d.aspect}, {"text", d.text}});
    j["differences"] = diffs;
    j["what_to_do"] = c.what_to_do;
    return j;
}

std::string dump(const ordered_json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace smtpx::render
