// Fuzz target: the log-line parsers on every line of the buffer, and the stdin splitter over the
// whole buffer as a stream. Checks the splitter's promise that no input exceeds kMaxInputBytes.
#include "parse/input.hpp"
#include "parse/log_line.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smtpx::parse;
    const std::string_view buffer(reinterpret_cast<const char*>(data), size);

    std::size_t emitted = 0;
    InputSplitter splitter([&](std::string_view record) {
        if (record.size() > kMaxInputBytes) std::abort();
        ++emitted;
        (void)parse_input(record);
    });
    std::size_t start = 0;
    while (start <= buffer.size()) {
        std::size_t end = buffer.find('\n', start);
        if (end == std::string_view::npos) end = buffer.size();
        std::string_view line = buffer.substr(start, end - start);
        // As explain's reader does: a CR before the LF belongs to the line terminator.
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

        ParsedInput out;
        (void)parse_log_line(line, out);
        ParsedInput phrase;
        (void)parse_smtp_error_phrase(line, phrase);
        ParsedInput diag;
        (void)parse_exchange_diagnostic(line, diag);

        splitter.feed_line(line);
        start = end + 1;
    }
    splitter.finish();
    // A stream of N lines can never yield more than N inputs.
    if (emitted > size + 1) std::abort();
    return 0;
}
