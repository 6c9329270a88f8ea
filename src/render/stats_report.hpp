#pragma once
// The human report of `smtpx stats`: counts, percentages and bars, worst problems first, fitted to the width.
#include "render/human.hpp"
#include "stats/summary.hpp"

#include <string>

namespace smtpx::render {

/// `top` limits each breakdown and the list of problems.
std::string stats_report(const stats::Summary& s, const Style& style, std::size_t top);

} // namespace smtpx::render
