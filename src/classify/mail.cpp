// Per-recipient explanations of a mail: bounces through the classifier, feedback reports and
// auto-replies from their reason entry, other mail as a record with no reason.
#include "classify/mail.hpp"
#include "util/strings.hpp"

namespace smtpx::classify {

namespace {

std::optional<std::string> opt(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

/// An answer decided by the kind of mail alone (feedback, vacation): the reason entry's own texts.
Explanation from_reason(const Classifier& c, Reason reason, const parse::MailAnswer& a) {
    Explanation e;
    e.input = a.input;
    e.reason = reason;
    e.retryable = false;
    const bool zh = c.options().lang == Lang::Zh;
    if (const kb::ReasonEntry* re = c.kb().find_reason(reason)) {
        e.title = std::string(zh && !re->zh.title.empty() ? re->zh.title : re->title);
        e.reason_title = e.title;
        e.description = std::string(zh && !re->zh.description.empty() ? re->zh.description : re->description);
        // Line 1 says what the mail is, in the reason's own first sentence.
        e.summary = e.description.substr(0, util::first_sentence(e.description));
        e.headline = e.summary;
        e.actor = re->actor;
        e.bounce = re->bounce.value_or(Bounce::none);
    }
    e.evidence.push_back({"reason", "kind", std::string(name(reason)), ""});
    return e;
}

} // namespace

std::vector<Explanation> explain_mail(const Classifier& classifier, const parse::MailReading& mail, const std::string& file,
                                      std::optional<int> index) {
    std::vector<Explanation> out;
    const Lang lang = classifier.options().lang;
    for (const parse::MailAnswer& a : mail.answers) {
        Explanation e;
        switch (mail.kind) {
        case parse::MailKind::FeedbackReport: e = from_reason(classifier, Reason::feedback, a); break;
        case parse::MailKind::AutoReply: e = from_reason(classifier, Reason::vacation, a); break;
        case parse::MailKind::NotABounce:
            e.input = a.input;
            e.reason.reset();   // rendered as null: there is nothing to explain
            e.title = std::string(msg(lang, "mail.not_bounce"));
            break;
        default: {
            parse::ParsedInput p = a.parsed;
            // The MTA gave up after temporary failures: the classifier makes it `expired` and keeps
            // the last temporary cause as the other reading.
            // Failed on the first attempts (the DSN's dates): no retrying lies behind it, so neither the
            // queue's expiry nor "gave up after retrying" may stand in for the reply's own reason.
            const bool failed_at_once = !a.expired && a.first_attempt && a.action == "failed";
            if (a.expired) p.delivery_status = "expired";
            else if (failed_at_once) p.delivery_status.clear();
            if (p.replies.empty() && p.status_enhanced.empty() && p.local_text.empty())
                p.local_text = std::string(msg(lang, "mail.no_diagnostic"));
            e = classifier.explain_parsed(a.input.empty() ? std::string_view(p.local_text) : std::string_view(a.input), p);
            if (a.action == "delayed") {
                if (a.expired) e.delivery_status = a.action;   // still queued, not given up
                // A warning of a failure to come: the answer must not read as one ("Delivery failed on
                // the way", "Delivery time expired") while the message is still queued.
                if (e.reason == Reason::expired) e.reason_title = std::string(msg(lang, "mail.delayed_title"));
                const std::string warning(msg(lang, "mail.delayed"));
                const std::size_t dot = e.headline.find(" · ");
                e.headline.insert(dot == std::string::npos ? 0 : dot + 4, warning + ": ");   // " · " is 4 bytes
                e.summary = warning + ". " + e.summary;
            }
            if (failed_at_once) e.delivery_status = a.action;
            if (e.error) {   // nothing the classifier can read: still one answer for this recipient
                e.error.reset();
                e.title = std::string(msg(lang, "mail.no_diagnostic"));
            }
            break;
        }
        }
        if (!a.parsed.recipient.empty()) e.recipient = a.parsed.recipient;
        parse::MailReading const& m = mail;
        MailRecord r;
        r.file = file;
        r.message = index;
        r.kind = std::string(parse::mail_kind_name(m.kind));
        r.action = opt(a.action);
        r.status = opt(a.status);
        r.reporting_mta = opt(m.reporting_mta);
        r.date = opt(m.date);
        r.original = {opt(m.original_message_id), opt(m.original_from), opt(m.original_to), opt(m.original_subject)};
        if (m.kind == parse::MailKind::NotABounce) r.note = std::string(msg(lang, "mail.not_bounce"));
        if (!m.notes.empty()) {
            std::string n = r.note ? *r.note + "; " : std::string();
            for (std::size_t i = 0; i < m.notes.size(); ++i) n += (i ? "; " : "") + m.notes[i];
            r.note = n;
            e.warnings.insert(e.warnings.end(), m.notes.begin(), m.notes.end());
        }
        e.mail = std::move(r);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace smtpx::classify
