// Per-recipient answers from a bounce's DSN groups and human-readable text: the deciding reply, status and expiry.
#include "parse/mail_text.hpp"

#include "parse/codes.hpp"
#include "parse/fields.hpp"
#include "parse/log_line.hpp"
#include "parse/mime.hpp"
#include "parse/reply.hpp"
#include "parse/transcript.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// "host mx.example.com[192.0.2.1] said:" (Postfix), "host mx.example.com [192.0.2.1]:" (Exim).
void host_from_text(std::string_view text, ParsedInput& p) {
    for (std::size_t from = 0; from < text.size();) {
        const std::size_t h = util::ifind(text, "host ", from);
        if (h == npos) return;
        from = h + 5;
        if (h > 0 && !util::is_space(text[h - 1]) && text[h - 1] != '(') continue;
        std::string_view rest = text.substr(h + 5, 300);
        const std::size_t bracket = rest.find('[');
        const std::size_t close = rest.find(']');
        if (bracket == npos || close == npos || close < bracket || rest.substr(0, bracket).find('\n') != npos) continue;
        const std::string_view name = util::trim(rest.substr(0, bracket));
        if (name.find(' ') != npos) continue;
        const HostIp hi = split_host_ip(rest.substr(0, close + 1));
        set_once(p.remote_host, hi.host);
        set_once(p.remote_ip, hi.ip);
        return;
    }
}

/// The deciding reply among `replies`: the first 5xx, else the last 4xx, else the first with a code.
const Reply* deciding(const std::vector<Reply>& replies) {
    for (const Reply& r : replies)
        if (r.code >= 500 && r.code < 600) return &r;
    for (auto it = replies.rbegin(); it != replies.rend(); ++it)
        if (it->code >= 400 && it->code < 500) return &*it;
    for (const Reply& r : replies)
        if (r.code > 0 || !r.enhanced.empty()) return &r;
    return nullptr;
}

/// Every reply a block of bounce text holds, tried from the most specific wording to the least.
std::vector<Reply> replies_in(std::string_view text) {
    ParsedInput p;
    if (parse_exchange_diagnostic(text, p) && !p.replies.empty()) return std::move(p.replies);
    p = ParsedInput{};
    if (const std::size_t said = util::ifind(text, "Remote host said:"); said != npos) {
        std::vector<Reply> rs = parse_replies(text.substr(said + 17), ReplyExtent::Bounded);
        if (!rs.empty()) return rs;
    }
    if (util::icontains(text, "SMTP error from remote ") && parse_smtp_error_phrase(text, p) && !p.replies.empty())
        return std::move(p.replies);
    std::vector<Reply> out;
    // A session transcript: Sendmail's ">>> / <<<" or Postfix's " In: / Out:" (its smtpd notices to
    // the postmaster); the failing reply decides, not the greeting that opens it.
    std::size_t start = npos;
    for (std::string_view mark : {"\n>>> ", "\n<<< ", "\n Out: ", "\nOut: ", "\n In: ", "\nIn: "})
        start = std::min(start, util::ifind(text, mark));
    if (start != npos) {
        ParsedInput t;
        if (parse_transcript(text.substr(start + 1), t))
            for (Reply& r : t.replies)
                if (r.code >= 400) out.push_back(std::move(r));
    }
    for (Reply& r : parse_replies(text, ReplyExtent::Bounded)) {
        if (out.size() >= 64) break;
        out.push_back(std::move(r));
    }
    return out;
}

bool usable(const Reply& r) { return (r.code >= 200 && r.code < 600) || enhanced_code_at(r.enhanced, 0) > 0; }

/// The enhanced code a Status: value starts with ("5.1.1 (Remote SMTP server...)" -> "5.1.1").
std::string status_code(std::string_view status) {
    const std::string_view t = util::trim(status);
    const std::size_t n = enhanced_code_at(t, 0);
    return std::string(t.substr(0, n));
}

/// Words MTAs use when they stop retrying (Postfix, Exim, Sendmail, qmail, Exchange, Gmail).
bool expiry_words(std::string_view text) {
    for (std::string_view w : {"retry timeout exceeded", "too long in queue", "in the queue too long", "message expired",
                               "delivery time expired", "message timed out",
                               "could not be delivered for", "was not delivered within", "expired after",
                               "could not deliver for"})
        if (util::icontains(text, w)) return true;
    return false;
}

