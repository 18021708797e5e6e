// Reading JSON input for `kfk produce`: validating a line (--format json) and parsing the
// record objects that `kfk consume --output json` prints (--input json), so that a topic can
// be copied through a pipe. kcat's -J objects ("payload", "ts", headers as a flat
// [k, v, ...] array) are accepted too.
//
// Thread-safety: one parser per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/header.hpp"

namespace kfk::cli {

// True if `text` is one well-formed JSON value (UTF-8). On failure `error` says where and
// what ("offset 7: Missing a comma or '}' after an object member").
bool validate_json(std::string_view text, std::string& error);

struct InputRecord {
    std::optional<std::string_view> key;
    std::optional<std::string_view> value;
    std::vector<kfk::Header> headers;
    std::optional<std::int32_t> partition;
    std::optional<std::int64_t> timestamp_ms;
};

class JsonRecordParser {
  public:
    JsonRecordParser();
    ~JsonRecordParser();
    JsonRecordParser(const JsonRecordParser&) = delete;
    JsonRecordParser& operator=(const JsonRecordParser&) = delete;

    // Parses one object. The views in `out` stay valid until the next parse(). False with a
    // message in `error` (no line number: the caller knows it) if the line is not a record.
    bool parse(std::string_view line, InputRecord& out, std::string& error);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace kfk::cli
