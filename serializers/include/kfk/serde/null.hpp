// kfk/serde/null.hpp - the "no key" tag type.
#pragma once

#include "kfk/serde/concepts.hpp"

namespace kfk::serde {

// Tag for "this side of the record carries nothing", e.g. Producer<Null, V> for unkeyed
// records. Kafka null keys/values are produced and recognised by the SDK, outside serde;
// Serde<Null> exists so that Null satisfies the concepts like any other type.
struct Null {
    friend constexpr bool operator==(Null, Null) noexcept = default;
};

template <>
struct Serde<Null> {
    static Bytes serialize(Null, Buffer&) noexcept { return {}; }
    // Whatever the payload, a Null side ignores it.
    static Decoded<Null> deserialize(Bytes) noexcept { return Null{}; }
};

}  // namespace kfk::serde
