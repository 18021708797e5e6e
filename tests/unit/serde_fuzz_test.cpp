// Property-style tests: every deserializer, fed random and mutated payloads, returns a value
// or a DecodeError -- never throws, never crashes (run under ASan/UBSan with KFK_SANITIZE).
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kfk/serde/json_nlohmann.hpp"
#include "kfk/serde/json_rapid.hpp"
#include "kfk/serde/serde.hpp"

using kfk::serde::Buffer;
using kfk::serde::Bytes;
using kfk::serde::Serde;

namespace kfk_test_fuzz {

struct Item {
    std::string name;
    std::int32_t count = 0;
    double weight = 0;
    std::optional<bool> flag;
    std::vector<std::uint16_t> codes;
    std::vector<Item> children;
};

void write_json(kfk::serde::JsonWriter& w, const Item& i) {
    using kfk::serde::rapid::write_field;
    w.StartObject();
    write_field(w, "name", i.name);
    write_field(w, "count", i.count);
    write_field(w, "weight", i.weight);
    write_field(w, "flag", i.flag);
    write_field(w, "codes", i.codes);
    write_field(w, "children", i.children);
    w.EndObject();
}

bool read_json(const rapidjson::Value& v, Item& i, std::string& why) {
    using kfk::serde::rapid::read_field;
    return read_field(v, "name", i.name, why) && read_field(v, "count", i.count, why) &&
           read_field(v, "weight", i.weight, why) && read_field(v, "flag", i.flag, why) &&
           read_field(v, "codes", i.codes, why) && read_field(v, "children", i.children, why);
}

struct NItem {
    std::string name;
    std::int32_t count = 0;
    std::vector<std::uint16_t> codes;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NItem, name, count, codes)

}  // namespace kfk_test_fuzz

template <>
struct kfk::serde::Serde<kfk_test_fuzz::Item> : kfk::serde::RapidJson<kfk_test_fuzz::Item> {};
template <>
struct kfk::serde::Serde<kfk_test_fuzz::NItem> : kfk::serde::NlohmannJson<kfk_test_fuzz::NItem> {};

namespace {

// Feeds one payload to every deserializer. A decode either succeeds or explains itself.
struct Counts {
    int ok = 0;
    int failed = 0;
};

template <class T>
void feed(Bytes payload, Counts& c) {
    const auto d = Serde<T>::deserialize(payload);
    if (d.ok()) {
        ++c.ok;
    } else {
        ++c.failed;
        CHECK_FALSE(d.error().message.empty());
    }
}

void feed_all(Bytes payload, Counts& c) {
    feed<std::string>(payload, c);
    feed<std::string_view>(payload, c);
    feed<Bytes>(payload, c);
    feed<std::vector<std::byte>>(payload, c);
    feed<std::vector<std::uint8_t>>(payload, c);
    feed<std::vector<char>>(payload, c);
    feed<kfk::serde::Null>(payload, c);
    feed<bool>(payload, c);
    feed<std::int8_t>(payload, c);
    feed<std::int16_t>(payload, c);
    feed<std::int32_t>(payload, c);
    feed<std::int64_t>(payload, c);
    feed<std::uint8_t>(payload, c);
    feed<std::uint16_t>(payload, c);
    feed<std::uint32_t>(payload, c);
    feed<std::uint64_t>(payload, c);
    feed<float>(payload, c);
    feed<double>(payload, c);
    feed<kfk_test_fuzz::Item>(payload, c);
    feed<rapidjson::Document>(payload, c);
    feed<nlohmann::json>(payload, c);
    feed<nlohmann::ordered_json>(payload, c);
    feed<kfk_test_fuzz::NItem>(payload, c);
}

std::string valid_item_json() {
    kfk_test_fuzz::Item root{"root", 7, 1.25, true, {1, 2, 65535}, {}};
    root.children.push_back({"child \"1\" é", -3, -0.5, std::nullopt, {}, {}});
    root.children.push_back(
        {"child2", 2147483647, 1e300, false, {9}, {{"leaf", 0, 0, {}, {}, {}}}});
    Buffer out;
    return std::string(
        kfk::serde::as_string_view(Serde<kfk_test_fuzz::Item>::serialize(root, out)));
}

}  // namespace

TEST_SUITE("serde") {
    TEST_CASE("random byte payloads never crash any deserializer") {
        std::mt19937_64 rng(0x6b666b);  // fixed seed: failures are reproducible
        Counts c;
        for (int round = 0; round < 3000; ++round) {
            const std::size_t len = rng() % (round < 2000 ? 16 : 300);
            std::vector<std::byte> payload(len);
            for (auto& b : payload) b = static_cast<std::byte>(rng());
            CHECK_NOTHROW(feed_all(Bytes(payload), c));
        }
        CHECK(c.ok > 0);
        CHECK(c.failed > 0);
    }

    TEST_CASE("random JSON-alphabet payloads never crash the JSON deserializers") {
        static constexpr char alphabet[] = "{}[]:,\"\\ 0123456789.eE+-truefalsnul\xc3\xa9\xff\x01";
        std::mt19937_64 rng(42);
        Counts c;
        for (int round = 0; round < 3000; ++round) {
            const std::size_t len = rng() % 64;
            std::string s;
            for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % (sizeof(alphabet) - 1)];
            CHECK_NOTHROW(feed_all(kfk::serde::as_bytes(s), c));
        }
        CHECK(c.failed > 0);
    }

    TEST_CASE("mutated and truncated valid JSON never crashes the JSON deserializers") {
        const std::string valid = valid_item_json();
        REQUIRE(Serde<kfk_test_fuzz::Item>::deserialize(kfk::serde::as_bytes(valid)).ok());
        std::mt19937_64 rng(7);
        Counts c;
        for (std::size_t cut = 0; cut <= valid.size(); ++cut) {  // every truncation
            CHECK_NOTHROW(
                feed_all(kfk::serde::as_bytes(std::string_view(valid).substr(0, cut)), c));
        }
        for (int round = 0; round < 2000; ++round) {  // random byte flips, inserts, deletes
            std::string s = valid;
            const int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits && !s.empty(); ++e) {
                const std::size_t at = rng() % s.size();
                switch (rng() % 3) {
                    case 0:
                        s[at] = static_cast<char>(rng());
                        break;
                    case 1:
                        s.insert(at, 1, static_cast<char>(rng()));
                        break;
                    default:
                        s.erase(at, 1);
                        break;
                }
            }
            CHECK_NOTHROW(feed_all(kfk::serde::as_bytes(s), c));
        }
        CHECK(c.ok > 0);
        CHECK(c.failed > 0);
    }
}
