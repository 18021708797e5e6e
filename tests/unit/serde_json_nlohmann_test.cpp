// Unit tests for the nlohmann/json flavour.
#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "kfk/serde/json_nlohmann.hpp"
#include "kfk/serde/json_rapid.hpp"
#include "kfk/serde/serde.hpp"

using kfk::serde::Buffer;
using kfk::serde::Bytes;
using kfk::serde::Serde;

namespace kfk_test_nlohmann {

struct Trade {
    std::string symbol;
    std::int64_t qty = 0;
    double price = 0;
    std::vector<std::string> venues;
    bool operator==(const Trade&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Trade, symbol, qty, price, venues)

// Hand-written conversions that can throw a non-nlohmann exception.
struct Strict {
    int level = 0;
};
inline void to_json(nlohmann::json& j, const Strict& s) {
    j = nlohmann::json{{"level", s.level}};
}
inline void from_json(const nlohmann::json& j, Strict& s) {
    s.level = j.at("level").get<int>();
    if (s.level < 0) throw std::invalid_argument("level must be >= 0");
}

// The same Trade, readable through RapidJSON: both flavours speak the same JSON.
void write_json(kfk::serde::JsonWriter& w, const Trade& t) {
    using kfk::serde::rapid::write_field;
    w.StartObject();
    write_field(w, "symbol", t.symbol);
    write_field(w, "qty", t.qty);
    write_field(w, "price", t.price);
    write_field(w, "venues", t.venues);
    w.EndObject();
}
bool read_json(const rapidjson::Value& v, Trade& t, std::string& why) {
    using kfk::serde::rapid::read_field;
    return read_field(v, "symbol", t.symbol, why) && read_field(v, "qty", t.qty, why) &&
           read_field(v, "price", t.price, why) && read_field(v, "venues", t.venues, why);
}

// Distinct type for the RapidJSON side so the two Serde specializations don't collide.
struct RapidTrade : Trade {};
void write_json(kfk::serde::JsonWriter& w, const RapidTrade& t) {
    write_json(w, static_cast<const Trade&>(t));
}
bool read_json(const rapidjson::Value& v, RapidTrade& t, std::string& why) {
    return read_json(v, static_cast<Trade&>(t), why);
}

}  // namespace kfk_test_nlohmann

template <>
struct kfk::serde::Serde<kfk_test_nlohmann::Trade>
    : kfk::serde::NlohmannJson<kfk_test_nlohmann::Trade> {};
template <>
struct kfk::serde::Serde<kfk_test_nlohmann::Strict>
    : kfk::serde::NlohmannJson<kfk_test_nlohmann::Strict> {};
template <>
struct kfk::serde::Serde<kfk_test_nlohmann::RapidTrade>
    : kfk::serde::RapidJson<kfk_test_nlohmann::RapidTrade> {};

using kfk_test_nlohmann::Trade;

static_assert(kfk::serde::HasSerde<Trade>);
static_assert(kfk::serde::HasSerde<nlohmann::json>);
static_assert(kfk::serde::HasSerde<nlohmann::ordered_json>);

namespace {

std::string text(Bytes b) {
    return std::string(kfk::serde::as_string_view(b));
}
Bytes bytes_of(const std::string& s) {
    return kfk::serde::as_bytes(s);
}

template <class T>
kfk::serde::Decoded<T> decode(const std::string& s) {
    return Serde<T>::deserialize(bytes_of(s));
}

Trade sample() {
    return Trade{"ACME", -42, 101.25, {"XNAS", "XNYS"}};
}

}  // namespace

TEST_SUITE("serde") {
    TEST_CASE("NlohmannJson<T> round trip of a user type") {
        const Trade t = sample();
        Buffer out;
        out.append("zz", 2);
        const Bytes encoded = Serde<Trade>::serialize(t, out);
        CHECK(encoded.data() == out.data() + 2);
        CHECK(text(encoded) ==
              R"({"price":101.25,"qty":-42,"symbol":"ACME","venues":["XNAS","XNYS"]})");
        const auto d = Serde<Trade>::deserialize(encoded);
        REQUIRE_MESSAGE(d.ok(), d.error().message);
        CHECK(d.value() == t);
    }

    TEST_CASE("nlohmann::json and ordered_json round trip") {
        const std::string src = R"({"z":1,"a":[true,null,"s",1.5,-3,18446744073709551615],"m":{}})";
        const auto j = decode<nlohmann::json>(src);
        REQUIRE(j.ok());
        CHECK(j.value()["a"][5].get<std::uint64_t>() == 18446744073709551615ULL);
        Buffer out;
        CHECK(nlohmann::json::parse(text(Serde<nlohmann::json>::serialize(j.value(), out))) ==
              j.value());

        const auto o = decode<nlohmann::ordered_json>(src);
        REQUIRE(o.ok());
        Buffer out2;
        CHECK(text(Serde<nlohmann::ordered_json>::serialize(o.value(), out2)) == src);
    }

    TEST_CASE("duplicate keys: the last one wins, as in nlohmann::json::parse") {
        const auto j = decode<nlohmann::json>(R"({"k":1,"k":2})");
        REQUIRE(j.ok());
        CHECK(j.value() == nlohmann::json::parse(R"({"k":1,"k":2})"));
    }

    TEST_CASE("malformed JSON is a DecodeError with nlohmann's message, never an exception") {
        for (const std::string& bad :
             {std::string(R"({"symbol":"A","qty":)"), std::string(""),
              std::string("[1,2] trailing"), std::string("{\"symbol\":\"\xc3\x28\"}"),
              std::string("{'single':1}"), std::string("1e999"), std::string("\"unterminated"),
              std::string(1, '\0')}) {
            CAPTURE(bad);
            kfk::serde::Decoded<nlohmann::json> j = nlohmann::json();
            CHECK_NOTHROW(j = decode<nlohmann::json>(bad));
            REQUIRE_FALSE(j.ok());
            CHECK(j.error().message.find("kfk: invalid JSON") == 0);
            CHECK(j.error().message.find("[json.exception.") != std::string::npos);
            CHECK_FALSE(decode<Trade>(bad).ok());
        }
        const auto truncated = decode<Trade>(R"({"symbol":"A","qty":)");
        CHECK(truncated.error().message.find("unexpected end of input") != std::string::npos);
        const auto utf8 = decode<Trade>("{\"symbol\":\"\xc3\x28\"}");
        CHECK(utf8.error().message.find("UTF-8") != std::string::npos);
    }

    TEST_CASE("wrong shape is a DecodeError naming the type and the reason") {
        const auto wrong = decode<Trade>(R"({"symbol":"A","qty":"many","price":1,"venues":[]})");
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.error().message.find("JSON does not match") != std::string::npos);
        CHECK(wrong.error().message.find("Trade") != std::string::npos);
        CHECK(wrong.error().message.find("type must be number") != std::string::npos);

        const auto missing = decode<Trade>(R"({"symbol":"A"})");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find("key 'qty' not found") != std::string::npos);

