#pragma once
// The setup most tests share: the embedded knowledge base and a classifier over it, built once per
// test process (the RE2 set compiles on first use and is reused by every test in the process).
#include "classify/classifier.hpp"
#include "core/messages.hpp"
#include "kb/knowledge_base.hpp"

namespace smtpx::fixture {

/// The knowledge base compiled into the binary, without overlays.
inline const kb::KnowledgeBase& embedded_kb() {
    static const kb::KnowledgeBase base;
    return base;
}

/// A classifier over embedded_kb() answering in `lang`, with no --after command.
inline const classify::Classifier& classifier(Lang lang = Lang::En) {
    static const classify::Classifier en(embedded_kb(), {Lang::En, {}});
    static const classify::Classifier zh(embedded_kb(), {Lang::Zh, {}});
    return lang == Lang::Zh ? zh : en;
}

} // namespace smtpx::fixture
