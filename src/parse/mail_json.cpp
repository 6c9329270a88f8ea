// Amazon SES event notifications mailed by SNS ("AWS Notification Message"): the JSON body's
// bounce, complaint or delivery object read per recipient, like a DSN.
#include "parse/mail_json.hpp"

#include "parse/fields.hpp"
#include "parse/mail_text.hpp"
#include "util/strings.hpp"

#include <nlohmann/json.hpp>

namespace smtpx::parse {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json* obj(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}

/// The JSON object in a notification's text: SNS folds long lines as "!" + line break + space.
json notification(std::string_view text) {
    const std::size_t open = text.find('{');
    const std::size_t close = text.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return json();
    std::string body;
    const std::string_view raw = text.substr(open, close - open + 1);
    body.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '!' && i + 2 < raw.size() && (raw[i + 1] == '\n' || raw[i + 1] == '\r')) {
            std::size_t j = i + 1;
            if (raw[j] == '\r' && j + 1 < raw.size() && raw[j + 1] == '\n') ++j;
            if (j + 1 < raw.size() && raw[j + 1] == ' ') {
                i = j + 1;
                continue;
            }
        }
        body += raw[i];
    }
    json j = json::parse(body, nullptr, false);
    // An SNS envelope carries the SES event as a JSON string in "Message".
    if (j.is_object() && j.contains("Message") && j["Message"].is_string())
        j = json::parse(j["Message"].get<std::string>(), nullptr, false);
    return j.is_object() && j.contains("notificationType") ? j : json();
}

} // namespace

bool read_ses_notification(std::string_view text, MailReading& r) {
    if (text.find("\"notificationType\"") == std::string_view::npos) return false;
    const json j = notification(text);
    if (j.is_null()) return false;
    const std::string type = util::to_lower(str(j, "notificationType"));
    if (const json* mail = obj(j, "mail")) {
        r.original_message_id = str(*mail, "messageId");
        if (const json* h = obj(*mail, "commonHeaders")) {
            auto first = [&](const char* k) {
                const auto it = h->find(k);
                if (it == h->end()) return std::string();
                if (it->is_string()) return it->get<std::string>();
                return it->is_array() && !it->empty() && (*it)[0].is_string() ? (*it)[0].get<std::string>() : std::string();
            };
            r.original_from = first("from");
            r.original_to = first("to");
            r.original_subject = first("subject");
        }
    }
    if (type == "complaint") {
        r.kind = MailKind::FeedbackReport;
        const json* c = obj(j, "complaint");
        MailAnswer a;
        if (c && c->contains("complainedRecipients") && (*c)["complainedRecipients"].is_array() && !(*c)["complainedRecipients"].empty())
            a.parsed.recipient = str((*c)["complainedRecipients"][0], "emailAddress");
        a.input = c ? std::string(util::cut_utf8(c->dump(-1, ' ', false, json::error_handler_t::replace), 1024)) : std::string();
        r.answers.push_back(std::move(a));
        return true;
    }
    DsnReport dsn;
    dsn.any = true;
    if (const json* b = obj(j, "bounce")) {
        dsn.reporting_mta = std::string(mta_name(str(*b, "reportingMTA")));
        const auto it = b->find("bouncedRecipients");
        if (it != b->end() && it->is_array())
            for (const json& x : *it) {
                if (!x.is_object() || dsn.recipients.size() >= 1000) continue;
                DsnRecipient g;
                g.final_recipient = str(x, "emailAddress");
                g.action = str(x, "action");
                g.status = str(x, "status");
                g.diagnostic = str(x, "diagnosticCode");
                dsn.recipients.push_back(std::move(g));
            }
    } else if (const json* d = obj(j, "delivery")) {
        dsn.reporting_mta = str(*d, "reportingMTA");
        const auto it = d->find("recipients");
        if (it != d->end() && it->is_array())
            for (const json& x : *it) {
                if (!x.is_string() || dsn.recipients.size() >= 1000) continue;
                DsnRecipient g;
                g.final_recipient = x.get<std::string>();
                g.action = "delivered";
                g.diagnostic = str(*d, "smtpResponse");
                dsn.recipients.push_back(std::move(g));
            }
    }
    if (dsn.recipients.empty()) return false;
    r.kind = MailKind::Dsn;
    r.reporting_mta = dsn.reporting_mta;
    answer_recipients({}, dsn, {}, r.answers);
    return true;
}

} // namespace smtpx::parse
