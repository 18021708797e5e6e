#include "commands/produce_input.hpp"

#include <cstdio>

#include "core/exit_codes.hpp"
#include "core/signals.hpp"

namespace kfk::cli {

OutgoingRecord value_record(const ProduceOptions& o, const std::vector<kfk::Header>& fixed) {
    std::string error;
    if (o.value_check == ValueCheck::json && !validate_json(*o.value, error)) {
        throw CliError(ExitCode::usage, "--value is not valid JSON: " + error);
    }
    OutgoingRecord rec;
    rec.headers = fixed;
    if (o.key) rec.key = *o.key;
    if (!(o.empty_as_null && o.value->empty())) rec.value = *o.value;
    rec.partition = o.partition;
    return rec;
}

InputReader::InputReader(const ProduceOptions& o, int fd, std::vector<kfk::Header> fixed_headers,
                         std::size_t partition_count)
    : o_(o),
      fixed_headers_(std::move(fixed_headers)),
      partition_count_(partition_count),
      key_delimiter_(unescape_delimiter(o.key_delimiter)),
      reader_(fd, unescape_delimiter(o.delimiter), 1 << 20, &signals::stop_requested) {}

InputReader::Next InputReader::next(OutgoingRecord& out, std::string& error) {
    const bool json_lines = o_.input == InputKind::json || o_.value_check == ValueCheck::json;
    while (!signals::stop_requested()) {
        const auto line = reader_.next();
        if (!line) break;
        if (json_lines && line->find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;  // blank lines separate nothing in JSON lines
        }
        out.headers.assign(fixed_headers_.begin(), fixed_headers_.end());
        return o_.input == InputKind::json ? from_json(*line, out, error)
                                           : from_line(*line, out, error);
    }
    return Next::end;
}

InputReader::Next InputReader::from_json(std::string_view line, OutgoingRecord& out,
                                         std::string& error) {
    if (!parser_.parse(line, parsed_, error)) return Next::bad_input;
    out.headers.insert(out.headers.end(), parsed_.headers.begin(), parsed_.headers.end());
    out.partition = o_.partition;
    if (out.partition < 0 && !o_.repartition && parsed_.partition) {
        out.partition = *parsed_.partition;
        if (out.partition < 0 || static_cast<std::size_t>(out.partition) >= partition_count_) {
            error = "partition " + std::to_string(out.partition) + " does not exist in " +
                    o_.topic + " (" + std::to_string(partition_count_) +
                    " partitions); --repartition lets the partitioner choose";
            return Next::bad_input;
        }
    }
    out.key = o_.key ? std::optional<std::string_view>{*o_.key} : parsed_.key;
    out.value = parsed_.value;
    out.timestamp_ms = o_.keep_timestamps ? parsed_.timestamp_ms : std::nullopt;
    return Next::record;
}

InputReader::Next InputReader::from_line(std::string_view line, OutgoingRecord& out,
                                         std::string& error) {
    out.key.reset();
    std::string_view value = line;
    if (!key_delimiter_.empty()) {
        if (const auto at = value.find(key_delimiter_); at != std::string_view::npos) {
            out.key = value.substr(0, at);
            value = value.substr(at + key_delimiter_.size());
        }
    }
    if (o_.key) out.key = *o_.key;
    if (o_.value_check == ValueCheck::json && !validate_json(value, error)) {
        error = "invalid JSON at " + error;
        return Next::bad_input;
    }
    out.value =
        o_.empty_as_null && value.empty() ? std::nullopt : std::optional<std::string_view>{value};
    out.partition = o_.partition;
    out.timestamp_ms.reset();
    return Next::record;
}

void BadInputLog::report(std::uint64_t record_no, const std::string& message) {
    ++count_;
    if (first_record_ == 0) first_record_ = record_no;
    const bool skip = policy_ == OnBadInput::skip;
    std::fprintf(stderr, "kfk: error: line %llu: %s%s\n",
                 static_cast<unsigned long long>(record_no), message.c_str(),
                 skip ? " (skipped)" : "; nothing sent from this line");
    if (!skip) stopped_ = true;
}

}  // namespace kfk::cli
