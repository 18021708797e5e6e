// Statistics::parse on the JSON librdkafka really emits (captured from a producer talking to
// the mock cluster), and on input it cannot parse.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <string>

#include "kfk/kfk.hpp"
#include "producer_test_support.hpp"

using namespace std::chrono_literals;

TEST_CASE("statistics: a producer's real statistics JSON parses into the typed fields") {
    kfk_unit::MockCluster cluster;
    cluster.create_topic("stats", 2);
    std::mutex mu;
    kfk::Statistics latest;
    bool have = false;
    auto config = kfk_unit::producer_config(cluster);
    config.client_id("stats-client").on_statistics(100ms, [&](const kfk::Statistics& s) {
        std::lock_guard lock{mu};
        latest = s;
        have = true;
    });
    kfk::BytesProducer producer{config};
    for (int p = 0; p < 2; ++p) {
        for (int i = 0; i < 5; ++i) {
            REQUIRE(producer.send_sync({.topic = "stats", .value = "v", .partition = p}, 10s).ok());
        }
    }
    // Wait for a report taken after the records were acknowledged.
    kfk::Statistics s;
    REQUIRE(kfk_unit::eventually_true([&] {
        std::lock_guard lock{mu};
        if (!have || latest.tx_msgs < 10 || latest.partitions.size() < 2) return false;
        s = latest;
        return true;
    }));
    INFO(s.raw_json);
    CHECK(s.raw_json.front() == '{');
    CHECK(s.name == producer.name());
    CHECK(s.client_id == "stats-client");
    CHECK(s.type == "producer");
    CHECK(s.ts_us > 0);
    CHECK(s.tx_msgs >= 10);
    CHECK(s.msg_cnt == 0);  // everything was delivered
    CHECK(s.msg_max > 0);

    int up = 0;
    for (const auto& b : s.brokers) {
        CAPTURE(b.name);
        CHECK_FALSE(b.name.empty());
        CHECK_FALSE(b.state.empty());
        if (b.node_id >= 1 && b.state == "UP") ++up;
        CHECK(b.rtt_avg.count() >= 0);
        CHECK(b.rtt_p99 >= b.rtt_avg - b.rtt_avg);  // present and non-negative
    }
    CHECK(up >= 1);

    int seen = 0;
    for (const auto& p : s.partitions) {
        CHECK(p.partition >= 0);  // librdkafka's internal -1 partition is left out
        if (p.topic != "stats") continue;
        ++seen;
        CHECK(p.msgq_cnt == 0);
    }
    CHECK(seen == 2);

    // The raw JSON is the whole document: parsing it again gives the same fields.
    const auto again = kfk::Statistics::parse(s.raw_json);
    CHECK(again.name == s.name);
    CHECK(again.tx_msgs == s.tx_msgs);
    CHECK(again.brokers.size() == s.brokers.size());
    CHECK(again.partitions.size() == s.partitions.size());
}

TEST_CASE("statistics: unparsable input keeps the raw text and nothing else") {
    for (const std::string bad : {"", "not json", "[1,2,3]", "{\"name\": 5, \"brokers\": []}"}) {
        CAPTURE(bad);
        const auto s = kfk::Statistics::parse(bad);
        CHECK(s.raw_json == bad);
        CHECK(s.name.empty());
        CHECK(s.brokers.empty());
        CHECK(s.partitions.empty());
    }
}
