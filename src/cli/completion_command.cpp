// completion: bash, zsh and fish scripts generated from the app that the subcommand table builds, so
// a new command or option is completed without editing three scripts by hand. completions/ holds
// this output; tests/cli/test_completion.py keeps the two equal.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/subcommands.hpp"
#include "kb/model.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/core.h>

namespace smtpx::cli {

namespace {
enum class Kind { Flag, Free, Choice, Dir, File, Codes, None };

struct Opt {
    std::string name;    ///< "--color"
    std::string alias;   ///< "-h", or empty
    std::string desc;
    Kind kind = Kind::Flag;
    std::vector<std::string> choices;
};

struct Cmd {
    std::string name, word, desc;   ///< "kb check", "check"
    std::vector<Opt> opts;          ///< its own, without the global ones
    Kind args = Kind::None;         ///< what its positionals are
    std::vector<std::string> choices;
    std::vector<std::string> children;   ///< a group's subcommands
};

struct Model {
    std::vector<Opt> globals;   ///< valid everywhere (after the command too)
    Opt version;
    Cmd root;                   ///< no command: explain's inputs
    std::vector<Cmd> cmds;
    std::string codes;          ///< the knowledge base's basic codes, space-separated
};

std::vector<std::string> strings(std::span<const std::string_view> v) { return {v.begin(), v.end()}; }

Opt option(const CLI::Option* o) {
    Opt out{"--" + o->get_lnames().front(), o->get_snames().empty() ? "" : "-" + o->get_snames().front(), o->get_description(),
            Kind::Flag, strings(value_choices("--" + o->get_lnames().front()))};
    if (o->get_expected_max() > 0)   // flags expect no value
        out.kind = !out.choices.empty() ? Kind::Choice : out.name == "--kb" ? Kind::Dir : out.name == "--merge" ? Kind::File : Kind::Free;
    return out;
}

/// A command's own options and what its positionals are.
void describe(const CLI::App& app, Cmd& cmd, bool global) {
    for (const auto* o : app.get_options()) {
        if (o->get_positional()) {
            const std::string& pos = o->get_name();
            cmd.choices = strings(value_choices(cmd.name + ":" + pos));
            cmd.args = !cmd.choices.empty() ? Kind::Choice : (pos == "inputs" || pos == "codes") ? Kind::Codes
                       : (pos == "paths" || pos == "files") ? Kind::File : Kind::Free;
        } else if (!global || o->get_lnames().front() == "help") {
            cmd.opts.push_back(option(o));
        }
    }
}

Model model() {
    Options opt;
    auto app = build_app(opt, Lang::En);
    Model m;
    for (const auto* o : app->get_options()) {
        if (o->get_positional() || o->get_lnames().front() == "help") continue;
        if (o->get_lnames().front() == "version") m.version = option(o);
        else m.globals.push_back(option(o));
    }
    m.root.desc = app->get_description();
    describe(*app, m.root, true);
    for (const auto& s : subcommands()) {
        const CLI::App* sub = app.get();
        std::string name(s.name), word;
        for (std::size_t start = 0; start <= name.size();) {   // "kb check": kb, then check
            auto end = name.find(' ', start);
            word = name.substr(start, end == std::string::npos ? std::string::npos : end - start);
            sub = sub->get_subcommand(word);
            if (end == std::string::npos) break;
            start = end + 1;
        }
        Cmd c{name, word, sub->get_description(), {}, Kind::None, {}, {}};
        describe(*sub, c, false);
        for (const auto* child : sub->get_subcommands({})) c.children.push_back(child->get_name());
        m.cmds.push_back(std::move(c));
    }
    for (const auto& c : kb::embedded_kb().codes) m.codes += (m.codes.empty() ? "" : " ") + std::to_string(c.code);
    return m;
}

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

/// Inside single quotes: ' ends the string, so it is closed, escaped and reopened.
std::string sq(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out;
}

std::vector<std::string> value_options(const Model& m) {
    std::vector<std::string> out;
    auto add = [&](const std::vector<Opt>& opts) {
        for (const auto& o : opts)
            if (o.kind != Kind::Flag && std::find(out.begin(), out.end(), o.name) == out.end()) out.push_back(o.name);
    };
    add(m.globals);
    for (const auto& c : m.cmds) add(c.opts);
    return out;
}

std::vector<std::string> top_names(const Model& m) {
    std::vector<std::string> out;
    for (const auto& c : m.cmds)
        if (c.name == c.word) out.push_back(c.name);
    return out;
}

// ---- bash -----------------------------------------------------------------------------------------

std::string bash(const Model& m) {
    std::string s = "# bash completion for smtpx: generated by 'smtpx completion bash' from its command table; do not edit.\n";
    s += "_smtpx() {\n    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i w\n";
    s += "    local codes=\"" + m.codes + "\"\n";
    s += "    # The command so far (\"kb check\"), or \"-\" once an input was given without one; option values are skipped.\n";
    s += "    for ((i = 1; i < COMP_CWORD; i++)); do\n        w=${COMP_WORDS[i]}\n        case $w in\n";
    s += "            " + join(value_options(m), "|") + ") ((i++)) ;;\n            -*) ;;\n";
    s += "            *) case \"$cmd:$w\" in\n";
    for (const auto& c : m.cmds) {
        auto space = c.name.rfind(' ');
        std::string parent = space == std::string::npos ? "" : c.name.substr(0, space);
        s += fmt::format("                   \"{}:{}\") cmd=\"{}\" ;;\n", parent, c.word, c.name);
    }
    s += "                   :*) cmd=- ;;\n                   *) break ;;\n               esac ;;\n        esac\n    done\n";
    s += "    case $prev in\n";
    std::vector<std::string> free;
    for (const auto& name : value_options(m)) {
        const Opt* o = nullptr;
        for (const auto& g : m.globals) if (g.name == name) o = &g;
        for (const auto& c : m.cmds) for (const auto& x : c.opts) if (x.name == name) o = &x;
        if (o->kind == Kind::Choice) s += fmt::format("        {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", name, join(o->choices));
        else if (o->kind == Kind::Dir) s += fmt::format("        {}) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n", name);
        else if (o->kind == Kind::File) s += fmt::format("        {}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", name);
        else free.push_back(name);
    }
    if (!free.empty()) s += "        " + join(free, "|") + ") return ;;   # a value of the user's own\n";
    s += "    esac\n";
    std::vector<std::string> globals;
    for (const auto& o : m.globals) globals.push_back(o.name);
    s += "    local opts=\"" + join(globals) + " --help\" words= files=\n    case $cmd in\n";
    auto words_for = [&](const Cmd& c, bool root) {
        std::vector<std::string> w = root ? top_names(m) : c.children;
        if (c.args == Kind::Codes) w.push_back("$codes");
        if (c.args == Kind::Choice) w.insert(w.end(), c.choices.begin(), c.choices.end());
        return join(w);
    };
    s += "        \"\") opts+=\" " + m.version.name + "\" words=\"" + words_for(m.root, true) + "\" ;;\n";
    s += "        -) words=$codes ;;\n";
    for (const auto& c : m.cmds) {
        std::vector<std::string> own;
        for (const auto& o : c.opts) if (o.name != "--help") own.push_back(o.name);
        s += fmt::format("        \"{}\") opts+=\"{}\" words=\"{}\"{} ;;\n", c.name, own.empty() ? "" : " " + join(own), words_for(c, false),
                         c.args == Kind::File ? " files=1" : "");
    }
    s += "    esac\n";
    s += "    if [[ $cur == -* ]]; then\n        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n";
    s += "    elif [[ -n $files ]]; then\n        compopt -o filenames 2>/dev/null\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    s += "    else\n        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n    fi\n}\ncomplete -F _smtpx smtpx\n";
    return s;
}

// ---- zsh ------------------------------------------------------------------------------------------

/// An _arguments spec: '--name[description]:message:action'; brackets and colons are escaped.
std::string zsh_spec(const Opt& o) {
    std::string desc;
    for (char c : o.desc) desc += (c == '[' || c == ']' || c == ':' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    std::string names = o.alias.empty() ? o.name : "{" + o.alias + "," + o.name + "}";
    std::string head = o.alias.empty() ? "'" + o.name + "[" + sq(desc) + "]" : "'(" + o.alias + " " + o.name + ")'" + names + "'[" + sq(desc) + "]";
    if (o.name == "--kb" || o.name == "--merge") head = "'*" + head.substr(1);   // repeatable
    std::string value = o.name.substr(2);
    switch (o.kind) {
        case Kind::Flag: return head + "'";
        case Kind::Choice: return head + ":" + value + ":(" + join(o.choices) + ")'";
        case Kind::Dir: return head + ":" + value + ":_files -/'";
        case Kind::File: return head + ":" + value + ":_files'";
        default: return head + ":" + value + ": '";
    }
}

std::string zsh_describe(const std::string& tag, const std::vector<const Cmd*>& cmds, const std::string& indent) {
    std::string s = indent + "local -a cmds=(\n";
    for (const auto* c : cmds) s += indent + "  '" + c->word + ":" + sq(c->desc) + "'\n";
    return s + indent + ")\n" + indent + "_describe -t commands " + tag + " cmds && ret=0\n";
}

std::string zsh_args(const Cmd& c) {
    std::string s = "_arguments -s $globals";
    for (const auto& o : c.opts) s += " " + zsh_spec(o);
    switch (c.args) {
        case Kind::Codes: s += " \"*:input:($codes)\""; break;   // double quotes: the list is expanded
        case Kind::File: s += " '*:path:_files'"; break;
        case Kind::Choice: s += " '1:" + c.word + ":(" + join(c.choices) + ")'"; break;
        case Kind::Free: s += " '*:argument: '"; break;
        default: break;
    }
    return s + " && ret=0";
}

std::string zsh(const Model& m) {
    std::string s = "#compdef smtpx\n# zsh completion for smtpx: generated by 'smtpx completion zsh' from its command table; do not edit.\n";
    s += "_smtpx() {\n  local curcontext=$curcontext state state_descr line ret=1\n  typeset -A opt_args\n";
    s += "  local -a codes=(" + m.codes + ")\n  local -a globals=(\n";
    for (const auto& o : m.globals) s += "    " + zsh_spec(o) + "\n";
    s += "  )\n";
    std::vector<const Cmd*> top;
    for (const auto& c : m.cmds)
        if (c.name == c.word) top.push_back(&c);
    Opt help = m.cmds.front().opts.front();   // every command's -h,--help
    s += "  _arguments -C -s $globals " + zsh_spec(help) + " " + zsh_spec(m.version) + " '1: :->command' '*:: :->args' && ret=0\n";
    s += "  case $state in\n    command)\n" + zsh_describe("command", top, "      ") + "      _describe -t codes code codes && ret=0\n      ;;\n";
    s += "    args)\n      case $line[1] in\n";
    for (const auto* c : top) {
        s += "        " + c->name + ")\n";
        if (c->children.empty()) {
            s += "          " + zsh_args(*c) + "\n";
        } else {
            // A group: its child, then the child's own arguments.
            std::vector<const Cmd*> kids;
            for (const auto& k : m.cmds)
                if (k.name.rfind(c->name + " ", 0) == 0) kids.push_back(&k);
            s += "          _arguments -C '1: :->child' '*:: :->childargs' && ret=0\n          case $state in\n            child)\n";
            s += zsh_describe(c->name + "-command", kids, "              ") + "              ;;\n            childargs)\n              case $line[1] in\n";
            for (const auto* k : kids) s += "                " + k->word + ") " + zsh_args(*k) + " ;;\n";
            s += "              esac\n              ;;\n          esac\n";
        }
        s += "          ;;\n";
    }
    s += "        *) _arguments -s $globals \"*:input:($codes)\" && ret=0 ;;\n      esac\n      ;;\n  esac\n  return ret\n}\n";
    s += "_smtpx \"$@\"\n";
    return s;
}

// ---- fish -----------------------------------------------------------------------------------------

std::string fish_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return out + "'";
}

std::string fish_option(const Opt& o, const std::string& condition) {
    std::string s = "complete -c smtpx" + condition + (o.alias.empty() ? "" : " -s " + o.alias.substr(1)) + " -l " + o.name.substr(2);
    if (o.kind == Kind::Choice) s += " -x -a " + fish_quote(join(o.choices));
    else if (o.kind == Kind::Dir) s += " -x -a '(__fish_complete_directories)'";
    else if (o.kind == Kind::File) s += " -r -F";
    else if (o.kind == Kind::Free) s += " -x";
    return s + " -d " + fish_quote(o.desc) + "\n";
}

std::string fish(const Model& m) {
    std::string s = "# fish completion for smtpx: generated by 'smtpx completion fish' from its command table; do not edit.\n";
    s += "# The command so far (\"kb check\"), \"none\" before one, \"inputs\" once an input was given without one.\n";
    s += "function __smtpx_cmd\n    set -l words (commandline -opc)\n    set -e words[1]\n    set -l cmd none\n    set -l skip 0\n";
    s += "    for w in $words\n        if test $skip = 1\n            set skip 0\n            continue\n        end\n        switch \"$cmd:$w\"\n";
    s += "            case '*:" + join(value_options(m), "' '*:") + "'\n                set skip 1\n            case '*:-*'\n";
    for (const auto& c : m.cmds) {
        auto space = c.name.rfind(' ');
        std::string parent = space == std::string::npos ? "none" : c.name.substr(0, space);
        s += "            case " + fish_quote(parent + ":" + c.word) + "\n                set cmd " + fish_quote(c.name) + "\n";
    }
    s += "            case 'none:*'\n                set cmd inputs\n            case '*'\n                break\n        end\n    end\n    echo $cmd\nend\n";
    s += "function __smtpx_in\n    contains -- (__smtpx_cmd) $argv\nend\n";
    s += "complete -c smtpx -f\n";
    for (const auto& c : m.cmds) {
        auto space = c.name.rfind(' ');
        std::string parent = space == std::string::npos ? "none" : c.name.substr(0, space);
        s += "complete -c smtpx -n " + fish_quote("__smtpx_in " + (parent.find(' ') == std::string::npos ? parent : fish_quote(parent))) +
             " -a " + c.word + " -d " + fish_quote(c.desc) + "\n";
    }
    for (const auto& o : m.globals) s += fish_option(o, "");
    s += fish_option(m.cmds.front().opts.front(), "");   // -h,--help everywhere
    s += fish_option(m.version, " -n '__smtpx_in none'");
    s += "complete -c smtpx -n '__smtpx_in none inputs explain compare' -a " + fish_quote(m.codes) + "\n";
    for (const auto& c : m.cmds) {
        const std::string cond = " -n " + fish_quote("__smtpx_in " + (c.name.find(' ') == std::string::npos ? c.name : "'" + c.name + "'"));
        for (const auto& o : c.opts)
            if (o.name != "--help") s += fish_option(o, cond);
        if (c.args == Kind::File) s += "complete -c smtpx" + cond + " -F\n";
        if (c.args == Kind::Choice) s += "complete -c smtpx" + cond + " -a " + fish_quote(join(c.choices)) + "\n";
    }
    return s;
}
} // namespace

std::string completion_script(std::string_view shell) {
    const Model m = model();
    if (shell == "bash") return bash(m);
    if (shell == "zsh") return zsh(m);
    if (shell == "fish") return fish(m);
    return {};
}

int run_completion(Context& ctx) {
    const std::string s = completion_script(ctx.opt.inputs.empty() ? "" : ctx.opt.inputs.front());
    if (s.empty()) return static_cast<int>(ExitCode::Usage);   // CLI11 already checked the shell's name
    std::fwrite(s.data(), 1, s.size(), stdout);
    return static_cast<int>(ExitCode::Ok);
}

} // namespace smtpx::cli
