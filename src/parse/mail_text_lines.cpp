// Which lines of a bounce's human-readable text name a recipient, and where the returned message starts.
#include "parse/mail_text.hpp"

#include "parse/codes.hpp"
#include "util/strings.hpp"

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// Separator lines MTAs put above the returned message (matched inside the line, any case).
constexpr std::string_view kOriginalMarkers[] = {
    "original message follows", "original message headers", "this is a copy of the message",
    "below this line is a copy of the message", "----- original message -----", "--- original message ---",
    "original message --", "-- original message", "message header follows", "headers of the original message",
    "header of the original message", "unsent message below", "returned message follows", "the original message is:",
    "copy of the original message", "original message header", "--- message headers ---", "returned mail follows",
    "text of the original message", "the original message headers are:", "included is a copy of the",
    "----- returned message", "returned message -----", "original message:",
    "unsent message follows"};

/// Words one of which every marker holds: a line is tried against the markers only when one of them
/// occurs in it (see split_returned_message), since trying every marker on every line of every
/// bounce was 9% of `smtpx mail`'s time.
constexpr std::string_view kMarkerWords[] = {"message", "mail", "copy"};

constexpr bool every_marker_has_a_word() {
    for (std::string_view m : kOriginalMarkers) {
        bool found = false;
        for (std::string_view w : kMarkerWords) found = found || m.find(w) != std::string_view::npos;
        if (!found) return false;
    }
    return true;
}
static_assert(every_marker_has_a_word(), "a new original-message marker needs its word in kMarkerWords");

bool is_original_marker(std::string_view line) {
    const std::string_view t = util::trim(line);
    if (t.size() > 160) return false;
    for (std::string_view m : kOriginalMarkers)
        if (util::icontains(t, m)) return true;
    return false;
}

/// Characters an address's local part or domain may hold, as bounces write them.
bool address_char(char c) {
    return util::is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '=' || c == '%' || c == '/' ||
           c == '!' || c == '#' || c == '$' || c == '&' || c == '\'' || c == '*' || c == '?' || c == '^' || c == '`' ||
           c == '{' || c == '|' || c == '}' || c == '~' || static_cast<unsigned char>(c) >= 0x80;
}

