// kfk produce's options, typed at parse time (setup_produce in produce.cpp binds them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/connection.hpp"
#include "kfk/config.hpp"

namespace kfk::cli {

enum class InputKind { lines, json };  // --input
enum class ValueCheck { none, json };  // --format text|json
enum class OnBadInput { fail, skip };  // --on-error

struct ProduceOptions {
    const GlobalFlags* globals = nullptr;
    std::string topic;
    std::string file;
    std::optional<std::string> value;  // --value: one record, no input read
    std::optional<std::string> key;    // -k: the same key for every record
    std::string key_delimiter;         // as typed; unescape_delimiter() applies
    std::string delimiter = "\\n";
    std::vector<std::string> headers;  // key=value
    int partition = -1;
    kfk::Acks acks = kfk::Acks::all;
    std::string compression;
    std::optional<bool> idempotent;
    double rate_per_second = 0;  // 0: unlimited
    ValueCheck value_check = ValueCheck::none;
    InputKind input = InputKind::lines;
    OnBadInput on_error = OnBadInput::fail;
    bool repartition = false;
    bool keep_timestamps = false;
    bool empty_as_null = false;
    bool quiet = false;
};

// "100", "100/s", "6000/m", "1/h" -> records per second. Throws CliError(usage).
double parse_rate(const std::string& text);

}  // namespace kfk::cli
