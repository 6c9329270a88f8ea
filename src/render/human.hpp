#pragma once
// Human-readable rendering for a terminal: colour by class, wrapped to the width, input escaped.
#include "core/explanation.hpp"
#include "core/messages.hpp"

#include <string>

namespace smtpx::render {

struct Style {
    bool color = false;
    int width = 80;
    Lang lang = Lang::En;
    bool why = false;   ///< show evidence and other readings
    bool long_form = false;   ///< --long: the generic meaning of each code, references, input and evidence too
};

std::string human(const Explanation& e, const Style& style);
std::string human(const Comparison& c, const Style& style);
/// Colour for a class name (ANSI SGR), or empty when colour is off.
std::string paint(const Style& style, std::optional<SmtpClass> klass, std::string_view text);
std::string bold(const Style& style, std::string_view text);
/// `head` (already painted; `head_w` display columns) then `text` wrapped beside it to the style's
/// width, later lines indented by `head_w`, each line bold when `strong`: a title hanging from its codes.
std::string hanging(const Style& style, std::string_view head, int head_w, std::string_view text, bool strong = false);

} // namespace smtpx::render
