#pragma once
// explain --redact: one pass over a finished Explanation before it is rendered, so the renderers
// never see (and never re-parse) the personal values.
#include "core/explanation.hpp"
#include "redact/redactor.hpp"

namespace smtpx::redact {

/// Replace addresses, IP addresses, host names, Message-IDs and queue ids in every field that came
/// from the input (input, reply text, error, remote host, recipient, listed IP, evidence, warnings,
/// and the input quoted inside title and description), recursively through `replies`. The
/// knowledge base's own texts, references and rule ids are left as they are. `redactor` is shared
/// by all the inputs of a run so a value keeps its placeholder across them.
void redact(Explanation& e, Redactor& redactor);

} // namespace smtpx::redact
