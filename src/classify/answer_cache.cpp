// Shapes come from cache_key()'s placeholders, so one shape never spans two verdict keys; templates
// are built by comparing two real answers, so the classifier needs no list of copied fields.
#include "classify/answer_cache.hpp"

#include "classify/verdict_cache.hpp"
#include "parse/timestamp.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace smtpx::classify {

namespace {
/// The length class of a part: exact up to 4 bytes (days, clock fields, octets, codes), then
/// 5-12, 13-45 and longer, so that a parser's length limits (a 12-digit pid, a 45-byte address)
/// never fall inside one class.
char length_class(std::size_t n) {
    if (n <= 4) return static_cast<char>('0' + n);
    return n <= 12 ? '5' : n <= 45 ? '6' : '7';
}

/// What a parser may read in a part's digits, beyond its kind: a number's digit runs and what
/// separates them ("2.91" and "17.53" differ, "2.91" and "3.90" do not), and for any part that
/// starts with a run of three or one digits whether it is 2-5 (a reply code's or an enhanced code's
/// class: "425.3.5.4" is no IP but starts like a 4xx reply, "758.0.2.1" does not).
void digit_signature(std::string& key, std::string_view part, char kind) {
    const bool number = kind == 'n';
    for (std::size_t i = 0; i < part.size();) {
        if (!util::is_digit(part[i])) {
            if (number) key += part[i];
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < part.size() && util::is_digit(part[j])) ++j;
        const bool code_digit = part[i] >= '2' && part[i] <= '5';
        if (number) key += static_cast<char>('0' + std::min<std::size_t>(j - i, 40));
        if (i == 0 && (j - i == 3 || j - i == 1)) key += code_digit ? '+' : '-';
        i = j;
    }
}
/// Whether a part can be copied into JSON as it is: printable ASCII that needs no escape.
constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x7f; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
}();
bool plain(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!kPlain[static_cast<unsigned char>(c)]) return false;
    return true;
}

/// `s` changed in a way its kind usually survives, the `k`th way (1-3): the last digit of every
/// digit run moved (k=1: 0<->1, 2<->3, ..., so octets and clocks stay valid; k=2: +5; k=3: -1),
/// else the last letter (a<->b, keeping hex hex). Empty when nothing can change.
std::string changed(std::string_view s, int k) {
    std::string out(s);
    bool any = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (util::is_digit(out[i]) && (i + 1 == out.size() || !util::is_digit(out[i + 1]))) {
            const int d = out[i] - '0';
            out[i] = static_cast<char>('0' + (k == 1 ? d ^ 1 : k == 2 ? (d + 5) % 10 : (d + 9) % 10));
            any = true;
        }
    }
    if (any) return out;
    for (std::size_t i = out.size(); i-- > 0;) {
        const char c = out[i];
        if (util::is_alpha(c)) {
            const char base = c >= 'a' ? 'a' : 'A';
            out[i] = static_cast<char>(base + ((c - base) ^ k));
            if (util::is_alpha(out[i])) return out;
            out[i] = c;
        }
    }
    return {};
}
/// The parts a log line's own layout places (kinds of their own, see log_parts()).
bool placed(char kind) {
    return kind == 't' || kind == 'P' || kind == 'Q' || kind == 'D';
}

/// Appends `text` to a shape; a NUL of the line (`nul`: the line has one) is doubled to stay apart from a
/// part's marker.
void literal(std::string& key, std::string_view text, bool nul) {
    if (!nul) {
        key.append(text);
        return;
    }
    for (char c : text) {
        key += c;
        if (c == '\0') key += '\0';
    }
}
} // namespace

AnswerCache::AnswerCache(const kb::KnowledgeBase& kb) {
    // Every rule's digits, not only those that compiled: a superset keeps more, never less.
    for (const auto* rule : kb.rules()) digit_runs(rule->pattern, m_digit_literals);
}