/// "on 12/1/2026 11:00 AM" / "on Tue, 1 Dec 2026 ...": the date Exchange 2000/2003 writes after
/// each recipient it could not deliver to ("a@b on 12/1/2026 11:00 AM", then the reason below).
bool exchange_date_follows(std::string_view rt) {
    if (!util::istarts_with(rt, "on ")) return false;
    const std::string_view d = util::trim_left(rt.substr(3));
    if (!d.empty() && util::is_digit(d[0])) return true;
    for (std::string_view day : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"})
        if (util::istarts_with(d, day)) return true;
    return false;
}

/// The address a line opens with when the line is about that address ("<a@b>:", "a@b",
/// "<a@b>... User unknown", "a@b: text", "  a@b (reason)", "a@b [User unknown]", a list's
/// "  * a@b", a notice's ">>> a@b <a@b>"); `rest` is what follows it.
std::string_view leading_address(std::string_view line, std::string_view& rest) {
    std::string_view t = util::trim(line);
    if (t.size() > 1000) return {};
    if (t.starts_with("* ") || t.starts_with("*\t")) t = util::trim_left(t.substr(2));
    else if (t.starts_with(">>> ")) t = util::trim_left(t.substr(4));   // only when an address follows (below)
    // qmail clones write "To: <a@b>:" where qmail writes "<a@b>:"; a report's echo of the message's
    // headers ("To: <a@b>") has no colon after the address and stays what it is.
    else if (util::istarts_with(t, "To:") && util::trim_left(t.substr(3)).starts_with('<') && t.ends_with(">:"))
        t = util::trim_left(t.substr(3));
    std::size_t i = 0;
    const bool angle = !t.empty() && t[0] == '<';
    const bool quoted = !t.empty() && t[0] == '"';   // GMX: "a@b":
    if (angle || quoted) ++i;
    const std::size_t start = i;
    std::size_t at = npos;
    while (i < t.size() && (address_char(t[i]) || t[i] == '@')) {
        if (t[i] == '@') {
            if (at != npos) return {};
            at = i;
        }
        ++i;
    }
    if (at == npos || at == start || at + 1 >= i) return {};
    std::string_view addr = t.substr(start, i - start);
    while (!addr.empty() && (addr.back() == '.' || addr.back() == ':')) {
        addr.remove_suffix(1);
        --i;
    }
    if (addr.find('.', addr.find('@')) == npos) return {};   // a domain without a dot: not an address here
    if (angle || quoted) {
        if (i >= t.size() || t[i] != (angle ? '>' : '"')) return {};
        ++i;
    }
    std::string_view r = t.substr(i);
    const std::string_view rt = util::trim(r);
    if (exchange_date_follows(rt)) {   // the date says nothing about the failure; the lines below do
        rest = {};
        return addr;
    }
    if (!(rt.empty() || rt.starts_with(':') || rt.starts_with("...") || rt.starts_with('(') || rt.starts_with(';') ||
          rt.starts_with('<') || rt.starts_with('[') || (r.starts_with(":") || r.starts_with("\t")) ||
          util::icontains(rt, ", ERROR_CODE :")))
        return {};   // (Zoho: "a@b Invalid Address, ERROR_CODE :550, ...")
    while (!r.empty() && (r[0] == ':' || r[0] == '.' || r[0] == ';' || util::is_space(r[0]))) r.remove_prefix(1);
    rest = r;
    return addr;
}

/// Sendmail's per-recipient result line "554 <a@b>... Remote protocol error" (an enhanced code may
/// follow the reply code): the address, and the whole line as the recipient's reply.
std::string_view sendmail_result_address(std::string_view line, std::string_view& rest) {
    const std::string_view t = util::trim(line);
    if (t.size() < 10 || (t[0] != '4' && t[0] != '5') || !util::is_digit(t[1]) || !util::is_digit(t[2]) || t[3] != ' ')
        return {};
    std::size_t i = 4;
    if (const std::size_t n = enhanced_code_at(t, i); n > 0 && i + n < t.size() && t[i + n] == ' ') i += n + 1;
    if (t[i] != '<') return {};
    const std::size_t close = t.find(">...", i);
    if (close == npos) return {};
    std::string_view ignored;
    const std::string_view addr = leading_address(t.substr(i, close + 1 - i), ignored);
    if (addr.empty()) return {};
    rest = t;
    return addr;
}

/// Words after which a line names the one recipient it is about: sentences ("Could not be delivered
/// to: <a@b>", "Unable to deliver message to <a@b> (and other ...)", "error delivering your mail to
/// <a@b>.", "rejected recipient <a@b>") and the labels of the notices that put each failed address
/// after one (IMail's "Unknown user: a@b" and "undeliverable to a@b", Sun/Oracle Messaging Server's
/// "Recipient address: a@b", SurfControl's "Addressed To: a@b", Zoho's "[Status: Error, Address:
/// <a@b>, ResponseCode 421, ...]", a gateway's "The following recipients returned permanent errors:
/// a@b.", "Did not reach the following recipient: a@b", au's "Recipient: <a@b>"). A ':' after them
/// is skipped.
constexpr std::string_view kRecipientPhrases[] = {
    "delivered to", "deliver message to", "deliver mail to", "deliver your message to", "delivering your mail to",
    "delivering your message to", "undeliverable to", "rejected recipient", "unknown user:",
    "invalid final delivery userid:", "exceeds allowed size:", "recipient address:", "addressed to:",
    "status: error, address:", "recipients returned permanent errors:", "following recipient:", "recipient:"};

/// The address a sentence about one failed recipient names (see kRecipientPhrases), and a webmail
/// gateway's "RCPT TO: a@b" summary line; `rest` is what follows the address.
std::string_view phrase_address(std::string_view line, std::string_view& rest) {
    const std::string_view t = util::trim(line);
    if (t.size() > 300 || t.starts_with(">>>") || t.starts_with("<<<")) return {};
    // Whatever the phrase, the address after it has an '@' (leading_address): most lines have none, and
    // one memchr saves trying every phrase on them.
    if (t.find('@') == npos) return {};
    std::size_t at = npos;
    // InterScan MSS quotes its session as "Sent <<< RCPT TO:<a@b>" / "Received >>> 550 ...".
    const std::size_t sent = util::istarts_with(t, "Sent <<< ") ? 9 : 0;
    const bool rcpt = util::istarts_with(t.substr(sent), "RCPT TO:");
    if (rcpt) {
        at = sent + 8;
    } else {
        for (std::string_view ph : kRecipientPhrases) {
            const std::size_t p = util::ifind(t, ph);
            if (p != npos) {
                at = p + ph.size();
                break;
            }
        }
    }
    if (at == npos) return {};
    std::string_view tail = util::trim_left(t.substr(at));
    if (tail.starts_with(':')) tail = util::trim_left(tail.substr(1));
    std::string_view after;
    std::string_view addr = leading_address(tail, after);
    if (addr.empty()) {
        // "... to <a@b>." / "... to a@b (and other recipients)": the sentence goes on after the address.
        const std::size_t stop = tail.find_first_of(" ,");
        const std::string_view word = tail.substr(0, stop);
        std::string_view ignored;
        std::string_view head = word;
        while (!head.empty() && (head.back() == '.' || head.back() == ',')) head.remove_suffix(1);
        addr = leading_address(head, ignored);
        if (addr.empty()) return {};
    }
    rest = rcpt ? std::string_view{} : t;   // the sentence itself says what failed
    return addr;
}

} // namespace

