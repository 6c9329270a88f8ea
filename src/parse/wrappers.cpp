// Replies wrapped in other software's text, unwrapped: JSON (wrappers_json.cpp), client libraries'
// and mail clients' error texts (wrappers_clients.cpp), the phrases that name the command, and a
// loose code in an application's own message.
#include "parse/wrappers.hpp"

#include "parse/codes.hpp"
#include "parse/command.hpp"
#include "parse/wrappers_detail.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>

namespace smtpx::parse {

namespace detail {

int code_token(std::string_view t, std::size_t i) {
    if (i + 3 > t.size()) return -1;
    if (!util::is_digit(t[i]) || !util::is_digit(t[i + 1]) || !util::is_digit(t[i + 2])) return -1;
    if (i + 3 < t.size() && util::is_digit(t[i + 3])) return -1;
    if (i > 0 && (util::is_digit(t[i - 1]) || t[i - 1] == '-')) return -1;
    const int code = (t[i] - '0') * 100 + (t[i + 1] - '0') * 10 + (t[i + 2] - '0');
    return code >= 200 && code <= 599 ? code : -1;
}

std::string quoted_at(std::string_view t, std::size_t i, std::size_t& end) {
    std::string out;
    end = t.size();
    if (i >= t.size()) return out;
    const char q = t[i];
    for (std::size_t j = i + 1; j < t.size() && out.size() < kMaxStoredText; ++j) {
        const char c = t[j];
        if (c == q) {
            end = j + 1;
            return out;
        }
        if (c == '\\' && j + 1 < t.size()) {
            const char e = t[++j];
            out += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? ' ' : e;
        } else {
            out += c;
        }
    }
    return out;
}

std::string with_code(int code, std::string_view text) {
    text = util::trim(text);
    if (text.size() >= 3 && basic_code_at(text, 0) >= 200 && basic_code_at(text, 0) <= 599) return std::string(text);
    if (code < 200 || code > 599) return {};
    std::string out = std::to_string(code);
    if (!text.empty()) {
        out += ' ';
        out += text;
    }
    return out;
}

void add_reply(Unwrapped& u, std::string reply) {
    // One line per reply: a wrapper's line breaks ("550 \n5.7.1 ...") are not the reply's structure,
    // and a multi-line reply reads the same flattened ("550-5.7.1 a 550 5.7.1 b").
    reply = util::collapse_spaces(reply, kMaxStoredText);
    if (reply.empty() || u.replies.size() + reply.size() + 1 > kMaxStoredText) return;
    if (!u.replies.empty()) u.replies += '\n';
    u.replies += reply;
}

std::size_t skip_blanks(std::string_view t, std::size_t i) {
    while (i < t.size() && util::is_blank(t[i])) ++i;
    return i;
}

std::string_view rest_of_line(std::string_view t, std::size_t i) {
    if (i >= t.size()) return {};
    std::size_t e = i;
    while (e < t.size() && t[e] != '\n' && t[e] != '\r') ++e;
    return t.substr(i, e - i);
}

} // namespace detail

namespace {

using detail::add_reply;
using detail::code_token;
using detail::quoted_at;
using detail::rest_of_line;
using detail::with_code;
constexpr std::size_t npos = std::string_view::npos;

/// Labels after which a loose code's text is written ("details = \"...\"", "message=\"...\"").
constexpr std::array<std::string_view, 4> kTextLabels{"details = ", "details=", "message = ", "message="};

} // namespace

std::optional<Unwrapped> unwrap_loose_code(std::string_view text) {
    const std::string_view t = util::trim(text);
    std::size_t best = npos;
    int best_code = -1;
    for (std::size_t i = 0; i + 3 <= t.size(); ++i) {
        const int code = code_token(t, i);
        // Only failures: a bare 2xx/3xx number between punctuation is more often a delay or a count.
        if (code < 400 || t[i + 1] == '6' || t[i + 1] > '7' || (i > 0 && (util::is_alpha(t[i - 1]) || t[i - 1] == '.' || t[i - 1] == '_'))) continue;
        std::size_t b = i;
        while (b > 0 && util::is_blank(t[b - 1])) --b;
        const char before = b == 0 ? ':' : t[b - 1];
        const char after = i + 3 < t.size() ? t[i + 3] : '.';
        // Text in another script runs straight into the code ("邮件投递失败550 Mail content denied").
        const bool script = b == i && b > 0 && static_cast<unsigned char>(before) >= 0x80;
        const bool opened = before == '[' || before == '(' || before == ':' || before == '=' || b == 0 || script;
        const bool closed = after == ']' || after == ')' || after == ':' || after == ',' || after == '.' ||
                            (script && after == ' ');
        if (!opened || !closed || (after == ':' && i + 4 < t.size() && util::is_digit(t[i + 4]))) continue;
        if (before == ':' && b == i && code_site(t, i) == CodeSite::Weak) continue;   // "Abstract.php:431"
        best = i;
        best_code = code;
        break;
    }
    if (best == npos) return std::nullopt;
    Unwrapped u;
    u.family = "loose-code";
    std::string_view rest = t.substr(best + 3);
    for (std::string_view label : kTextLabels) {
        if (const std::size_t l = util::ifind(rest, label); l != npos) {
            std::size_t j = l + label.size();
            if (j < rest.size() && (rest[j] == '"' || rest[j] == '\'')) {
                std::size_t end = 0;
                add_reply(u, with_code(best_code, quoted_at(rest, j, end)));
                return u;
            }
        }
    }
    rest = rest_of_line(rest, 0);
    while (!rest.empty() && (rest.front() == ']' || rest.front() == ')' || rest.front() == ':' || rest.front() == ',' ||
                             rest.front() == '.' || util::is_blank(rest.front())))
        rest.remove_prefix(1);
    // An enhanced code of the same class further on ("ERROR_CODE :550, ERROR_CODE :5.1.1 text") is the reply's.
    std::string body(rest);
    for (std::size_t k = 0; k < rest.size(); ++k) {
        if (rest[k] != static_cast<char>('0' + best_code / 100)) continue;
        if (const std::size_t n = enhanced_code_at(rest, k); n > 0 && k > 0) {
            body = std::string(rest.substr(k, n)) + " " + std::string(util::trim(rest.substr(k + n)));
            break;
        }
    }
    add_reply(u, with_code(best_code, body));
    return u;
}

std::optional<Unwrapped> unwrap(std::string_view text) {
    const std::string_view t = util::trim(text);
    if (t.empty()) return std::nullopt;
    Unwrapped u;
    bool found = false;
    if (t.front() == '{' || t.front() == '[') found = detail::read_json(t, u);
    // A part of an object pasted without its braces: "\"bounce\": {...}, \"notificationType\": ...".
    if (!found && t.front() == '"' && t.find("\":") != std::string_view::npos) {
        std::string whole = "{" + std::string(t);
        if (whole.back() == ',') whole.pop_back();
        found = detail::read_json(whole, u) || detail::read_json(whole + "}", u);
    }
    // An object after a prefix ("Webhook request: {...}", "Response body: {...}").
    if (const std::size_t open = t.find('{'); !found && open != std::string_view::npos && open > 0 && t.back() == '}') {
        std::size_t k = open + 1;
        while (k < t.size() && util::is_space(t[k])) ++k;
        if (k < t.size() && t[k] == '"') found = detail::read_json(t.substr(open), u);
    }
    if (!found) found = detail::read_client_text(t, u);
    std::string command = detail::command_named(t);
    if (!found && command.empty()) return std::nullopt;
    if (u.command.empty()) u.command = std::move(command);
    if (!found) u.family = "phrase";
    return u;
}

} // namespace smtpx::parse
