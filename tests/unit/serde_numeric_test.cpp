// Unit tests for the fixed-width numeric serdes: Java-compatible layouts, sizes, round trips.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "kfk/serde/serde.hpp"

using kfk::serde::Buffer;
using kfk::serde::Bytes;
using kfk::serde::Serde;

namespace {

std::string hex(Bytes b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (std::byte x : b) {
        const auto v = std::to_integer<unsigned>(x);
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

template <class T>
std::string encode_hex(T v) {
    Buffer out;
    return hex(Serde<T>::serialize(v, out));
}

template <class T>
void check_round_trip(T v) {
    Buffer out;
    const Bytes encoded = Serde<T>::serialize(v, out);
    CHECK(encoded.size() == sizeof(T));
    CHECK(encoded.data() == out.data());  // numbers are written into the buffer
    const auto decoded = Serde<T>::deserialize(encoded);
    REQUIRE(decoded.ok());
    if constexpr (std::is_floating_point_v<T>) {
        CHECK(std::bit_cast<kfk::serde::detail::wire_uint_t<T>>(decoded.value()) ==
              std::bit_cast<kfk::serde::detail::wire_uint_t<T>>(v));
    } else {
        CHECK(decoded.value() == v);
    }
}

std::vector<std::byte> zeros(std::size_t n) {
    return std::vector<std::byte>(n, std::byte{0});
}

}  // namespace

TEST_SUITE("serde") {
    TEST_CASE("integers match Java's Short/Integer/LongSerializer byte for byte") {
        CHECK(encode_hex<std::int32_t>(1) == "00000001");
        CHECK(encode_hex<std::int32_t>(-1) == "ffffffff");
        CHECK(encode_hex<std::int32_t>(0x12345678) == "12345678");
        CHECK(encode_hex<std::int32_t>(std::numeric_limits<std::int32_t>::min()) == "80000000");
        CHECK(encode_hex<std::int64_t>(-1) == "ffffffffffffffff");
        CHECK(encode_hex<std::int64_t>(1) == "0000000000000001");
        CHECK(encode_hex<std::int64_t>(0x0102030405060708) == "0102030405060708");
        CHECK(encode_hex<std::int16_t>(1) == "0001");
        CHECK(encode_hex<std::int16_t>(-2) == "fffe");
        CHECK(encode_hex<std::int8_t>(-1) == "ff");
        CHECK(encode_hex<std::uint8_t>(0x7f) == "7f");
        CHECK(encode_hex<std::uint16_t>(0xbeef) == "beef");
        CHECK(encode_hex<std::uint32_t>(0xdeadbeef) == "deadbeef");
        CHECK(encode_hex<std::uint64_t>(0xfedcba9876543210ULL) == "fedcba9876543210");
    }

    TEST_CASE("floats match Java's Float/DoubleSerializer (IEEE-754 bits, big-endian)") {
        CHECK(encode_hex(1.0f) == "3f800000");
        CHECK(encode_hex(-2.0f) == "c0000000");
        CHECK(encode_hex(0.0f) == "00000000");
        CHECK(encode_hex(-0.0f) == "80000000");
        CHECK(encode_hex(std::numeric_limits<float>::infinity()) == "7f800000");
        CHECK(encode_hex(1.0) == "3ff0000000000000");
        CHECK(encode_hex(-1.5) == "bff8000000000000");
        CHECK(encode_hex(0.1) == "3fb999999999999a");
        CHECK(encode_hex(-std::numeric_limits<double>::infinity()) == "fff0000000000000");
    }

    TEST_CASE("bool matches Java's BooleanSerializer") {
        CHECK(encode_hex(true) == "01");
        CHECK(encode_hex(false) == "00");
        const std::byte t[] = {std::byte{1}};
        const std::byte f[] = {std::byte{0}};
        const std::byte other[] = {std::byte{2}};
        CHECK(Serde<bool>::deserialize(t).value() == true);
        CHECK(Serde<bool>::deserialize(f).value() == false);
        const auto bad = Serde<bool>::deserialize(other);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.find("0x00 or 0x01") != std::string::npos);
        CHECK_FALSE(Serde<bool>::deserialize(Bytes{}).ok());
    }

    TEST_CASE("decoding known Java byte vectors") {
        const std::byte minus_one[] = {std::byte{0xff}, std::byte{0xff}, std::byte{0xff},
                                       std::byte{0xff}};
        CHECK(Serde<std::int32_t>::deserialize(minus_one).value() == -1);
        CHECK(Serde<std::uint32_t>::deserialize(minus_one).value() == 0xffffffffu);
        const std::byte one_f[] = {std::byte{0x3f}, std::byte{0x80}, std::byte{0}, std::byte{0}};
        CHECK(Serde<float>::deserialize(one_f).value() == 1.0f);
        const std::byte one_d[] = {std::byte{0x3f}, std::byte{0xf0}, std::byte{0}, std::byte{0},
                                   std::byte{0},    std::byte{0},    std::byte{0}, std::byte{0}};
        CHECK(Serde<double>::deserialize(one_d).value() == 1.0);
        const std::byte big[] = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4},
                                 std::byte{5}, std::byte{6}, std::byte{7}, std::byte{8}};
        CHECK(Serde<std::int64_t>::deserialize(big).value() == 0x0102030405060708);
    }

    TEST_CASE_TEMPLATE("integer round trips", T, std::int8_t, std::int16_t, std::int32_t,
                       std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t,
                       long long, unsigned long long) {
        for (T v :
             {T{0}, T{1}, static_cast<T>(-1), std::numeric_limits<T>::min(),
              std::numeric_limits<T>::max(), static_cast<T>(std::numeric_limits<T>::max() / 3)}) {
            CAPTURE(+v);
            check_round_trip(v);
        }
    }

    TEST_CASE_TEMPLATE("floating point round trips keep every bit", T, float, double) {
        using L = std::numeric_limits<T>;
        for (T v : {T{0}, -T{0}, T{1}, -T{1}, L::min(), L::max(), L::lowest(), L::denorm_min(),
                    L::epsilon(), L::infinity(), -L::infinity(), L::quiet_NaN(), L::signaling_NaN(),
                    static_cast<T>(3.14159)}) {
            CAPTURE(v);
            check_round_trip(v);
        }
        const T nan = std::bit_cast<T>(static_cast<kfk::serde::detail::wire_uint_t<T>>(
            std::bit_cast<kfk::serde::detail::wire_uint_t<T>>(L::quiet_NaN()) |
            0x5));  // NaN payload
        check_round_trip(nan);
    }

    TEST_CASE_TEMPLATE("wrong payload sizes are errors naming expected vs actual", T, std::int8_t,
                       std::int16_t, std::int32_t, std::int64_t, std::uint32_t, float, double) {
        for (std::size_t n : {std::size_t{0}, sizeof(T) - 1, sizeof(T) + 1, std::size_t{100}}) {
            if (n == sizeof(T)) continue;
            CAPTURE(n);
            const auto z = zeros(n);
            const auto decoded = Serde<T>::deserialize(Bytes(z));
            REQUIRE_FALSE(decoded.ok());
            const std::string& m = decoded.error().message;
            CHECK(m.find("expected " + std::to_string(sizeof(T)) + " bytes") != std::string::npos);
            CHECK(m.find("got " + std::to_string(n)) != std::string::npos);
        }
    }

    TEST_CASE("error messages name the Java-style type") {
        const auto z = zeros(3);
        CHECK(Serde<std::int32_t>::deserialize(Bytes(z)).error().message ==
              "kfk: cannot decode int32: expected 4 bytes (big-endian), got 3");
        CHECK(Serde<double>::deserialize(Bytes(z)).error().message ==
              "kfk: cannot decode double: expected 8 bytes (big-endian), got 3");
    }

    TEST_CASE("numbers append to the buffer and views stay distinct") {
        Buffer out;
        out.append("prefix", 6);
        const Bytes a = Serde<std::int32_t>::serialize(7, out);
        CHECK(out.size() == 10);
        CHECK(a.data() == out.data() + 6);
        CHECK(hex(a) == "00000007");
        CHECK(Serde<std::int32_t>::deserialize(out.view_from(6)).value() == 7);
    }

    TEST_CASE("decoding from an unaligned payload") {
        alignas(8) std::byte raw[9] = {};
        raw[1] = std::byte{0x3f};
        raw[2] = std::byte{0xf0};
        CHECK(Serde<double>::deserialize(Bytes(raw + 1, 8)).value() == 1.0);
    }
}
