// Bare-code recognition: the fast path for `smtpx 550`, and the rules for what is an error.
#include "classify/codes.hpp"

#include <algorithm>

namespace smtpx::classify {

namespace {
bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}
bool dotted(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
           s.find('.') != std::string_view::npos;
}
} // namespace

bool is_enhanced(std::string_view s) {
    if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
    auto dot = s.find('.', 2);
    if (dot == std::string_view::npos) return false;
    auto subject = s.substr(2, dot - 2), detail = s.substr(dot + 1);
    return digits(subject) && subject.size() <= 3 && digits(detail) && detail.size() <= 3;
}

EnhancedParts split_enhanced(std::string_view s) {
    auto dot = s.find('.', 2);
    return {std::string(s.substr(0, 1)), std::string(s.substr(2, dot - 2)), std::string(s.substr(dot + 1))};
}

std::optional<BareCode> parse_bare(std::string_view input) {
    auto s = trim(input);
    if (s.empty()) return BareCode{{}, {}, "empty input: no SMTP code in it"};
    auto space = s.find_first_of(" \t");
    auto first = s.substr(0, space);
    auto rest = space == std::string_view::npos ? std::string_view{} : trim(s.substr(space));
    if (!rest.empty() && rest.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
    BareCode out;
    auto take = [&](std::string_view tok) -> bool {
        if (digits(tok)) {
            if (out.code || out.enhanced) return false;
            if (tok.size() != 3 || tok[0] < '2' || tok[0] > '5') {
                out.error = "'" + std::string(tok) + "' is not an SMTP reply code (three digits, the first 2 to 5)";
            } else {
                out.code = (tok[0] - '0') * 100 + (tok[1] - '0') * 10 + (tok[2] - '0');
            }
            return true;
        }
        if (dotted(tok)) {
            if (out.enhanced) return false;
            if (!is_enhanced(tok))
                out.error = "'" + std::string(tok) +
                            "' is not an enhanced status code (class 2, 4 or 5, then subject and detail of 1-3 digits)";
            else out.enhanced = std::string(tok);
            return true;
        }
        return false;
    };
    if (!take(first)) return std::nullopt;
    if (!rest.empty() && !take(rest)) return std::nullopt;
    return out;
}

} // namespace smtpx::classify
