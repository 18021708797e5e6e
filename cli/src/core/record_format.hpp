// How `kfk consume` prints a record: plain text (value, optionally with chosen fields), a
// kcat-style format template (%k %s %p %o %T %h ...), or one JSON object per line.
//
// Printing appends to an OutBuffer and allocates nothing per record. Records are anything
// shaped like kfk::Message (topic(), partition(), offset(), timestamp(), key(), value(),
// header_count(), header_at()), so tests can print records without a broker.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "core/out_buffer.hpp"
#include "core/time_parse.hpp"
#include "kfk/header.hpp"
#include "kfk/timestamp.hpp"

namespace kfk::cli {

enum class TimestampStyle { iso, epoch_ms };

// --- building blocks -------------------------------------------------------------------------

void append_timestamp(OutBuffer& out, const kfk::Timestamp& ts, TimestampStyle style);
std::string_view timestamp_type_name(kfk::TimestampType type) noexcept;

// Appends `json` re-serialized compactly (one line) if it is valid JSON; otherwise appends
// nothing and returns false.
bool append_compact_json(OutBuffer& out, std::string_view json);

// "k=v,k2=v2" (a header without value prints as "k").
template <class Record>
void append_headers_text(OutBuffer& out, const Record& r) {
    const std::size_t n = r.header_count();
    for (std::size_t i = 0; i < n; ++i) {
        const kfk::Header h = r.header_at(i);
        if (i) out.append(',');
        out.append(h.key);
        if (h.value) {
            out.append('=');
            out.append(*h.value);
        }
    }
}

// --- text with chosen fields (--print) -------------------------------------------------------

enum class PrintField { topic, partition, offset, timestamp, headers, key };

// "key,partition,offset" -> fields; throws CliError(usage) on an unknown name. "value" is
// accepted and ignored (the value is always printed, last).
std::vector<PrintField> parse_print_fields(std::string_view list);

struct TextLayout {
    std::vector<PrintField> fields;  // printed before the value, in this order
    std::string separator = "\t";    // between fields
    std::string delimiter = "\n";    // after each record
    TimestampStyle timestamps = TimestampStyle::iso;
};

template <class Record>
void append_record_text(OutBuffer& out, const Record& r, const TextLayout& layout) {
    for (PrintField f : layout.fields) {
        switch (f) {
            case PrintField::topic:
                out.append(r.topic());
                break;
            case PrintField::partition:
                out.append_int(r.partition());
                break;
            case PrintField::offset:
                out.append_int(r.offset());
                break;
            case PrintField::timestamp:
                append_timestamp(out, r.timestamp(), layout.timestamps);
                break;
            case PrintField::headers:
                append_headers_text(out, r);
                break;
            case PrintField::key:
                if (auto k = r.key()) out.append(*k);
                break;
        }
        out.append(layout.separator);
    }
    if (auto v = r.value()) out.append(*v);
    out.append(layout.delimiter);
}

// --- format template (--format) --------------------------------------------------------------

// Tokens: %s value, %S value size, %k key, %K key size, %t topic, %p partition, %o offset,
// %T timestamp (ISO-8601, or epoch ms with --timestamp epoch), %h headers (k=v,k=v),
// %R value size as 4-byte big-endian (length-prefixed framing), %% a '%'.
// Escapes: \n \r \t \\ \0. A null key/value prints as nothing; its size as -1.
class FormatTemplate {
  public:
    // Throws CliError(usage) naming an unknown token.
    explicit FormatTemplate(std::string_view spec);

