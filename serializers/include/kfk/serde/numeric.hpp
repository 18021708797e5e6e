// kfk/serde/numeric.hpp - fixed-width big-endian numbers, byte-compatible with Java.
#pragma once

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "kfk/serde/concepts.hpp"

namespace kfk::serde {

// Layouts, identical to Apache Kafka's Java serdes:
//   int16_t  <-> ShortSerializer    2 bytes, two's complement, big-endian
//   int32_t  <-> IntegerSerializer  4 bytes, two's complement, big-endian
//   int64_t  <-> LongSerializer     8 bytes, two's complement, big-endian
//   float    <-> FloatSerializer    4 bytes, IEEE-754 binary32 bits, big-endian
//   double   <-> DoubleSerializer   8 bytes, IEEE-754 binary64 bits, big-endian
//   bool     <-> BooleanSerializer  1 byte, 0x01 / 0x00 (Kafka 3.5+); decoding accepts only
//                                   those two bytes, as Java's BooleanDeserializer does
// int8_t and the unsigned types use the same scheme with their own width (Java has no
// unsigned types; a Java consumer reads uint32_t with IntegerDeserializer as a signed int).
// A payload of any other length is a DecodeError that names both sizes. Character types
// (char, wchar_t, char8_t, ...) are not numbers here: use std::string for text.

namespace detail {

template <class T>
inline constexpr bool is_char_type_v =
    std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;

template <class T>
concept big_endian_integer = std::integral<T> && !std::is_same_v<T, bool> && !is_char_type_v<T> &&
                             std::is_same_v<T, std::remove_cv_t<T>>;

template <class T>
concept big_endian_float = std::is_same_v<T, float> || std::is_same_v<T, double>;

static_assert(std::numeric_limits<float>::is_iec559 && sizeof(float) == 4,
              "kfk::serde needs IEEE-754 binary32 float");
static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8,
              "kfk::serde needs IEEE-754 binary64 double");

template <class T>
using wire_uint_t = std::conditional_t<
    sizeof(T) == 1, std::uint8_t,
    std::conditional_t<sizeof(T) == 2, std::uint16_t,
                       std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;

// Shifts instead of byte swaps: endian-independent, and compilers turn it into bswap+store.
template <class U>
constexpr void store_big_endian(std::byte* out, U v) noexcept {
    for (std::size_t i = 0; i < sizeof(U); ++i) {
        out[i] = static_cast<std::byte>(v >> (8 * (sizeof(U) - 1 - i)));
    }
}

template <class U>
constexpr U load_big_endian(const std::byte* in) noexcept {
    U v = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) {
        v = static_cast<U>((v << 8) | static_cast<U>(std::to_integer<unsigned char>(in[i])));
    }
    return v;
}

template <class T>
constexpr const char* number_name() noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return "float";
    } else if constexpr (std::is_same_v<T, double>) {
        return "double";
    } else if constexpr (std::is_signed_v<T>) {
        return sizeof(T) == 1   ? "int8"
               : sizeof(T) == 2 ? "int16"
               : sizeof(T) == 4 ? "int32"
                                : "int64";
    } else {
        return sizeof(T) == 1   ? "uint8"
               : sizeof(T) == 2 ? "uint16"
               : sizeof(T) == 4 ? "uint32"
                                : "uint64";
    }
}

inline DecodeError wrong_size(const char* type, std::size_t expected, std::size_t actual) {
    return DecodeError{std::string("kfk: cannot decode ") + type + ": expected " +
                       std::to_string(expected) + " bytes (big-endian), got " +
                       std::to_string(actual)};
}

template <class T>
struct BigEndianSerde {
    using wire = wire_uint_t<T>;
    static_assert(sizeof(wire) == sizeof(T));

    static Bytes serialize(T v, Buffer& out) {
        std::byte* p = out.grow(sizeof(T));
        // Integers go through their unsigned twin (two's complement, C++20 guarantees it);
        // floats through their IEEE-754 bit pattern. No pointer punning.
        store_big_endian(p, std::bit_cast<wire>(v));
        return {p, sizeof(T)};
    }

    static Decoded<T> deserialize(Bytes payload) {
        if (payload.size() != sizeof(T)) {
            return wrong_size(number_name<T>(), sizeof(T), payload.size());
        }
        return std::bit_cast<T>(load_big_endian<wire>(payload.data()));
    }
};

}  // namespace detail

template <detail::big_endian_integer T>
struct Serde<T> : detail::BigEndianSerde<T> {};

template <detail::big_endian_float T>
struct Serde<T> : detail::BigEndianSerde<T> {};

template <>
struct Serde<bool> {
    static Bytes serialize(bool v, Buffer& out) {
        std::byte* p = out.grow(1);
        *p = v ? std::byte{1} : std::byte{0};
        return {p, 1};
    }
    static Decoded<bool> deserialize(Bytes payload) {
        if (payload.size() != 1) return detail::wrong_size("bool", 1, payload.size());
        switch (std::to_integer<unsigned>(payload[0])) {
            case 0:
                return false;
            case 1:
                return true;
            default:
                return DecodeError{"kfk: cannot decode bool: expected byte 0x00 or 0x01, got " +
                                   std::to_string(std::to_integer<unsigned>(payload[0]))};
        }
    }
};

}  // namespace kfk::serde
