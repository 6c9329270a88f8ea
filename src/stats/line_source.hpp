#pragma once
// Reads a log file, a gzip-compressed log or stdin in large blocks and hands out its lines.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace smtpx::stats {

/// Longest line passed on; the rest of a longer line is skipped (log lines are far shorter).
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;

struct SourceInfo {
    std::uint64_t size = 0;   ///< file size in bytes, 0 for stdin and pipes
    int year = 0, month = 0;  ///< the file's modification time (0 for stdin)
    bool gzip = false;
};

using LineFn = std::function<void(std::string_view line)>;
/// A run of whole lines, each ended by '\n' except perhaps the last one of the input.
using BlockFn = std::function<void(std::string_view block)>;
/// Called now and then with the bytes read so far (compressed bytes for .gz).
using ProgressFn = std::function<void(std::uint64_t bytes_read)>;

/// Stat `path` ("-" is stdin). Throws smtpx::Error naming the file when it cannot be opened.
SourceInfo probe(const std::string& path);

/// Call `on_line` for every line of `path` ("-": stdin); "\n" and "\r\n" end lines. gzip input is
/// recognised by its magic bytes, not its name. Throws smtpx::Error naming the file on a read error
/// or a corrupt or truncated gzip stream.
void read_lines(const std::string& path, const LineFn& on_line, const ProgressFn& progress = {});

/// The same input in blocks of whole lines (up to about a megabyte each), for callers that split
/// lines themselves, e.g. to share a block between threads. Lines longer than kMaxLineBytes arrive
/// cut to that length.
void read_blocks(const std::string& path, const BlockFn& on_block, const ProgressFn& progress = {});

/// Call `on_line` for each line of `block` ("\n" or "\r\n" ends a line).
void split_lines(std::string_view block, const LineFn& on_line);

} // namespace smtpx::stats
