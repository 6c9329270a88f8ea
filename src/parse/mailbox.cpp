// Box reader: streams a file (plain or gzip, via zlib's transparent reading) and splits mbox
// messages at "From " lines; walks Maildir, MH and plain directories.
#include "parse/mailbox.hpp"

#include "core/error.hpp"
#include "parse/mail.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/core.h>
#include <unistd.h>
#include <zlib.h>

namespace smtpx::parse {

namespace fs = std::filesystem;

namespace {

/// An mbox postmark: "From sender Mon Dec  1 00:00:00 2026" (a time in it), not prose that starts with "From ".
bool is_postmark(std::string_view line) {
    if (!line.starts_with("From ") || line.size() > 1000) return false;
    for (std::size_t i = 5; i + 4 < line.size(); ++i)
        if (util::is_digit(line[i]) && util::is_digit(line[i + 1]) && line[i + 2] == ':' && util::is_digit(line[i + 3]) &&
            util::is_digit(line[i + 4]))
            return true;
    return false;
}

/// Splits a byte stream into messages: a "From " line at the start or after an empty line opens
/// the next one. The first message is held until a second one shows whether this is an mbox.
class MboxSplitter {
public:
    MboxSplitter(std::string file, bool in_box, const MessageFn& fn) : m_file(std::move(file)), m_in_box(in_box), m_fn(fn) {}

    void feed(std::string_view data) {
        while (!data.empty()) {
            const std::size_t nl = data.find('\n');
            const std::string_view piece = data.substr(0, nl == std::string_view::npos ? data.size() : nl + 1);
            if (m_line.size() < kMaxMailBytes) m_line.append(piece.substr(0, kMaxMailBytes - m_line.size()));
            data.remove_prefix(piece.size());
            if (nl != std::string_view::npos) line_done();
        }
    }
    void finish() {
        if (!m_line.empty()) line_done();
        if (m_count == 0 && !m_started) return;
        emit_current();
    }

private:
    void line_done() {
        std::string_view line = m_line;
        // Only a file that starts with "From " is an mbox; elsewhere such a line is message text.
        const bool separator = line.starts_with("From ") && (!m_started || (m_mbox && m_prev_blank && is_postmark(line)));
        if (separator) {
            if (!m_started) m_mbox = true;
            else emit_current();
            m_started = true;
        } else {
            m_started = true;
            // mboxrd: ">From " (any number of '>') was quoted by the writer; take one '>' off.
            if (m_mbox && line.starts_with('>')) {
                std::size_t i = 0;
                while (i < line.size() && line[i] == '>') ++i;
                if (line.substr(i).starts_with("From ")) line.remove_prefix(1);
            }
            append(line);
        }
        const std::string_view t = util::trim(line);
        m_prev_blank = t.empty();
        m_line.clear();
    }
    void append(std::string_view line) {
        if (m_cur.size() + line.size() > kMaxMailBytes) {
            if (!m_cut) m_notes.push_back(fmt::format("only the first {} MiB of the message were read", kMaxMailBytes >> 20U));
            m_cut = true;
            return;
        }
        m_cur.append(line);
    }
    void emit_current() {
        BoxMessage m{m_file, {}, m_in_box, std::move(m_cur), std::move(m_notes)};
        ++m_count;
        if (m_count == 1) {
            m_held = std::move(m);   // an mbox with one message is a message: wait for a second
        } else {
            if (m_count == 2) {
                m_held.index = 1;
                m_held.in_box = true;
                m_fn(m_held);
                m_held = {};
            }
            m.index = m_count;
            m.in_box = true;
            m_fn(m);
        }
        m_cur.clear();
        m_notes.clear();
        m_cut = false;
    }

public:
    void flush_single() {
        if (m_count == 1) m_fn(m_held);
    }

private:
    std::string m_file;
    bool m_in_box;
    const MessageFn& m_fn;
    std::string m_line, m_cur;
    std::vector<std::string> m_notes;
    BoxMessage m_held;
    int m_count = 0;
    bool m_started = false, m_mbox = false, m_prev_blank = true, m_cut = false;
};

void read_stream(int fd, const std::string& name, bool in_box, const MessageFn& fn) {
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        ::close(fd);
        throw Error("err.box_read", {name, std::strerror(errno)});
    }
    gzbuffer(gz, 128 * 1024);
    MboxSplitter split(name, in_box, fn);
    std::string buf(64 * 1024, '\0');
    while (true) {
        const int n = gzread(gz, buf.data(), static_cast<unsigned>(buf.size()));
        if (n < 0) {
            int err = 0;
            const char* what = gzerror(gz, &err);
            const std::string detail = err == Z_ERRNO ? std::strerror(errno) : std::string(what);
            gzclose(gz);
            if (err == Z_ERRNO) throw Error("err.box_read", {name, detail});
            throw Error("err.box_gzip_detail", {name, detail});
        }
        if (n == 0) break;
        split.feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    }
    int err = 0;
    gzerror(gz, &err);
    gzclose(gz);
    if (err != Z_OK && err != Z_BUF_ERROR) throw Error("err.box_gzip", {name});
    split.finish();
    split.flush_single();
}

void read_file(const std::string& path, bool in_box, const MessageFn& fn) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("err.box_open", {path, std::strerror(errno)});
    read_stream(fd, path, in_box, fn);
}

std::string join(const std::string& dir, const std::string& name) {
    return dir.ends_with('/') ? dir + name : dir + "/" + name;
}

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Regular files directly in `dir`, dot files left out, sorted by name (MH: by number).
std::vector<std::string> files_in(const std::string& dir, bool numeric) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.starts_with('.')) continue;
        std::error_code ec2;
        if (!it->is_regular_file(ec2)) continue;
        if (numeric && !all_digits(name)) continue;
        names.push_back(name);
    }
    if (ec) throw Error("err.box_dir", {dir, ec.message()});
    if (numeric)
        std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
            return a.size() != b.size() ? a.size() < b.size() : a < b;
        });
    else std::sort(names.begin(), names.end());
    return names;
}

} // namespace

void read_box(const std::string& path, const MessageFn& on_message) {
    if (path == "-") {
        read_stream(::dup(STDIN_FILENO), "-", false, on_message);
        return;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec) throw Error("err.box_open", {path, ec.message()});
    if (!fs::is_directory(st)) {
        read_file(path, false, on_message);
        return;
    }
    const bool maildir = fs::is_directory(join(path, "cur"), ec) || fs::is_directory(join(path, "new"), ec);
    if (maildir) {
        for (const char* sub : {"cur", "new"}) {
            const std::string d = join(path, sub);
            if (!fs::is_directory(d, ec)) continue;
            for (const std::string& name : files_in(d, false)) read_file(join(d, name), true, on_message);
        }
        return;
    }
    // An MH folder numbers its messages; any other directory is read file by file in name order.
    const std::vector<std::string> numbered = files_in(path, true);
    const std::vector<std::string> names = numbered.empty() ? files_in(path, false) : numbered;
    for (const std::string& name : names) read_file(join(path, name), true, on_message);
}

} // namespace smtpx::parse
