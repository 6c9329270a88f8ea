// Block reader: read(2) or zlib's inflate straight into one reused buffer, lines found with memchr.
#include "stats/line_source.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace smtpx::stats {

namespace {

constexpr std::size_t kBlock = std::size_t{4} << 20;

/// `key`: the catalog text of the problem ("stats.source.*": "'path': ..."), `detail` its system words.
[[noreturn]] void fail(const std::string& path, const char* key, std::string detail = {}) {
    throw Error(key, {path == "-" ? std::string("stdin") : path, std::move(detail)});
}

/// Owns the descriptor; stdin is borrowed, not closed.
struct Fd {
    int fd = -1;
    bool owned = false;
    ~Fd() {
        if (owned && fd >= 0) ::close(fd);
    }
};

void open_source(const std::string& path, Fd& f) {
    if (path == "-") {
        f.fd = STDIN_FILENO;
        return;
    }
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0) fail(path, "stats.source.system", std::strerror(errno));
    f.owned = true;
    struct stat st {};
    if (::fstat(f.fd, &st) == 0 && S_ISDIR(st.st_mode)) fail(path, "stats.source.directory");
}

std::size_t read_some(int fd, char* dst, std::size_t n, const std::string& path) {
    for (;;) {
        const ssize_t got = ::read(fd, dst, n);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno != EINTR) fail(path, "stats.source.system", std::strerror(errno));
    }
}

/// Holds the unfinished tail of the previous block in front of the next one and hands out the
/// whole lines in between.
class Lines {
public:
    explicit Lines(const BlockFn& fn) : m_fn(fn), m_buf(kBlock + kMaxLineBytes) {}
    char* space() { return m_buf.data() + m_len; }
    std::size_t room() const { return m_buf.size() - m_len; }

    void commit(std::size_t n) {
        std::size_t start = m_len;
        m_len += n;
        if (m_skipping) {   // still inside an overlong line: drop up to its end
            const void* nl = std::memchr(m_buf.data() + start, '\n', m_len - start);
            if (!nl) {
                m_len = start;
                return;
            }
            const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - m_buf.data()) + 1;
            std::memmove(m_buf.data() + start, m_buf.data() + end, m_len - end);
            m_len -= end - start;
            m_skipping = false;
        }
        // Everything up to the last newline goes out as one block.
        std::size_t last = m_len;
        while (last > 0 && m_buf[last - 1] != '\n') --last;
        if (last > 0) m_fn(std::string_view(m_buf.data(), last));
        std::size_t rest = m_len - last;
        if (rest >= kMaxLineBytes) {
            m_fn(std::string_view(m_buf.data() + last, kMaxLineBytes));
            m_skipping = true;
            rest = 0;
        }
        if (rest && last) std::memmove(m_buf.data(), m_buf.data() + last, rest);
        m_len = rest;
    }

    void finish() {
        if (m_len && !m_skipping) m_fn(std::string_view(m_buf.data(), m_len));
        m_len = 0;
    }

private:
    const BlockFn& m_fn;
    std::vector<char> m_buf;
    std::size_t m_len = 0;
    bool m_skipping = false;
};

void inflate_all(int fd, const std::string& path, std::vector<unsigned char> first, Lines& lines, const ProgressFn& progress) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) fail(path, "stats.source.gzip_start");
    struct End {
        z_stream& z;
        ~End() { inflateEnd(&z); }
    } end{z};
    std::vector<unsigned char> in = std::move(first);
    std::size_t in_len = in.size();
    in.resize(kBlock);
    std::uint64_t total = in_len;
    bool eof = false, member_done = false;
    z.next_in = in.data();
    z.avail_in = static_cast<uInt>(in_len);
    for (;;) {
        if (z.avail_in == 0 && !eof) {
            in_len = read_some(fd, reinterpret_cast<char*>(in.data()), in.size(), path);
            eof = in_len == 0;
            total += in_len;
            if (progress) progress(total);
            z.next_in = in.data();
            z.avail_in = static_cast<uInt>(in_len);
        }
        if (z.avail_in == 0 && eof) {
            if (!member_done) fail(path, "stats.source.gzip_truncated");
            return;
        }
        if (member_done) {   // another gzip member follows (concatenated .gz files)
            if (inflateReset(&z) != Z_OK) fail(path, "stats.source.gzip_corrupt");
            member_done = false;
        }
        z.next_out = reinterpret_cast<Bytef*>(lines.space());
        z.avail_out = static_cast<uInt>(std::min(lines.room(), kBlock));
        const std::size_t room = z.avail_out;
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            fail(path, "stats.source.gzip_corrupt", z.msg ? std::string(" (") + z.msg + ")" : "");
        lines.commit(room - z.avail_out);
        if (rc == Z_STREAM_END) member_done = true;
    }
}

} // namespace

