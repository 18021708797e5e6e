// Lag against the real broker: Admin::group_lag after a known workload, cross-checked with
// Kafka's own kafka-consumer-groups --describe; read_committed; a consumer's own lag; the
// Burrow-style watcher on live groups.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "admin_it_support.hpp"
#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;

namespace {

using admin_it::create_topic;
using admin_it::make_admin;
using admin_it::produce;

std::unique_ptr<kfk::BytesConsumer> group_consumer(const std::string& group,
                                                   const std::string& client_id) {
    return std::make_unique<kfk::BytesConsumer>(kfk::ConsumerConfig{}
                                                    .bootstrap_servers(kfk_test::bootstrap())
                                                    .group_id(group)
                                                    .client_id(client_id)
                                                    .auto_offset_reset(kfk::OffsetReset::earliest)
                                                    .enable_auto_commit(false));
}

// One row of kafka-consumer-groups --describe, keyed by column header.
using ToolRow = std::map<std::string, std::string>;

// The rows of `topic` in ConsumerGroupCommand's --describe table, by partition.
std::map<int, ToolRow> describe_with_kafka_tool(const std::string& group,
                                                const std::string& topic) {
    auto result = kfk_test::kafka_tool(
        "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
        {"--bootstrap-server", kfk_test::bootstrap(), "--describe", "--group", group});
    INFO("ConsumerGroupCommand output:\n" << result.out);
    REQUIRE(result.exit_code == 0);
    std::istringstream in{result.out};
    std::string line;
    std::vector<std::string> header;
    std::map<int, ToolRow> rows;
    while (std::getline(in, line)) {
        std::istringstream fields{line};
        std::vector<std::string> cells;
        for (std::string cell; fields >> cell;) cells.push_back(cell);
        if (cells.empty()) continue;
        if (cells[0] == "GROUP") {
            header = cells;
            continue;
        }
        if (header.empty() || cells.size() != header.size()) continue;
        ToolRow row;
        for (size_t i = 0; i < cells.size(); ++i) row[header[i]] = cells[i];
        if (row["TOPIC"] == topic) rows[std::stoi(row["PARTITION"])] = row;
    }
    REQUIRE_MESSAGE(!header.empty(), "no table header in the tool's output");
    return rows;
}

std::string opt(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : "-";
}

}  // namespace

