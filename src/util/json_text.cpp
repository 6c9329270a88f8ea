// Eight bytes at a time while none needs a look; then one table look-up per byte. The runs that need
// no escape are copied whole.
#include "util/json_text.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace smtpx::util {

std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
    const unsigned c = b(0);
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

namespace {
/// Whether none of the eight bytes at `p` is a control character, '"', '\\' or part of a multi-byte
/// sequence (the usual word-at-a-time zero-byte tests; exact as a yes/no once high bytes are out).
bool plain8(const char* p) noexcept {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
    return ((x & high) | ((x - ones * 0x20) & ~x & high) | has_zero(x ^ (ones * '"')) |
            has_zero(x ^ (ones * '\\'))) == 0;
}
} // namespace

bool append_json_escaped(std::string& out, std::string_view s, IllFormed ill) {
    // 0 copies as it is, 1 needs an escape, 2 starts a multi-byte sequence.
    static constexpr auto kind = [] {
        std::array<unsigned char, 256> k{};
        for (int c = 0; c < 256; ++c) k[c] = c >= 0x80 ? 2 : (c < 0x20 || c == '"' || c == '\\') ? 1 : 0;
        return k;
    }();
    const std::size_t start = out.size();
    std::size_t run = 0;   // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size();) {
        if (i + 8 <= s.size() && plain8(s.data() + i)) {
            i += 8;
            continue;
        }
        const auto u = static_cast<unsigned char>(s[i]);
        if (kind[u] == 0) {
            ++i;
            continue;
        }
        if (kind[u] == 2) {
            if (const std::size_t n = utf8_sequence(s, i)) {
                i += n;
                continue;
            }
            if (ill == IllFormed::Refuse) {
                out.resize(start);
                return false;
            }
            out.append(s.substr(run, i - run));
            out += "\xEF\xBF\xBD";
            run = ++i;
            continue;
        }
        out.append(s.substr(run, i - run));
        switch (u) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 0xF]};
            out.append(esc, 6);
        }
        }
        run = ++i;
    }
    out.append(s.substr(run));
    return true;
}

} // namespace smtpx::util
