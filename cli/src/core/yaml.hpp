// `--output yaml`: any JSON document as block-style YAML, scalars written by yaml-cpp.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace kfk::cli {

using Json = nlohmann::ordered_json;

// Block-style YAML for `doc`, ending in a newline. Strings that YAML would read as something
// else (numbers, booleans, null, special characters) are double-quoted.
std::string to_yaml(const Json& doc);

}  // namespace kfk::cli
