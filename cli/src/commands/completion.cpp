// kfk completion bash|zsh — a completion script generated from the command tree itself, so it
// never drifts from the real flags. Topic and group names complete dynamically by asking the
// cluster (kfk topic list -q / kfk group list -q, 3 s timeout, errors silenced).
#include <vector>

#include "commands/command.hpp"

namespace kfk::cli {
namespace {

struct Node {
    std::string path;  // "topic create"
    std::vector<std::string> subcommands;
    std::vector<std::string> flags;        // every flag name
    std::vector<std::string> value_flags;  // flags that take a value
    std::string dynamic;                   // "topics", "groups" or ""
};

void collect(const CLI::App& app, const std::string& path, std::vector<Node>& out) {
    Node n;
    n.path = path;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name().empty() || sub->get_group().empty()) continue;
        n.subcommands.push_back(sub->get_name());
        for (const auto& alias : sub->get_aliases()) n.subcommands.push_back(alias);
    }
    bool has_positional = false;
    for (const auto* opt : app.get_options([](const CLI::Option*) { return true; })) {
        if (!opt->nonpositional()) {
            has_positional = true;
            continue;
        }
        if (opt->get_group().empty()) continue;  // hidden
        std::vector<std::string> names;
        for (const auto& s : opt->get_snames()) names.push_back("-" + s);
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
        for (const auto& name : names) {
            n.flags.push_back(name);
            if (opt->get_expected_min() > 0) n.value_flags.push_back(name);
        }
    }
    if (has_positional) {
        if (path.starts_with("topic") || path == "produce" || path == "consume") {
            n.dynamic = "topics";
        } else if (path.starts_with("group")) {
            n.dynamic = "groups";
        } else if (path == "config use-context") {
            n.dynamic = "contexts";
        } else if (path == "completion") {
            n.dynamic = "shells";
        }
    }
    out.push_back(n);
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name().empty() || sub->get_group().empty()) continue;
        collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
        for (const auto& alias : sub->get_aliases()) {
            std::vector<Node> aliased;
            collect(*sub, path.empty() ? alias : path + " " + alias, aliased);
            out.insert(out.end(), aliased.begin(), aliased.end());
        }
    }
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
}

// The shell code shared by bash and zsh: the tables as `case` arms.
std::string tables(const std::vector<Node>& nodes) {
    std::string s = "    case \"$path\" in\n";
    for (const auto& n : nodes) {
        s += "        \"" + n.path + "\") subs=\"" + join(n.subcommands) + "\"; flags=\"" +
             join(n.flags) + "\"; valued=\" " + join(n.value_flags) + " \"; dyn=\"" + n.dynamic +
             "\";;\n";
    }
    s += "        *) subs=\"\"; flags=\"\"; valued=\" \"; dyn=\"\";;\n    esac\n";
    return s;
}

std::string path_walk(const std::vector<Node>& nodes, const std::string& words,
                      const std::string& first, const std::string& last) {
    std::string known;
    for (const auto& n : nodes) {
        if (!n.path.empty()) known += " \"" + n.path + "\"";
    }
    return "    local path=\"\" w i skip=0 candidate\n"
           "    local known=(" +
           known +
           ")\n"
           "    for ((i = " +
           first + "; i < " + last +
           "; i++)); do\n"
           "        w=\"${" +
           words +
           "[i]}\"\n"
           "        if ((skip)); then skip=0; continue; fi\n"
           "        case \"$w\" in\n"
           "            --*=*) continue;;\n"
           "            -*) case \" $valued_all \" in *\" $w \"*) skip=1;; esac; continue;;\n"
           "        esac\n"
           "        candidate=\"${path:+$path }$w\"\n"
           "        for k in \"${known[@]}\"; do\n"
           "            if [[ \"$k\" == \"$candidate\" ]]; then path=\"$candidate\"; break; fi\n"
           "        done\n"
           "    done\n";
}

std::string all_value_flags(const std::vector<Node>& nodes) {
    std::vector<std::string> all;
    for (const auto& n : nodes) {
        for (const auto& f : n.value_flags) {
            if (std::find(all.begin(), all.end(), f) == all.end()) all.push_back(f);
        }
    }
    return join(all);
}

const char* kDynamic =
    "    _kfk_dynamic() {\n"
    "        case \"$1\" in\n"
    "            topics) kfk topic list -q --timeout 3s 2>/dev/null;;\n"
    "            groups) kfk group list -q --timeout 3s 2>/dev/null;;\n"
    "            contexts) kfk config get-contexts -o json 2>/dev/null | "
    "sed -n 's/.*\"name\": \"\\([^\"]*\\)\".*/\\1/p';;\n"
    "            shells) echo bash zsh;;\n"
    "        esac\n"
    "    }\n";

