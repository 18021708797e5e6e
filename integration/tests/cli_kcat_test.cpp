// Cross-check with an independent client, kcat (Debian's package, run on the librdkafka this
// project builds: LD_LIBRARY_PATH): records produced with kfk read back with kcat with keys,
// headers and partitions intact, and the reverse; kcat's -J output replays through
// `kfk produce --input json`.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "cli_run.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using nlohmann::json;

namespace {

std::string librdkafka_dir() {
    const char* home = std::getenv("HOME");
    return std::string{home ? home : ""} + "/.cache/kfk/librdkafka/current/lib";
}

// Runs kcat through `env` so that it loads the project's librdkafka (Debian 12's kcat links
// 2.0.2, which predates Kafka 4 compatibility).
cli_it::Result kcat(const std::vector<std::string>& args, const std::string& input = {}) {
    REQUIRE_MESSAGE(std::filesystem::exists("/usr/bin/kcat"),
                    "kcat is not installed (Debian package kcat; scripts/setup.sh installs it)");
    std::vector<std::string> full{"LD_LIBRARY_PATH=" + librdkafka_dir(), "/usr/bin/kcat", "-b",
                                  kfk_test::bootstrap()};
    full.insert(full.end(), args.begin(), args.end());
    // cli_it::Process runs kfk; reuse it with /usr/bin/env as the program via a shell.
    std::string cmd = "exec env";
    for (const auto& a : full) {
        std::string q = "'";
        for (char c : a) q += c == '\'' ? std::string{"'\\''"} : std::string{c};
        cmd += " " + q + "'";
    }
    const std::string in_path =
        std::filesystem::temp_directory_path() / ("kcat-in-" + kfk_test::unique_name("x"));
    {
        FILE* f = std::fopen(in_path.c_str(), "wb");
        REQUIRE(f);
        std::fwrite(input.data(), 1, input.size(), f);
        std::fclose(f);
    }
    cmd += " < '" + in_path + "'";
    const std::string out_path = in_path + ".out";
    cmd += " > '" + out_path + "' 2>&1";
    const int status = std::system(cmd.c_str());
    cli_it::Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (FILE* f = std::fopen(out_path.c_str(), "rb")) {
        char buf[65536];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
        std::fclose(f);
    }
    std::filesystem::remove(in_path);
    std::filesystem::remove(out_path);
    return r;
}

std::string make_topic(const std::string& prefix, int partitions) {
    const auto topic = kfk_test::unique_name(prefix);
    const auto r = run_kfk({"topic", "create", topic, "--partitions", std::to_string(partitions)});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    return topic;
}

// kcat -J lines, keyed by payload.
std::map<std::string, json> kcat_records(const std::string& topic, std::size_t expected) {
    const auto r = kcat({"-C", "-t", topic, "-J", "-e", "-q"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    std::map<std::string, json> by_payload;
    for (const auto& line : r.lines()) {
        if (line.empty() || line[0] != '{') continue;
        auto j = json::parse(line);
        by_payload[j["payload"].get<std::string>()] = j;
    }
    REQUIRE_MESSAGE(by_payload.size() == expected, describe(r));
    return by_payload;
}

}  // namespace

TEST_CASE("kfk produce -> kcat: keys, headers and partitions intact") {
    const auto topic = make_topic("to-kcat", 3);
    auto r = run_kfk({"produce", topic, "--key", "order-7", "--header", "source=web", "--header",
                      "source=retry", "--header", "trace=abc", "--value", "keyed"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"produce", topic, "--partition", "2", "-K", "\\t"}, "k-a\tin-two\nno-key-line\n");
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto kfk_view =
        run_kfk({"consume", topic, "--from", "beginning", "--exit", "-o", "json"});
    REQUIRE_MESSAGE(kfk_view.code == 0, describe(kfk_view));

    const auto seen = kcat_records(topic, 3);
    const auto& keyed = seen.at("keyed");
    CHECK(keyed["key"] == "order-7");
    CHECK(keyed["headers"] == json::array({"source", "web", "source", "retry", "trace", "abc"}));
    for (const auto& rec : kfk_view.json_lines()) {
        if (rec["value"] == "keyed") CHECK(rec["partition"] == keyed["partition"]);
    }
    CHECK(seen.at("in-two")["partition"] == 2);
    CHECK(seen.at("in-two")["key"] == "k-a");
    CHECK(seen.at("no-key-line")["partition"] == 2);
    CHECK(seen.at("no-key-line")["key"].is_null());
}

TEST_CASE("kcat produce -> kfk consume: keys, headers and partitions intact") {
    const auto topic = make_topic("from-kcat", 3);
    auto r = kcat({"-P", "-t", topic, "-p", "1", "-K", ":", "-H", "h1=v1", "-H", "h2=v2"},
                  "alpha:one\nbeta:two\n");
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    r = kcat({"-P", "-t", topic, "-p", "0"}, "bare\n");
    REQUIRE_MESSAGE(r.code == 0, describe(r));

    const auto got = run_kfk({"consume", topic, "--from", "beginning", "--exit", "-o", "json"});
    REQUIRE_MESSAGE(got.code == 0, describe(got));
    std::map<std::string, json> by_value;
    for (const auto& rec : got.json_lines()) by_value[rec["value"].get<std::string>()] = rec;
    REQUIRE(by_value.size() == 3);
    CHECK(by_value["one"]["key"] == "alpha");
    CHECK(by_value["one"]["partition"] == 1);
    CHECK(by_value["two"]["offset"] == 1);
    CHECK(by_value["one"]["headers"] ==
          json::parse(R"([{"key":"h1","value":"v1","value_encoding":"utf8"},)"
                      R"({"key":"h2","value":"v2","value_encoding":"utf8"}])"));
    CHECK(by_value["bare"]["partition"] == 0);
    CHECK(by_value["bare"]["key"].is_null());
    CHECK(by_value["bare"]["headers"].empty());

    // kfk's text view of the same records, kcat -f style.
    const auto text = run_kfk({"consume", topic, "--from", "beginning", "--exit", "--partition",
                               "1", "--format", "%k=%s %h\\n"});
    CHECK_MESSAGE(text.out == "alpha=one h1=v1,h2=v2\nbeta=two h1=v1,h2=v2\n", describe(text));
}

TEST_CASE("keyed records land where the Java partitioner puts them (kcat with murmur2)") {
    const auto by_kfk = make_topic("murmur-kfk", 6);
    const auto by_kcat = make_topic("murmur-kcat", 6);
    std::string lines;
    for (int i = 0; i < 40; ++i)
        lines += "key-" + std::to_string(i) + ":v" + std::to_string(i) + "\n";
    REQUIRE(run_kfk({"produce", by_kfk, "-K", ":", "-q"}, lines).code == 0);
    const auto r =
        kcat({"-P", "-t", by_kcat, "-K", ":", "-X", "partitioner=murmur2_random"}, lines);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto a =
        run_kfk({"consume", by_kfk, "--from", "beginning", "--exit", "--format", "%k %p\\n"});
    const auto b =
        run_kfk({"consume", by_kcat, "--from", "beginning", "--exit", "--format", "%k %p\\n"});
    std::set<std::string> sa, sb;
    for (const auto& l : a.lines()) sa.insert(l);
    for (const auto& l : b.lines()) sb.insert(l);
    CHECK(sa.size() == 40);
    CHECK(sa == sb);
}

TEST_CASE("kcat -J output replays through kfk produce --input json") {
    const auto source = make_topic("kcat-json-src", 2);
    const auto copy = make_topic("kcat-json-dst", 2);
    REQUIRE(kcat({"-P", "-t", source, "-p", "1", "-K", ":", "-H", "x=y"}, "k:v\n").code == 0);
    const auto dump = kcat({"-C", "-t", source, "-J", "-e", "-q"});
    REQUIRE_MESSAGE(dump.code == 0, describe(dump));
    const auto r = run_kfk({"produce", copy, "--input", "json"}, dump.out);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto got = run_kfk({"consume", copy, "--from", "beginning", "--exit", "-o", "json"});
    const auto recs = got.json_lines();
    REQUIRE_MESSAGE(recs.size() == 1, describe(got));
    CHECK(recs[0]["key"] == "k");
    CHECK(recs[0]["value"] == "v");
    CHECK(recs[0]["partition"] == 1);
    CHECK(recs[0]["headers"][0]["key"] == "x");
    CHECK(recs[0]["headers"][0]["value"] == "y");
}

TEST_CASE("a topic copied through a pipe with kfk is byte-identical, binary included") {
    const auto source = make_topic("copy-src", 3);
    const auto copy = make_topic("copy-dst", 3);
    // Keys, a tombstone, repeated headers and null header values, explicit partitions, and one
    // record whose key and value are binary (not UTF-8, NUL bytes).
    std::string input;
    for (int i = 0; i < 30; ++i) {
        json rec;
        rec["key"] = "key-" + std::to_string(i % 4);
        rec["partition"] = i % 3;
        rec["value"] = i == 7 ? json(nullptr) : json("v" + std::to_string(i));
        rec["headers"] = json::array(
            {json{{"key", "h"}, {"value", "1"}}, json{{"key", "h"}, {"value", nullptr}}});
        input += rec.dump() + "\n";
    }
    // One record with binary key and value, as base64.
    input +=
        R"({"key":"AP8=","key_encoding":"base64","value":"AAEC/w==","value_encoding":"base64","partition":2})"
        "\n";
    REQUIRE(run_kfk({"produce", source, "--input", "json", "-q"}, input).code == 0);

    const auto dump = run_kfk({"consume", source, "--from", "beginning", "--exit", "-o", "json"});
    REQUIRE_MESSAGE(dump.code == 0, describe(dump));
    const auto r = run_kfk({"produce", copy, "--input", "json", "-q"}, dump.out);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto again = run_kfk({"consume", copy, "--from", "beginning", "--exit", "-o", "json"});
    const auto strip = [](const std::vector<json>& v) {
        std::multiset<std::string> out;
        for (auto j : v) {
            j.erase("topic");
            j.erase("timestamp");
            j.erase("timestamp_ms");
            out.insert(j.dump());
        }
        return out;
    };
    CHECK(dump.json_lines().size() == 31);
    CHECK(strip(dump.json_lines()) == strip(again.json_lines()));
    bool binary = false;
    for (const auto& j : again.json_lines()) {
        if (j["value_encoding"] == "base64") {
            binary = true;
            CHECK(j["value"] == "AAEC/w==");
            CHECK(j["key"] == "AP8=");
            CHECK(j["key_encoding"] == "base64");
        }
    }
    CHECK(binary);
}
