// Unit tests for the RapidJSON flavour: user types, Document, malformed input, large input.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "kfk/serde/json_rapid.hpp"
#include "kfk/serde/serde.hpp"

using kfk::serde::Buffer;
using kfk::serde::Bytes;
using kfk::serde::Serde;

namespace kfk_test_rapid {

struct Line {
    std::string sku;
    std::uint32_t units = 0;
    bool operator==(const Line&) const = default;
};

struct Order {
    std::string id;
    std::int64_t qty = 0;
    double price = 0;
    bool urgent = false;
    std::optional<std::string> note;
    std::vector<Line> lines;
    std::vector<int> tags;
    bool operator==(const Order&) const = default;
};

void write_json(kfk::serde::JsonWriter& w, const Line& l) {
    using kfk::serde::rapid::write_field;
    w.StartObject();
    write_field(w, "sku", l.sku);
    write_field(w, "units", l.units);
    w.EndObject();
}

bool read_json(const rapidjson::Value& v, Line& l, std::string& why) {
    using kfk::serde::rapid::read_field;
    return read_field(v, "sku", l.sku, why) && read_field(v, "units", l.units, why);
}

void write_json(kfk::serde::JsonWriter& w, const Order& o) {
    using kfk::serde::rapid::write_field;
    w.StartObject();
    write_field(w, "id", o.id);
    write_field(w, "qty", o.qty);
    write_field(w, "price", o.price);
    write_field(w, "urgent", o.urgent);
    write_field(w, "note", o.note);
    write_field(w, "lines", o.lines);
    write_field(w, "tags", o.tags);
    w.EndObject();
}

bool read_json(const rapidjson::Value& v, Order& o, std::string& why) {
    using kfk::serde::rapid::read_field;
    return read_field(v, "id", o.id, why) && read_field(v, "qty", o.qty, why) &&
           read_field(v, "price", o.price, why) && read_field(v, "urgent", o.urgent, why) &&
           read_field(v, "note", o.note, why) && read_field(v, "lines", o.lines, why) &&
           read_field(v, "tags", o.tags, why);
}

// Hand-written with raw RapidJSON calls and the two-argument read_json.
struct Point {
    int x = 0;
    int y = 0;
    bool operator==(const Point&) const = default;
};

void write_json(kfk::serde::JsonWriter& w, const Point& p) {
    w.StartArray();
    w.Int(p.x);
    w.Int(p.y);
    w.EndArray();
}

bool read_json(const rapidjson::Value& v, Point& p) {
    if (!v.IsArray() || v.Size() != 2 || !v[0].IsInt() || !v[1].IsInt()) return false;
    p = {v[0].GetInt(), v[1].GetInt()};
    return true;
}

// A buggy writer: two root values.
struct TwoRoots {};
void write_json(kfk::serde::JsonWriter& w, const TwoRoots&) {
    w.StartObject();
    w.EndObject();
    w.StartObject();
    w.EndObject();
}
bool read_json(const rapidjson::Value&, TwoRoots&) {
    return true;
}

struct Measurement {
    double value = 0;
};
void write_json(kfk::serde::JsonWriter& w, const Measurement& m) {
    w.StartObject();
    kfk::serde::rapid::write_field(w, "value", m.value);
    w.EndObject();
}
bool read_json(const rapidjson::Value& v, Measurement& m) {
    return kfk::serde::rapid::read_field(v, "value", m.value);
}

}  // namespace kfk_test_rapid

template <>
struct kfk::serde::Serde<kfk_test_rapid::Order> : kfk::serde::RapidJson<kfk_test_rapid::Order> {};
template <>
struct kfk::serde::Serde<kfk_test_rapid::Point> : kfk::serde::RapidJson<kfk_test_rapid::Point> {};
template <>
struct kfk::serde::Serde<kfk_test_rapid::TwoRoots>
    : kfk::serde::RapidJson<kfk_test_rapid::TwoRoots> {};
template <>
struct kfk::serde::Serde<kfk_test_rapid::Measurement>
    : kfk::serde::RapidJson<kfk_test_rapid::Measurement> {};
// Containers of user types work the same way.
template <>
struct kfk::serde::Serde<std::vector<kfk_test_rapid::Point>>
    : kfk::serde::RapidJson<std::vector<kfk_test_rapid::Point>> {};

using kfk_test_rapid::Order;
using kfk_test_rapid::Point;

static_assert(kfk::serde::HasSerde<Order>);
static_assert(kfk::serde::HasSerde<rapidjson::Document>);

namespace {

std::string text(Bytes b) {
    return std::string(kfk::serde::as_string_view(b));
}
Bytes bytes_of(const std::string& s) {
    return kfk::serde::as_bytes(s);
}

Order sample_order() {
    Order o;
    o.id = "o-1 \"quoted\" \\ é";
    o.qty = -9007199254740993;  // not representable as a double: must stay an integer
    o.price = 0.1;
    o.urgent = true;
    o.note = "leave at door";
    o.lines = {{"A", 1}, {"B", 4000000000u}};
    o.tags = {1, -2, 3};
    return o;
}

template <class T>
kfk::serde::Decoded<T> decode(const std::string& s) {
    return Serde<T>::deserialize(bytes_of(s));
}

}  // namespace

