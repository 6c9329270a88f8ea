#pragma once
// --fields: an answer cut down to the JSON keys a pipeline asked for, in the order it asked.
#include "core/explanation.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace smtpx::render {

/// "reason,code" -> {"reason", "code"}; the first name that to_json() never writes is returned in
/// `unknown` (and the list is empty). Empty names (",,") are skipped.
std::vector<std::string> parse_fields(std::string_view list, std::string& unknown);

/// Every key to_json() writes for an answer, in its order (the contract, read from to_json itself).
const std::vector<std::string>& json_keys();

/// `j` with only `fields`, in that order; a key `j` lacks (an error answer has no summary) is null.
nlohmann::ordered_json select(const nlohmann::ordered_json& j, const std::vector<std::string>& fields);

} // namespace smtpx::render
