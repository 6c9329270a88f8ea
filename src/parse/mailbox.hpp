#pragma once
// Messages from a path: a single message file, an mbox, a Maildir (cur/ and new/), an MH folder, a
// directory of message files, gzip-compressed files (by magic bytes) and stdin ("-").
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smtpx::parse {

struct BoxMessage {
    std::string file;             ///< the path as given, or the message file inside a given directory
    std::optional<int> index;     ///< 1-based position in an mbox holding several messages, else empty
    bool in_box = false;          ///< one of several (mbox, Maildir, MH, directory): non-bounces are left out
    std::string bytes;            ///< the message, at most kMaxMailBytes
    std::vector<std::string> notes;   ///< what was cut
};

using MessageFn = std::function<void(BoxMessage& message)>;

/// Call `on_message` for every message under `path` in order (directories sorted by name; Maildir cur/
/// before new/; MH by message number). Memory stays bounded by one message: an mbox is streamed.
/// Throws smtpx::Error naming the path when it cannot be opened or read, or a gzip stream is corrupt.
void read_box(const std::string& path, const MessageFn& on_message);

} // namespace smtpx::parse
