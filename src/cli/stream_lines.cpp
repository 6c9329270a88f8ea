// Batches of lines handed from a reading thread to the answering one, up to kAhead of them. Each line
// of a batch is taken once, by whichever side gets to it first (an atomic per line): the reader shapes
// from the back, the answerer answers from the front, and where they meet the batch is done. A line the
// answerer takes itself is shaped by the answer cache as before, so answers never depend on who shaped.
#include "cli/stream_lines.hpp"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace smtpx::cli {

namespace {

enum : unsigned char { kFree, kTaken, kShaped };

/// Batches the reader may read and shape ahead (64 KB of input each). While the answering thread is
/// busy with what only it can do (compiling the rule sets, classifying the first line of each shape),
/// the reader shapes up to this many batches; when the answering thread catches up, the two meet in
/// the middle of a batch again.
constexpr std::size_t kAhead = 16;

struct Batch {
    std::string bytes;
    std::vector<std::pair<std::size_t, std::size_t>> lines;   // offset and length in `bytes`
    std::vector<classify::AnswerCache::Shape> shapes;
    std::unique_ptr<std::atomic<unsigned char>[]> state;
    std::size_t state_size = 0;
    /// Empty again, keeping every buffer (shapes' included): batches go round, so lines allocate nothing.
    void reset() {
        bytes.clear();
        lines.clear();
    }
    void prepare(bool shaping) {
        if (shaping && shapes.size() < lines.size()) shapes.resize(lines.size());
        if (state_size < lines.size()) {
            state_size = lines.size();
            state = std::make_unique<std::atomic<unsigned char>[]>(state_size);
        }
        for (std::size_t i = 0; i < lines.size(); ++i) state[i].store(kFree, std::memory_order_relaxed);
    }
    [[nodiscard]] std::string_view line(std::size_t i) const { return std::string_view(bytes).substr(lines[i].first, lines[i].second); }
};

/// The batches read and not yet taken; `stop` tells the reader the answerer has gone, `shaping`
/// that the reader is using the answer cache.
struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::shared_ptr<Batch>> ready;
    std::vector<std::shared_ptr<Batch>> spare;   // answered batches, back to the reader for reuse
    bool closed = false, stop = false, shaping = false;
};

/// Reads `fd` to its end into batches of whole lines, handing each over and then shaping it from the back.
void read_batches(int fd, const classify::AnswerCache* shapes, const std::shared_ptr<Shared>& sh) {
    std::string carry;   // the start of a line whose end has not come yet, cut at kMaxStreamLine
    std::vector<char> chunk(std::size_t{1} << 16);
    std::shared_ptr<Batch> b;   // the batch being filled
    for (;;) {
        const ssize_t got = ::read(fd, chunk.data(), chunk.size());
        if (got < 0 && errno == EINTR) continue;
        // A batch that got no whole line (a long line still coming) is kept for the next read, not
        // dropped and allocated again: memory stays flat under a 64 MiB line, even with ASan's quarantine.
        if (!b) {
            {
                const std::lock_guard lock(sh->mutex);
                if (!sh->spare.empty()) {
                    b = std::move(sh->spare.back());
                    sh->spare.pop_back();
                }
            }
            if (b) b->reset();
            else b = std::make_shared<Batch>();
        }
        const auto n = got > 0 ? static_cast<std::size_t>(got) : 0;
        for (std::size_t i = 0; i < n;) {
            const auto* nl = static_cast<const char*>(std::memchr(chunk.data() + i, '\n', n - i));
            const std::size_t end = nl ? static_cast<std::size_t>(nl - chunk.data()) : n;
            if (carry.size() < kMaxStreamLine) carry.append(chunk.data() + i, std::min(end - i, kMaxStreamLine - carry.size()));
            if (!nl) break;
            if (!carry.empty() && carry.back() == '\r') carry.pop_back();
            b->lines.emplace_back(b->bytes.size(), carry.size());
            b->bytes += carry;
            carry.clear();
            i = end + 1;
        }
        if (n == 0 && !carry.empty()) {   // the stream ended inside a line: passed on as it is
            b->lines.emplace_back(b->bytes.size(), carry.size());
            b->bytes += carry;
            carry.clear();
        }
        if (!b->lines.empty()) {
            b->prepare(shapes != nullptr);
            {
                std::unique_lock lock(sh->mutex);
                sh->changed.wait(lock, [&] { return sh->ready.size() < kAhead || sh->stop; });
                if (sh->stop) return;
                sh->ready.push_back(b);
                sh->shaping = shapes != nullptr;
            }
            sh->changed.notify_all();
            for (std::size_t k = b->lines.size(); shapes && k-- > 0;) {
                unsigned char expected = kFree;
                if (!b->state[k].compare_exchange_strong(expected, kTaken, std::memory_order_acq_rel)) break;
                shapes->shape_of(b->line(k), b->shapes[k]);
                b->state[k].store(kShaped, std::memory_order_release);
            }
            if (shapes) {
                {
                    const std::lock_guard lock(sh->mutex);
                    sh->shaping = false;
                }
                sh->changed.notify_all();
            }
            b.reset();   // handed over: the next read fills another
        }
        if (n == 0) break;
    }
    {
        const std::lock_guard lock(sh->mutex);
        sh->closed = true;
    }
    sh->changed.notify_all();
}

} // namespace

void read_lines(int fd, const classify::AnswerCache* shapes,
                const std::function<void(std::string_view, classify::AnswerCache::Shape*)>& feed) {
    // Shared and owned by both: if `feed` throws, the reader may be blocked in read(2) on a terminal or
    // a pipe, so it is let go (detached) rather than joined, and must not outlive what it uses.
    auto sh = std::make_shared<Shared>();
    std::thread reader([fd, shapes, sh] { read_batches(fd, shapes, sh); });
    std::shared_ptr<Batch> b;
    try {
        for (;;) {
            {
                std::unique_lock lock(sh->mutex);
                if (sh->ready.empty() && !sh->closed) {
                    lock.unlock();
                    std::fflush(stdout);   // all that arrived is answered: say it before waiting
                    lock.lock();
                }
                sh->changed.wait(lock, [&] { return !sh->ready.empty() || sh->closed; });
                if (sh->ready.empty()) break;
                b = std::move(sh->ready.front());
                sh->ready.pop_front();
            }
            sh->changed.notify_all();
            for (std::size_t i = 0; i < b->lines.size(); ++i) {
                classify::AnswerCache::Shape* shaped = nullptr;
                unsigned char expected = kFree;
                if (!b->state[i].compare_exchange_strong(expected, kTaken, std::memory_order_acq_rel)) {
                    // The reader took it: its shape is a few microseconds away at most.
                    while (b->state[i].load(std::memory_order_acquire) != kShaped) std::this_thread::yield();
                    shaped = &b->shapes[i];
                }
                feed(b->line(i), shaped);
            }
            const std::lock_guard lock(sh->mutex);
            sh->spare.push_back(std::move(b));
        }
    } catch (...) {
        // The rest of this batch is taken from the reader, which then stops using the answer cache.
        for (std::size_t i = 0; b && i < b->lines.size(); ++i) {
            unsigned char expected = kFree;
            b->state[i].compare_exchange_strong(expected, kTaken, std::memory_order_acq_rel);
        }
        {
            std::unique_lock lock(sh->mutex);
            sh->stop = true;
            sh->changed.notify_all();
            sh->changed.wait(lock, [&] { return !sh->shaping; });
        }
        reader.detach();
        throw;
    }
    reader.join();
}

} // namespace smtpx::cli