const char* kValueWords =
    "    case \"$prev\" in\n"
    "        -o|--output) values=\"table json yaml\";;\n"
    "        --from) values=\"beginning end stored\";;\n"
    "        --acks) values=\"0 1 all\";;\n"
    "        --compression) values=\"none gzip snappy lz4 zstd\";;\n"
    "        --isolation) values=\"read_uncommitted read_committed\";;\n"
    "        --input) values=\"lines json\";;\n"
    "        --timestamp) values=\"iso epoch\";;\n"
    "        --on-error) values=\"fail skip\";;\n"
    "        --context) values=\"$(_kfk_dynamic contexts)\";;\n"
    "        --topic) values=\"$(_kfk_dynamic topics)\";;\n"
    "    esac\n";

std::string bash_script(const std::vector<Node>& nodes) {
    std::string s =
        "# bash completion for kfk. Load it with:\n"
        "#   source <(kfk completion bash)\n"
        "# or save it: kfk completion bash > ~/.local/share/bash-completion/completions/kfk\n"
        "_kfk() {\n"
        "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "    local subs flags valued dyn values=\"\" valued_all=\"" +
        all_value_flags(nodes) + "\"\n";
    s += kDynamic;
    s += path_walk(nodes, "COMP_WORDS", "1", "COMP_CWORD");
    s += tables(nodes);
    s += kValueWords;
    s += "    if [[ -n \"$values\" ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$values\" -- \"$cur\")); return\n"
         "    fi\n"
         "    case \"$valued_all\" in *\"$prev\"*) [[ \"$prev\" == -* ]] && return;; esac\n"
         "    if [[ \"$cur\" == -* ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$flags --help\" -- \"$cur\"))\n"
         "    elif [[ -n \"$subs\" ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
         "    elif [[ -n \"$dyn\" ]]; then\n"
         "        COMPREPLY=($(compgen -W \"$(_kfk_dynamic \"$dyn\")\" -- \"$cur\"))\n"
         "    fi\n"
         "}\n"
         "complete -F _kfk kfk\n";
    return s;
}

std::string zsh_script(const std::vector<Node>& nodes) {
    std::string s =
        "#compdef kfk\n"
        "# zsh completion for kfk. Load it with:\n"
        "#   source <(kfk completion zsh)\n"
        "# or save it as _kfk in a directory of your $fpath.\n"
        "_kfk() {\n"
        "    local cur=\"${words[CURRENT]}\" prev=\"${words[CURRENT-1]}\"\n"
        "    local subs flags valued dyn values=\"\" valued_all=\"" +
        all_value_flags(nodes) + "\"\n";
    s += kDynamic;
    s += path_walk(nodes, "words", "2", "CURRENT");
    s += tables(nodes);
    s += kValueWords;
    s += "    if [[ -n \"$values\" ]]; then\n"
         "        compadd -- ${=values}; return\n"
         "    fi\n"
         "    if [[ \"$cur\" == -* ]]; then\n"
         "        compadd -- ${=flags} --help\n"
         "    elif [[ -n \"$subs\" ]]; then\n"
         "        compadd -- ${=subs}\n"
         "    elif [[ -n \"$dyn\" ]]; then\n"
         "        compadd -- ${=$(_kfk_dynamic \"$dyn\")}\n"
         "    fi\n"
         "}\n"
         "if [[ \"$funcstack[1]\" == \"_kfk\" ]]; then _kfk \"$@\"; else compdef _kfk kfk; fi\n";
    return s;
}

struct CompletionOptions {
    std::string shell;
    const CLI::App* root = nullptr;
};

ExitCode run_completion(const CompletionOptions& o) {
    std::vector<Node> nodes;
    collect(*o.root, "", nodes);
    // Global flags work after any subcommand too (fallthrough).
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        nodes[i].flags.insert(nodes[i].flags.end(), nodes[0].flags.begin(), nodes[0].flags.end());
        nodes[i].value_flags.insert(nodes[i].value_flags.end(), nodes[0].value_flags.begin(),
                                    nodes[0].value_flags.end());
    }
    write_stdout(o.shell == "bash" ? bash_script(nodes) : zsh_script(nodes));
    return ExitCode::ok;
}

}  // namespace

void setup_completion(CLI::App& app) {
    auto opts = std::make_shared<CompletionOptions>();
    opts->root = &app;
    auto* sub = app.add_subcommand("completion", "Print a shell completion script (bash or zsh)");
    sub->add_option("shell", opts->shell, "bash or zsh")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh"}));
    set_examples(sub,
                 "  source <(kfk completion bash)                # in ~/.bashrc\n"
                 "  source <(kfk completion zsh)                 # in ~/.zshrc\n"
                 "  kfk completion zsh > \"${fpath[1]}/_kfk\"\n");
    bind(sub, opts, &run_completion);
}

}  // namespace kfk::cli
