#include "core/record_format.hpp"

#include <rapidjson/reader.h>
#include <rapidjson/writer.h>

#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

// rapidjson output stream over an OutBuffer.
struct OutBufferStream {
    using Ch = char;
    OutBuffer* out;
    void Put(char c) { out->append(c); }
    void Flush() {}
};

}  // namespace

void append_timestamp(OutBuffer& out, const kfk::Timestamp& ts, TimestampStyle style) {
    if (style == TimestampStyle::epoch_ms || ts.type == kfk::TimestampType::not_available) {
        out.append_int(ts.type == kfk::TimestampType::not_available ? -1 : ts.epoch_ms());
        return;
    }
    char* p = out.reserve(iso8601_max);
    out.commit(format_iso8601(ts.epoch_ms(), p));
}

std::string_view timestamp_type_name(kfk::TimestampType type) noexcept {
    switch (type) {
        case kfk::TimestampType::create_time:
            return "create_time";
        case kfk::TimestampType::log_append_time:
            return "log_append_time";
        case kfk::TimestampType::not_available:
            break;
    }
    return "not_available";
}

bool append_compact_json(OutBuffer& out, std::string_view json) {
    // Reused per thread: the reader's parse stack keeps its capacity between records.
    thread_local rapidjson::Reader reader;
    const std::size_t mark = out.size();
    OutBufferStream stream{&out};
    rapidjson::Writer<OutBufferStream> writer{stream};
    rapidjson::MemoryStream ms{json.data(), json.size()};
    const auto result =
        reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag>(
            ms, writer);
    if (result.IsError() || !writer.IsComplete()) {
        out.truncate(mark);
        return false;
    }
    return true;
}

std::vector<PrintField> parse_print_fields(std::string_view list) {
    std::vector<PrintField> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto name = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (name == "key") {
            out.push_back(PrintField::key);
        } else if (name == "headers" || name == "header") {
            out.push_back(PrintField::headers);
        } else if (name == "partition") {
            out.push_back(PrintField::partition);
        } else if (name == "offset") {
            out.push_back(PrintField::offset);
        } else if (name == "timestamp" || name == "time") {
            out.push_back(PrintField::timestamp);
        } else if (name == "topic") {
            out.push_back(PrintField::topic);
        } else if (name == "value" || name.empty()) {
            continue;
        } else {
            throw CliError(ExitCode::usage, "unknown --print field '" + std::string{name} + "'",
                           "fields: key, headers, partition, offset, timestamp, topic (the value "
                           "is always printed, last)");
        }
    }
    return out;
}

FormatTemplate::FormatTemplate(std::string_view spec) {
    std::string literal;
    const auto flush_literal = [&] {
        if (!literal.empty()) pieces_.push_back({Kind::literal, std::move(literal)});
        literal.clear();
    };
    for (std::size_t i = 0; i < spec.size(); ++i) {
        const char c = spec[i];
        if (c == '\\' && i + 1 < spec.size()) {
            const char e = spec[++i];
            switch (e) {
                case 'n':
                    literal += '\n';
                    break;
                case 'r':
                    literal += '\r';
                    break;
                case 't':
                    literal += '\t';
                    break;
                case '0':
                    literal += '\0';
                    break;
                case '\\':
                    literal += '\\';
                    break;
                default:
                    literal += '\\';
                    literal += e;
            }
            continue;
        }
        if (c != '%') {
            literal += c;
            continue;
        }
        if (i + 1 >= spec.size()) {
            throw CliError(ExitCode::usage, "--format ends with a lone '%'", "write %% for a '%'");
        }
        const char t = spec[++i];
        Kind kind;
        switch (t) {
            case '%':
                literal += '%';
                continue;
            case 's':
                kind = Kind::value;
                break;
            case 'S':
                kind = Kind::value_size;
                break;
            case 'R':
                kind = Kind::value_length_prefix;
                break;
            case 'k':
                kind = Kind::key;
                break;
            case 'K':
                kind = Kind::key_size;
                break;
            case 't':
                kind = Kind::topic;
                break;
            case 'p':
                kind = Kind::partition;
                break;
            case 'o':
                kind = Kind::offset;
                break;
            case 'T':
                kind = Kind::timestamp;
                break;
            case 'h':
                kind = Kind::headers;
                break;
            default:
                throw CliError(ExitCode::usage, std::string{"unknown --format token '%"} + t + "'",
                               "tokens: %s value, %S value size, %k key, %K key size, %t topic, "
                               "%p partition, %o offset, %T timestamp, %h headers, %R value "
                               "length (4-byte big-endian), %% percent; escapes \\n \\t \\r \\0");
        }
        flush_literal();
        pieces_.push_back({kind, {}});
    }
    flush_literal();
}

void FormatTemplate::append_be32(OutBuffer& out, std::uint32_t v) {
    const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                           static_cast<char>(v >> 8), static_cast<char>(v)};
    out.append(std::string_view{bytes, 4});
}

void append_json_bytes_field(OutBuffer& out, std::string_view name,
                             const std::optional<std::string_view>& bytes, bool embed_json) {
    out.append('"');
    out.append(name);
    out.append(std::string_view{"\":"});
    if (!bytes) {
        out.append(std::string_view{"null,\""});
        out.append(name);
        out.append(std::string_view{"_encoding\":null"});
        return;
    }
    std::string_view encoding;
    if (embed_json && append_compact_json(out, *bytes)) {
        encoding = "json";
    } else if (is_valid_utf8(*bytes)) {
        append_json_string(out, *bytes);
        encoding = "utf8";
    } else {
        out.append('"');
        append_base64(out, *bytes);
        out.append('"');
        encoding = "base64";
    }
    out.append(std::string_view{",\""});
    out.append(name);
    out.append(std::string_view{"_encoding\":\""});
    out.append(encoding);
    out.append('"');
}

}  // namespace kfk::cli