        const auto custom = decode<kfk_test_nlohmann::Strict>(R"({"level":-1})");
        REQUIRE_FALSE(custom.ok());
        CHECK(custom.error().message.find("level must be >= 0") != std::string::npos);
        CHECK(decode<kfk_test_nlohmann::Strict>(R"({"level":3})").value().level == 3);
    }

    TEST_CASE("invalid UTF-8 in a string is a SerializeError") {
        Trade t = sample();
        t.symbol = "\xff";
        Buffer out;
        CHECK_THROWS_AS(Serde<Trade>::serialize(t, out), kfk::serde::SerializeError);
        CHECK(out.empty());
    }

    TEST_CASE("the two flavours interoperate on the wire") {
        const Trade t = sample();
        Buffer a;
        const auto from_nlohmann =
            Serde<kfk_test_nlohmann::RapidTrade>::deserialize(Serde<Trade>::serialize(t, a));
        REQUIRE_MESSAGE(from_nlohmann.ok(), from_nlohmann.error().message);
        CHECK(static_cast<const Trade&>(from_nlohmann.value()) == t);

        Buffer b;
        kfk_test_nlohmann::RapidTrade rt;
        static_cast<Trade&>(rt) = t;
        const auto from_rapid =
            Serde<Trade>::deserialize(Serde<kfk_test_nlohmann::RapidTrade>::serialize(rt, b));
        REQUIRE_MESSAGE(from_rapid.ok(), from_rapid.error().message);
        CHECK(from_rapid.value() == t);
    }

    TEST_CASE("large and deep documents") {
        Trade t = sample();
        for (int i = 0; i < 50000; ++i) t.venues.push_back("venue-" + std::to_string(i));
        Buffer out;
        const auto d = Serde<Trade>::deserialize(Serde<Trade>::serialize(t, out));
        REQUIRE(d.ok());
        CHECK(d.value() == t);

        const int depth = 100000;
        const auto deep = decode<nlohmann::json>(std::string(depth, '[') + std::string(depth, ']'));
        CHECK(deep.ok());
        const auto open = decode<nlohmann::json>(std::string(depth, '['));
        CHECK_FALSE(open.ok());
    }
}
