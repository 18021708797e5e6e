// Byte encodings for printing records: UTF-8 validation, base64 and JSON string escaping.
// All append to caller-owned buffers; none allocates on its own.
#pragma once

#include <string>
#include <string_view>

#include "core/out_buffer.hpp"

namespace kfk::cli {

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). Bytes that pass
// are printed as JSON strings; others as base64.
bool is_valid_utf8(std::string_view bytes) noexcept;

void append_base64(OutBuffer& out, std::string_view bytes);
std::string to_base64(std::string_view bytes);
// Decodes standard base64 (padding optional, no whitespace) into `out` (cleared first).
// False on malformed input.
bool decode_base64(std::string_view text, std::string& out);

// `"..."` with JSON escapes (RapidJSON's Writer); `bytes` must be valid UTF-8.
void append_json_string(OutBuffer& out, std::string_view bytes);

}  // namespace kfk::cli