bool generic(std::string_view enhanced) { return enhanced.size() >= 5 && enhanced.substr(1) == ".0.0"; }

/// Zoho writes the reply's codes as "Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <a@b>... User
/// Unknown", and a host it gave up on as "[Status: Error, Address: <a@b>, ResponseCode 421, , Host not
/// reachable.]": returned as the reply it stands for ("550 5.1.1 <a@b>... User Unknown"), else empty.
std::string error_code_form(std::string_view text) {
    std::string_view key = "ERROR_CODE :";
    std::size_t p = util::ifind(text, key);
    if (p == npos) {
        key = "ResponseCode ";
        p = util::ifind(text, key);
    }
    if (p == npos) return {};
    std::string_view rest = text.substr(p + key.size());
    // The code is followed by ',' here, which basic_code_at rightly refuses in free text.
    if (rest.size() < 4 || rest[3] != ',' || rest[0] < '4' || rest[0] > '5' || !util::is_digit(rest[1]) || !util::is_digit(rest[2]))
        return {};
    std::string out(rest.substr(0, 3));
    rest.remove_prefix(3);
    if (rest.starts_with(",")) rest = util::trim_left(rest.substr(1));
    if (util::istarts_with(rest, key)) rest.remove_prefix(key.size());
    while (!rest.empty() && (rest[0] == ',' || rest[0] == ' ')) rest.remove_prefix(1);   // "ERROR_CODE :, Host not reachable"
    std::string_view line = util::trim(rest.substr(0, rest.find('\n')));
    if (line.ends_with(']')) line = util::trim(line.substr(0, line.size() - 1));   // "[Status: ... reachable.]"
    out += ' ';
    out += line;
    return out;
}

/// The enhanced code of a remote reply nested in another's text ("5.1.0 - Unknown address error
/// 550-'5.7.1 <a@b>... Access denied'", Amazon SES): it opens the nested reply, after a quote or a
/// basic code. Empty when there is none, when it says "other" (X.Y.0) or is of another class.
std::string_view nested_enhanced(std::string_view text, char cls) {
    for (std::size_t i = 1; i + 5 <= text.size(); ++i) {
        if (text[i] != cls) continue;
        const std::size_t n = enhanced_code_at(text, i);
        if (n == 0) continue;
        const std::string_view code = text.substr(i, n);
        const char before = text[i - 1];
        const bool after_quote = before == '\'' || before == '"';
        const bool after_basic = (before == ' ' || before == '-') && i >= 4 && basic_code_at(text, i - 4) >= 400;
        if ((after_quote || after_basic) && !code.ends_with(".0")) return code;
    }
    return {};
}

/// qmail's own status for a recipient, "(#5.5.0)", wherever in the block it stands.
std::string_view qmail_status(std::string_view text) {
    for (std::size_t p = text.find("(#"); p != npos; p = text.find("(#", p + 2))
        if (const std::size_t n = enhanced_code_at(text, p + 2); n > 0 && p + 2 + n < text.size() && text[p + 2 + n] == ')')
            return text.substr(p + 2, n);
    return {};
}