/// The text split at each line that names a recipient; `preamble` is what comes before the first.
std::vector<TextBlock> recipient_blocks(std::string_view text, std::string& preamble) {
    std::vector<TextBlock> blocks;
    util::LineReader reader(text);
    std::string_view line;
    TextBlock* cur = nullptr;
    // Sendmail V5 writes each session's transcript ("While talking to HOST:" and its >>> / <<< lines)
    // before the result lines of the recipients it was for; a result line that names no reply of its
    // own ("554 <a@b>... Remote protocol error") is explained by that transcript.
    bool v5 = false;
    std::string session;
    while (reader.next(line)) {
        if (util::istarts_with(util::trim(line), "While talking to ")) {
            v5 = true;
            cur = nullptr;
            session.assign(util::trim(line));
            session += '\n';
            continue;
        }
        std::string_view rest;
        std::string_view addr = leading_address(line, rest);
        if (addr.empty()) addr = sendmail_result_address(line, rest);
        if (addr.empty()) addr = phrase_address(line, rest);
        if (!addr.empty() && v5) {
            if (blocks.size() >= kMaxReplies) break;
            const std::size_t dots = rest.find("... ");
            const std::string_view said = dots == npos ? std::string_view{} : rest.substr(dots + 4);
            const bool own = basic_code_at(said, 0) >= 0;   // "554 <a@b>... 550 Host unknown": the 550 is the cause
            blocks.push_back({std::string(addr), std::string(util::cut_utf8(own ? said : rest, kMaxStoredText))});
            if (!own && !session.empty()) {
                blocks.back().text += '\n';
                util::append_capped(blocks.back().text, session, kMaxStoredText);
            }
            continue;
        }
        if (v5) {   // the session's transcript; a host's own result line ("550 example.org (smtp)... ") is no one's
            const std::string_view t = util::trim(line);
            if ((t.starts_with(">>>") || t.starts_with("<<<")) && session.size() < kMaxStoredText) {
                session += t;
                session += '\n';
            }
            continue;
        }
        if (!addr.empty()) {
            const std::string key = util::to_lower(addr);
            cur = nullptr;
            for (TextBlock& b : blocks)
                if (util::iequals(b.recipient, key)) cur = &b;
            if (!cur) {
                if (blocks.size() >= kMaxReplies) break;
                blocks.push_back({std::string(addr), {}});
                cur = &blocks.back();
            }
            if (!cur->text.empty()) cur->text += '\n';
            util::append_capped(cur->text, rest, kMaxStoredText);
            continue;
        }
        std::string& dst = cur ? cur->text : preamble;
        if (dst.size() < kMaxStoredText) {
            // The rest of an address line has no line end of its own: "<a@b>... Deferred: 421" and
            // the next line "Warning: ..." are two lines, not the glued "421Warning:".
            if (!dst.empty() && dst.back() != '\n') dst += '\n';
            dst += line;
            dst += '\n';
        }
    }
    return blocks;
}

TextSplit split_returned_message(std::string_view text) {
    TextSplit s{text, {}};
    util::LineReader reader(text);
    std::string_view line;
    std::size_t line_start = 0;
    bool seen_text = false, prev_blank = true;
    // Where each marker word occurs next, found by one search through the text per word and moved on
    // only when the lines pass it: no per-line search on the lines that hold none.
    std::size_t word_at[std::size(kMarkerWords)];
    for (std::size_t k = 0; k < std::size(kMarkerWords); ++k) word_at[k] = util::ifind(text, kMarkerWords[k]);
    auto holds_marker_word = [&](std::size_t from, std::size_t to) {
        bool found = false;
        for (std::size_t k = 0; k < std::size(kMarkerWords); ++k) {
            if (word_at[k] != npos && word_at[k] < from) word_at[k] = util::ifind(text, kMarkerWords[k], from);
            found = found || (word_at[k] != npos && word_at[k] + kMarkerWords[k].size() <= to);
        }
        return found;
    };
    while (reader.next(line)) {
        const std::size_t next = reader.offset();
        const auto at = static_cast<std::size_t>(line.data() - text.data());
        const bool blank = util::trim(line).empty();
        // A marker line, or the original's header block starting after a blank line in the text.
        // (Zoho writes "Received:from" with no space.)
        const std::string_view received = util::istarts_with(line, "Received:") ? util::trim_left(line.substr(9)) : std::string_view{};
        const bool headers = seen_text && prev_blank &&
                             (util::istarts_with(line, "Return-Path:") || util::istarts_with(received, "from ") ||
                              util::istarts_with(received, "by "));
        if ((seen_text && holds_marker_word(at, at + line.size()) && is_original_marker(line)) || headers) {
            s.report = text.substr(0, line_start);
            s.original = text.substr(headers ? line_start : next);
            return s;
        }
        if (!blank) seen_text = true;
        prev_blank = blank;
        line_start = next;
    }
    return s;
}

} // namespace smtpx::parse
