// smtpx stats: summarise whole mail logs (work in progress).
#include "cli/commands.hpp"

#include <stdexcept>

namespace smtpx::cli {

int run_stats(Context&) { throw std::runtime_error("stats: not implemented yet"); }

} // namespace smtpx::cli
