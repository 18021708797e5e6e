// kfk consume's options, typed at parse time.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/connection.hpp"
#include "core/record_format.hpp"
#include "core/start_spec.hpp"
#include "kfk/config.hpp"

namespace kfk::cli {

enum class RecordOutput { text, json, yaml };  // -o/--output ("table" is text)

struct ConsumeOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> topics;
    // --from; unset: the committed offset with --group, else the end.
    std::optional<StartSpec> from;
    std::vector<int> partitions;
    std::string group;
    std::int64_t count = -1;
    bool exit_at_end = false;
    std::string print;
    std::string format;
    RecordOutput output = RecordOutput::text;
    bool json_values = false;
    TimestampStyle timestamps = TimestampStyle::iso;
    kfk::IsolationLevel isolation = kfk::IsolationLevel::read_uncommitted;
    std::vector<std::string> filters;
    std::string separator = "\\t";
    std::string delimiter = "\\n";
    bool no_commit = false;
};

// Binds kfk consume's arguments and options to `opts`.
void add_consume_options(CLI::App* sub, const std::shared_ptr<ConsumeOptions>& opts);

}  // namespace kfk::cli
