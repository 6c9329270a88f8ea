#pragma once
// Reads knowledge-base JSON files into owned structs, validating every field; one error per problem.
#include "core/messages.hpp"
#include "kb/model.hpp"

#include <deque>
#include <string>
#include <vector>

namespace smtpx::kb {

/// One problem in a knowledge-base file: where (file, line for syntax errors, JSON pointer) and what,
/// as a catalog key (core/messages.cpp, "kb.*") and its arguments, written in the reader's language.
struct LoadError {
    std::string file;
    int line = 0;
    std::string pointer;
    std::string key;
    std::vector<std::string> args;
    [[nodiscard]] std::string str(Lang lang = Lang::En) const;
};

/// A loaded set of files with the storage its views point into. Not copyable: views would dangle.
class KbData {
public:
    KbData() = default;
    KbData(const KbData&) = delete;
    KbData& operator=(const KbData&) = delete;

    std::vector<CodeEntry> codes;
    std::vector<EnhancedEntry> enhanced;
    std::vector<PartEntry> classes;
    std::vector<PartEntry> subjects;
    std::vector<PatternRule> rules;
    std::vector<ReasonEntry> reasons;
    std::vector<PartEntry> basic_classes, categories;
    std::string date, retry_window, retry_window_zh;
    std::vector<std::string_view> public_domains;
    std::vector<std::string> files;   ///< files loaded, in order

    std::string_view keep(std::string s);
    std::span<const std::string_view> keep(std::vector<std::string_view> v);
    std::span<const AfterNote> keep(std::vector<AfterNote> v);
    std::span<const int> keep(std::vector<int> v);

    [[nodiscard]] KbView view() const;

private:
    std::deque<std::string> m_strings;
    std::deque<std::vector<std::string_view>> m_views;
    std::deque<std::vector<AfterNote>> m_notes;
    std::deque<std::vector<int>> m_ints;

public:
    /// Where each code / rule id was first defined ("file /pointer"), to report duplicates.
    std::vector<std::pair<std::string, std::string>> seen;
};

/// Parse one file's text (named `name` in errors) into `into`; problems go to `errors`.
void load_text(std::string_view text, const std::string& name, KbData& into, std::vector<LoadError>& errors);

/// Load one file from disk.
void load_file(const std::string& path, KbData& into, std::vector<LoadError>& errors);

/// Load every *.json under `dir` (recursively, in name order). A missing directory is an error.
void load_dir(const std::string& dir, KbData& into, std::vector<LoadError>& errors);

/// Load a file or a directory.
void load_path(const std::string& path, KbData& into, std::vector<LoadError>& errors);

} // namespace smtpx::kb
