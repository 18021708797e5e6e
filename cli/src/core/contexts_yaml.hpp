// The contexts file read with yaml-cpp and held to the documented subset (docs/cli.md):
// nested maps of scalars and lists of scalars. yaml-cpp would accept anchors, tags, flow
// collections, multi-line scalars and duplicate keys; kfk refuses them with their line, as
// it always has, so a file that works keeps meaning one thing.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace kfk::cli {

// Throws CliError(usage) "<path>:<line>: <what>".
[[noreturn]] void contexts_error(const std::string& path, int line, const std::string& what,
                                 std::string hint = {});

class ContextsYaml {
  public:
    // `text` and `path` must outlive this object.
    ContextsYaml(std::string_view text, const std::string& path) : text_(text), path_(path) {}

    // The document's root map (or a null node for an empty file). Throws CliError(usage)
    // with the line of a syntax error or of anything outside the subset.
    YAML::Node load() const;

    // 1-based line of `node`; a key with nothing after it gets a null value placed on the
    // next line, so such a value takes its key's line.
    static int line_of(const YAML::Node& node, int key_line);
    // The line of a map key.
    static int line_of_key(const YAML::Node& key) { return key.Mark().line + 1; }

    // A scalar value as written. yaml-cpp reads `~` and `null` as null; the contexts file
    // never did (a setting is a string). A key with nothing after it is "".
    std::string scalar(const YAML::Node& node, int key_line) const;

  private:
    void refuse_tab_indentation() const;
    bool closes_quote(std::size_t open) const;
    void check_subset(const YAML::Node& node, int key_line) const;

    std::string_view text_;
    const std::string& path_;
};

}  // namespace kfk::cli
