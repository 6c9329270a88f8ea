#include "parse/transcript.hpp"

#include "parse/codes.hpp"
#include "parse/fields.hpp"
#include "parse/reply.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

#include <array>
#include <deque>
#include <string>

namespace smtpx::parse {

namespace {

constexpr std::size_t npos = std::string_view::npos;

struct Prefix {
    std::string_view text;
    TranscriptLine who;
    bool trim_first;   ///< swaks indents client lines with a space
};

// Longer prefixes first so "<~* " wins over "<~ ".
constexpr std::array<Prefix, 15> kPrefixes{{
    {"<~*", TranscriptLine::Server, false},
    {"<--", TranscriptLine::Server, false},   // MDaemon session logs
    {"-->", TranscriptLine::Client, false},
    {"<**", TranscriptLine::Server, false},
    {"<<<", TranscriptLine::Server, false},
    {">>>", TranscriptLine::Client, false},
    {"===", TranscriptLine::Info, false},
    {"***", TranscriptLine::Info, false},
    {"<-", TranscriptLine::Server, false},
    {"<~", TranscriptLine::Server, false},
    {"->", TranscriptLine::Client, true},
    {"~>", TranscriptLine::Client, true},
    {"C:", TranscriptLine::Client, false},
    {"S:", TranscriptLine::Server, false},
    {"c:", TranscriptLine::Client, false},
}};

/// The verb of a client command line, canonical for the usual ones.
std::string command_of(std::string_view line) {
    line = util::trim(line);
    if (line == ".") return "END-OF-DATA";
    std::size_t e = 0;
    while (e < line.size() && !util::is_space(line[e]) && line[e] != ':' && e < 16) ++e;
    std::string verb = util::to_lower(line.substr(0, e));
    for (char& c : verb) c = util::to_upper(c);
    if (verb == "LHLO") return "EHLO";
    if (verb.empty() || !util::is_alpha(verb[0])) return {};
    return verb;
}

struct Session {
    ParsedInput& out;
    std::deque<std::string> pending;   ///< commands sent and not yet answered, oldest first
    bool any_command = false;
    bool data_mode = false;             ///< between DATA's 354 and the lone "."
    bool auth_continuation = false;     ///< after a 334, the client line is an AUTH response
    std::string reply_lines;            ///< server lines of the reply being assembled
    int reply_code = -1;

    void client(std::string_view body) {
        const std::string_view t = util::trim(body);
        if (data_mode) {
            if (t == ".") {
                if (pending.size() >= kMaxReplies) pending.pop_front();
                pending.emplace_back("END-OF-DATA");
                data_mode = false;
            }
            return;
        }
        if (t.empty()) return;
        any_command = true;
        if (auth_continuation) {
            auth_continuation = false;
            if (pending.size() >= kMaxReplies) pending.pop_front();
            pending.emplace_back("AUTH");
            return;
        }
        std::string cmd = command_of(t);
        if (cmd == "MAIL" && out.sender.empty()) {
            const std::size_t lt = t.find('<');
            if (lt != std::string_view::npos) out.sender = std::string(bare_address(t.substr(lt, t.find('>', lt) - lt + 1)));
        }
        if (cmd == "RCPT" && out.recipient.empty()) {
            const std::size_t lt = t.find('<');
            if (lt != std::string_view::npos) out.recipient = std::string(bare_address(t.substr(lt, t.find('>', lt) - lt + 1)));
        }
        if (cmd.empty()) return;
        // A paste of thousands of commands without replies must not grow memory without bound.
        if (pending.size() >= kMaxReplies) pending.pop_front();
        pending.push_back(std::move(cmd));
    }

    void finish_reply() {
        if (reply_lines.empty()) return;
        std::size_t pos = 0;
        Reply r;
        const bool ok = parse_reply_at(reply_lines, pos, ReplyExtent::Greedy, r);
        reply_lines.clear();
        reply_code = -1;
        if (!ok) return;
        if (!pending.empty()) {
            r.command = pending.front();
            pending.pop_front();
        } else if (r.code == 354) {
            r.command = "DATA";   // a paste that starts mid-session: 354 only ever answers DATA
        } else if (!any_command) {
            r.command = "CONNECT";
        } else if (data_mode) {
            r.command = "END-OF-DATA";
            data_mode = false;
        }
        if (r.command == "DATA" && r.code >= 300 && r.code < 400) data_mode = true;
        auth_continuation = r.code == 334;
        if (out.replies.size() < kMaxReplies) out.replies.push_back(std::move(r));
    }

