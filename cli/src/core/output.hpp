// `-o/--output table|json|yaml` for the commands that print data (everything but produce and
// consume, which stream records). JSON and YAML print one document built by the command;
// the table is the human view of the same data.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/yaml.hpp"

namespace kfk::cli {

enum class OutputFormat { table, json, yaml };

// Throws CliError(usage) with the accepted values (and a kcat hint for "-o beginning").
OutputFormat parse_output_format(std::string_view text);

class Table {
  public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const noexcept { return rows_.empty(); }
    // Columns padded to their widest cell (UTF-8 aware), separated by two spaces; no
    // trailing spaces. The header line unless --no-headers (show_headers(false)).
    std::string render() const;
    // For the whole process: `--no-headers` makes tables easy to cut/awk.
    static void show_headers(bool shown) noexcept;

  private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

// Writes `text` to stdout. A closed stdout (EPIPE) is not an error.
void write_stdout(std::string_view text);

// JSON (pretty, 2 spaces) or YAML of `doc` to stdout; for table, `table_text`.
void print_document(OutputFormat format, const Json& doc, const std::string& table_text);

// "-" for missing values in tables, as kafka-consumer-groups prints them.
inline constexpr std::string_view kMissing = "-";

}  // namespace kfk::cli