/// Fill `a` from a diagnostic text: the deciding reply, the host, and the text itself as the input.
bool read_diagnostic(std::string_view text, MailAnswer& a) {
    const std::string zoho = error_code_form(text);
    std::vector<Reply> replies = replies_in(zoho.empty() ? text : std::string_view(zoho));
    // "554 554 5.7.0 Header error": the code written twice hides the enhanced code behind it.
    for (Reply& r : replies) {
        const std::string twice = std::to_string(r.code) + " ";
        if (r.code > 0 && r.enhanced.empty() && r.text.starts_with(twice)) {
            std::vector<Reply> again = parse_replies(r.text, ReplyExtent::Bounded);
            if (!again.empty() && again.front().code == r.code) {
                again.front().command = r.command;
                r = std::move(again.front());
            }
        }
    }
    replies.erase(std::remove_if(replies.begin(), replies.end(), [](const Reply& r) { return !usable(r); }), replies.end());
    host_from_text(text, a.parsed);
    const Reply* d = deciding(replies);
    if (!d) return false;
    // "220-laposte 421 4.2.1 Service refuse": the greeting's first line, then the refusal that
    // replaced it. A failure report is never explained by a positive reply.
    std::vector<Reply> refusal;
    if (d->code >= 200 && d->code < 400) {
        refusal = parse_replies(d->text, ReplyExtent::Bounded);
        for (const Reply& r : refusal)
            if (r.code >= 400 && r.code < 600 && !r.enhanced.empty()) {
                d = &r;
                break;
            }
    }
    // "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>"
    // (Amazon SES, WorkMail): the queue gave up, and the reply inside is the last temporary cause.
    if (const std::size_t lt = d->text.find("<4"); lt != npos && enhanced_code_at(d->enhanced, 0) > 0 &&
                                                  d->enhanced.starts_with("4.4.7")) {
        const std::size_t gt = d->text.find('>', lt);
        std::vector<Reply> inner = parse_replies(std::string_view(d->text).substr(lt + 1, gt == npos ? npos : gt - lt - 1),
                                                 ReplyExtent::Bounded);
        if (!inner.empty() && inner.front().code >= 400 && inner.front().code < 500) {
            a.expired = true;
            a.parsed.replies.push_back(inner.front());
            a.temporary.push_back(std::move(inner.front()));
            return true;
        }
    }
    for (const Reply& r : replies)
        if (r.code >= 400 && r.code < 500 && &r != d) a.temporary.push_back(r);
    if (d->code >= 400 && d->code < 500) a.temporary.push_back(*d);
    a.parsed.replies.push_back(*d);
    Reply& chosen = a.parsed.replies.back();
    if (chosen.enhanced.size() >= 5 && chosen.enhanced.ends_with(".0"))
        if (const std::string_view nested = nested_enhanced(chosen.text, chosen.enhanced[0]); !nested.empty())
            chosen.enhanced = std::string(nested);
    if (chosen.enhanced.empty() && a.status.empty()) a.parsed.status_enhanced = std::string(qmail_status(text));
    return true;
}

std::string collapsed(std::string_view text, std::size_t cap = 4096) {
    return std::string(util::cut_utf8(util::collapse_spaces(text, cap + 8), cap));
}

/// The diagnostic text after a DSN "smtp;" / "X-Postfix;" / "X-Unix;" type.
std::string_view without_type(std::string_view diag) {
    if (const std::size_t semi = diag.find(';'); semi != npos && semi < 24 && diag.substr(0, semi).find(' ') == npos)
        return util::trim(diag.substr(semi + 1));
    return diag;
}

