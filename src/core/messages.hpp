#pragma once
// The interface's own texts (headings, labels, warnings, errors) in every supported language.
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include <fmt/core.h>

namespace smtpx {

enum class Lang { En, Zh };

/// The text for `key` in `lang`; the key itself when unknown (a test checks every key has both).
std::string_view msg(Lang lang, std::string_view key);

/// msg() with fmt placeholders filled. Our own catalog strings are the format, never user text.
template <class... Args>
std::string msgf(Lang lang, std::string_view key, Args&&... args) {
    return fmt::format(fmt::runtime(msg(lang, key)), std::forward<Args>(args)...);
}

/// msgf() with arguments known only at run time (an error's key and values, kept until it is caught).
std::string msgv(Lang lang, std::string_view key, const std::vector<std::string>& args);

/// A knowledge-base text in `lang`: the Chinese one when asked for and present, else the English one.
inline std::string_view pick(Lang lang, std::string_view en, std::string_view zh) {
    return lang == Lang::Zh && !zh.empty() ? zh : en;
}

/// Every key of the catalog, for tests.
struct MessageRow {
    std::string_view key, en, zh;
};
std::span<const MessageRow> all_messages();

} // namespace smtpx