SourceInfo probe(const std::string& path) {
    SourceInfo info;
    if (path == "-") return info;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail(path, "stats.source.system", std::strerror(errno));
    if (S_ISREG(st.st_mode)) info.size = static_cast<std::uint64_t>(st.st_size);
    std::tm tm{};
    localtime_r(&st.st_mtime, &tm);
    info.year = tm.tm_year + 1900;
    info.month = tm.tm_mon + 1;
    return info;
}

void split_lines(std::string_view block, const LineFn& on_line) {
    while (!block.empty()) {
        const void* nl = std::memchr(block.data(), '\n', block.size());
        std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - block.data()) : block.size();
        std::string_view line = block.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > kMaxLineBytes) line = line.substr(0, kMaxLineBytes);
        on_line(line);
        block.remove_prefix(std::min(block.size(), end + 1));
    }
}

void read_lines(const std::string& path, const LineFn& on_line, const ProgressFn& progress) {
    read_blocks(path, [&](std::string_view block) { split_lines(block, on_line); }, progress);
}

namespace {

/// Reads `path` on the calling thread, handing out blocks of whole lines.
void read_blocks_here(const std::string& path, const BlockFn& on_block, const ProgressFn& progress) {
    Fd f;
    open_source(path, f);
    Lines lines(on_block);
    // The first bytes decide: gzip's magic number, or plain text.
    std::size_t got = read_some(f.fd, lines.space(), std::min(lines.room(), kBlock), path);
    const auto* head = reinterpret_cast<const unsigned char*>(lines.space());
    if (got >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
        std::vector<unsigned char> first(head, head + got);
        inflate_all(f.fd, path, std::move(first), lines, progress);
        lines.finish();
        return;
    }
    std::uint64_t total = got;
    while (got) {
        lines.commit(got);
        if (progress) progress(total);
        got = read_some(f.fd, lines.space(), std::min(lines.room(), kBlock), path);
        total += got;
    }
    lines.finish();
}

struct Cancelled {};

/// Two block slots between the reading thread and the consuming one.
class Handoff {
public:
    void put(std::string_view block) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_count < 2 || m_cancelled; });
        if (m_cancelled) throw Cancelled{};
        m_slots[(m_head + m_count) % 2].assign(block);   // the slot the consumer does not hold
        ++m_count;
        m_changed.notify_all();
    }
    /// The next block, or nullptr at the end; valid until release().
    const std::string* take() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_count > 0 || m_closed; });
        return m_count ? &m_slots[m_head] : nullptr;
    }
    void release() {
        std::lock_guard lock(m_mutex);
        m_head = (m_head + 1) % 2;
        --m_count;
        m_changed.notify_all();
    }
    void close(std::exception_ptr error) {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_error = std::move(error);
        m_changed.notify_all();
    }
    void cancel() {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_changed.notify_all();
    }
    std::exception_ptr error() {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::string m_slots[2];
    int m_head = 0, m_count = 0;
    bool m_closed = false, m_cancelled = false;
    std::exception_ptr m_error;
};

} // namespace

void read_blocks(const std::string& path, const BlockFn& on_block, const ProgressFn& progress) {
    // Reading (and inflating) runs on its own thread, one block ahead of the consumer, so that the
    // copy from the page cache or the decompression overlaps with the scan.
    Handoff handoff;
    std::thread reader([&] {
        std::exception_ptr error;
        try {
            read_blocks_here(path, [&](std::string_view block) { handoff.put(block); }, progress);
        } catch (const Cancelled&) {
        } catch (...) {
            error = std::current_exception();
        }
        handoff.close(error);
    });
    try {
        while (const std::string* block = handoff.take()) {
            on_block(*block);
            handoff.release();
        }
    } catch (...) {
        handoff.cancel();
        reader.join();
        throw;
    }
    reader.join();
    if (auto error = handoff.error()) std::rethrow_exception(error);
}

} // namespace smtpx::stats
