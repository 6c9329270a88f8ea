// mail: every message under each path (file, mbox, Maildir, MH, directory, .gz, stdin) answered per recipient.
#include "classify/mail.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/printer.hpp"
#include "core/error.hpp"
#include "parse/mail.hpp"
#include "parse/mailbox.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>
#include <unistd.h>
#include <utility>

namespace smtpx::cli {

namespace {

/// What the reading stage hands to the answering stage, in mailbox order: a message read, or an
/// error to print at its place (so that errors and answers keep their order).
struct Item {
    parse::MailReading reading;
    std::string file;
    std::optional<int> index;
    std::string error;   ///< when not empty, print this instead
};

/// What the answering stage hands to the printing stage: one message's answers, or the error.
struct Answers {
    std::vector<Explanation> answers;
    std::string error;
};

/// A bounded first-in, first-out hand-off between two stages. The producer waits while it holds
/// `depth` items or `max_weight` of their weight (a message's size), so memory stays flat whatever the
/// size of the mailbox; one item always fits, however heavy. The consumer takes everything there is at
/// once and is woken only when kWake items wait, the producer must wait, or the stream ends; else it
/// looks again after kLinger. A wake per message had cost 27,000 futex calls on the 20x mbox.
template <typename T>
class Handoff {
public:
    Handoff(std::size_t depth, std::size_t max_weight) : m_depth(depth), m_max_weight(max_weight) {}
    /// False once the consuming stage has failed: the producer stops then.
    bool push(T item, std::size_t weight = 0) {
        std::unique_lock lock(m_mutex);
        while (!(m_items.empty() || (m_items.size() < m_depth && m_weight + weight <= m_max_weight)) && !m_failed) {
            if (m_consumer_waiting) m_ready.notify_one();
            m_producer_waiting = true;
            m_space.wait(lock);
            m_producer_waiting = false;
        }
        if (m_failed) return false;
        m_items.push_back(std::move(item));
        m_weight += weight;
        if (m_consumer_waiting && m_items.size() >= kWake) m_ready.notify_one();
        return true;
    }
    /// Moves every waiting item into `out` (emptied first), waiting for some; false once close() was
    /// called and every item was taken.
    bool take(std::deque<T>& out) {
        out.clear();
        std::unique_lock lock(m_mutex);
        for (bool lingered = false; !m_closed && !(m_items.size() >= kWake || (lingered && !m_items.empty()));) {
            m_consumer_waiting = true;
            lingered = m_ready.wait_for(lock, kLinger) == std::cv_status::timeout;
            m_consumer_waiting = false;
        }
        if (m_items.empty()) return false;
        out.swap(m_items);
        m_weight = 0;
        if (m_producer_waiting) m_space.notify_one();
        return true;
    }
    void close() {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_ready.notify_all();
    }
    void fail() {
        const std::lock_guard lock(m_mutex);
        m_failed = true;
        m_space.notify_all();
    }

private:
    static constexpr std::size_t kWake = 32;
    static constexpr std::chrono::milliseconds kLinger{5};
    const std::size_t m_depth, m_max_weight;
    std::size_t m_weight = 0;
    std::mutex m_mutex;
    std::condition_variable m_ready, m_space;
    std::deque<T> m_items;
    bool m_closed = false, m_failed = false, m_consumer_waiting = false, m_producer_waiting = false;
};

struct Stopped {};   // the answering stage failed: stop reading

} // namespace

// Three stages: this thread splits the boxes and reads each message (MIME, charsets, DSN fields,
// recipients); a second one classifies; a third renders and prints, in the same order. Reading and
// classifying cost about the same and printing a fifth of either, so on two cores a mailbox takes a
// little over half the time of one thread whichever stage is the longest.
int run_mail(Context& ctx) {
    const classify::Classifier classifier(ctx.kb, {ctx.style.lang, ctx.opt.after, ctx.cache});
    std::vector<std::string> paths = ctx.opt.inputs;
    if (paths.empty()) {
        if (isatty(STDIN_FILENO)) {
            print_error(ctx, std::string(msg(ctx.style.lang, "usage.no_input")));
            return static_cast<int>(ExitCode::Usage);
        }
        paths.emplace_back("-");
    }
    Printer out{ctx, 0, true, redact::Redactor(ctx.kb.public_domains()), {}, {}};
    int status = 0;
    out.begin();
    // The reader may run far ahead: the first messages of each wording cost the classifier most (the
    // RE2 automata grow as new texts come), the repeats cost the reader most, and the two overlap only
    // if the reader need not wait. Answers are small and quick to print.
    Handoff<Item> read(1024, std::size_t{32} << 20);
    Handoff<Answers> answered(64, 0);
    std::exception_ptr answer_failure, print_failure;
    std::thread answering([&] {
        try {
            for (std::deque<Item> items; read.take(items);)
                for (Item& item : items) {
                    Answers a;
                    if (item.error.empty())
                        a.answers = classify::explain_mail(classifier, item.reading, item.file, item.index);
                    else
                        a.error = std::move(item.error);
                    if (!answered.push(std::move(a))) throw Stopped{};
                }
        } catch (const Stopped&) {
            read.fail();   // the printing stage failed: its error is rethrown below
        } catch (...) {
            answer_failure = std::current_exception();
            read.fail();
        }
        answered.close();
    });
    std::thread printing([&] {
        try {
            for (std::deque<Answers> batch; answered.take(batch);)
                for (Answers& a : batch) {
                    if (!a.error.empty()) print_error(ctx, a.error);
                    for (Explanation& e : a.answers) out.put(std::move(e));
                }
        } catch (...) {
            print_failure = std::current_exception();
            answered.fail();
        }
    });
    try {
        for (const std::string& path : paths) {
            try {
                parse::read_box(path, [&](parse::BoxMessage& m) {
                    const std::size_t weight = m.bytes.size();
                    Item item{parse::read_mail(m.bytes), std::move(m.file), m.index, {}};
                    item.reading.notes.insert(item.reading.notes.end(), m.notes.begin(), m.notes.end());
                    if (item.reading.kind == parse::MailKind::NotABounce) {
                        // In a mailbox most messages are ordinary mail: left out unless asked for.
                        if (m.in_box && !ctx.opt.all) return;
                        if (!m.in_box) status = static_cast<int>(ExitCode::Input);
                    }
                    if (!read.push(std::move(item), weight)) throw Stopped{};
                });
            } catch (const Error& e) {
                status = static_cast<int>(ExitCode::Input);
                if (!read.push({{}, {}, {}, e.text(ctx.style.lang)})) throw Stopped{};
            }
        }
    } catch (const Stopped&) {
        // a later stage's failure is rethrown below
    } catch (...) {   // the later stages finish what they were given, then this goes to main
        read.close();
        answering.join();
        printing.join();
        throw;
    }
    read.close();
    answering.join();
    printing.join();
    if (answer_failure) std::rethrow_exception(answer_failure);
    if (print_failure) std::rethrow_exception(print_failure);
    out.end();
    return status != 0 ? status : out.status;
}

} // namespace smtpx::cli
