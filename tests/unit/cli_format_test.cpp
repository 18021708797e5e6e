// kfk CLI: how consume prints records — text with --print fields, format templates, JSON lines
// (binary-safe: not-UTF-8 bytes are base64 and marked), and the encodings underneath.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_fake_record.hpp"
#include "core/encoding.hpp"
#include "core/exit_codes.hpp"
#include "core/out_buffer.hpp"
#include "core/record_format.hpp"

using namespace kfk::cli;
using cli_test::FakeRecord;

namespace {

// Renders into an OutBuffer that is never flushed and reads it back.
struct Capture {
    OutBuffer out{-1, 64};
    std::string text() { return std::string{out.view()}; }
};

}  // namespace

TEST_CASE("cli text output: the value, with --print fields before it") {
    FakeRecord r;
    r.headers_ = {{"source", std::string{"web"}}, {"trace", std::nullopt}};
    Capture c;
    TextLayout layout;
    append_record_text(c.out, r, layout);
    CHECK(c.text() == "{\"id\": 1}\n");

    Capture d;
    layout.fields = parse_print_fields("key,partition,offset,timestamp,headers,topic");
    append_record_text(d.out, r, layout);
    CHECK(d.text() ==
          "customer-1\t1\t42\t2024-01-15T10:00:00.123Z\tsource=web,trace\torders\t{\"id\": 1}\n");

    Capture e;
    layout.fields = parse_print_fields("key");
    layout.timestamps = TimestampStyle::epoch_ms;
    r.key_.reset();
    append_record_text(e.out, r, layout);
    CHECK(e.text() == "\t{\"id\": 1}\n");

    CHECK_THROWS_AS(parse_print_fields("key,colour"), CliError);
}

TEST_CASE("cli format template: kcat tokens, escapes, sizes and length prefix") {
    FakeRecord r;
    r.headers_ = {{"h", std::string{"v"}}};
    Capture c;
    FormatTemplate t{"%t[%p]@%o %k=%s (%S/%K) %h %T\\n%%"};
    t.render(c.out, r, TimestampStyle::iso);
    CHECK(c.text() == "orders[1]@42 customer-1={\"id\": 1} (9/10) h=v 2024-01-15T10:00:00.123Z\n%");

    Capture d;
    FormatTemplate epoch{"%T"};
    epoch.render(d.out, r, TimestampStyle::epoch_ms);
    CHECK(d.text() == "1705312800123");

    Capture e;
    r.value_ = "abc";
    FormatTemplate framed{"%R%s"};
    framed.render(e.out, r, TimestampStyle::iso);
    CHECK(e.text() == std::string{"\0\0\0\x03"
                                  "abc",
                                  7});

    Capture f;
    r.value_.reset();
    FormatTemplate sizes{"%S|%s|"};
    sizes.render(f.out, r, TimestampStyle::iso);
    CHECK(f.text() == "-1||");

    CHECK_THROWS_AS(FormatTemplate{"%x"}, CliError);
    CHECK_THROWS_AS(FormatTemplate{"abc%"}, CliError);
}

TEST_CASE("cli JSON record: every field, stable names, parseable") {
    FakeRecord r;
    r.headers_ = {{"source", std::string{"web"}}, {"empty", std::nullopt}};
    Capture c;
    append_record_json(c.out, r, {});
    const std::string line = c.text();
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    const auto j = nlohmann::json::parse(line);
    CHECK(j["topic"] == "orders");
    CHECK(j["partition"] == 1);
    CHECK(j["offset"] == 42);
    CHECK(j["timestamp"] == "2024-01-15T10:00:00.123Z");
    CHECK(j["timestamp_ms"] == 1705312800123);
    CHECK(j["timestamp_type"] == "create_time");
    CHECK(j["key"] == "customer-1");
    CHECK(j["key_encoding"] == "utf8");
    CHECK(j["value"] == "{\"id\": 1}");
    CHECK(j["value_encoding"] == "utf8");
    REQUIRE(j["headers"].size() == 2);
    CHECK(j["headers"][0]["key"] == "source");
    CHECK(j["headers"][0]["value"] == "web");
    CHECK(j["headers"][1]["value"].is_null());
}

TEST_CASE("cli JSON record: binary values are base64 and marked, nulls stay null") {
    FakeRecord r;
    r.key_.reset();
    r.value_ = std::string{"\xff\x00\x01\xc3", 4};
    r.headers_ = {{"bin", std::string{"\x80", 1}}};
    r.timestamp_ = {};
    Capture c;
    append_record_json(c.out, r, {});
    const auto j = nlohmann::json::parse(c.text());
    CHECK(j["key"].is_null());
    CHECK(j["key_encoding"].is_null());
    CHECK(j["value_encoding"] == "base64");
    std::string decoded;
    REQUIRE(decode_base64(j["value"].get<std::string>(), decoded));
    CHECK(decoded == std::string{"\xff\x00\x01\xc3", 4});
    CHECK(j["headers"][0]["value_encoding"] == "base64");
    CHECK(j["timestamp"].is_null());
    CHECK(j["timestamp_type"] == "not_available");
}

TEST_CASE("cli JSON record: --json-values embeds JSON compactly, other values stay strings") {
    FakeRecord r;
    r.value_ = "{\n  \"id\": 1,\n  \"tags\": [\"a\"]\n}";
    Capture c;
    append_record_json(c.out, r, {.embed_json = true});
    const std::string line = c.text();
    CHECK(line.find('\n') == line.size() - 1);
    const auto j = nlohmann::json::parse(line);
    CHECK(j["value_encoding"] == "json");
    CHECK(j["value"]["id"] == 1);
    CHECK(j["key_encoding"] == "utf8");  // "customer-1" is not JSON
}

TEST_CASE("cli encodings: UTF-8 validation, base64 both ways, JSON escaping") {
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("abc\xe2\x82"));       // truncated
    CHECK(is_valid_utf8(std::string{"\0", 1}));

    for (std::string s : {std::string{}, std::string{"f"}, std::string{"fo"}, std::string{"foo"},
                          std::string{"\x00\xff\x10\x80", 4}}) {
        std::string back;
        REQUIRE(decode_base64(to_base64(s), back));
        CHECK(back == s);
    }
    CHECK(to_base64("foob") == "Zm9vYg==");
    std::string out;
    CHECK_FALSE(decode_base64("Zm9v!", out));

    Capture c;
    append_json_string(c.out, std::string{"a\"b\\c\n\t\x01", 8});
    CHECK(c.text() == "\"a\\\"b\\\\c\\n\\t\\u0001\"");
    // Escapes in lowercase hex, also right after an escaped backslash; UTF-8 as is.
    Capture d;
    append_json_string(d.out, "\x0b\\u\x1f\xc3\xa9");
    CHECK(d.text() == "\"\\u000b\\\\u\\u001f\xc3\xa9\"");
}