TEST_SUITE("serde") {
    TEST_CASE("RapidJson<T> round trip of a user type") {
        const Order o = sample_order();
        Buffer out;
        const Bytes encoded = Serde<Order>::serialize(o, out);
        CHECK(encoded.data() == out.data());
        CHECK(encoded.size() == out.size());
        CHECK(out.is_inline());  // < 256 bytes: written straight into the inline storage
        const auto decoded = Serde<Order>::deserialize(encoded);
        REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
        CHECK(decoded.value() == o);
    }

    TEST_CASE("RapidJson<T> writes the expected JSON text") {
        Order o;
        o.id = "x";
        o.qty = 2;
        o.price = 1.5;
        o.lines = {{"s", 3}};
        Buffer out;
        CHECK(
            text(Serde<Order>::serialize(o, out)) ==
            R"({"id":"x","qty":2,"price":1.5,"urgent":false,"note":null,"lines":[{"sku":"s","units":3}],"tags":[]})");
    }

    TEST_CASE("RapidJson<T> accepts missing optional fields and any member order") {
        const auto d =
            decode<Order>(R"({"tags":[],"lines":[],"urgent":false,"price":2,"qty":1,"id":"k"})");
        REQUIRE_MESSAGE(d.ok(), d.error().message);
        CHECK(d.value().id == "k");
        CHECK(d.value().price == 2.0);
        CHECK_FALSE(d.value().note.has_value());
    }

    TEST_CASE("RapidJson<T> appends after existing buffer content") {
        Buffer out;
        out.append("xx", 2);
        const Bytes encoded = Serde<Point>::serialize(Point{3, -4}, out);
        CHECK(text(encoded) == "[3,-4]");
        CHECK(encoded.data() == out.data() + 2);
        const auto d = Serde<Point>::deserialize(encoded);
        REQUIRE(d.ok());
        CHECK(d.value() == Point{3, -4});
    }

    TEST_CASE("RapidJson over std::vector of user types") {
        const std::vector<Point> pts{{1, 2}, {3, 4}};
        Buffer out;
        const auto enc = Serde<std::vector<Point>>::serialize(pts, out);
        CHECK(text(enc) == "[[1,2],[3,4]]");
        const auto d = Serde<std::vector<Point>>::deserialize(enc);
        REQUIRE(d.ok());
        CHECK(d.value() == pts);
        const auto bad = decode<std::vector<Point>>("[[1,2],[3]]");
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.find("[1]") != std::string::npos);
    }

    TEST_CASE("doubles round trip exactly") {
        for (double v :
             {0.1, 1e300, -1e-300, 5e-324, 123456.789, std::numeric_limits<double>::max(),
              std::numeric_limits<double>::min(), 2.0 / 3.0}) {
            CAPTURE(v);
            Buffer out;
            const auto d = Serde<kfk_test_rapid::Measurement>::deserialize(
                Serde<kfk_test_rapid::Measurement>::serialize({v}, out));
            REQUIRE(d.ok());
            CHECK(d.value().value == v);
        }
    }

    TEST_CASE("NaN cannot be written as JSON: SerializeError, buffer rolled back") {
        Buffer out;
        out.append("keep", 4);
        CHECK_THROWS_AS(Serde<kfk_test_rapid::Measurement>::serialize({std::nan("")}, out),
                        kfk::serde::SerializeError);
        CHECK(text(out.view()) == "keep");
        CHECK_THROWS_AS(Serde<kfk_test_rapid::Measurement>::serialize(
                            {std::numeric_limits<double>::infinity()}, out),
                        kfk::serde::SerializeError);
    }

    TEST_CASE("a write_json that writes two roots is a SerializeError") {
        Buffer out;
        CHECK_THROWS_AS(Serde<kfk_test_rapid::TwoRoots>::serialize({}, out),
                        kfk::serde::SerializeError);
        CHECK(out.empty());
    }

    TEST_CASE("malformed JSON is a DecodeError with position and reason") {
        const auto truncated = decode<Order>(R"({"id":"x","qty":)");
        REQUIRE_FALSE(truncated.ok());
        CHECK(truncated.error().message.find("kfk: invalid JSON at byte") == 0);
        CHECK(truncated.error().message.find("Invalid value") != std::string::npos);

        const auto empty = decode<Order>("");
        REQUIRE_FALSE(empty.ok());
        CHECK(empty.error().message.find("empty") != std::string::npos);

        const auto trailing = decode<Point>("[1,2] x");
        REQUIRE_FALSE(trailing.ok());
        CHECK(trailing.error().message.find("at byte 6") != std::string::npos);

        const auto bad_utf8 = decode<Order>("{\"id\":\"\xff\xfe\"}");
        REQUIRE_FALSE(bad_utf8.ok());
        CHECK(bad_utf8.error().message.find("encoding") != std::string::npos);
    }

    TEST_CASE("well-formed JSON of the wrong shape says which field and why") {
        const auto wrong_type = decode<Order>(
            R"({"id":"x","qty":"seven","price":1,"urgent":false,"lines":[],"tags":[]})");
        REQUIRE_FALSE(wrong_type.ok());
        CHECK(wrong_type.error().message.find("JSON does not match") != std::string::npos);
        CHECK(wrong_type.error().message.find("field 'qty': expected integer, got string") !=
              std::string::npos);

        const auto missing = decode<Order>(R"({"id":"x"})");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find("missing field 'qty'") != std::string::npos);

        const auto nested = decode<Order>(
            R"({"id":"x","qty":1,"price":1,"urgent":false,"lines":[{"sku":"a","units":-1}],"tags":[]})");
        REQUIRE_FALSE(nested.ok());
        CHECK(nested.error().message.find("field 'lines': [0]: field 'units': negative integer") !=
              std::string::npos);

        const auto range = decode<Order>(
            R"({"id":"x","qty":1,"price":1,"urgent":false,"lines":[],"tags":[4294967296]})");
        REQUIRE_FALSE(range.ok());
        CHECK(range.error().message.find("out of range") != std::string::npos);

        const auto not_object = decode<Order>("[]");
        REQUIRE_FALSE(not_object.ok());
        CHECK(not_object.error().message.find("expected object, got array") != std::string::npos);

        const auto two_arg = decode<Point>("[1]");
        REQUIRE_FALSE(two_arg.ok());
        CHECK(two_arg.error().message.find("read_json() rejected") != std::string::npos);
    }

    TEST_CASE("rapidjson::Document round trip") {
        const std::string src = R"({"a":[1,2.5,"x",null,true],"b":{"c":{}}})";
        const auto d = decode<rapidjson::Document>(src);
        REQUIRE(d.ok());
        CHECK(d.value()["a"][2].GetString() == std::string("x"));
        Buffer out;
        CHECK(text(Serde<rapidjson::Document>::serialize(d.value(), out)) == src);

        const auto bad = decode<rapidjson::Document>("{\"a\":");
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.find("at byte 5") != std::string::npos);
    }

    TEST_CASE("large documents: many elements and long strings") {
        Order o;
        o.id = std::string(100000, 'i');
        for (int i = 0; i < 20000; ++i) {
            o.lines.push_back({"sku-" + std::to_string(i), static_cast<std::uint32_t>(i)});
            o.tags.push_back(i * 31);
        }
        Buffer out;
        const Bytes encoded = Serde<Order>::serialize(o, out);
        CHECK(encoded.size() > 500000);
        CHECK_FALSE(out.is_inline());
        const auto d = Serde<Order>::deserialize(encoded);
        REQUIRE(d.ok());
        CHECK(d.value() == o);
    }

    TEST_CASE("deep nesting neither overflows the stack when parsing nor crashes") {
        const int depth = 200000;
        const std::string deep = std::string(depth, '[') + std::string(depth, ']');
        const auto doc = decode<rapidjson::Document>(deep);
        CHECK(doc.ok());
        const auto as_point = decode<Point>(deep);  // valid JSON, wrong shape
        CHECK_FALSE(as_point.ok());
        const auto unterminated = decode<rapidjson::Document>(std::string(depth, '['));
        CHECK_FALSE(unterminated.ok());
    }

    TEST_CASE("JsonWriter nests deeper than its inline arena") {
        Buffer out;
        {
            kfk::serde::JsonWriter w(out);
            for (int i = 0; i < 100; ++i) w.StartArray();
            for (int i = 0; i < 100; ++i) w.EndArray();
            CHECK(w.ok());
            CHECK(w.IsComplete());
        }
        CHECK(text(out.view()) == std::string(100, '[') + std::string(100, ']'));
    }

    TEST_CASE("JsonWriter accepts default-constructed string views and rejects misuse") {
        Buffer out;
        {
            kfk::serde::JsonWriter w(out);
            CHECK(w.StartObject());
            CHECK(w.Key(std::string_view{}));
            CHECK(w.String(std::string_view{}));
            CHECK(w.EndObject());
            CHECK(w.IsComplete());
            CHECK(w.ok());
            CHECK_FALSE(w.Null());  // a second root value
            CHECK_FALSE(w.ok());
        }
        CHECK(text(out.view()) == R"({"":""})");
        Buffer out2;
        kfk::serde::JsonWriter w2(out2);
        CHECK_FALSE(w2.EndArray());  // End without Start
        CHECK_FALSE(w2.Key("k"));    // Key outside an object
        CHECK_FALSE(w2.ok());
    }
}
