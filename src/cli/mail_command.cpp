// mail: every message under each path (file, mbox, Maildir, MH, directory, .gz, stdin) answered per recipient.
#include "classify/mail.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/printer.hpp"
#include "core/error.hpp"
#include "parse/mail.hpp"
#include "parse/mailbox.hpp"

#include <unistd.h>

namespace smtpx::cli {

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
    for (const std::string& path : paths) {
        try {
            parse::read_box(path, [&](parse::BoxMessage& m) {
                parse::MailReading reading = parse::read_mail(m.bytes);
                reading.notes.insert(reading.notes.end(), m.notes.begin(), m.notes.end());
                if (reading.kind == parse::MailKind::NotABounce) {
                    // In a mailbox most messages are ordinary mail: left out unless asked for.
                    if (m.in_box && !ctx.opt.all) return;
                    if (!m.in_box) status = static_cast<int>(ExitCode::Input);
                }
                for (Explanation& e : classify::explain_mail(classifier, reading, m.file, m.index)) out.put(std::move(e));
            });
        } catch (const Error& e) {
            print_error(ctx, e.text(ctx.style.lang));
            status = static_cast<int>(ExitCode::Input);
        }
    }
    out.end();
    return status != 0 ? status : out.status;
}

} // namespace smtpx::cli
