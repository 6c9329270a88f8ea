// One whole mail: MIME walk (bounded), which kind of mail it is, the returned original's headers,
// and one answer per recipient from the delivery-status fields and the human-readable text.
#include "parse/mail.hpp"

#include "parse/charset.hpp"
#include "parse/dsn.hpp"
#include "parse/fields.hpp"
#include "parse/mail_json.hpp"
#include "parse/mail_text.hpp"
#include "parse/mime.hpp"
#include "util/strings.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace smtpx::parse {

namespace {

/// What the MIME walk collects; the returned original message goes only into `original_headers`.
struct Walk {
    std::string human;              ///< text/plain parts, decoded to UTF-8, in order
    std::string html;               ///< text/html parts with tags removed, used when there is no plain text
    std::string dsn;                ///< message/delivery-status bodies
    std::string feedback;           ///< message/feedback-report body
    std::string original_headers;   ///< headers of the returned message
    std::string_view original_raw;  ///< the returned message itself when it is not transfer-encoded
    bool have_original = false;
    std::size_t parts = 0;
    bool parts_capped = false, depth_capped = false;
};

std::string part_text(const MimeEntity& e, std::string_view type) {
    std::string body = decoded_body(e);
    const std::string cs = header_param(type, "charset");
    if (!cs.empty()) body = to_utf8(body, cs);
    return body;
}

/// Visible text of an HTML part: tags dropped, block tags as line breaks, a few entities decoded.
std::string strip_html(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] == '<') {
            const std::size_t close = html.find('>', i);
            if (close == std::string_view::npos) break;
            const std::string_view tag = html.substr(i + 1, close - i - 1);
            if (util::istarts_with(tag, "br") || util::istarts_with(tag, "p") || util::istarts_with(tag, "/p") ||
                util::istarts_with(tag, "div") || util::istarts_with(tag, "/div") || util::istarts_with(tag, "tr") ||
                util::istarts_with(tag, "/tr") || util::istarts_with(tag, "li"))
                out += '\n';
            i = close;
        } else if (html[i] == '&') {
            static constexpr std::pair<std::string_view, std::string_view> ents[] = {
                {"&nbsp;", " "}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}};
            bool done = false;
            for (auto [k, v] : ents)
                if (html.substr(i, k.size()) == k) {
                    out += v;
                    i += k.size() - 1;
                    done = true;
                    break;
                }
            if (!done) out += '&';
        } else {
            out += html[i];
        }
    }
    return out;
}

