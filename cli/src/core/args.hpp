// Small argument helpers shared by the commands: key=value lists, topic names, errors as JSON.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/exit_codes.hpp"
#include "core/yaml.hpp"
#include "kfk/error.hpp"

namespace kfk::cli {

// {"k=v", ...} -> pairs; throws CliError(usage) naming `flag` for an entry without '='.
std::vector<std::pair<std::string, std::string>> parse_assignments(
    const std::vector<std::string>& items, std::string_view flag);

// Kafka's rule: 1-249 characters of [A-Za-z0-9._-], not "." or "..". Throws CliError(usage)
// saying what is wrong.
void check_topic_name(std::string_view name);

// "kfk: error: topic 'T' does not exist" (or the error) on stderr, for a command that goes on
// with its other topics; returns the item's exit code.
ExitCode report_topic_error(const std::string& topic, const kfk::Error& error);

// {"code":"TOPIC_ALREADY_EXISTS","message":"..."} or null for success.
Json error_json(const kfk::Error& error);

// "[1,2,3]" for replica lists in tables.
std::string join_ints(const std::vector<std::int32_t>& v);

// "512 B", "1.5 KB", "2.0 MB" (powers of 1024).
std::string human_bytes(double bytes);

// "1 record" / "2 records".
std::string plural(std::uint64_t n, std::string_view singular, std::string_view plural_form);

}  // namespace kfk::cli
