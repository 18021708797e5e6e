// kfk CLI: `produce --input json` reads exactly what `consume --output json` prints (the copy
// through a pipe), kcat's -J records too; `--format json` validation names what is wrong.
#include <doctest/doctest.h>

#include "cli_fake_record.hpp"
#include "core/json_input.hpp"
#include "core/out_buffer.hpp"
#include "core/record_format.hpp"

using namespace kfk::cli;
using cli_test::FakeRecord;

namespace {

std::string json_line(const FakeRecord& r, bool embed = false) {
    OutBuffer out{-1, 256};
    append_record_json(out, r, {.embed_json = embed});
    std::string s{out.view()};
    out.truncate(0);
    s.pop_back();  // the newline
    return s;
}

}  // namespace

TEST_CASE("cli JSON input: what consume prints parses back to the same record") {
    FakeRecord r;
    r.key_ = std::string{"k\xff", 2};                       // binary key: base64
    r.value_ = std::string{"line1\nline2 \"q\" \x01", 18};  // escapes
    r.headers_ = {{"a", std::string{"1"}},
                  {"a", std::string{"2"}},
                  {"n", std::nullopt},
                  {"bin", std::string{"\x00\x80", 2}}};
    JsonRecordParser parser;
    InputRecord in;
    std::string error;
    const std::string line = json_line(r);
    REQUIRE_MESSAGE(parser.parse(line, in, error), error);
    REQUIRE(in.key);
    CHECK(*in.key == *r.key_);
    REQUIRE(in.value);
    CHECK(*in.value == *r.value_);
    REQUIRE(in.partition);
    CHECK(*in.partition == 1);
    REQUIRE(in.timestamp_ms);
    CHECK(*in.timestamp_ms == 1705312800123);
    REQUIRE(in.headers.size() == 4);
    CHECK(in.headers[0].key == "a");
    CHECK(*in.headers[0].value == "1");
    CHECK(*in.headers[1].value == "2");
    CHECK_FALSE(in.headers[2].value);
    CHECK(*in.headers[3].value == std::string_view{"\x00\x80", 2});
}

TEST_CASE("cli JSON input: null key/value, embedded JSON values, kcat -J records") {
    JsonRecordParser parser;
    InputRecord in;
    std::string error;
    REQUIRE(parser.parse(R"({"key":null,"value":null,"headers":[]})", in, error));
    CHECK_FALSE(in.key);
    CHECK_FALSE(in.value);
    CHECK_FALSE(in.partition);

    FakeRecord r;
    r.value_ = R"({"id":1,"tags":["a","b"]})";
    REQUIRE(parser.parse(json_line(r, true), in, error));
    CHECK(*in.value == R"({"id":1,"tags":["a","b"]})");

    REQUIRE(parser.parse(
        R"({"topic":"t","partition":2,"offset":7,"tstype":"create","ts":1700000000000,"broker":1,"headers":["h1","v1","h2",null],"key":"k","payload":"p"})",
        in, error));
    CHECK(*in.key == "k");
    CHECK(*in.value == "p");
    CHECK(*in.partition == 2);
    CHECK(*in.timestamp_ms == 1700000000000);
    REQUIRE(in.headers.size() == 2);
    CHECK(*in.headers[0].value == "v1");
    CHECK_FALSE(in.headers[1].value);

    REQUIRE(parser.parse(R"({"value":"only"})", in, error));
    CHECK(*in.value == "only");
    CHECK_FALSE(in.key);
}

TEST_CASE("cli JSON input: malformed records are refused with a reason") {
    JsonRecordParser parser;
    InputRecord in;
    std::string error;
    CHECK_FALSE(parser.parse(R"({"value": "x")", in, error));
    CHECK(error.find("invalid JSON") != std::string::npos);
    CHECK_FALSE(parser.parse(R"(["not", "an", "object"])", in, error));
    CHECK(error.find("object") != std::string::npos);
    CHECK_FALSE(parser.parse(R"({"value": 5})", in, error));
    CHECK(error.find("'value'") != std::string::npos);
    CHECK_FALSE(parser.parse(R"({"value": "%%", "value_encoding": "base64"})", in, error));
    CHECK(error.find("base64") != std::string::npos);
    CHECK_FALSE(parser.parse(R"({"value": "x", "value_encoding": "rot13"})", in, error));
    CHECK_FALSE(parser.parse(R"({"partition": "one"})", in, error));
    CHECK_FALSE(parser.parse(R"({"headers": {"a": "b"}})", in, error));
}

TEST_CASE("cli --format json validation: valid values pass, errors say where") {
    std::string error;
    CHECK(validate_json(R"({"order_id": 1, "amount": 12.5})", error));
    CHECK(validate_json("42", error));
    CHECK(validate_json("\"text\"", error));
    CHECK_FALSE(validate_json(R"({"order_id": 1,)", error));
    CHECK(error.find("offset") != std::string::npos);
    CHECK_FALSE(validate_json("not json", error));
    CHECK_FALSE(validate_json("", error));
    CHECK_FALSE(validate_json("{} {}", error));
}
