#pragma once
// Typed exceptions for what cannot be answered per input; caught once in main.
#include "kb/load.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace smtpx {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A broken knowledge base or overlay: every problem, each naming file, line or JSON pointer.
struct KbError : Error {
    explicit KbError(std::vector<kb::LoadError> e) : Error("knowledge base error"), errors(std::move(e)) {}
    std::vector<kb::LoadError> errors;
};

} // namespace smtpx
