#pragma once
// --help laid out for the terminal it is read on: wrapped at the output width (--width, the
// terminal, COLUMNS, else 80) and padded by display width, so CJK text lines up and fits too.
#include "cli/app.hpp"

#include <CLI/CLI.hpp>

namespace smtpx::cli {

class HelpFormatter : public CLI::Formatter {
  public:
    /// `opt` is read when help is printed: --width is parsed by then.
    explicit HelpFormatter(const Options& opt) : m_opt(opt) {}

    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
    std::string make_option(const CLI::Option* opt, bool is_positional) const override;
    std::string make_subcommand(const CLI::App* sub) const override;
    std::string make_description(const CLI::App* app) const override;
    std::string make_usage(const CLI::App* app, std::string name) const override;

  private:
    int width() const;
    int column() const;
    /// "  name" then `desc` wrapped beside it (or below it when the name fills the column).
    std::string entry(const std::string& name, const std::string& desc) const;

    const Options& m_opt;
};

} // namespace smtpx::cli
