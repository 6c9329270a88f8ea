// One left-to-right pass: at each token start, try the value shapes from the most to the least
// specific (URL, bracketed address, e-mail, IPv6, IPv4, queue ids, host name) and copy the rest.
// The shapes themselves are parse/tokens' and util/net's; this file decides where a token may start,
// which kind of placeholder it gets and what stays (public domains, URL hosts, reply codes).
#include "redact/redactor.hpp"

#include "parse/tokens.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>

namespace smtpx::redact {

using namespace util;
using parse::bracketed_address_length;
using parse::email_length;
using parse::exim_id_length;
using parse::host_length;
using parse::is_generated_local_part;
using parse::is_label_char;
using parse::is_local_char;
using parse::labelled_queue_id_length;
using parse::preceded_by_label;
using parse::queue_id_length;

namespace {
constexpr std::array<std::string_view, 5> k_redact_kinds{"email", "msgid", "ip", "host", "queue"};

/// Is the dotted quad at [pos, end) written where an address goes? Asked only of quads that could
/// also be a status-like number ("4.16.55.1" in Yahoo's replies, first part 2, 4 or 5).
bool ip_context(std::string_view text, std::size_t pos, std::size_t end) {
    if (pos > 0 && std::string_view("[(=:/@,<").find(text[pos - 1]) != std::string_view::npos) return true;
    if (end < text.size() && std::string_view("]):>").find(text[end]) != std::string_view::npos) return true;
    std::size_t b = pos;
    while (b > 0 && text[b - 1] == ' ') --b;
    std::size_t a = b;
    while (a > 0 && is_alpha(text[a - 1])) --a;
    std::string before = to_lower(text.substr(a, b - a));
    for (std::string_view w : {"from", "ip", "host", "address", "addr", "client", "sender", "by", "relay", "helo",
                               "to", "server", "source", "rdns"})
        if (before == w) return true;
    if (iends_with(before, "ip")) return true;
    std::size_t c = end;
    while (c < text.size() && text[c] == ' ') ++c;
    std::size_t d = c;
    while (d < text.size() && is_alpha(text[d])) ++d;
    std::string after = to_lower(text.substr(c, d - c));
    for (std::string_view w : {"is", "has", "was", "listed", "blocked", "not", "does"})
        if (after == w) return true;
    return false;
}

} // namespace

bool Redactor::is_public_domain(std::string_view host) const {
    return std::any_of(m_public.begin(), m_public.end(), [&](std::string_view d) { return iequals(d, host); });
}

std::string Redactor::placeholder(RedactKind kind, std::string_view original) {
    auto& map = m_placeholders[static_cast<int>(kind)];
    std::string key = to_lower(original);
    if (kind == RedactKind::Host && !key.empty() && key.back() == '.') key.pop_back();
    auto it = map.find(key);
    if (it == map.end()) {
        // Appended piece by piece: g++ 12 warns wrongly (-Wrestrict) on "<" + std::string(...).
        std::string ph("<");
        ph += k_redact_kinds[static_cast<std::size_t>(kind)];
        ph += '-';
        ph += std::to_string(map.size() + 1);
        ph += '>';
        it = map.emplace(key, std::move(ph)).first;
    }
    if (std::none_of(m_seen.begin(), m_seen.end(), [&](const auto& p) { return p.first == original; }))
        m_seen.emplace_back(std::string(original), it->second);
    return it->second;
}

std::string Redactor::force_host(std::string_view value) { return placeholder(RedactKind::Host, value); }

std::string Redactor::redact(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    auto emit = [&](RedactKind kind, std::size_t len) {
        out += placeholder(kind, text.substr(i, len));
        i += len;
    };
    bool after_code = false;
    while (i < text.size()) {
        char c = text[i];
        bool boundary = after_code || i == 0 || !(is_word_char(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '-');
        after_code = false;
        // "250-mx.example.com": the continuation's code is not part of the host name that follows.
        if (boundary && i + 4 < text.size() && text[i + 3] == '-' && parse::is_reply_code(text.substr(i, 3)) &&
            is_label_char(text[i + 4])) {
            out += text.substr(i, 4);
            i += 4;
            after_code = true;
            continue;
        }
        std::string_view rest = text.substr(i);
        if (boundary && (istarts_with(rest, "http://") || istarts_with(rest, "https://"))) {
            // Keep the scheme and the host of a URL; its path and query are scanned like text.
            std::size_t host = rest.find("//") + 2;
            std::size_t n = host;
            while (n < rest.size() && !is_space(rest[n]) && std::string_view("/?#>)\"'").find(rest[n]) == std::string_view::npos)
                ++n;
            out += rest.substr(0, host);
            i += host;
            if (std::size_t v4 = ipv4_length(text.substr(i)); v4 > 0) emit(RedactKind::Ip, v4);
            else {
                out += text.substr(i, n - host);
                i += n - host;
            }
            continue;
        }
        if (c == '<') {
            if (std::size_t n = bracketed_address_length(rest)) {
                std::string_view inner = rest.substr(1, n - 2);
                bool msgid = preceded_by_label(text, i, {"message-id", "message-id:", "in-reply-to", "references", "msgid"}) ||
                             is_generated_local_part(inner.substr(0, inner.rfind('@')));
                out += placeholder(msgid ? RedactKind::MessageId : RedactKind::Email, inner);
                i += n;
                continue;
            }
            // "<mx.example.com>" (a HELO name) or "<192.0.2.1>" becomes one placeholder, not "<<host-1>>".
            std::size_t close = rest.substr(0, 256).find('>');
            if (close != std::string_view::npos && close > 1) {
                std::string_view inner = rest.substr(1, close - 1);
                if (ipv4_length(inner) == inner.size() || ipv6_length(inner) == inner.size()) {
                    out += placeholder(RedactKind::Ip, inner);
                    i += close + 1;
                    continue;
                }
                if (host_length(inner) == inner.size() && !is_public_domain(inner)) {
                    out += placeholder(RedactKind::Host, inner);
                    i += close + 1;
                    continue;
                }
            }
        }
        if (boundary && is_local_char(c) && c != '.') {
            if (std::size_t n = email_length(rest)) {
                // "sasl_username=bob@example.com": the key is not part of the address.
                std::size_t eq = rest.substr(0, n).find('=');
                std::string_view key = rest.substr(0, eq == std::string_view::npos ? 0 : eq);
                if (!key.empty() && std::all_of(key.begin(), key.end(), [](char k) { return is_alpha(k) || k == '_'; }) &&
                    email_length(rest.substr(eq + 1)) == n - eq - 1) {
                    out += rest.substr(0, eq + 1);
                    i += eq + 1;
                    n -= eq + 1;
                }
                emit(RedactKind::Email, n);
                continue;
            }
        }
        bool ip_boundary = i == 0 || !(is_word_char(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == ':' || text[i - 1] == '-') ||
                           (text[i - 1] == ':' && iends_with(text.substr(0, i), "ipv6:"));
        if (ip_boundary && (is_hex(c) || c == ':')) {
            if (std::size_t n = ipv6_length(rest)) {
                emit(RedactKind::Ip, n);
                continue;
            }
        }
        if (boundary && is_digit(c)) {
            std::size_t n = ipv4_length(rest);
            // "451 4.16.55.1": a malformed status in the enhanced code's place, not an address.
            bool status_slot = i >= 4 && is_digit(text[i - 4]) && text[i - 4] == c && (text[i - 1] == ' ' || text[i - 1] == '-') &&
                               (i == 4 || !is_word_char(text[i - 5])) && is_digit(text[i - 3]) && is_digit(text[i - 2]);
            bool status_like = (c == '2' || c == '4' || c == '5') && i + 1 < text.size() && text[i + 1] == '.';
            if (n > 0 && !status_slot && (!status_like || ip_context(text, i, i + n))) {
                emit(RedactKind::Ip, n);
                continue;
            }
        }
        if (boundary && is_alnum(c)) {
            if (std::size_t n = exim_id_length(rest); n > 0) {
                emit(RedactKind::Queue, n);
                continue;
            }
            if (std::size_t n = labelled_queue_id_length(text, i); n > 0) {
                emit(RedactKind::Queue, n);
                continue;
            }
            if (std::size_t n = queue_id_length(rest); n > 0) {
                emit(RedactKind::Queue, n);
                continue;
            }
            if (std::size_t n = host_length(rest); n > 0) {
                if (!is_public_domain(rest.substr(0, n))) emit(RedactKind::Host, n);
                else {
                    out += rest.substr(0, n);
                    i += n;
                }
                continue;
            }
            // Skip the rest of the word so that no shape is tried from its middle.
            while (i < text.size() && is_word_char(text[i])) out += text[i++];
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

namespace {
/// Whitespace runs as one space, so that a quote of a folded or re-joined input still matches.
std::string squeeze(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (is_space(c)) {
            if (out.empty() || out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

/// Does `text` quote `input` around [pos, end): the few characters either side (within the line)
/// appear together with the value in the input?
bool quotes_input(std::string_view text, std::size_t pos, std::size_t end, const std::string& squeezed_input) {
    constexpr std::size_t k_context = 8;
    std::size_t from = pos, to = end;
    while (from > 0 && pos - from < k_context && text[from - 1] != '\n') --from;
    while (to < text.size() && to - end < k_context && text[to] != '\n') ++to;
    return squeezed_input.find(squeeze(text.substr(from, to - from))) != std::string::npos;
}
} // namespace

std::string Redactor::replace_seen(std::string_view text, std::string_view quoted_from) const {
    std::string squeezed = quoted_from.empty() ? std::string() : squeeze(quoted_from);
    struct Hit {
        std::size_t pos, len;
        const std::string* placeholder;
    };
    // Every decision is made on the text as given: a value replaced first must not hide the
    // context that shows the next one is quoted.
    std::vector<Hit> hits;
    for (const auto& [original, ph] : m_seen) {
        for (std::size_t pos = text.find(original); pos != std::string_view::npos; pos = text.find(original, pos + 1)) {
            std::size_t end = pos + original.size();
            bool whole = (pos == 0 || !(is_label_char(text[pos - 1]) || text[pos - 1] == '.' || text[pos - 1] == '@')) &&
                         (end >= text.size() || !(is_label_char(text[end]) || text[end] == '@' ||
                                                  (text[end] == '.' && end + 1 < text.size() && is_label_char(text[end + 1]))));
            if (!whole || (!quoted_from.empty() && !quotes_input(text, pos, end, squeezed))) continue;
            // The placeholder brings its own angle brackets.
            if (pos > 0 && end < text.size() && text[pos - 1] == '<' && text[end] == '>') hits.push_back({pos - 1, original.size() + 2, &ph});
            else hits.push_back({pos, original.size(), &ph});
        }
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.pos != b.pos ? a.pos < b.pos : a.len > b.len; });
    std::string out;
    std::size_t done = 0;
    for (const auto& h : hits) {
        if (h.pos < done) continue;   // overlaps a longer or earlier value
        out += text.substr(done, h.pos - done);
        out += *h.placeholder;
        done = h.pos + h.len;
    }
    out += text.substr(done);
    return out;
}

} // namespace smtpx::redact
