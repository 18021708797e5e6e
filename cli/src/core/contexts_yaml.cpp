#include "core/contexts_yaml.hpp"

#include <algorithm>
#include <vector>

#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

constexpr const char* kSubsetHint =
    "the contexts file is a YAML subset: nested maps of scalars and lists of scalars (see "
    "docs/cli.md)";

}  // namespace

void contexts_error(const std::string& path, int line, const std::string& what, std::string hint) {
    throw CliError(ExitCode::usage, path + ":" + std::to_string(line) + ": " + what,
                   std::move(hint));
}

YAML::Node ContextsYaml::load() const {
    refuse_tab_indentation();
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string{text_});
    } catch (const YAML::Exception& e) {
        contexts_error(path_, e.mark.line + 1, e.msg, kSubsetHint);
    }
    // yaml-cpp's Load would read the first document and drop the others without a word.
    if (documents.size() > 1) {
        contexts_error(path_, line_of(documents[1], 1), "only one YAML document is supported",
                       kSubsetHint);
    }
    YAML::Node root = documents.empty() ? YAML::Node{} : documents.front();
    if (root.IsNull()) return root;  // empty, or only comments
    if (!root.IsMap())
        contexts_error(path_, line_of(root, 1), "expected 'key: value'", kSubsetHint);
    check_subset(root, 1);
    return root;
}

int ContextsYaml::line_of(const YAML::Node& node, int key_line) {
    if (node.IsNull() || node.Mark().is_null()) return key_line;
    return node.Mark().line + 1;
}

std::string ContextsYaml::scalar(const YAML::Node& node, int key_line) const {
    if (!node.IsNull()) return node.Scalar();
    if (node.Mark().is_null() || node.Mark().line + 1 != key_line) return {};
    const auto from = static_cast<std::size_t>(node.Mark().pos);
    const auto to = text_.find_first_of(" \t\r\n#", from);
    return std::string{text_.substr(from, to == std::string_view::npos ? to : to - from)};
}

// yaml-cpp ends a quoted scalar left open at the end of the file there, silently.
bool ContextsYaml::closes_quote(std::size_t open) const {
    const char quote = text_[open];
    for (std::size_t i = open + 1; i < text_.size(); ++i) {
        if (quote == '"' && text_[i] == '\\') {
            ++i;  // an escape: the next character is not the closing quote
        } else if (text_[i] == quote) {
            if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
                ++i;  // '' is a quote inside a single-quoted scalar
                continue;
            }
            return true;
        }
    }
    return false;
}

// yaml-cpp reports a tab-indented line only as "end of map not found".
void ContextsYaml::refuse_tab_indentation() const {
    int number = 0;
    for (std::string_view rest = text_; !rest.empty();) {
        const auto nl = rest.find('\n');
        const auto line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        ++number;
        const auto indent = line.find_first_not_of(' ');
        if (indent != std::string_view::npos && line[indent] == '\t') {
            contexts_error(path_, number, "tabs are not allowed for indentation", kSubsetHint);
        }
    }
}

void ContextsYaml::check_subset(const YAML::Node& node, int key_line) const {
    const int line = line_of(node, key_line);
    if (!node.IsNull() && !node.Mark().is_null()) {
        // yaml-cpp's mark is where the node's text starts: at its anchor, tag or '|'/'>'.
        const auto pos = static_cast<std::size_t>(node.Mark().pos);
        const char first = pos < text_.size() ? text_[pos] : '\0';
        if (first == '&' || first == '*' || first == '!') {
            contexts_error(path_, line, "anchors, aliases and tags are not supported", kSubsetHint);
        }
        if (node.IsScalar() && (first == '|' || first == '>')) {
            contexts_error(path_, line, "multi-line scalars are not supported", kSubsetHint);
        }
        if (node.IsScalar() && (first == '"' || first == '\'') && !closes_quote(pos)) {
            contexts_error(path_, line, "unterminated quoted string", kSubsetHint);
        }
    }
    if ((node.IsMap() || node.IsSequence()) && node.Style() == YAML::EmitterStyle::Flow) {
        contexts_error(path_, line, "flow collections ([...] / {...}) are not supported",
                       kSubsetHint);
    }
    if (node.IsSequence()) {
        for (const auto& item : node) {
            if (!item.IsScalar()) {
                contexts_error(path_, line_of(item, line), "only lists of scalars are supported",
                               kSubsetHint);
            }
            check_subset(item, line);
        }
    } else if (node.IsMap()) {
        std::vector<std::string> seen;
        for (const auto& entry : node) {
            if (!entry.first.IsScalar()) {
                contexts_error(path_, line_of(entry.first, line), "expected 'key: value'",
                               kSubsetHint);
            }
            const int entry_line = line_of_key(entry.first);
            check_subset(entry.first, entry_line);
            const std::string& key = entry.first.Scalar();
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
                contexts_error(path_, entry_line, "duplicate key '" + key + "'", kSubsetHint);
            }
            seen.push_back(key);
            check_subset(entry.second, entry_line);
        }
    }
}

}  // namespace kfk::cli