TEST_CASE("group lag = produced - consumed per partition, and matches kafka-consumer-groups") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("lag");
    const auto group = kfk_test::unique_name("lag-g");
    create_topic(admin, topic, 3);
    const std::map<int, int> produced{{0, 30}, {1, 20}, {2, 10}};
    for (const auto& [p, n] : produced) produce(topic, p, n);

    // The consumer reads everything but marks as consumed only 10 of p0 and all of p1;
    // p2 it never commits.
    auto consumer = group_consumer(group, "kfk-it-lag");
    consumer->subscribe({topic});
    std::map<int, int> received;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while ((received[0] < 30 || received[1] < 20 || received[2] < 10) &&
           std::chrono::steady_clock::now() < deadline) {
        if (auto m = consumer->poll(200ms); m && !m->is_error()) ++received[m->partition()];
    }
    REQUIRE_MESSAGE(consumer->assignment().size() == 3, "assignment incomplete");
    const std::map<int, std::int64_t> consumed{{0, 10}, {1, 20}};
    consumer->commit_sync({{topic, 0, consumed.at(0)}, {topic, 1, consumed.at(1)}});

    const auto lag = admin.group_lag(group, 10s);
    CHECK(lag.group == group);
    CHECK(lag.state == kfk::GroupState::stable);
    CHECK(lag.type == kfk::GroupType::classic);
    REQUIRE(lag.partitions.size() == 3);
    for (const auto& p : lag.partitions) {
        CAPTURE(p.partition);
        CHECK_FALSE(p.error);
        CHECK(p.log_start == 0);
        CHECK(p.log_end == produced.at(p.partition));
        REQUIRE(p.owner);
        CHECK(p.owner->member_id == consumer->member_id());
        CHECK(p.owner->client_id == "kfk-it-lag");
        if (consumed.count(p.partition)) {
            CHECK(p.committed == consumed.at(p.partition));
            CHECK(p.lag == produced.at(p.partition) - consumed.at(p.partition));
        } else {
            // No commit: its own state, not zero lag.
            CHECK_FALSE(p.has_commit());
            CHECK_FALSE(p.lag.has_value());
        }
        CHECK_FALSE(p.committed_before_log_start);
    }
    CHECK(lag.total_lag == 20);
    CHECK(lag.partitions_without_commit == 1);
    REQUIRE(lag.topics.size() == 1);
    CHECK(lag.topics[0].lag == 20);
    CHECK(lag.topics[0].partitions == 3);

    // Kafka's own tool on the same group, the member still alive.
    const auto rows = describe_with_kafka_tool(group, topic);
    REQUIRE(rows.size() == 3);
    for (const auto& p : lag.partitions) {
        CAPTURE(p.partition);
        const auto& row = rows.at(p.partition);
        CHECK(row.at("CURRENT-OFFSET") == opt(p.committed));
        CHECK(row.at("LOG-END-OFFSET") == std::to_string(p.log_end));
        CHECK(row.at("LAG") == opt(p.lag));
        CHECK(row.at("CONSUMER-ID") == p.owner->member_id);
        CHECK(row.at("CLIENT-ID") == p.owner->client_id);
        CHECK(row.at("HOST") == p.owner->host);
    }

    // The consumer's own view agrees: it has read everything, so its position lag is zero.
    const auto own = kfk::consumer_lag(*consumer, 10s);
    REQUIRE(own.size() == 3);
    for (const auto& l : own) {
        CAPTURE(l.partition);
        CHECK_FALSE(l.error);
        CHECK(l.position == produced.at(l.partition));
        CHECK_FALSE(l.from_committed);
        CHECK(l.lag == 0);
    }
    produce(topic, 2, 7);
    for (const auto& l : kfk::consumer_lag(*consumer, 10s)) {
        if (l.partition == 2) CHECK(l.lag == 7);
    }
    consumer->close(10s);

    // Without members the group keeps its commits; partitions without a commit and without
    // an owner drop out of the view (there is nothing to measure them against).
    const auto empty = admin.group_lag(group, 10s);
    CHECK(empty.state == kfk::GroupState::empty);
    REQUIRE(empty.partitions.size() == 2);
    CHECK_FALSE(empty.partitions[0].owner);
    CHECK(empty.total_lag == 20);

    (void)admin.delete_groups({group}, 10s);
    (void)admin.delete_topics({topic}, 30s);
}

TEST_CASE("lag: a commit below the log start counts from the log start and is flagged") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("lag-trunc");
    const auto group = kfk_test::unique_name("lag-trunc-g");
    create_topic(admin, topic, 1);
    produce(topic, 0, 50);
    REQUIRE(admin.alter_group_offsets(group, {{topic, 0, 5}}, 10s).at(0).error.code() ==
            kfk::ErrorCode::no_error);
    (void)admin.delete_records({{topic, 0, 20}}, 30s);
    const auto lag = admin.group_lag(group, 10s);
    REQUIRE(lag.partitions.size() == 1);
    const auto& p = lag.partitions[0];
    CHECK(p.committed == 5);
    CHECK(p.log_start == 20);
    CHECK(p.log_end == 50);
    CHECK(p.lag == 30);
    CHECK(p.committed_before_log_start);
    (void)admin.delete_groups({group}, 10s);
    (void)admin.delete_topics({topic}, 30s);
}

TEST_CASE("lag under read_committed is measured against the last stable offset") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("lag-txn");
    const auto group = kfk_test::unique_name("lag-txn-g");
    create_topic(admin, topic, 1);
    produce(topic, 0, 10);
    REQUIRE_FALSE(admin.alter_group_offsets(group, {{topic, 0, 4}}, 10s).at(0).error);

    kfk::Producer<std::string, std::string> txn{
        kfk::ProducerConfig{}
            .bootstrap_servers(kfk_test::bootstrap())
            .transactional_id(kfk_test::unique_name("lag-txn-id"))};
    txn.init_transactions(30s);
    txn.begin_transaction();
    for (int i = 0; i < 5; ++i) {
        REQUIRE_FALSE(
            txn.produce({.topic = topic, .key = std::nullopt, .value = "open", .partition = 0}));
    }
    REQUIRE_FALSE(txn.flush(30s));

    const auto uncommitted = admin.group_lag(group, 10s, kfk::IsolationLevel::read_uncommitted);
    const auto committed = admin.group_lag(group, 10s, kfk::IsolationLevel::read_committed);
    REQUIRE(uncommitted.partitions.size() == 1);
    REQUIRE(committed.partitions.size() == 1);
    CHECK(uncommitted.partitions[0].log_end == 15);  // high watermark
    CHECK(uncommitted.partitions[0].lag == 11);
    CHECK(committed.partitions[0].log_end == 10);  // last stable offset: the open txn's start
    CHECK(committed.partitions[0].lag == 6);
    CHECK(committed.isolation == kfk::IsolationLevel::read_committed);

    txn.abort_transaction(30s);
    txn.close(10s);
    (void)admin.delete_groups({group}, 10s);
    (void)admin.delete_topics({topic}, 30s);
}

