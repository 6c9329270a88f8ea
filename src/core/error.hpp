#pragma once
// The one exception type for what cannot be answered per input; caught once in main (and per file
// by the commands that go on with the next one). Its text is a catalog key with arguments, written
// in the reader's language where it is caught.
#include "core/messages.hpp"
#include "kb/load.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace smtpx {

struct Error : std::runtime_error {
    /// A text written by hand (English): for errors whose words come from elsewhere.
    using std::runtime_error::runtime_error;
    /// The catalog text `key` (core/messages.cpp) filled with `args`; what() holds the English one.
    Error(std::string key, std::vector<std::string> args)
        : std::runtime_error(msgv(Lang::En, key, args)), m_key(std::move(key)), m_args(std::move(args)) {}

    /// The text in `lang`: the catalog's when the error has a key, else what().
    [[nodiscard]] std::string text(Lang lang) const { return m_key.empty() ? what() : msgv(lang, m_key, m_args); }

private:
    std::string m_key;
    std::vector<std::string> m_args;
};

/// A broken knowledge base or overlay: every problem, each naming file, line or JSON pointer.
struct KbError : Error {
    explicit KbError(std::vector<kb::LoadError> e) : Error("knowledge base error"), errors(std::move(e)) {}
    std::vector<kb::LoadError> errors;
};

} // namespace smtpx
