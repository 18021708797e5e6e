// kfk/serde/binary.hpp - opaque byte payloads.
#pragma once

#include <cstdint>
#include <vector>

#include "kfk/serde/concepts.hpp"

namespace kfk::serde {

// Like Java's ByteArraySerializer: the payload is the bytes, unchanged.

// Zero copy both ways. A decoded Bytes points into the record's payload and is valid only
// while the consumed record (message) that produced it is alive.
template <>
struct Serde<Bytes> {
    static Bytes serialize(Bytes v, Buffer&) noexcept { return v; }
    static Decoded<Bytes> deserialize(Bytes payload) noexcept { return payload; }
};

namespace detail {

// Owning byte containers: encode zero copy (view into the vector), decode by copying.
template <class Container>
struct ByteContainerSerde {
    static_assert(sizeof(typename Container::value_type) == 1);

    static Bytes serialize(const Container& v, Buffer&) noexcept {
        return {reinterpret_cast<const std::byte*>(v.data()), v.size()};
    }
    static Decoded<Container> deserialize(Bytes payload) {
        // Reading std::byte objects through an unsigned char / char / std::byte glvalue is
        // allowed aliasing.
        const auto* first = reinterpret_cast<const typename Container::value_type*>(payload.data());
        return Container(first, first + payload.size());
    }
};

}  // namespace detail

template <>
struct Serde<std::vector<std::byte>> : detail::ByteContainerSerde<std::vector<std::byte>> {};
template <>
struct Serde<std::vector<std::uint8_t>> : detail::ByteContainerSerde<std::vector<std::uint8_t>> {};
template <>
struct Serde<std::vector<char>> : detail::ByteContainerSerde<std::vector<char>> {};

}  // namespace kfk::serde
