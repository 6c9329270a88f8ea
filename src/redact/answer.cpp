// Which fields of an Explanation hold input (scanned) and which hold knowledge-base prose that may
// quote the input (only the values already found are replaced there).
#include "redact/answer.hpp"

#include "util/strings.hpp"

namespace smtpx::redact {

namespace {
void redact_optional(std::optional<std::string>& s, Redactor& r) {
    if (s) *s = r.redact(*s);
}

/// A host field such as "exchange01" or "mail-gw.corp" names a site even without a public TLD.
void redact_host_field(std::optional<std::string>& host, Redactor& r) {
    if (!host) return;
    std::string scanned = r.redact(*host);
    bool untouched = scanned == *host;
    bool site_name = host->find_first_of(".-0123456789") != std::string::npos;
    if (untouched && site_name && !r.is_public_domain(*host) && !util::iequals(*host, "localhost"))
        *host = r.force_host(*host);
    else *host = std::move(scanned);
}

void redact_one(Explanation& e, Redactor& r) {
    r.begin_record();
    const std::string original = e.input;
    // The input first, so placeholders are numbered in reading order; then a host field that did
    // not look like a host name is forced and replaced in the input after the fact.
    e.input = r.redact(e.input);
    redact_host_field(e.remote_host, r);
    e.input = r.replace_seen(e.input);
    // Scanned behind its code, so that "4.16.55.1" in the status slot reads as a status, not an IP.
    if (e.code && !e.reply_text.empty()) {
        std::string prefix = std::to_string(*e.code) + " ";
        e.reply_text = r.replace_seen(r.redact(prefix + e.reply_text).substr(prefix.size()));
    } else {
        e.reply_text = r.replace_seen(r.redact(e.reply_text));
    }
    redact_optional(e.error, r);
    redact_optional(e.recipient, r);
    if (e.blocklist) e.blocklist->listed = r.redact(e.blocklist->listed);
    for (auto& w : e.warnings) w = r.replace_seen(r.redact(w));
    for (auto& ev : e.evidence) {
        ev.value = r.replace_seen(r.redact(ev.value));
        ev.detail = r.replace_seen(r.redact(ev.detail));
    }
    // The title and description are knowledge-base prose, except that a log line without a reply
    // is quoted in them; summary, when and fix never quote the input and stay as written.
    for (std::string* prose : {&e.title, &e.description}) *prose = r.replace_seen(*prose, original);
    if (e.error) *e.error = r.replace_seen(*e.error, original);
    if (e.mail) {
        // A mail's record quotes the returned message's headers and the reporting host; the file
        // name is the user's own path and stays.
        MailRecord& m = *e.mail;
        redact_host_field(m.reporting_mta, r);
        for (auto* f : {&m.original.message_id, &m.original.from, &m.original.to, &m.original.subject, &m.note})
            redact_optional(*f, r);
    }
}
} // namespace

void redact(Explanation& e, Redactor& redactor) {
    redact_one(e, redactor);
    for (auto& reply : e.replies) redact(reply, redactor);
}

} // namespace smtpx::redact
