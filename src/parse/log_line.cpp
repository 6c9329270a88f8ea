// The readers of the lines scan_log_line() recognises, the shared "SMTP error from remote server" phrase and the
// Microsoft NDR diagnostic forms.
#include "parse/log_line.hpp"

#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/fields.hpp"
#include "parse/log_extractors.hpp"
#include "parse/reply.hpp"
#include "util/strings.hpp"

#include <array>

namespace smtpx::parse {

namespace detail {

bool add_reply_from(std::string_view s, std::string_view command, ParsedInput& out) {
    std::size_t pos = find_reply_start(s);
    if (pos == std::string_view::npos) return false;
    Reply r;
    if (!parse_reply_at(s, pos, ReplyExtent::Bounded, r)) return false;
    if (r.command.empty()) r.command = std::string(command);
    out.replies.push_back(std::move(r));
    return true;
}

} // namespace detail

namespace {

/// One reader per format that scan_log_line() recognises.
struct Reader {
    std::string_view mta;
    InputKind kind;
    bool (*read)(const LogEvent&, ParsedInput&);
};

constexpr std::array<Reader, 3> kReaders{{
    {"postfix", InputKind::PostfixLog, detail::read_postfix},
    {"sendmail", InputKind::SendmailLog, detail::read_sendmail},
    {"exim", InputKind::EximLog, detail::read_exim},
}};

/// The part of a line between an opening quote at `open` and its closing quote (the last one on
/// that line), for "Remote Server returned '...'".
std::string_view quoted_from(std::string_view s, std::size_t open) {
    const char q = s[open];
    std::size_t end = open + 1;
    while (end < s.size() && s[end] != '\n' && s[end] != '\r') ++end;
    const std::string_view line = s.substr(open + 1, end - open - 1);
    const std::size_t close = line.rfind(q);
    return close == std::string_view::npos ? line : line.substr(0, close);
}

/// Exchange 2003-style "< #5.1.1 smtp;550 5.1.1 User unknown>": the reply follows "smtp;".
std::string_view unwrap_classic(std::string_view s) {
    const std::size_t p = util::ifind(s, "smtp;");
    if (p == std::string_view::npos || p > 24) return s;
    std::string_view r = util::trim(s.substr(p + 5));
    if (!r.empty() && r.back() == '>') r.remove_suffix(1);
    return r;
}

} // namespace

bool parse_exchange_diagnostic(std::string_view text, ParsedInput& out) {
    const std::size_t p = util::ifind(text, "Remote Server returned ");
    std::string_view body;
    if (p != std::string_view::npos) {
        std::size_t q = p + 23;
        while (q < text.size() && util::is_blank(text[q])) ++q;
        if (q >= text.size()) return false;
        body = (text[q] == '\'' || text[q] == '"') ? quoted_from(text, q) : text.substr(q);
    } else {
        const std::string_view t = util::trim(text);
        if (!t.starts_with('#') || !(t.ends_with("##") || util::icontains(t.substr(0, 30), "smtp;"))) return false;
        body = t.substr(1);
        if (body.ends_with("#SMTP#")) body.remove_suffix(6);
        body = util::trim(body);
    }
    body = unwrap_classic(util::trim(body));
    if (!detail::add_reply_from(body, "", out)) return false;
    out.kind = InputKind::ExchangeNdr;
    if (out.software.empty()) out.software = "exchange";
    return true;
}

bool parse_smtp_error_phrase(std::string_view text, ParsedInput& out) {
    const std::size_t p = util::ifind(text, "SMTP error from remote ");
    if (p == std::string_view::npos) return false;
    std::size_t i = p + 23;
    if (util::istarts_with(text.substr(i), "mail ")) i += 5;
    if (!util::istarts_with(text.substr(i), "server")) return false;
    i += 6;
    std::string command;
    std::string_view rest = text.substr(i);
    if (util::istarts_with(rest, " after ") || util::istarts_with(rest, " for ")) {
        rest.remove_prefix(rest[1] == 'a' || rest[1] == 'A' ? 7 : 5);
        command = canonical_command(rest);
        const std::size_t n = command_phrase_length(rest);
        std::size_t j = n;
        // Skip the command's argument ("TO:<a@b>", "FROM:<a> SIZE=123") up to the colon that ends it.
        while (j < rest.size() && util::is_blank(rest[j])) ++j;
        bool colon = false;
        if (j < rest.size() && rest[j] == ':') {
            colon = true;
            ++j;
        }
        while (j < rest.size() && util::is_blank(rest[j])) ++j;
        bool address = false;
        if (j < rest.size() && rest[j] == '<') {
            const std::size_t close = rest.find('>', j);
            if (close != std::string_view::npos && close - j < 1024) {
                j = close + 1;
                address = true;
            }
        }
        if (colon && !address) {
            rest.remove_prefix(j);   // "after end of data: 554 ..."
        } else {
            // "TO:<a> SIZE=123: 550 ...", "RCPT command: ...", "TEXT command, host: ..."
            std::size_t k = j;
            while (k < rest.size() && rest[k] != ':' && rest[k] != '\n' && (address || rest[k] != ',') && k - j < 256) ++k;
            if (k < rest.size() && (rest[k] == ':' || rest[k] == ',')) rest.remove_prefix(k + 1);
            else rest.remove_prefix(j);
        }
    } else if (!rest.empty() && rest[0] == ':') {
        rest.remove_prefix(1);
    }
    // "host H [ip]: " (Exim) or "host: H (ip) reason: " in front of the reply.
    if (const detail::PhraseHost ph = detail::phrase_host(util::trim_left(rest)); ph.found) {
        set_once(out.remote_host, ph.where.host);
        set_once(out.remote_ip, ph.where.ip);
        if (!ph.reply.empty()) rest = ph.reply;
    }
    return detail::add_reply_from(rest, command, out);
}

bool parse_log_line(std::string_view text, ParsedInput& out) {
    const LogEvent ev = scan_log_line(text);
    for (const Reader& r : kReaders) {
        if (ev.mta != r.mta) continue;
        ParsedInput candidate;
        if (!r.read(ev, candidate)) break;
        candidate.kind = r.kind;
        candidate.software = std::string(r.mta);
        candidate.timestamp = std::string(ev.timestamp);
        out = std::move(candidate);
        return true;
    }
    ParsedInput candidate;
    if (parse_exchange_diagnostic(ev.message, candidate)) {
        candidate.timestamp = std::string(ev.timestamp);
        out = std::move(candidate);
        return true;
    }
    return false;
}

} // namespace smtpx::parse
