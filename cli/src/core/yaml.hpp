// The YAML kfk needs, written by hand: an emitter for `--output yaml` (any JSON document) and
// a reader for the contexts file that accepts a documented subset — nested maps of scalars
// and block lists of scalars, '#' comments, plain/'single'/"double" quoted scalars. Anything
// else (anchors, flow collections, multi-line scalars) is refused with its line number.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kfk::cli {

using Json = nlohmann::ordered_json;

// Block-style YAML for `doc`, ending in a newline. Strings that YAML would read as something
// else (numbers, booleans, null, special characters) are double-quoted.
std::string to_yaml(const Json& doc);

struct YamlNode {
    enum class Kind { scalar, map, list };
    Kind kind = Kind::scalar;
    std::string scalar;
    std::vector<std::pair<std::string, YamlNode>> map;  // in file order
    std::vector<YamlNode> list;
    int line = 0;

    // The child named `key` of a map, or nullptr.
    const YamlNode* find(std::string_view key) const noexcept;
};

// Parses the subset described above. Throws CliError(usage) with "<source>:<line>: ...".
YamlNode parse_yaml_subset(std::string_view text, const std::string& source);

}  // namespace kfk::cli
