#pragma once
// The answer cache: the printed answer of a one-line record, kept as a template per line shape, so
// that a log's thousands of lines with one wording are described and rendered once.
//
// A line's shape is the line with the parts that cache_key() replaces (an address's local part, IP
// addresses, numbers, times, ids, a URL's query) taken out, each kept as its kind, a length class and
// which earlier part it repeats; a log line's time, pid, Postfix queue id and delays are kept by
// their kind alone (log_parts()), as its parser reads them by position, never by value. Lines of one
// shape have the same verdict key (but for those parts, which no rule can read), so the wording
// rules decide alike; that the rest of the answer only copies those parts is checked, not assumed: the
// first line of a shape is explained twice, as it is and with every part changed (last digit or
// letter), and a template is kept only when the two answers differ exactly where one of the parts
// appears changed. Anything else (an answer that transforms a part, an error) marks the shape
// uncacheable and its lines are explained one by one. tests/cli/test_cache.py compares the output
// with SMTPX_NO_CACHE=1 on every corpus and fixture input.
#include "classify/normalize.hpp"
#include "kb/knowledge_base.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace smtpx::classify {

class AnswerCache {
public:
    /// Longer lines are explained every time.
    static constexpr std::size_t kMaxLineBytes = 4096;
    /// Bytes of shapes and templates kept, at most: memory stays flat.
    static constexpr std::size_t kMaxBytes = std::size_t{8} << 20;

    explicit AnswerCache(const kb::KnowledgeBase& kb);

    /// A line's shape (its key, parts and which part each one repeats), worked out apart from the
    /// look-up so that another thread can do it ahead of the answering one.
    struct Shape {
        bool ok = false;   ///< false: the line has no usable shape (too long, no parts, not plain)
        std::string key;
        std::vector<KeySpan> spans, prefix;
        std::vector<int> same;
    };
    /// Works `line`'s shape out into `s`. Reads only what the constructor set: safe on any thread.
    void shape_of(std::string_view line, Shape& s) const;

    /// Looks `line` up (it must stay alive until the next call); true when its answer is a template,
    /// which write() then appends.
    bool find(std::string_view line);
    /// find() for a line whose shape shape_of() worked out already; takes the shape's contents.
    bool find(std::string_view line, Shape& shaped);
    void write(std::string& out) const;

    /// After find() returned false: the line with every part changed, to be explained beside it;
    /// false when the line's shape cannot be learnt (too long, no parts, or known uncacheable).
    bool variant(std::string& out);
    /// The answers to the line and to its variant (empty: no answer printed); keeps a template when
    /// they differ only by the parts.
    void learn(std::string_view answer, std::string_view variant_answer);
    /// The line's answer is not a template (an error, which also goes to stderr).
    void refuse();

    [[nodiscard]] std::size_t hits() const { return m_hits; }
    [[nodiscard]] std::size_t misses() const { return m_misses; }

private:
    struct Piece {
        const std::string* literal = nullptr;   // in m_literals
        int part = -1;                           // the part written after the literal, -1 none
    };
    struct Template {
        bool usable = false;
        std::vector<Piece> pieces;
    };
    bool shape(std::string_view line, std::string& key, std::vector<KeySpan>& spans, std::vector<KeySpan>& prefix,
               std::vector<int>* same) const;
    bool look_up();
    /// A log line's parts that its layout places, whose value and length no parser reads: the
    /// syslog time and pid, a Postfix queue id (its delay= values are found in shape()). Keyed by kind
    /// alone, so that lines differing only there share a shape (else every pid length, delay and
    /// queue id's leading digits made shapes of their own: 6,954 in 143,487 status lines). Returns
    /// the bytes of `line` they cover, 0 when it has no syslog prefix.
    std::size_t log_parts(std::string_view line, std::vector<KeySpan>& spans) const;
    void store(Template t);
    const std::string* pooled(std::string_view text);

    DigitLiterals m_digit_literals;
    std::unordered_map<std::string, Template> m_templates;
    // The literal text between parts, kept once: shapes that differ only in a part's length class
    // share all of it (the prose of one verdict is most of an answer).
    std::unordered_set<std::string> m_literals;
    std::size_t m_bytes = 0;
    // The last line looked up: its shape, parts and which part each one repeats.
    std::string_view m_line;
    bool m_keyed = false;
    std::string m_key, m_variant_key;
    std::vector<KeySpan> m_spans, m_variant_spans, m_prefix_spans;
    std::vector<int> m_same;              // the first part with the same text, per part
    std::vector<std::string> m_changed;   // each part as the variant has it
    const Template* m_found = nullptr;
    std::size_t m_hits = 0, m_misses = 0;
};

} // namespace smtpx::classify