std::size_t AnswerCache::log_parts(std::string_view line, std::vector<KeySpan>& spans) const {
    const parse::LogPrefix p = parse::split_log_prefix(line);
    if (p.timestamp.empty() || p.host.empty() || p.pid.empty() || p.timestamp.data() != line.data()) return 0;
    if (names_digit_literal(p.timestamp, m_digit_literals) || names_digit_literal(p.pid, m_digit_literals)) return 0;
    auto at = [&](std::string_view part) { return static_cast<std::size_t>(part.data() - line.data()); };
    spans.push_back({0, p.timestamp.size(), 't'});
    spans.push_back({at(p.pid), p.pid.size(), 'P'});
    std::size_t skip = at(p.message);
    // Postfix's "QID: ": 5 to 32 letters and digits, as its log parser takes them.
    const std::string_view m = p.message;
    std::size_t i = 0;
    while (i < m.size() && util::is_alnum(m[i]) && i < 32) ++i;
    if (p.program.starts_with("postfix") && i >= 5 && i + 1 < m.size() && m[i] == ':' && m[i + 1] == ' ' &&
        !names_digit_literal(m.substr(0, i), m_digit_literals, true)) {
        spans.push_back({skip, i, 'Q'});
        skip += i;
    }
    return skip;
}

bool AnswerCache::shape(std::string_view line, std::string& key, std::vector<KeySpan>& spans, std::vector<KeySpan>& prefix,
                        std::vector<int>* same) const {
    // The log prefix's parts first, then cache_key()'s (key_spans()) in the rest of the line.
    prefix.clear();
    const std::size_t skip = line.size() <= kMaxLineBytes ? log_parts(line, prefix) : 0;
    if (!key_spans(line.substr(skip), m_digit_literals, kMaxLineBytes, spans)) return false;
    const bool postfix = skip != 0 && line.find("postfix") < skip;
    for (KeySpan& s : spans) {
        s.at += skip;
        // Postfix's delay=2.91 and delays=0.1/0/0.3/2.91: timings, which no parser reads.
        const std::string_view before = line.substr(0, s.at);
        if (postfix && s.kind == 'n' && (before.ends_with(" delay=") || before.ends_with(" delays=")) &&
            !names_digit_literal(line.substr(s.at, s.len), m_digit_literals))
            s.kind = 'D';
    }
    spans.insert(spans.begin(), prefix.begin(), prefix.end());
    if (spans.empty() || spans.size() > 200) return false;
    key.clear();
    if (same) same->assign(spans.size(), -1);
    const bool nul = std::memchr(line.data(), '\0', line.size()) != nullptr;
    std::size_t from = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const std::string_view part = line.substr(spans[i].at, spans[i].len);
        if (!plain(part)) return false;
        int first = static_cast<int>(i);
        for (std::size_t j = 0; j < i; ++j)
            if (spans[j].len == part.size() && std::memcmp(line.data() + spans[j].at, part.data(), part.size()) == 0) {
                first = static_cast<int>(j);
                break;
            }
        if (same) (*same)[i] = first;
        literal(key, line.substr(from, spans[i].at - from), nul);
        key += '\0';
        key += spans[i].kind;
        if (spans[i].kind == 't') {
            // A time's form, not its digits: "Nov  1 ..." and "Nov 29 ..." alike, ISO by its layout.
            if (util::is_alpha(part[0])) key += 'B';
            else
                for (char c : part) key += util::is_digit(c) ? '0' : c;
        } else if (!placed(spans[i].kind)) {
            key += length_class(part.size());
            digit_signature(key, part, spans[i].kind);
        }
        key += '\0';
        key += static_cast<char>(1 + first);
        from = spans[i].at + spans[i].len;
    }
    literal(key, line.substr(from), nul);
    return true;
}

void AnswerCache::shape_of(std::string_view line, Shape& s) const {
    s.ok = line.size() <= kMaxLineBytes && line.find('\n') == std::string_view::npos &&
           shape(line, s.key, s.spans, s.prefix, &s.same);
}

bool AnswerCache::find(std::string_view line) {
    m_line = line;
    m_keyed = line.size() <= kMaxLineBytes && line.find('\n') == std::string_view::npos &&
              shape(line, m_key, m_spans, m_prefix_spans, &m_same);
    return look_up();
}

bool AnswerCache::find(std::string_view line, Shape& shaped) {
    // Swapped, not copied: the shape's buffers go back to whoever works the next shape out.
    m_line = line;
    m_keyed = shaped.ok;
    std::swap(m_key, shaped.key);
    std::swap(m_spans, shaped.spans);
    std::swap(m_same, shaped.same);
    return look_up();
}

bool AnswerCache::look_up() {
    m_found = nullptr;
    if (m_keyed) {
        if (auto it = m_templates.find(m_key); it != m_templates.end()) {
            if (it->second.usable) {
                m_found = &it->second;
                ++m_hits;
                return true;
            }
            m_keyed = false;   // known uncacheable: explained as it is, not learnt again
        }
    }
    ++m_misses;
    return false;
}

