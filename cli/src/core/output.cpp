#include "core/output.hpp"

#include <unistd.h>

#include <cerrno>

#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) ++n;  // count code points, not bytes
    }
    return n;
}

}  // namespace

OutputFormat parse_output_format(std::string_view text) {
    if (text == "table" || text == "text") return OutputFormat::table;
    if (text == "json") return OutputFormat::json;
    if (text == "yaml" || text == "yml") return OutputFormat::yaml;
    std::string hint = "use -o table, -o json or -o yaml";
    if (text == "beginning" || text == "end" || text == "stored" ||
        (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-'))) {
        hint = "-o is the output format; to choose where consuming starts use --from " +
               std::string{text} + " (kcat's -o)";
    }
    throw CliError(ExitCode::usage, "unknown output format '" + std::string{text} + "'", hint);
}

namespace {
bool table_headers_shown = true;  // set once, while the command line is parsed
}  // namespace

void Table::show_headers(bool shown) noexcept {
    table_headers_shown = shown;
}

std::string Table::render() const {
    std::vector<std::size_t> widths(header_.size(), 0);
    const auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    };
    if (table_headers_shown) measure(header_);
    for (const auto& r : rows_) measure(r);
    std::string out;
    const auto line = [&](const std::vector<std::string>& row) {
        std::string l;
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            l += row[i];
            if (i + 1 < row.size()) l.append(widths[i] - display_width(row[i]) + 2, ' ');
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l;
        out += '\n';
    };
    if (table_headers_shown) line(header_);
    for (const auto& r : rows_) line(r);
    return out;
}

void write_stdout(std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // EPIPE and friends: the reader is gone, nothing more to say
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

void print_document(OutputFormat format, const Json& doc, const std::string& table_text) {
    switch (format) {
        case OutputFormat::json:
            write_stdout(doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
            return;
        case OutputFormat::yaml:
            write_stdout(to_yaml(doc));
            return;
        case OutputFormat::table:
            write_stdout(table_text);
            return;
    }
}

}  // namespace kfk::cli
