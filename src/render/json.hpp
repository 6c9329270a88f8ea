#pragma once
// JSON rendering of the result types: built with nlohmann ordered_json, dumped with invalid UTF-8 replaced.
#include "core/explanation.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace smtpx::render {

nlohmann::ordered_json to_json(const Explanation& e);
nlohmann::ordered_json to_json(const Comparison& c);
/// Dump for output: never throws on invalid UTF-8 from mail text.
std::string dump(const nlohmann::ordered_json& j, int indent = 2);

} // namespace smtpx::render
