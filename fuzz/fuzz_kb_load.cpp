// Fuzz target: the knowledge-base loader on the bytes as an overlay file, then the same JSON document
// read as each kind of file. A file that loads without errors is added as an overlay and used, as
// `smtpx --kb DIR explain ...` would.
#include "classify/classifier.hpp"
#include "kb/knowledge_base.hpp"
#include "kb/load.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace {

void load_and_use(std::string_view text, const std::string& name) {
    auto data = std::make_unique<smtpx::kb::KbData>();
    std::vector<smtpx::kb::LoadError> errors;
    smtpx::kb::load_text(text, name, *data, errors);
    for (const auto& e : errors) (void)e.str();
    if (!errors.empty()) return;
    // Bare codes, the overlay's own among them, never need the pattern matcher. Compiling the whole
    // rule set costs tens of milliseconds under ASan, so reply texts are explained for one rule
    // overlay in eight (by size), which keeps the loader itself fuzzed at a useful rate.
    std::vector<std::string> inputs{"550", "5.7.1", "421 4.7.0"};
    for (const auto& c : data->codes) inputs.push_back(std::to_string(c.code));
    for (const auto& x : data->enhanced) inputs.emplace_back(x.code);
    if (!data->rules.empty() && text.size() % 8 == 0) {
        inputs.emplace_back("550 5.7.1 message rejected");
        for (const auto& r : data->rules)
            for (auto example : r.examples) inputs.emplace_back(example);
    }
    smtpx::kb::KnowledgeBase kb;
    kb.add_overlay(std::move(data), "--kb", name);
    const smtpx::classify::Classifier classifier(kb, {smtpx::Lang::En, ""});
    for (const auto& input : inputs) (void)classifier.explain(input);
    (void)kb.codes();
    (void)kb.enhanced();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    load_and_use(text, "fuzz.json");

    // The fuzzer rarely invents a different "kind" by itself: retry the same document as every kind.
    auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return 0;
    for (const char* kind : {"codes", "enhanced", "patterns", "reasons", "meta"}) {
        if (doc.contains("kind") && doc["kind"] == kind) continue;
        doc["kind"] = kind;
        load_and_use(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), std::string(kind) + ".json");
    }
    return 0;
}
