#pragma once
// A stream's lines, read on a second thread that also works their answer-cache shapes out, so that
// explain's per-line work is shared by two cores.
#include "classify/answer_cache.hpp"

#include <cstddef>
#include <functional>
#include <string_view>

namespace smtpx::cli {

/// Longer lines are cut: memory stays bounded.
inline constexpr std::size_t kMaxStreamLine = std::size_t{1} << 20;

/// Calls `feed` with each line of `fd` in order, without its line end (and a CR before it), and with
/// the line's shape when the reading thread worked it out first (else null; `shapes` null: never).
/// The reading thread shapes each batch of lines from its end while `feed` takes them from its start.
/// stdout is flushed whenever no line is waiting, so `tail -f log | smtpx explain --ndjson` answers
/// each line before the next one arrives.
void read_lines(int fd, const classify::AnswerCache* shapes,
                const std::function<void(std::string_view, classify::AnswerCache::Shape*)>& feed);

} // namespace smtpx::cli