void walk(std::string_view text, int depth, Walk& w) {
    if (++w.parts > kMaxMimeParts) {
        w.parts_capped = true;
        return;
    }
    const MimeEntity e = split_entity(text);
    const std::string type = header_value(e.headers, "Content-Type");
    if (util::istarts_with(type, "multipart/")) {
        const std::string boundary = header_param(type, "boundary");
        if (depth >= kMaxMimeNesting) {
            w.depth_capped = true;
            return;
        }
        const std::vector<std::string_view> parts = split_multipart(e.body, boundary);
        if (parts.empty()) {   // no or broken boundary: read the body as text
            util::append_capped(w.human, e.body, kMaxBounceText);
            return;
        }
        for (std::string_view part : parts) {
            walk(part, depth + 1, w);
            if (w.parts_capped) return;
        }
        return;
    }
    if (util::istarts_with(type, "message/rfc822") || util::istarts_with(type, "message/global") ||
        util::istarts_with(type, "message/partial")) {
        if (util::icontains(type, "delivery-status")) {   // message/global-delivery-status
            util::append_capped(w.dsn, decoded_body(e), kMaxBounceText);
            return;
        }
        if (util::icontains(type, "headers")) {   // message/global-headers
            if (!w.have_original) w.original_headers = std::string(util::cut_utf8(decoded_body(e), 64 * 1024));
        } else if (!w.have_original) {
            // Only the returned message's headers are read: an unencoded body (nearly always) is not
            // copied (only an encoded one is decoded first).
            const std::string cte = header_value(e.headers, "Content-Transfer-Encoding");
            if (!util::icontains(cte, "quoted-printable") && !util::icontains(cte, "base64")) {
                w.original_headers = std::string(split_entity(e.body).headers.substr(0, 64 * 1024));
                w.original_raw = e.body;
            } else {
                const std::string body = decoded_body(e);
                w.original_headers = std::string(split_entity(body).headers.substr(0, 64 * 1024));
                if (body.size() == e.body.size()) w.original_raw = e.body;
            }
        }
        w.have_original = true;
        return;
    }
    if (util::istarts_with(type, "text/rfc822-headers")) {
        if (!w.have_original) w.original_headers = std::string(util::cut_utf8(decoded_body(e), 64 * 1024));
        w.have_original = true;
        return;
    }
    if (util::icontains(type, "delivery-status")) {
        if (!w.dsn.empty()) w.dsn += "\n\n";
        util::append_capped(w.dsn, decoded_body(e), kMaxBounceText);
        return;
    }
    if (util::icontains(type, "feedback-report")) {
        util::append_capped(w.feedback, decoded_body(e), kMaxBounceText);
        return;
    }
    if (type.empty() || util::istarts_with(type, "text/plain") || util::istarts_with(type, "text/enriched")) {
        if (!w.human.empty()) w.human += "\n\n";
        util::append_capped(w.human, part_text(e, type), kMaxBounceText);
    } else if (util::istarts_with(type, "text/html")) {
        if (!w.html.empty()) w.html += "\n\n";
        util::append_capped(w.html, strip_html(part_text(e, type)), kMaxBounceText);
    }
}

/// The headers of a message, lone CRs and an mbox "From " line dealt with; a header block cut to 1 MiB.
std::string_view skip_from_line(std::string_view m) {
    if (m.starts_with("From ")) {
        const std::size_t nl = m.find_first_of("\r\n");
        return nl == std::string_view::npos ? std::string_view{} : m.substr(nl + 1);
    }
    return m;
}

std::string decoded_header(std::string_view headers, std::string_view name) {
    std::string v = header_value(headers, name);
    if (v.find("=?") != std::string::npos) v = decode_encoded_words(v);
    return std::string(util::cut_utf8(util::collapse_spaces(v, 4096), 1024));
}

void fill_original(std::string_view headers, MailReading& r) {
    r.original_message_id = std::string(bare_address(decoded_header(headers, "Message-ID")));
    r.original_from = decoded_header(headers, "From");
    r.original_to = decoded_header(headers, "To");
    r.original_subject = decoded_header(headers, "Subject");
}

bool has_any(std::string_view text, std::initializer_list<std::string_view> needles) {
    for (std::string_view n : needles)
        if (util::icontains(text, n)) return true;
    return false;
}

/// Signs, in the headers, that a message was written by mail software to report a failure.
bool bounce_headers(std::string_view headers) {
    const std::string from = header_value(headers, "From");
    const std::string subject = decode_encoded_words(header_value(headers, "Subject"));
    if (!header_value(headers, "X-Failed-Recipients").empty()) return true;
    // fml, the mailing-list manager, sends its error notices (a refused post, a loop alarm) from the
    // list's -admin address and marks every mail it writes with X-MLServer.
    if (!header_value(headers, "X-MLServer").empty() && util::icontains(from, "-admin@")) return true;
    if (has_any(from, {"mailer-daemon", "postmaster", "mail delivery", "mail-daemon", "mailerdaemon", "mail administrator",
                       "delivery subsystem", "mmdf", "mail.returned", "mailadmin", "mail system", "post_master"}))
        return true;
    return has_any(subject, {"undeliver", "delivery status", "delivery fail", "failure notice", "returned mail",
                             "mail delivery", "delivery notification", "could not be delivered", "not delivered",
                             "failed delivery", "delivery problem", "nondeliverable", "non-deliverable", "non remis",
                             "unzustellbar", "rejected", "bounce", "delivery report", "warning: could not send",
                             "mail system error", "error sending", "message not delivered", "delivery has failed",
                             "no se puede entregar", "не доставлено", "unable to deliver", "returned to sender",
                             "notificación", "delayed mail", "delivery delayed", "failed mail",
                             // Japanese carriers' and ISPs' notices: mail error, delivery error, undeliverable
                             "メールエラー", "配信エラー", "送信エラー", "配信不能", "不達"});
}

