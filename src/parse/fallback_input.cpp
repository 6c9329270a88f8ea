// TEMPORARY minimal parser used until the full parse layer lands: first code, enhanced code, text.
#include "parse/input.hpp"

#include <cctype>

namespace smtpx::parse {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
} // namespace

ParsedInput parse_input(std::string_view text) {
    ParsedInput p;
    for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
        if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.'))) continue;
        if (!is_digit(text[i + 1]) || !is_digit(text[i + 2])) continue;
        if (i + 3 < text.size() && (is_digit(text[i + 3]) || text[i + 3] == '.')) continue;
        Reply r;
        r.code = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
        std::size_t j = i + 3;
        if (j < text.size() && (text[j] == ' ' || text[j] == '-')) ++j;
        std::size_t k = j;
        while (k < text.size() && (is_digit(text[k]) || text[k] == '.')) ++k;
        std::string_view tok = text.substr(j, k - j);
        if (tok.size() >= 5 && tok[1] == '.') {
            r.enhanced = std::string(tok);
            j = k;
        }
        while (j < text.size() && text[j] == ' ') ++j;
        r.text = std::string(text.substr(j, 4096));
        r.raw = std::string(text.substr(i, 4096));
        p.kind = InputKind::Reply;
        p.replies.push_back(std::move(r));
        break;
    }
    return p;
}

InputSplitter::InputSplitter(Emit emit) : m_emit(std::move(emit)) {}
void InputSplitter::feed_line(std::string_view line) {
    if (!line.empty()) m_emit(line);
}
void InputSplitter::finish() {}

} // namespace smtpx::parse
