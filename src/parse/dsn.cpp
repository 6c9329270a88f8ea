// RFC 3464 delivery-status fields: unfolding, per-recipient groups, the primary recipient.
#include "parse/dsn.hpp"

#include "parse/codes.hpp"
#include "parse/fields.hpp"
#include "parse/mime.hpp"
#include "parse/reply.hpp"
#include "util/strings.hpp"

#include <array>
#include <string>
#include <vector>

namespace smtpx::parse {

namespace {

constexpr std::array<std::string_view, 9> kRecipientFields{
    "Original-Recipient", "Final-Recipient", "Action", "Status", "Remote-MTA",
    "Diagnostic-Code", "Last-Attempt-Date", "Final-Log-ID", "Will-Retry-Until"};

constexpr std::array<std::string_view, 7> kMessageFields{
    "Reporting-MTA", "DSN-Gateway", "Received-From-MTA", "Arrival-Date", "Original-Envelope-Id",
    "X-Postfix-Queue-ID", "X-Postfix-Sender"};

std::string_view field_name(std::string_view line) {
    const std::size_t colon = line.find(':');
    return colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
}

bool is_recipient_field(std::string_view name) {
    for (std::string_view f : kRecipientFields)
        if (util::iequals(name, f)) return true;
    return false;
}

bool is_message_field(std::string_view name) {
    for (std::string_view f : kMessageFields)
        if (util::iequals(name, f)) return true;
    return false;
}

bool seen_field(const DsnRecipient& g, std::string_view name) {
    if (util::iequals(name, "Final-Recipient")) return !g.final_recipient.empty();
    if (util::iequals(name, "Original-Recipient")) return !g.original_recipient.empty();
    if (util::iequals(name, "Action")) return !g.action.empty();
    if (util::iequals(name, "Status")) return !g.status.empty();
    if (util::iequals(name, "Diagnostic-Code")) return !g.diagnostic.empty();
    return false;
}

bool empty_group(const DsnRecipient& g) {
    return g.final_recipient.empty() && g.original_recipient.empty() && g.action.empty() && g.status.empty() &&
           g.diagnostic.empty() && g.remote_mta.empty();
}

void set_field(DsnRecipient& g, std::string_view name, std::string value) {
    if (util::iequals(name, "Final-Recipient")) g.final_recipient = std::move(value);
    else if (util::iequals(name, "Original-Recipient")) g.original_recipient = std::move(value);
    else if (util::iequals(name, "Action")) g.action = std::move(value);
    else if (util::iequals(name, "Status")) g.status = std::move(value);
    else if (util::iequals(name, "Remote-MTA")) g.remote_mta = std::move(value);
    else if (util::iequals(name, "Diagnostic-Code")) g.diagnostic = std::move(value);
    else if (util::iequals(name, "Last-Attempt-Date")) g.last_attempt = std::move(value);
    else if (util::iequals(name, "Will-Retry-Until")) g.will_retry_until = std::move(value);
}

std::string clean_value(std::string_view v) {
    std::string s = util::collapse_spaces(v, kMaxStoredText);
    if (s.find("=?") != std::string::npos) s = decode_encoded_words(s);
    return s;
}

/// The status code token of a Status: value ("5.1.1 (Remote SMTP server ...)" -> "5.1.1").
std::string status_token(std::string_view v) {
    v = util::trim(v);
    std::size_t e = 0;
    while (e < v.size() && !util::is_space(v[e]) && v[e] != '(' && e < 32) ++e;
    return std::string(v.substr(0, e));
}

/// "dns; mx.example.com" -> "mx.example.com" (and drop a trailing dot or "[ip]" part).
} // namespace

std::string_view mta_name(std::string_view v) {
    std::string_view name = bare_address(v);
    const HostIp hi = split_host_ip(name);
    return hi.host.empty() ? name : hi.host;
}

namespace {

void add_diagnostic(const DsnRecipient& g, ParsedInput& out) {
    if (g.diagnostic.empty()) return;
    std::string_view d = g.diagnostic;
    std::string_view rest = d;
    if (const std::size_t semi = d.find(';'); semi != std::string_view::npos && semi < 24) rest = util::trim(d.substr(semi + 1));
    std::size_t pos = find_reply_start(rest);
    Reply r;
    if (pos != std::string_view::npos && code_site(rest, pos) == CodeSite::Strong &&
        parse_reply_at(rest, pos, ReplyExtent::Greedy, r)) {
        out.replies.push_back(std::move(r));
        return;
    }
    set_once(out.local_text, rest);
}

} // namespace

bool is_dsn_field_line(std::string_view line) noexcept {
    if (line.empty() || !util::is_alpha(line[0])) return false;
    const std::string_view name = field_name(line);
    return !name.empty() && (is_recipient_field(name) || is_message_field(name));
}

int dsn_field_index(std::string_view line) noexcept {
    if (line.empty() || !util::is_alpha(line[0])) return -1;
    const std::string_view name = field_name(line);
    if (name.empty()) return -1;
    int i = 0;
    for (std::string_view f : kRecipientFields) {
        if (util::iequals(name, f)) return i;
        ++i;
    }
    for (std::string_view f : kMessageFields) {
        if (util::iequals(name, f)) return i;
        ++i;
    }
    return -1;
}

bool has_dsn_fields(std::string_view text) noexcept {
    util::LineReader reader(text);
    std::string_view line;
    while (reader.next(line)) {
        if (line.empty() || !util::is_alpha(line[0])) continue;
        const std::string_view name = field_name(line);
        if (util::iequals(name, "Diagnostic-Code") || util::iequals(name, "Status") ||
            util::iequals(name, "Action") || util::iequals(name, "Final-Recipient"))
            return true;
    }
    return false;
}

DsnReport read_dsn(std::string_view text) {
    DsnReport rep;
    std::vector<DsnRecipient>& groups = rep.recipients;
    groups.emplace_back();
    std::string name, value;
    bool open = false;   // a field is being unfolded

    auto close_field = [&]() {
        if (!open) return;
        open = false;
        if (is_recipient_field(name)) {
            if (seen_field(groups.back(), name) && groups.size() < kMaxReplies) groups.emplace_back();
            set_field(groups.back(), name, clean_value(value));
        } else if (util::iequals(name, "X-Postfix-Sender")) {
            rep.sender = std::string(bare_address(value));
        } else if (util::iequals(name, "Reporting-MTA")) {
            rep.reporting_mta = std::string(mta_name(clean_value(value)));
        } else if (util::iequals(name, "Arrival-Date")) {
            rep.arrival_date = clean_value(value);
        }
    };

    util::LineReader reader(text);
    std::string_view line;
    while (reader.next(line)) {
        if (open && !line.empty() && util::is_blank(line[0])) {
            value += ' ';
            util::append_capped(value, util::trim(line), kMaxStoredText);
            continue;
        }
        close_field();
        if (util::trim(line).empty()) {
            if (!empty_group(groups.back()) && groups.size() < kMaxReplies) groups.emplace_back();
            continue;
        }
        if (!is_dsn_field_line(line)) continue;
        rep.any = true;
        const std::size_t colon = line.find(':');
        name = std::string(line.substr(0, colon));
        value = std::string(util::cut_utf8(util::trim(line.substr(colon + 1)), kMaxStoredText));
        open = true;
    }
    close_field();
    std::erase_if(groups, empty_group);
    return rep;
}

bool parse_dsn_fields(std::string_view text, ParsedInput& out) {
    DsnReport rep = read_dsn(text);
    if (!rep.any) return false;
    const std::vector<DsnRecipient>& groups = rep.recipients;
    const std::string& sender = rep.sender;
    const DsnRecipient* primary = nullptr;
    for (const DsnRecipient& g : groups) {
        if (!primary) primary = &g;
        const bool failed = util::iequals(g.action, "failed") || (g.action.empty() && g.status.starts_with('5'));
        if (failed) {
            primary = &g;
            break;
        }
    }
    for (const DsnRecipient& g : groups) add_diagnostic(g, out);
    if (primary) {
        out.status_enhanced = status_token(primary->status);
        out.delivery_status = util::to_lower(util::trim(primary->action));
        // RFC 3464: a final "failed" with a 4.x.x Status: means the MTA gave up on a temporary error
        // (the same reading as the bounce-mail reader's); a permanent reply decides by itself.
        bool permanent_reply = false;
        for (const Reply& r : out.replies) permanent_reply = permanent_reply || r.code >= 500;
        if (out.delivery_status == "failed" && out.status_enhanced.starts_with('4') && !permanent_reply)
            out.delivery_status = "expired";
        const std::string& rcpt = primary->final_recipient.empty() ? primary->original_recipient : primary->final_recipient;
        out.recipient = std::string(bare_address(rcpt));
        out.remote_host = std::string(mta_name(primary->remote_mta));
    }
    if (out.sender.empty()) out.sender = sender;
    out.kind = InputKind::Dsn;
    return true;
}

} // namespace smtpx::parse
