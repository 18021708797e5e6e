// `kfk topic offsets` against the real broker: earliest / latest / a time / max-timestamp per
// partition, -p, read_committed, and bad input with its exit code.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "cli_run.hpp"
#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

// Records base + 0 s, + 1 s, + 2 s into partition 0; partition 1 stays empty.
void produce_timed(const std::string& topic, kfk::TimePoint base) {
    kfk::BytesProducer producer{kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap())};
    for (int i = 0; i < 3; ++i) {
        const std::string value = "v" + std::to_string(i);  // RawRecord only views it
        kfk::RawRecord r{.topic = topic, .value = value, .partition = 0};
        r.timestamp = base + std::chrono::seconds{i};
        const auto report = producer.send_sync(r, 30s);
        REQUIRE_MESSAGE(report.ok(), report.error.to_string());
    }
    producer.close(10s);
}

const nlohmann::json& partition_of(const nlohmann::json& doc, int p) {
    for (const auto& part : doc["topics"][0]["partitions"]) {
        if (part["partition"] == p) return part;
    }
    FAIL("partition " << p << " missing in " << doc.dump());
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("topic offsets: earliest, latest, at a time, max-timestamp, -p") {
    const std::string topic = kfk_test::unique_name("cli-offsets");
    // retention.ms=-1: the records carry timestamps of 2023, older than the default retention.
    REQUIRE(run_kfk({"topic", "create", topic, "-p", "2", "--config", "retention.ms=-1"}).code ==
            0);
    const kfk::TimePoint base{std::chrono::milliseconds{1'700'000'000'000}};  // 2023-11-14
    produce_timed(topic, base);

    auto r = run_kfk({"topic", "offsets", topic, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    auto doc = r.json();
    CHECK(doc["at"] == "latest");
    CHECK(doc["topics"][0]["topic"] == topic);
    CHECK(doc["topics"][0]["partitions"].size() == 2);
    CHECK(partition_of(doc, 0)["offset"] == 3);
    CHECK(partition_of(doc, 1)["offset"] == 0);

    r = run_kfk({"topic", "offsets", topic, "--at", "earliest", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(partition_of(r.json(), 0)["offset"] == 0);

    // The first record at or after base + 1.5 s is offset 2; partition 1 has none.
    r = run_kfk({"topic", "offsets", topic, "--at", "@1700000001500", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    doc = r.json();
    CHECK(doc["at"] == "@2023-11-14T22:13:21.500Z");
    CHECK(partition_of(doc, 0)["offset"] == 2);
    CHECK(partition_of(doc, 0)["timestamp"] == "2023-11-14T22:13:22.000Z");
    CHECK(partition_of(doc, 1)["offset"].is_null());
    CHECK(partition_of(doc, 1)["error"].is_null());

    r = run_kfk({"topic", "offsets", topic, "--at", "max-timestamp", "-p", "0", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    doc = r.json();
    REQUIRE(doc["topics"][0]["partitions"].size() == 1);
    CHECK(partition_of(doc, 0)["offset"] == 2);

    // The table names each partition.
    r = run_kfk({"topic", "offsets", topic});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(has(r.out, "PARTITION"));
    CHECK(has(r.out, topic));

    // --no-headers (a global flag): the rows only, for cut / awk.
    r = run_kfk({"topic", "offsets", topic, "--at", "earliest", "--no-headers"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_FALSE(has(r.out, "PARTITION"));
    REQUIRE(r.lines().size() >= 2);
    CHECK(r.lines()[0].starts_with(topic + "  0  0"));

    // read_committed: no open transaction, so the last stable offset is the log end.
    r = run_kfk({"topic", "offsets", topic, "--isolation", "read_committed", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(partition_of(r.json(), 0)["offset"] == 3);
}

TEST_CASE("topic offsets: bad input has its exit code and says what to do") {
    const std::string topic = kfk_test::unique_name("cli-offsets-bad");
    REQUIRE(run_kfk({"topic", "create", topic, "-p", "2"}).code == 0);

    auto r = run_kfk({"topic", "offsets", kfk_test::unique_name("missing")});
    CHECK_MESSAGE(r.code == 2, describe(r));
    CHECK(has(r.err, "does not exist"));

    r = run_kfk({"topic", "offsets", topic, "-p", "7"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "no partition 7"));
    CHECK(r.out.empty());

    r = run_kfk({"topic", "offsets", topic, "--at", "yesterday-ish"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "hint"));

    // One topic missing among two: the other is printed, exit 4 (partial).
    r = run_kfk({"topic", "offsets", topic, kfk_test::unique_name("missing"), "-o", "json"});
    CHECK_MESSAGE(r.code == 4, describe(r));
    CHECK(r.json()["topics"].size() == 1);
}
