// kfk produce's input: records read from lines (split at -D, key at -K, optionally checked
// as JSON) or from JSON records as `kfk consume -o json` prints them, and the bad lines met.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/produce_options.hpp"
#include "core/delimited_reader.hpp"
#include "core/json_input.hpp"
#include "kfk/header.hpp"

namespace kfk::cli {

// One record to send; the views point into the reader's buffer until its next read.
struct OutgoingRecord {
    std::optional<std::string_view> key;
    std::optional<std::string_view> value;
    std::int32_t partition = -1;  // -1: the partitioner chooses
    std::optional<std::int64_t> timestamp_ms;
    std::vector<kfk::Header> headers;  // -H headers, then the record's own
};

// --value: the one record. Throws CliError(usage) if --format json and it is not JSON.
OutgoingRecord value_record(const ProduceOptions& o, const std::vector<kfk::Header>& fixed);

class InputReader {
  public:
    enum class Next { record, bad_input, end };

    InputReader(const ProduceOptions& o, int fd, std::vector<kfk::Header> fixed_headers,
                std::size_t partition_count);

    // The next record into `out`, or a bad line (what is wrong in `error`), or the end of
    // input (or Ctrl-C). Blank lines of JSON input are skipped.
    Next next(OutgoingRecord& out, std::string& error);
    // The number of the line (record) last read, from 1.
    std::uint64_t record_number() const noexcept { return reader_.record_number(); }

  private:
    Next from_json(std::string_view line, OutgoingRecord& out, std::string& error);
    Next from_line(std::string_view line, OutgoingRecord& out, std::string& error);

    const ProduceOptions& o_;
    std::vector<kfk::Header> fixed_headers_;
    std::size_t partition_count_;
    std::string key_delimiter_;
    DelimitedReader reader_;
    JsonRecordParser parser_;
    InputRecord parsed_;
};

// Bad input lines: each reported on stderr as met; with --on-error fail the first one stops
// the run.
class BadInputLog {
  public:
    explicit BadInputLog(OnBadInput policy) : policy_(policy) {}
    void report(std::uint64_t record_no, const std::string& message);

    std::uint64_t count() const noexcept { return count_; }
    std::uint64_t first_record() const noexcept { return first_record_; }
    bool stopped() const noexcept { return stopped_; }

  private:
    OnBadInput policy_;
    std::uint64_t count_ = 0;
    std::uint64_t first_record_ = 0;
    bool stopped_ = false;
};

}  // namespace kfk::cli