/// An RFC 3834 automatic reply (vacation, out-of-office) rather than a failure report.
bool auto_reply_headers(std::string_view headers) {
    const std::string auto_submitted = header_value(headers, "Auto-Submitted");
    const std::string subject = decode_encoded_words(header_value(headers, "Subject"));
    if (util::istarts_with(util::trim(auto_submitted), "auto-replied")) return true;
    if (!header_value(headers, "X-Autoreply").empty() || !header_value(headers, "X-Autorespond").empty() ||
        util::icontains(header_value(headers, "X-Apple-Action"), "vacation"))
        return true;
    return has_any(subject, {"auto reply", "auto-reply", "autoreply", "automatic reply", "out of office", "out of the office",
                             "vacation", "abwesenheit", "自動応答", "自动回复"}) ||
           util::istarts_with(subject, "auto:");
}

} // namespace

std::string_view mail_kind_name(MailKind k) noexcept {
    switch (k) {
    case MailKind::Dsn: return "dsn";
    case MailKind::PlainBounce: return "plain-bounce";
    case MailKind::FeedbackReport: return "feedback-report";
    case MailKind::AutoReply: return "auto-reply";
    case MailKind::NotABounce: return "not-a-bounce";
    }
    return "not-a-bounce";
}

namespace {
MailReading read_mail_at(std::string_view message, int depth);

/// Whether a report that found nothing to say about any recipient should be answered by the message
/// it carries: a gateway or filter that forwards another MTA's bounce as its "returned message".
/// No answer holds a reply or a Status: the notice says that delivery failed, not why.
bool no_cause(const std::vector<MailAnswer>& answers) {
    for (const MailAnswer& a : answers)
        if (!a.parsed.replies.empty() || !a.status.empty()) return false;
    return true;
}

bool answers_empty(const std::vector<MailAnswer>& answers) {
    for (const MailAnswer& a : answers)
        if (!a.parsed.recipient.empty() || !a.parsed.replies.empty() || !a.status.empty()) return false;
    return true;
}
} // namespace

MailReading read_mail(std::string_view message) { return read_mail_at(message, 0); }

