// kfk/serde/string.hpp - std::string and std::string_view.
#pragma once

#include <string>
#include <string_view>

#include "kfk/serde/concepts.hpp"

namespace kfk::serde {

// Raw bytes of the string, like Java's StringSerializer with UTF-8 (the default encoding).
// Neither direction validates UTF-8: Kafka payloads are bytes, and a string is only a
// convenient container for them.

// Encodes zero copy (the view points into the string); decodes by copying.
template <>
struct Serde<std::string> {
    static Bytes serialize(const std::string& v, Buffer&) noexcept { return as_bytes(v); }
    static Decoded<std::string> deserialize(Bytes payload) {
        return std::string(as_string_view(payload));
    }
};

// Zero copy both ways. A decoded string_view points into the record's payload and is valid
// only while the consumed record (message) that produced it is alive.
template <>
struct Serde<std::string_view> {
    static Bytes serialize(std::string_view v, Buffer&) noexcept { return as_bytes(v); }
    static Decoded<std::string_view> deserialize(Bytes payload) noexcept {
        return as_string_view(payload);
    }
};

}  // namespace kfk::serde