/// Enhanced code, action and expiry once the reply and the Status: field are known.
void settle(MailAnswer& a) {
    ParsedInput& p = a.parsed;
    const std::string status = status_code(a.status);
    const Reply* r = p.replies.empty() ? nullptr : &p.replies.front();
    const bool own = r && enhanced_code_at(r->enhanced, 0) == r->enhanced.size() && !r->enhanced.empty();
    if (own && !(generic(r->enhanced) && !status.empty() && !generic(status))) p.status_enhanced = r->enhanced;
    else if (!status.empty()) p.status_enhanced = status;
    if (a.action.empty()) {
        const int code = r ? r->code : 0;
        // No code at all: the words alone may say it is a delay notice (Gmail's "Message will be
        // retried for 2 more day(s)"), else it is read as a failure.
        const char cls = !p.status_enhanced.empty() ? p.status_enhanced[0] : code ? static_cast<char>('0' + code / 100) : '?';
        a.action = cls == '2' ? "delivered" : "failed";
        const bool retrying = util::icontains(a.input, "will keep trying") || util::icontains(a.input, "not yet been delivered") ||
                              util::icontains(a.input, "will be retried") || util::icontains(a.input, "will continue") ||
                              util::icontains(a.input, "still trying");
        if ((cls == '4' && (retrying || util::icontains(a.input, "delayed"))) || (cls == '?' && retrying && !expiry_words(a.input)))
            a.action = "delayed";
    }
    p.delivery_status = a.action;
    // Given up after temporary failures: when the words or the DSN fields say so; a plain bounce with
    // a 4xx cause and no such words is named by its cause (a full mailbox).
    a.expired = a.expired || (a.action == "failed" && expiry_words(a.input));
    // RFC 3464: a final "failed" whose Status: is 4.x.x means the MTA gave up on a temporary error
    // (Postfix after maximal_queue_lifetime writes no other word for it).
    const std::string written = status_code(a.status);
    // Not when its own dates show it failed within the hour of arrival: Gmail writes "Action: failed,
    // Status: 4.0.0" for a DNS lookup that failed on the spot, with no queue time behind it.
    if (a.action == "failed" && !written.empty() && written[0] == '4' && !a.first_attempt) a.expired = true;
    // A delay notice is sent because the message has waited past the MTA's warning time (Postfix
    // delay_warning_time, Sendmail Timeout.queuewarn, Exim delay_warning): what it reports is the
    // time spent in the queue; a cause the remote stated (a full mailbox, a block) still decides.
    if (a.action == "delayed") a.expired = true;
    // A permanent reply decides by itself (qmail's "Giving up on HOST." follows a 5xx too).
    if ((r && r->code >= 500) || (!p.status_enhanced.empty() && p.status_enhanced[0] == '5')) a.expired = false;
    // No reply: the words are still read (Exim writes "Unknown user" beside a bare Status: 5.0.0).
    if (p.replies.empty()) p.local_text = collapsed(a.input, kMaxStoredText);
    p.kind = InputKind::Dsn;
}

const TextBlock* block_for(const std::vector<TextBlock>& blocks, std::string_view addr) {
    for (const TextBlock& b : blocks)
        if (util::iequals(b.recipient, addr)) return &b;
    return nullptr;
}

} // namespace

DsnReport read_feedback(std::string_view text) {
    DsnReport rep;
    util::LineReader reader(text);
    std::string_view line;
    while (reader.next(line)) {
        const std::size_t colon = line.find(':');
        if (colon == npos) continue;
        const std::string_view name = line.substr(0, colon), value = util::trim(line.substr(colon + 1));
        if (util::iequals(name, "Original-Rcpt-To") && !value.empty() && rep.recipients.size() < kMaxReplies) {
            rep.recipients.emplace_back();
            rep.recipients.back().final_recipient = std::string(bare_address(value));
        } else if (util::iequals(name, "Reporting-MTA")) {
            rep.reporting_mta = std::string(mta_name(value));
        }
        rep.any = true;
    }
    return rep;
}