namespace {
MailReading read_mail_at(std::string_view message, int depth) {
    MailReading r;
    if (message.size() > kMaxMailBytes) {
        message = message.substr(0, kMaxMailBytes);
        r.notes.push_back(fmt::format("only the first {} MiB of the message were read", kMaxMailBytes >> 20U));
    }
    message = skip_from_line(message);
    const MimeEntity top = split_entity(message);
    std::string_view headers = top.headers;
    if (headers.size() > 1024 * 1024) {
        headers = headers.substr(0, 1024 * 1024);
        r.notes.push_back("the header block is longer than 1 MiB; only its first MiB was read");
    }
    Walk w;
    walk(message, 0, w);
    if (w.parts_capped) r.notes.push_back(fmt::format("more than {} MIME parts; the rest were not read", kMaxMimeParts));
    if (w.depth_capped) r.notes.push_back(fmt::format("MIME parts nested deeper than {} levels were not read", kMaxMimeNesting));
    if (w.human.empty() && !w.html.empty()) w.human = std::move(w.html);

    // The returned message inline in the text ("--- Below this line is a copy of the message.").
    const TextSplit split = split_returned_message(w.human);
    if (!w.have_original && !split.original.empty()) {
        fill_original(split_entity(util::trim_left(split.original)).headers, r);
    } else if (w.have_original) {
        fill_original(w.original_headers, r);
    }
    const std::string date = header_value(headers, "Date");
    r.date = rfc5322_to_rfc3339(date);
    if (r.date.empty()) r.date = std::string(util::cut_utf8(util::collapse_spaces(date, 256), 128));

    if (w.dsn.empty() && read_ses_notification(split.report, r)) return r;
    DsnReport dsn = read_dsn(w.dsn.empty() ? std::string_view(split.report) : std::string_view(w.dsn));
    // Groups of which none names a recipient are not per-recipient reports: MailMarshal writes
    // "Remote-MTA:" and "Reporting-MTA:" lines under its text, the recipients above them.
    if (std::none_of(dsn.recipients.begin(), dsn.recipients.end(), [](const DsnRecipient& g) {
            return !g.final_recipient.empty() || !g.original_recipient.empty();
        }))
        dsn.recipients.clear();
    const bool dsn_groups = dsn.any && !dsn.recipients.empty();
    r.reporting_mta = dsn.reporting_mta;

    if (!w.feedback.empty() || util::icontains(header_value(headers, "Content-Type"), "feedback-report")) {
        r.kind = MailKind::FeedbackReport;
        const DsnReport fr = read_feedback(w.feedback);
        MailAnswer a;
        a.input = std::string(util::cut_utf8(util::collapse_spaces(w.feedback, 4096), 2048));
        r.reporting_mta = fr.reporting_mta;
        // One answer per Original-Rcpt-To (RFC 5965 section 3.2 lets it repeat), else the returned To:.
        for (const DsnRecipient& g : fr.recipients) {
            r.answers.push_back(a);
            r.answers.back().parsed.recipient = g.final_recipient;
        }
        if (r.answers.empty()) {
            a.parsed.recipient = std::string(bare_address(r.original_to));
            r.answers.push_back(std::move(a));
        }
        return r;
    }
    const bool bounce_like = dsn_groups || bounce_headers(headers) || has_bounce_marker(split.report);
    if (!bounce_like && auto_reply_headers(headers)) {
        r.kind = MailKind::AutoReply;
        MailAnswer a;
        a.parsed.recipient = std::string(bare_address(header_value(headers, "From")));
        a.input = std::string(util::cut_utf8(util::collapse_spaces(split.report, 4096), 1024));
        r.answers.push_back(std::move(a));
        return r;
    }
    r.kind = dsn_groups ? MailKind::Dsn : MailKind::PlainBounce;
    answer_recipients(split.report, dsn, header_value(headers, "X-Failed-Recipients"), r.answers);
    // A notice that names no cause whose returned message is itself a failure report (a gateway such as
    // InterScan returning the downstream MTA's bounce): the inner report is read instead.
    const MimeEntity returned = split_entity(w.original_raw);
    if (depth == 0 && bounce_like && !w.original_raw.empty() &&
        (answers_empty(r.answers) ? bounce_headers(returned.headers)
                                  : no_cause(r.answers) && (bounce_headers(returned.headers) || has_bounce_marker(returned.body)))) {
        MailReading inner = read_mail_at(w.original_raw, depth + 1);
        if ((inner.kind == MailKind::Dsn || inner.kind == MailKind::PlainBounce) && (answers_empty(r.answers) || !no_cause(inner.answers))) {
            inner.date = r.date;   // when the outer notice was written, as for any other mail
            inner.notes.insert(inner.notes.begin(), r.notes.begin(), r.notes.end());
            return inner;
        }
    }
    // A notice that names the failed address nowhere (Verizon's "Message could not be delivered to
    // mobile.", a gateway's text with no address): the returned message's one To: address is it.
    if (r.kind == MailKind::PlainBounce && r.answers.size() == 1 && r.answers.front().parsed.recipient.empty() &&
        std::count(r.original_to.begin(), r.original_to.end(), '@') == 1 && r.original_to.find(',') == std::string::npos)
        r.answers.front().parsed.recipient = std::string(bare_address(r.original_to));
    if (r.answers.empty() || (!bounce_like && !any_failure(r.answers))) {
        r.kind = MailKind::NotABounce;
        r.answers.clear();
        MailAnswer a;
        a.input = decoded_header(headers, "Subject");
        r.answers.push_back(std::move(a));
    }
    return r;
}
} // namespace