    void server(std::string_view body) {
        const std::string_view t = util::trim(body);
        const int code = basic_code_at(t, 0);
        if (!reply_lines.empty()) {
            // A new code, or the same code after a final line, starts a new reply.
            if (code >= 0 && code != reply_code) finish_reply();
        }
        if (reply_lines.empty() && code < 0 && enhanced_code_at(t, 0) == 0) return;   // stray text
        if (!reply_lines.empty()) reply_lines += '\n';
        util::append_capped(reply_lines, t, kMaxStoredText);
        if (reply_code < 0) reply_code = code;
        const bool continues = t.size() > 3 && t[3] == '-';
        if (!continues) finish_reply();
    }
};

} // namespace

namespace {

/// Markers of debug logs and session logs that put a log prefix (a timestamp, a level) before them,
/// or whose direction only the line's content tells (hMailServer writes SENT/RECEIVED for both roles).
struct Marker {
    std::string_view text;
    TranscriptLine who;    ///< None: a line starting with a reply code is the server's, else the client's
    bool anywhere;         ///< may follow a log prefix within the first kMarkerReach bytes
};
constexpr std::size_t kMarkerReach = 96;
constexpr std::array<Marker, 16> kMarkers{{
    {"SMTP -> FROM SERVER:", TranscriptLine::Server, true},    // PHPMailer 5 SMTPDebug
    {" not accepted from server: ", TranscriptLine::Server, true},
    {": <-- ", TranscriptLine::Server, true},              // MDaemon session log: "Mon 2013-02-04 09:33:38: <-- 250 ..."
    {": --> ", TranscriptLine::Client, true},
    {"SERVER -> CLIENT: ", TranscriptLine::Server, true},   // PHPMailer SMTPDebug
    {"CLIENT -> SERVER: ", TranscriptLine::Client, true},
    {"] S: ", TranscriptLine::Server, true},                // Nodemailer logger: "[time] DEBUG [id] S: 250 ..."
    {"] C: ", TranscriptLine::Client, true},
    {"\"SENT: ", TranscriptLine::None, true},              // hMailServer, fields in quotes
    {"\"RECEIVED: ", TranscriptLine::None, true},
    {"SENT: ", TranscriptLine::None, false},
    {"RECEIVED: ", TranscriptLine::None, false},
    {"In: ", TranscriptLine::None, false},
    {"Out: ", TranscriptLine::None, false},
    {"reply: ", TranscriptLine::Server, false},             // Python smtplib set_debuglevel(1)
    {"send: ", TranscriptLine::Client, false},
}};

/// The line's text without the quoting a debug log adds: smtplib's b'...\r\n', hMailServer's "...".
std::string_view unquote_body(std::string_view b) noexcept {
    b = util::trim(b);
    if (b.starts_with("b'") || b.starts_with("b\"")) b.remove_prefix(1);
    if (b.size() >= 2 && (b.front() == '\'' || b.front() == '"')) b.remove_prefix(1);
    if (!b.empty() && (b.back() == '\'' || b.back() == '"')) b.remove_suffix(1);
    if (b.ends_with("\\r\\n")) b.remove_suffix(4);
    else if (b.ends_with("\\n")) b.remove_suffix(2);
    return b;
}

} // namespace

TranscriptLine classify_transcript_line(std::string_view line, std::string_view& body) noexcept {
    const std::string_view t = util::trim_left(line);
    for (const Prefix& p : kPrefixes) {
        if (!t.starts_with(p.text)) continue;
        const std::string_view rest = t.substr(p.text.size());
        // A prefix must be followed by a blank (or end the line) to count: "->x" is not swaks.
        if (!rest.empty() && !util::is_blank(rest[0])) continue;
        if ((p.text == "C:" || p.text == "S:" || p.text == "c:") && line.size() != t.size()) continue;
        body = rest.empty() ? rest : rest.substr(1);
        return p.who;
    }
    for (const Marker& m : kMarkers) {
        const std::size_t at = m.anywhere ? t.substr(0, kMarkerReach + m.text.size()).find(m.text) : (t.starts_with(m.text) ? 0 : npos);
        if (at == npos) continue;
        body = unquote_body(t.substr(at + m.text.size()));
        if (m.text == "reply: " && body.starts_with("retcode")) return TranscriptLine::Info;   // smtplib's summary line
        if (m.who != TranscriptLine::None) return m.who;
        return basic_code_at(body, 0) >= 200 ? TranscriptLine::Server : TranscriptLine::Client;
    }
    body = line;
    return TranscriptLine::None;
}

bool looks_like_transcript(std::string_view text) noexcept {
    util::LineReader reader(text);
    std::string_view line;
    int seen = 0;
    while (reader.next(line) && seen < 8) {
        if (util::trim(line).empty()) continue;
        ++seen;
        std::string_view body;
        const TranscriptLine who = classify_transcript_line(line, body);
        if (who == TranscriptLine::Client || who == TranscriptLine::Server) return true;
        if (who == TranscriptLine::Info && util::trim(line).starts_with("===")) return true;
    }
    return false;
}

bool parse_transcript(std::string_view text, ParsedInput& out) {
    Session s{out, {}, false, false, false, {}, -1};
    bool swaks = false, sendmail = false, bare_server_lines = false, connected = false;
    util::LineReader reader(text);
    std::string_view line;
    while (reader.next(line)) {
        std::string_view body;
        const TranscriptLine who = classify_transcript_line(line, body);
        const std::string_view t = util::trim_left(line);
        if (t.starts_with("->") || t.starts_with("<-") || t.starts_with("<~") || t.starts_with("~>") ||
            t.starts_with("<**") || t.starts_with("===") || t.starts_with("***"))
            swaks = true;
        if (t.starts_with(">>>")) {
            sendmail = true;
            bare_server_lines = true;
        }
        switch (who) {
        case TranscriptLine::Client:
            s.finish_reply();
            s.client(body);
            break;
        case TranscriptLine::Server:
            s.server(body);
            break;
        case TranscriptLine::Info: {
            s.finish_reply();
            const std::string_view b = util::trim(body);
            if (t.starts_with("***")) {
                set_once(out.local_text, b);
            } else if (util::istarts_with(b, "Trying ") || util::istarts_with(b, "Connected to ")) {
                connected = true;
                std::string_view h = b.substr(util::istarts_with(b, "Trying ") ? 7 : 13);
                while (!h.empty() && (h.back() == '.' || h.back() == ' ')) h.remove_suffix(1);
                const HostIp hi = split_host_ip(h);
                set_once(out.remote_host, hi.host);
                // swaks names the server as given: "Trying 127.0.0.1:25..." has no host[ip] form.
                set_once(out.remote_ip, hi.ip.empty() && util::is_ip(hi.host) ? hi.host : hi.ip);
            }
            break;
        }
        case TranscriptLine::None: {
            // sendmail -v prints the server's lines without a prefix.
            const std::string_view tt = util::trim(line);
            if (util::icontains(tt, "... Connecting to ")) {
                bare_server_lines = sendmail = connected = true;
                s.finish_reply();
                break;
            }
            const int code = basic_code_at(tt, 0);
            if (bare_server_lines && code >= 200 && code <= 599) s.server(tt);
            else s.finish_reply();
            break;
        }
        }
    }
    s.finish_reply();
    if (out.replies.empty()) return false;
    // Without any command or connection line, the first reply is not known to be a greeting.
    if (!s.any_command && !connected)
        for (Reply& r : out.replies)
            if (r.command == "CONNECT") r.command.clear();
    out.kind = InputKind::Transcript;
    if (swaks) out.software = "swaks";
    else if (sendmail) out.software = "sendmail";
    return true;
}

} // namespace smtpx::parse