void answer_recipients(std::string_view report_text, const DsnReport& dsn, std::string_view x_failed,
                       std::vector<MailAnswer>& out) {
    std::string preamble;
    const std::vector<TextBlock> blocks = recipient_blocks(report_text, preamble);
    if (dsn.any && !dsn.recipients.empty()) {
        const std::optional<long long> arrived = rfc5322_seconds(dsn.arrival_date);   // one per report
        for (const DsnRecipient& g : dsn.recipients) {
            MailAnswer a;
            const std::string& rcpt = g.final_recipient.empty() ? g.original_recipient : g.final_recipient;
            a.parsed.recipient = std::string(bare_address(rcpt));
            a.action = util::to_lower(util::trim(g.action));
            a.status = g.status;
            if (const auto last = rfc5322_seconds(g.last_attempt); arrived && last)
                a.first_attempt = *last - *arrived < 3600;
            set_once(a.parsed.remote_host, mta_name(g.remote_mta));
            std::string_view diag = without_type(g.diagnostic);
            // No Diagnostic-Code: Sendmail puts the cause in the Status: field's comment ("4.0.0
            // (cat.example.net: host name lookup failure)").
            if (util::trim(diag).empty())
                if (const std::size_t open = g.status.find('('), close = g.status.rfind(')');
                    open != npos && close != npos && close > open + 1) {
                    const std::string_view comment = util::trim(std::string_view(g.status).substr(open + 1, close - open - 1));
                    // "(permanent failure)", "(other or undefined ...)" only restate the code's class.
                    bool restates = false;
                    for (std::string_view w : {"permanent failure", "temporary failure", "transient failure", "undefined", "success"})
                        restates = restates || util::icontains(comment, w);
                    if (!restates) diag = comment;
                }
            a.input = collapsed(diag);
            if (!read_diagnostic(diag, a)) {
                // The human-readable part about the same recipient is the second source.
                const TextBlock* b = block_for(blocks, a.parsed.recipient);
                if (!b && dsn.recipients.size() == 1 && blocks.size() == 1) b = &blocks.front();
                if (b && read_diagnostic(b->text, a)) a.input = collapsed(b->text);
                else if (!b && dsn.recipients.size() == 1 && read_diagnostic(report_text, a)) a.input = collapsed(preamble);
                else if (a.input.empty() && b) a.input = collapsed(b->text);
            }
            // Sendmail's Diagnostic-Code holds only the first line of a multi-line reply ("552-5.7.0 This
            // message was blocked because ..."); its transcript in the human-readable part has it whole.
            if (!a.parsed.replies.empty() && diag.size() > 4 && diag[3] == '-' && !a.parsed.replies.front().text.empty()) {
                Reply& first = a.parsed.replies.front();
                for (Reply& h : replies_in(report_text))
                    if (h.code == first.code && h.text.size() > first.text.size() && h.text.starts_with(first.text)) {
                        if (h.command.empty()) h.command = first.command;
                        a.input = collapsed(h.raw);
                        first = std::move(h);
                        break;
                    }
            }
            // The human-readable part often names the command the same reply answered ("in reply to RCPT TO").
            if (!a.parsed.replies.empty() && a.parsed.replies.front().command.empty())
                if (const TextBlock* b = block_for(blocks, a.parsed.recipient)) {
                    for (const Reply& h : replies_in(b->text))
                        if (h.code == a.parsed.replies.front().code && !h.command.empty()) {
                            a.parsed.replies.front().command = h.command;
                            break;
                        }
                    // Postfix folds its "(in reply to end of DATA command)" over two lines, which the
                    // reply's own lines do not hold whole: the block's text, unfolded, ends with it.
                    if (a.parsed.replies.front().command.empty()) {
                        std::string unfolded = collapsed(b->text);
                        a.parsed.replies.front().command = take_in_reply_to(unfolded);
                    }
                }
            a.parsed.sender = dsn.sender;
            settle(a);
            out.push_back(std::move(a));
        }
        return;
    }
    if (!blocks.empty()) {
        for (const TextBlock& b : blocks) {
            MailAnswer a;
            a.parsed.recipient = b.recipient;
            a.input = collapsed(b.text);
            if (!read_diagnostic(b.text, a) && read_diagnostic(preamble, a)) a.input = collapsed(preamble + "\n" + b.text);
            if (a.input.empty()) a.input = collapsed(preamble);
            settle(a);
            out.push_back(std::move(a));
        }
        return;
    }
    // No line names a recipient: the whole text is the diagnostic, for each failed recipient the headers name.
    std::vector<std::string> rcpts;
    for (std::string_view rest = x_failed; !rest.empty();) {
        const std::size_t comma = rest.find(',');
        const std::string_view one = util::trim(rest.substr(0, comma));
        if (!one.empty() && rcpts.size() < kMaxReplies) rcpts.emplace_back(bare_address(one));
        rest = comma == npos ? std::string_view{} : rest.substr(comma + 1);
    }
    if (rcpts.empty()) rcpts.emplace_back();
    MailAnswer a;
    a.input = collapsed(report_text);
    read_diagnostic(report_text, a);
    settle(a);
    for (const std::string& r : rcpts) {
        MailAnswer each = a;
        each.parsed.recipient = r;
        out.push_back(std::move(each));
    }
}

bool any_failure(const std::vector<MailAnswer>& answers) {
    // Both codes, as a server writes them: a lone "550" in ordinary prose is not a failure report.
    for (const MailAnswer& a : answers)
        for (const Reply& r : a.parsed.replies)
            if (r.code >= 400 && r.code < 600 && !r.enhanced.empty() && r.enhanced[0] == static_cast<char>('0' + r.code / 100))
                return true;
    return false;
}

} // namespace smtpx::parse
