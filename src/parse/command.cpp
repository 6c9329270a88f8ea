#include "parse/command.hpp"

#include "util/strings.hpp"

#include <array>

namespace smtpx::parse {

namespace {

struct CommandName {
    std::string_view phrase;   ///< how it is written, compared case-insensitively as a prefix
    std::string_view command;  ///< canonical name
};

// Longer phrases first: the first entry whose phrase is a word-bounded prefix wins.
constexpr std::array<CommandName, 40> kNames{{
    {"initial protocol greeting", "CONNECT"},
    {"initial server greeting", "CONNECT"},
    {"initial greeting", "CONNECT"},
    {"initial connection", "CONNECT"},
    {"server greeting", "CONNECT"},
    {"connection", "CONNECT"},
    {"connect", "CONNECT"},
    {"greeting", "CONNECT"},
    {"banner", "CONNECT"},
    {"end of data", "END-OF-DATA"},
    {"end-of-data", "END-OF-DATA"},
    {"end-of-message", "END-OF-DATA"},
    {"end of message", "END-OF-DATA"},
    {"data end", "END-OF-DATA"},
    {"sending data block", "END-OF-DATA"},
    {"message body", "END-OF-DATA"},
    {"text", "END-OF-DATA"},
    {".", "END-OF-DATA"},
    {"helo/ehlo", "EHLO"},
    {"ehlo/helo", "EHLO"},
    {"mail from", "MAIL"},
    {"rcpt to", "RCPT"},
    {"starttls", "STARTTLS"},
    {"ehlo", "EHLO"},
    {"helo", "HELO"},
    {"lhlo", "EHLO"},
    {"mail", "MAIL"},
    {"rcpt", "RCPT"},
    {"data", "DATA"},
    {"bdat", "BDAT"},
    {"auth", "AUTH"},
    {"vrfy", "VRFY"},
    {"expn", "EXPN"},
    {"rset", "RSET"},
    {"quit", "QUIT"},
    {"noop", "NOOP"},
    {"help", "HELP"},
    {"etrn", "ETRN"},
    {"atrn", "ATRN"},
    {"burl", "BURL"},
}};

bool word_end(std::string_view s, std::size_t n) {
    if (n >= s.size()) return true;
    const char c = s[n];
    return !util::is_alnum(c) && c != '-' && c != '_';
}

const CommandName* lookup(std::string_view phrase, std::size_t& skipped) {
    std::string_view p = util::trim_left(phrase);
    skipped = phrase.size() - p.size();
    // Exim reports commands sent without waiting for the previous reply as "pipelined".
    if (util::istarts_with(p, "pipelined ")) {
        p.remove_prefix(10);
        skipped += 10;
    }
    if (util::istarts_with(p, "the ")) {
        p.remove_prefix(4);
        skipped += 4;
    }
    for (const CommandName& n : kNames) {
        if (!util::istarts_with(p, n.phrase)) continue;
        // "." stands alone: the end-of-data line, not the start of some other word.
        if (n.phrase == ".") {
            if (util::trim(p) == ".") return &n;
            continue;
        }
        if (word_end(p, n.phrase.size())) return &n;
    }
    return nullptr;
}

} // namespace

std::string canonical_command(std::string_view phrase) {
    std::size_t skipped = 0;
    const CommandName* n = lookup(phrase, skipped);
    return n ? std::string(n->command) : std::string();
}

std::size_t command_phrase_length(std::string_view phrase) {
    std::size_t skipped = 0;
    const CommandName* n = lookup(phrase, skipped);
    return n ? skipped + n->phrase.size() : 0;
}

} // namespace smtpx::parse