TEST_CASE("LagWatcher on live groups: STOP when the consumer has gone, STALL when it idles") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("lag-watch");
    create_topic(admin, topic, 1);
    produce(topic, 0, 10);

    kfk::Producer<std::string, std::string> producer{
        kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap()).linger(1ms)};
    auto produce_one = [&] {
        auto r = producer.send_sync(
            {.topic = topic, .key = std::nullopt, .value = "tick", .partition = 0}, 10s);
        REQUIRE_MESSAGE(r.ok(), r.error.to_string());
    };

    SUBCASE("gone: commits stopped at 4, no member, records keep arriving") {
        const auto group = kfk_test::unique_name("lag-watch-gone");
        REQUIRE_FALSE(admin.alter_group_offsets(group, {{topic, 0, 4}}, 10s).at(0).error);
        kfk::LagWatcher watcher{admin, group, {.window = 4}};
        const auto status = watcher.run(4, 200ms, 10s, [&](const auto& s, const auto& lag) {
            INFO(to_string(s.status) << " total lag " << lag.total_lag);
            produce_one();
        });
        REQUIRE(status.partitions.size() == 1);
        CAPTURE(status.partitions[0].reason);
        CHECK(status.partitions[0].status == kfk::LagStatus::stop);
        CHECK(status.status == kfk::LagStatus::error);
        CHECK(status.worst == kfk::LagStatus::stop);
        CHECK(status.state == kfk::GroupState::empty);
        CHECK(status.samples == 4);
        (void)admin.delete_groups({group}, 10s);
    }
    SUBCASE("idle: a member holds the partition and never commits past 2") {
        const auto group = kfk_test::unique_name("lag-watch-idle");
        auto consumer = group_consumer(group, "kfk-it-idle");
        consumer->subscribe({topic});
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (consumer->assignment().empty() && std::chrono::steady_clock::now() < deadline) {
            (void)consumer->poll(100ms);
        }
        REQUIRE_FALSE(consumer->assignment().empty());
        consumer->commit_sync({{topic, 0, 2}});
        kfk::LagWatcher watcher{admin, group, {.window = 4}};
        const auto status = watcher.run(4, 200ms, 10s);
        REQUIRE(status.partitions.size() == 1);
        CAPTURE(status.partitions[0].reason);
        CHECK(status.partitions[0].status == kfk::LagStatus::stall);
        REQUIRE(status.partitions[0].owner);
        CHECK(status.partitions[0].owner->client_id == "kfk-it-idle");
        CHECK(status.status == kfk::LagStatus::error);
        consumer->close(10s);
        (void)admin.delete_groups({group}, 10s);
    }
    SUBCASE("caught up: OK; unknown group: NOTFOUND") {
        const auto group = kfk_test::unique_name("lag-watch-ok");
        const auto end = admin.list_offsets({{{topic, 0}, kfk::OffsetSpec::latest()}}, 10s);
        REQUIRE_FALSE(
            admin.alter_group_offsets(group, {{topic, 0, end.at(0).offset}}, 10s).at(0).error);
        kfk::LagWatcher watcher{admin, group, {.window = 3}};
        auto status = watcher.run(3, 100ms, 10s);
        CHECK(status.status == kfk::LagStatus::ok);
        CHECK(status.total_lag == 0);
        kfk::LagWatcher nobody{admin, kfk_test::unique_name("lag-watch-nobody")};
        CHECK(nobody.sample(10s).status == kfk::LagStatus::not_found);
        (void)admin.delete_groups({group}, 10s);
    }
    producer.close(10s);
    (void)admin.delete_topics({topic}, 30s);
}
