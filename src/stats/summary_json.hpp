#pragma once
// Summary <-> JSON: the --json output of `smtpx stats`, which --merge reads back.
#include "stats/summary.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace smtpx::stats {

/// Version of the summary format; --merge refuses summaries it does not know.
inline constexpr int kSummaryFormat = 1;

nlohmann::ordered_json to_json(const Summary& s);

/// Read a summary written by to_json(). Throws smtpx::Error naming `source` and the JSON pointer of
/// the first field that is missing or of the wrong type.
Summary summary_from_json(const nlohmann::json& j, const std::string& source);

} // namespace smtpx::stats
