// Fuzz target: the mail reader (parse::read_mail) on the buffer as one whole message. Checks what it
// promises whatever the bytes: no throw, one line per note, and answers bounded by the message.
#include "parse/mail.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smtpx::parse;
    const std::string_view message(reinterpret_cast<const char*>(data), size);
    const MailReading reading = read_mail(message);
    for (const auto& note : reading.notes)
        if (note.find('\n') != std::string::npos) std::abort();
    // A recipient takes at least a line of the mail, and there is always at least one answer for a bounce.
    if (reading.answers.size() > size / 2 + 1) std::abort();
    if (reading.kind != MailKind::NotABounce && reading.answers.empty()) std::abort();
    (void)mail_kind_name(reading.kind);
    return 0;
}
