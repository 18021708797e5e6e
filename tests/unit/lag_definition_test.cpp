// The one lag definition (kfk/lag.hpp) and the per-topic/group totals.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kfk/consumer.hpp"
#include "kfk/lag.hpp"

TEST_CASE("compute_lag: log end minus committed") {
    auto f = kfk::compute_lag(40, 0, 100);
    CHECK(f.lag == 60);
    CHECK_FALSE(f.committed_before_log_start);
    CHECK(kfk::compute_lag(100, 0, 100).lag == 0);
}

TEST_CASE("compute_lag: no commit is its own state, not zero lag") {
    auto f = kfk::compute_lag(std::nullopt, 0, 100);
    CHECK_FALSE(f.lag.has_value());
    CHECK_FALSE(f.committed_before_log_start);
    // librdkafka's "invalid" offset is no commit too.
    CHECK_FALSE(kfk::compute_lag(-1001, 0, 100).lag.has_value());
}

TEST_CASE("compute_lag: a commit below the log start counts from the log start and is flagged") {
    auto f = kfk::compute_lag(10, 50, 80);
    CHECK(f.lag == 30);
    CHECK(f.committed_before_log_start);
}

TEST_CASE("compute_lag: never negative; unknown log end gives no figure") {
    // A read_uncommitted commit past a read_committed LSO.
    CHECK(kfk::compute_lag(120, 0, 100).lag == 0);
    CHECK_FALSE(kfk::compute_lag(10, 0, -1).lag.has_value());
    // Unknown log start: no clamp.
    CHECK(kfk::compute_lag(10, -1, 30).lag == 20);
}

TEST_CASE("summarize: per-topic and group totals skip partitions without a commit") {
    kfk::GroupLag g;
    auto add = [&](const char* topic, int partition, std::optional<std::int64_t> committed,
                   std::int64_t end) {
        kfk::PartitionLag p;
        p.topic = topic;
        p.partition = partition;
        p.committed = committed;
        p.log_start = 0;
        p.log_end = end;
        p.lag = kfk::compute_lag(committed, 0, end).lag;
        g.partitions.push_back(p);
    };
    add("b", 1, 5, 10);
    add("a", 0, 3, 7);
    add("b", 0, std::nullopt, 100);
    add("a", 1, 7, 7);
    kfk::summarize(g);
    REQUIRE(g.partitions.size() == 4);
    CHECK(g.partitions[0].topic == "a");
    CHECK(g.partitions[3].topic_partition() == kfk::TopicPartition{"b", 1});
    CHECK(g.total_lag == 4 + 0 + 5);
    CHECK(g.partitions_without_commit == 1);
    REQUIRE(g.topics.size() == 2);
    CHECK(g.topics[0].topic == "a");
    CHECK(g.topics[0].lag == 4);
    CHECK(g.topics[0].partitions == 2);
    CHECK(g.topics[1].lag == 5);
    CHECK(g.topics[1].partitions_without_commit == 1);
    REQUIRE(g.find({"b", 0}) != nullptr);
    CHECK_FALSE(g.find({"b", 0})->has_commit());
    CHECK(g.find({"c", 0}) == nullptr);
}

TEST_CASE("consumer_lag accepts typed consumers too") {
    using Typed = kfk::Consumer<std::string, std::string>;
    auto* fn =
        static_cast<std::vector<kfk::ConsumerPartitionLag> (*)(Typed&, std::chrono::milliseconds)>(
            &kfk::consumer_lag<std::string, std::string>);
    CHECK(static_cast<bool>(fn));
}