void AnswerCache::write(std::string& out) const {
    for (const Piece& p : m_found->pieces) {
        out.append(*p.literal);
        if (p.part >= 0) {
            const KeySpan& s = m_spans[static_cast<std::size_t>(p.part)];
            out.append(m_line.substr(s.at, s.len));
        }
    }
}

bool AnswerCache::variant(std::string& out) {
    if (!m_keyed || m_bytes > kMaxBytes) return false;
    // Each part changed the first way that keeps the line's shape (a changed "25" may be a number
    // some rule spells out, which the key keeps): a variant of another shape proves nothing.
    out.assign(m_line);
    m_changed.assign(m_spans.size(), std::string());
    for (std::size_t i = 0; i < m_spans.size(); ++i) {
        const KeySpan s = m_spans[i];
        if (m_same[i] != static_cast<int>(i)) continue;   // changed with its first occurrence
        // A part and its repeats change together: they are one value.
        auto put = [&](const std::string& text) {
            for (std::size_t j = i; j < m_spans.size(); ++j)
                if (m_same[j] == static_cast<int>(i)) out.replace(m_spans[j].at, m_spans[j].len, text);
        };
        const std::string was = out.substr(s.at, s.len);
        for (int k = 1; k <= 3 && m_changed[i].empty(); ++k) {
            // A time changes in its last digit only (a second, a zone's minute): a day 0 is no day.
            std::string c = s.kind == 't' ? changed(was.substr(was.find_last_of("0123456789")), k) : changed(was, k);
            if (s.kind == 't' && !c.empty()) c = was.substr(0, was.find_last_of("0123456789")) + c;
            if (c.size() != s.len) continue;
            put(c);
            if (shape(out, m_variant_key, m_variant_spans, m_prefix_spans, nullptr) && m_variant_key == m_key)
                m_changed[i] = std::move(c);
            else put(was);
        }
        if (m_changed[i].empty()) {
            refuse();
            return false;
        }
    }
    return true;
}

void AnswerCache::refuse() {
    if (m_keyed && m_bytes <= kMaxBytes) store(Template{});
    m_keyed = false;
}

void AnswerCache::learn(std::string_view answer, std::string_view variant_answer) {
    if (!m_keyed) return;
    Template t;
    if (answer.size() != variant_answer.size()) return refuse();   // a part changed more than itself
    // Walk both answers; where they differ, one part must appear there, as it is in the first and
    // changed in the second. The longest such part is taken, and it is a hole in the template.
    std::size_t literal = 0, p = 0;
    while (p < answer.size()) {
        if (answer[p] == variant_answer[p]) {
            ++p;
            continue;
        }
        int best = -1;
        std::size_t best_start = 0, best_len = 0;
        for (std::size_t i = 0; i < m_spans.size(); ++i) {
            if (m_same[i] != static_cast<int>(i)) continue;   // a repeat: its first occurrence stands for it
            const std::string_view v = m_line.substr(m_spans[i].at, m_spans[i].len);
            const std::string& w = m_changed[i];
            for (std::size_t j = 0; j < v.size(); ++j) {
                if (v[j] == w[j] || j > p || p - j < literal) continue;
                const std::size_t start = p - j;
                if (v.size() > best_len && answer.substr(start, v.size()) == v && variant_answer.substr(start, v.size()) == w) {
                    best = static_cast<int>(i);
                    best_start = start;
                    best_len = v.size();
                }
            }
        }
        if (best < 0) return refuse();
        t.pieces.push_back({pooled(answer.substr(literal, best_start - literal)), best});
        literal = p = best_start + best_len;
    }
    t.pieces.push_back({pooled(answer.substr(literal)), -1});
    t.usable = true;
    store(std::move(t));
}

const std::string* AnswerCache::pooled(std::string_view text) {
    auto [it, added] = m_literals.emplace(text);
    if (added) m_bytes += text.size() + 64;
    return &*it;
}

void AnswerCache::store(Template t) {
    // A full cache (variant() checks) learns no more: the shapes seen first are the common ones, and starting again
    // would explain each of them twice more. Their lines are still answered, only not from templates.
    m_bytes += m_key.size() + t.pieces.size() * sizeof(Piece) + 96;
    m_templates.insert_or_assign(m_key, std::move(t));
}

} // namespace smtpx::classify
