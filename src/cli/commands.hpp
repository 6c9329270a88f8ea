#pragma once
// The subcommands' entry points and the context they share.
#include "cli/app.hpp"
#include "kb/knowledge_base.hpp"
#include "render/human.hpp"

namespace smtpx::cli {

struct Context {
    const Options& opt;
    kb::KnowledgeBase kb;
    render::Style style;
    bool cache = true;   ///< the classifier's verdict cache; SMTPX_NO_CACHE=1 turns it off
    std::vector<std::string> fields;   ///< --fields, checked: the JSON keys to keep (empty: all)
};

void load_overlays(kb::KnowledgeBase& base, const Options& opt);
/// Print one error line on stderr, control characters escaped.
void print_error(const Context& ctx, const std::string& text);

int run_explain(Context& ctx);
int run_stats(Context& ctx);
int run_mail(Context& ctx);
int run_compare(Context& ctx);
int run_list(Context& ctx);
int run_search(Context& ctx);
int run_kb_check(Context& ctx);
int run_kb_path(Context& ctx);
int run_completion(Context& ctx);
/// The completion script for "bash", "zsh" or "fish" (empty for anything else).
std::string completion_script(std::string_view shell);

} // namespace smtpx::cli
