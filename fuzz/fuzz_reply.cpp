// Fuzz target: one input exactly as `smtpx explain --json ARG` handles it (parse, classify, render).
// Besides crashes it checks the JSON contract: the dump must parse back, and the human text must
// never carry a raw ESC, C1 control or BEL from the input.
#include "classify/classifier.hpp"
#include "kb/knowledge_base.hpp"
#include "render/human.hpp"
#include "render/json.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

namespace {

/// Where terminal text holds a raw control character (C0 but TAB and LF, DEL, C1 such as the
/// 8-bit CSI U+009B) or bytes that are not UTF-8, which a terminal may read as C1 controls; npos when clean.
std::size_t raw_control_at(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return i;
            ++i;
            continue;
        }
        const std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (len == 0 || i + len > s.size() || c > 0xf4) return i;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0U) != 0x80U) return i;
        if (c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) return i;   // U+0080..U+009F
        i += len;
    }
    return std::string_view::npos;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Built once: the embedded knowledge base and its compiled pattern set are the expensive part.
    static const smtpx::kb::KnowledgeBase kb;
    static const smtpx::classify::Classifier en(kb, {smtpx::Lang::En, ""});
    static const smtpx::classify::Classifier zh(kb, {smtpx::Lang::Zh, "RCPT"});

    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // One language per input (by length parity) keeps the rate up; mutations reach both.
    for (const auto* classifier : {size % 2 == 0 ? &en : &zh}) {
        const smtpx::Explanation e = classifier->explain(input);
        const std::string dumped = smtpx::render::dump(smtpx::render::to_json(e), 2);
        // Throws (and so aborts the fuzzer) when the dump is not valid UTF-8 JSON.
        const auto back = nlohmann::json::parse(dumped);
        if (!back.is_object() || !back.contains("input")) std::abort();

        smtpx::render::Style style;
        style.lang = classifier->options().lang;
        style.why = true;
        if (e.error) continue;
        const std::string text = smtpx::render::human(e, style);
        if (const std::size_t at = raw_control_at(text); at != std::string_view::npos) {
            std::fprintf(stderr, "raw control or invalid UTF-8 at byte %zu of the human output:\n", at);
            std::fwrite(text.data(), 1, text.size(), stderr);
            std::abort();
        }
    }
    return 0;
}
