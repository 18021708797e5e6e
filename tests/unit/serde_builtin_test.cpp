// Unit tests for the non-numeric built-in serdes: strings, byte containers, Null, concepts.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/serde/serde.hpp"

using kfk::serde::Buffer;
using kfk::serde::Bytes;
using kfk::serde::Null;
using kfk::serde::Serde;

namespace {

struct NoSerdeType {
    int x;
};

// Only one direction, to check the concepts separately.
struct EncodeOnly {};
struct DecodeOnly {};

const void* addr(const void* p) {
    return p;
}

Bytes bytes_of(std::string_view s) {
    return kfk::serde::as_bytes(s);
}

}  // namespace

template <>
struct kfk::serde::Serde<EncodeOnly> {
    static Bytes serialize(const EncodeOnly&, Buffer&) { return {}; }
};
template <>
struct kfk::serde::Serde<DecodeOnly> {
    static Decoded<DecodeOnly> deserialize(Bytes) { return DecodeOnly{}; }
};

// The concepts, checked at compile time.
static_assert(kfk::serde::HasSerde<std::string>);
static_assert(kfk::serde::HasSerde<std::string_view>);
static_assert(kfk::serde::HasSerde<Bytes>);
static_assert(kfk::serde::HasSerde<std::vector<std::byte>>);
static_assert(kfk::serde::HasSerde<std::vector<std::uint8_t>>);
static_assert(kfk::serde::HasSerde<std::vector<char>>);
static_assert(kfk::serde::HasSerde<Null>);
static_assert(kfk::serde::HasSerde<std::int8_t> && kfk::serde::HasSerde<std::int16_t> &&
              kfk::serde::HasSerde<std::int32_t> && kfk::serde::HasSerde<std::int64_t>);
static_assert(kfk::serde::HasSerde<std::uint8_t> && kfk::serde::HasSerde<std::uint16_t> &&
              kfk::serde::HasSerde<std::uint32_t> && kfk::serde::HasSerde<std::uint64_t>);
static_assert(kfk::serde::HasSerde<long long> && kfk::serde::HasSerde<unsigned long long>);
static_assert(kfk::serde::HasSerde<float> && kfk::serde::HasSerde<double> &&
              kfk::serde::HasSerde<bool>);
static_assert(!kfk::serde::HasSerde<NoSerdeType>);
static_assert(!kfk::serde::Serializer<NoSerdeType> && !kfk::serde::Deserializer<NoSerdeType>);
static_assert(!kfk::serde::HasSerde<char>);         // text goes through std::string
static_assert(!kfk::serde::HasSerde<long double>);  // no portable wire format
static_assert(!kfk::serde::HasSerde<std::vector<int>>);
static_assert(kfk::serde::Serializer<EncodeOnly> && !kfk::serde::Deserializer<EncodeOnly>);
static_assert(!kfk::serde::Serializer<DecodeOnly> && kfk::serde::Deserializer<DecodeOnly>);
static_assert(kfk::serde::require_serde<std::string>());
static_assert(kfk::serde::require_serializer<EncodeOnly>());
static_assert(kfk::serde::require_deserializer<DecodeOnly>());

TEST_SUITE("serde") {
    TEST_CASE("std::string encodes zero copy and decodes by copy") {
        Buffer out;
        const std::string value = "héllo, kafka";
        const Bytes encoded = Serde<std::string>::serialize(value, out);
        CHECK(addr(encoded.data()) == addr(value.data()));
        CHECK(encoded.size() == value.size());
        CHECK(out.empty());  // nothing copied into the buffer

        const auto decoded = Serde<std::string>::deserialize(encoded);
        REQUIRE(decoded.ok());
        CHECK(decoded.value() == value);
        CHECK(addr(decoded.value().data()) != addr(value.data()));
    }

    TEST_CASE("std::string keeps arbitrary bytes, including NUL and invalid UTF-8") {
        const std::string raw("a\0b\xff\xfe", 5);
        Buffer out;
        const auto decoded =
            Serde<std::string>::deserialize(Serde<std::string>::serialize(raw, out));
        REQUIRE(decoded.ok());
        CHECK(decoded.value() == raw);
        CHECK(decoded.value().size() == 5);
    }

    TEST_CASE("empty payloads are valid strings and byte arrays") {
        CHECK(Serde<std::string>::deserialize(Bytes{}).value().empty());
        CHECK(Serde<std::string_view>::deserialize(Bytes{}).value().empty());
        CHECK(Serde<std::vector<std::byte>>::deserialize(Bytes{}).value().empty());
        CHECK(Serde<std::vector<char>>::deserialize(Bytes{}).value().empty());
        CHECK(Serde<Bytes>::deserialize(Bytes{}).value().empty());
        Buffer out;
        CHECK(Serde<std::string>::serialize(std::string(), out).empty());
    }

    TEST_CASE("std::string_view is zero copy both ways") {
        const std::string backing = "payload bytes";
        Buffer out;
        const Bytes encoded = Serde<std::string_view>::serialize(std::string_view(backing), out);
        CHECK(addr(encoded.data()) == addr(backing.data()));
        const auto decoded = Serde<std::string_view>::deserialize(encoded);
        REQUIRE(decoded.ok());
        CHECK(addr(decoded.value().data()) == addr(backing.data()));
        CHECK(decoded.value() == backing);
    }

    TEST_CASE("Bytes is zero copy both ways") {
        const std::vector<std::byte> backing{std::byte{0}, std::byte{1}, std::byte{0xff}};
        const Bytes view(backing);
        Buffer out;
        const Bytes encoded = Serde<Bytes>::serialize(view, out);
        CHECK(encoded.data() == backing.data());
        CHECK(encoded.size() == 3);
        const auto decoded = Serde<Bytes>::deserialize(encoded);
        REQUIRE(decoded.ok());
        CHECK(decoded.value().data() == backing.data());
        CHECK(decoded.value().size() == 3);
    }

    TEST_CASE_TEMPLATE("byte vectors encode zero copy and decode by copy", V,
                       std::vector<std::byte>, std::vector<std::uint8_t>, std::vector<char>) {
        V value;
        for (int i = 0; i < 300; ++i) value.push_back(static_cast<typename V::value_type>(i * 7));
        Buffer out;
        const Bytes encoded = Serde<V>::serialize(value, out);
        CHECK(addr(encoded.data()) == addr(value.data()));
        CHECK(encoded.size() == value.size());
        const auto decoded = Serde<V>::deserialize(encoded);
        REQUIRE(decoded.ok());
        CHECK(decoded.value() == value);
        CHECK(addr(decoded.value().data()) != addr(value.data()));
    }

    TEST_CASE("Null encodes to nothing and always decodes") {
        Buffer out;
        CHECK(Serde<Null>::serialize(Null{}, out).empty());
        CHECK(out.empty());
        CHECK(Serde<Null>::deserialize(Bytes{}).ok());
        CHECK(Serde<Null>::deserialize(bytes_of("ignored payload")).ok());
        CHECK(Serde<Null>::deserialize(Bytes{}).value() == Null{});
    }
}