std::string rfc5322_to_rfc3339(std::string_view date) {
    static constexpr std::string_view months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
    std::string_view d = util::trim(date);
    if (const std::size_t comma = d.find(','); comma != std::string_view::npos && comma < 12) d = util::trim(d.substr(comma + 1));
    std::vector<std::string_view> tok;
    std::size_t i = 0;
    while (i < d.size() && tok.size() < 6) {
        while (i < d.size() && util::is_space(d[i])) ++i;
        std::size_t j = i;
        while (j < d.size() && !util::is_space(d[j])) ++j;
        if (j > i) tok.push_back(d.substr(i, j - i));
        i = j;
    }
    if (tok.size() < 4) return {};
    auto num = [](std::string_view s, int& v) {
        if (s.empty() || s.size() > 4) return false;
        v = 0;
        for (char c : s) {
            if (!util::is_digit(c)) return false;
            v = v * 10 + (c - '0');
        }
        return true;
    };
    int day = 0, year = 0, month = 0;
    if (!num(tok[0], day) || day < 1 || day > 31) return {};
    for (int m = 0; m < 12; ++m)
        if (util::istarts_with(tok[1], months[m])) month = m + 1;
    if (month == 0 || !num(tok[2], year)) return {};
    if (year < 50) year += 2000;
    else if (year < 1000) year += 1900;
    const std::string_view t = tok[3];
    int hh = 0, mm = 0, ss = 0;
    if (t.size() < 5 || !num(t.substr(0, 2), hh) || t[2] != ':' || !num(t.substr(3, 2), mm)) return {};
    if (t.size() >= 8 && t[5] == ':' && !num(t.substr(6, 2), ss)) return {};
    if (hh > 23 || mm > 59 || ss > 60) return {};
    std::string zone = "Z";
    if (tok.size() > 4) {
        const std::string_view z = tok[4];
        int zv = 0;
        if (z.size() == 5 && (z[0] == '+' || z[0] == '-') && num(z.substr(1), zv)) {
            zone = zv == 0 && z[0] == '+' ? std::string("+00:00") : fmt::format("{}{}:{}", z[0], z.substr(1, 2), z.substr(3, 2));
        } else if (util::iequals(z, "GMT") || util::iequals(z, "UT") || util::iequals(z, "UTC") || util::iequals(z, "Z")) {
            zone = "+00:00";
        } else {
            zone = "-00:00";   // RFC 3339 section 4.3: offset to local time unknown
        }
    } else {
        zone = "-00:00";
    }
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", year, month, day, hh, mm, ss, zone);
}

std::optional<long long> rfc5322_seconds(std::string_view date) {
    const std::string t = rfc5322_to_rfc3339(date);   // "2026-12-02T19:49:41+01:00"
    if (t.size() < 20) return std::nullopt;
    auto n = [&](std::size_t at, std::size_t len) {
        long long v = 0;
        for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (t[i] - '0');
        return v;
    };
    long long y = n(0, 4);
    const long long m = n(5, 2), d = n(8, 2);
    // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    long long secs = days * 86400 + n(11, 2) * 3600 + n(14, 2) * 60 + n(17, 2);
    if (t[19] == '+' || t[19] == '-') {
        const long long off = n(20, 2) * 3600 + n(23, 2) * 60;
        secs += t[19] == '+' ? -off : off;
    }
    return secs;
}

} // namespace smtpx::parse
