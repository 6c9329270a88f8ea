#pragma once
// Reply texts with their variable parts replaced, so that the same message from many lines groups together.
#include <bitset>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace smtpx::classify {

/// Longest normalised text kept; grouping on more than this adds nothing but memory.
inline constexpr std::size_t kMaxNormalisedBytes = 400;

/// Write `text` into `out` (cleared first; its capacity is reused, so steady state allocates nothing)
/// with addresses -> <addr>, IP addresses -> <ip>, numbers -> <n>, ids (queue ids, message ids,
/// session tokens) -> <id>, generated host names -> <host>, URL query strings -> ?<q> and dates with
/// times (ISO 8601, RFC 5322, a bare HH:MM:SS) -> <time>.
/// Reply codes ("550", "550-5.1.1") and enhanced codes stay: they distinguish messages.
void normalise(std::string_view text, std::string& out);

/// The stricter form that keys the verdict cache: two texts with the same key match the same wording
/// rules. Unlike normalise(), host names and the domains of addresses stay (relay-host and provider
/// signatures read them), as does every token holding a run of two or more digits that some rule
/// pattern spells out (`digit_literals`: "exceeded 50 hops", "DOC-1369"). Nothing is cut: returns
/// false, and `out` is unusable, when the text is longer than `max_bytes`.
/// A part of the text that cache_key() replaced by a placeholder: where it is in the text and which
/// placeholder took its place ('a' an address's local part, 'p' an IP address, 'n' a number or time
/// of day, 'd' an id, 'q' a URL's query string).
struct KeySpan {
    std::size_t at = 0, len = 0;
    char kind = 0;
};

/// Runs of two or more digits that some rule pattern spells out, which a key must keep. Looked up for
/// every number of every line keyed, so the runs of two to four digits (nearly all of them) are bits.
class DigitLiterals {
public:
    void add(std::string_view digits);
    /// Whether `digits` (a run of digits) is one of them.
    [[nodiscard]] bool contains(std::string_view digits) const {
        if (digits.size() == 2) return m_two[static_cast<std::size_t>((digits[0] - '0') * 10 + (digits[1] - '0'))];
        if (digits.size() == 3 || digits.size() == 4) {
            std::size_t v = 0;
            for (char c : digits) v = v * 10 + static_cast<std::size_t>(c - '0');
            return digits.size() == 3 ? m_three[v] : m_four[v];
        }
        return digits.size() > 4 && digits.size() <= m_longest && m_longer.count(std::string(digits)) != 0;
    }

private:
    std::bitset<100> m_two;
    std::bitset<1000> m_three;
    std::bitset<10000> m_four;
    std::unordered_set<std::string> m_longer;
    std::size_t m_longest = 0;
};

/// Whether `s` holds a run of digits that some rule pattern spells out (`digit_literals`), so that a
/// key must keep it: a run of three or more anywhere, a run of two only as the whole of `s` ("exceeded
/// 50 hops", not the "95" in "10.95", where a pattern would spell out the rest too). With `whole_only`
/// any run counts only as the whole of `s`: a pattern that spells a number bounds it (a word boundary,
/// a space, a dot), so it cannot match inside a queue id like "553EF2A1".
bool names_digit_literal(std::string_view s, const DigitLiterals& digit_literals,
                         bool whole_only = false);

bool cache_key(std::string_view text, std::string& out, const DigitLiterals& digit_literals,
               std::size_t max_bytes, std::vector<KeySpan>* spans = nullptr);

/// cache_key()'s spans alone, without writing the key (the answer cache keys a line by its own form).
bool key_spans(std::string_view text, const DigitLiterals& digit_literals, std::size_t max_bytes,
               std::vector<KeySpan>& spans);

} // namespace smtpx::classify