    template <class Record>
    void render(OutBuffer& out, const Record& r, TimestampStyle ts) const {
        for (const auto& p : pieces_) {
            switch (p.kind) {
                case Kind::literal:
                    out.append(p.literal);
                    break;
                case Kind::value:
                    if (auto v = r.value()) out.append(*v);
                    break;
                case Kind::value_size:
                    out.append_int(r.value() ? static_cast<std::int64_t>(r.value()->size()) : -1);
                    break;
                case Kind::value_length_prefix:
                    append_be32(out, r.value() ? static_cast<std::uint32_t>(r.value()->size())
                                               : 0xFFFFFFFFu);
                    break;
                case Kind::key:
                    if (auto k = r.key()) out.append(*k);
                    break;
                case Kind::key_size:
                    out.append_int(r.key() ? static_cast<std::int64_t>(r.key()->size()) : -1);
                    break;
                case Kind::topic:
                    out.append(r.topic());
                    break;
                case Kind::partition:
                    out.append_int(r.partition());
                    break;
                case Kind::offset:
                    out.append_int(r.offset());
                    break;
                case Kind::timestamp:
                    append_timestamp(out, r.timestamp(), ts);
                    break;
                case Kind::headers:
                    append_headers_text(out, r);
                    break;
            }
        }
    }

  private:
    enum class Kind {
        literal,
        value,
        value_size,
        value_length_prefix,
        key,
        key_size,
        topic,
        partition,
        offset,
        timestamp,
        headers
    };
    struct Piece {
        Kind kind;
        std::string literal;
    };
    static void append_be32(OutBuffer& out, std::uint32_t v);
    std::vector<Piece> pieces_;
};

// --- JSON lines (--output json) --------------------------------------------------------------

struct JsonRecordOptions {
    // Values (and keys) that are valid JSON are embedded as JSON with encoding "json" instead
    // of as a string.
    bool embed_json = false;
};

// key/value: "utf8" string, "base64" string (not valid UTF-8), or "json" (embedded).
void append_json_bytes_field(OutBuffer& out, std::string_view name,
                             const std::optional<std::string_view>& bytes, bool embed_json);

// One object and a newline:
// {"topic":..,"partition":..,"offset":..,"timestamp":"ISO"|null,"timestamp_ms":N|null,
//  "timestamp_type":"create_time"|"log_append_time"|"not_available",
//  "key":..,"key_encoding":..,"value":..,"value_encoding":..,
//  "headers":[{"key":..,"value":..|null,"value_encoding":..}]}
template <class Record>
void append_record_json(OutBuffer& out, const Record& r, const JsonRecordOptions& opts) {
    out.append(std::string_view{"{\"topic\":"});
    append_json_string(out, r.topic());
    out.append(std::string_view{",\"partition\":"});
    out.append_int(r.partition());
    out.append(std::string_view{",\"offset\":"});
    out.append_int(r.offset());
    const kfk::Timestamp ts = r.timestamp();
    if (ts.type == kfk::TimestampType::not_available) {
        out.append(std::string_view{",\"timestamp\":null,\"timestamp_ms\":null"});
    } else {
        out.append(std::string_view{",\"timestamp\":\""});
        append_timestamp(out, ts, TimestampStyle::iso);
        out.append(std::string_view{"\",\"timestamp_ms\":"});
        out.append_int(ts.epoch_ms());
    }
    out.append(std::string_view{",\"timestamp_type\":\""});
    out.append(timestamp_type_name(ts.type));
    out.append('"');
    out.append(',');
    append_json_bytes_field(out, "key", r.key(), opts.embed_json);
    out.append(',');
    append_json_bytes_field(out, "value", r.value(), opts.embed_json);
    out.append(std::string_view{",\"headers\":["});
    const std::size_t n = r.header_count();
    for (std::size_t i = 0; i < n; ++i) {
        const kfk::Header h = r.header_at(i);
        if (i) out.append(',');
        out.append(std::string_view{"{\"key\":"});
        if (is_valid_utf8(h.key)) {
            append_json_string(out, h.key);
        } else {
            out.append('"');
            append_base64(out, h.key);
            out.append(std::string_view{"\",\"key_encoding\":\"base64\""});
        }
        out.append(',');
        append_json_bytes_field(out, "value", h.value, false);
        out.append('}');
    }
    out.append(std::string_view{"]}\n"});
}

}  // namespace kfk::cli
