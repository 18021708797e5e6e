// The commit models on librdkafka's mock cluster: what gets stored and committed, and when
// (modern-cpp-kafka#215, cppkafka#287: auto-commit semantics must not silently differ).
#include <doctest/doctest.h>

#include <stdexcept>
#include <thread>

#include "consumer_test_support.hpp"

using namespace kfk_consumer_test;

namespace {

struct ProcessingFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One partition, `count` records v0..v(count-1).
void one_partition_topic(MockCluster& mock, const std::string& topic, int count) {
    mock.create_topic(topic, 1);
    produce(mock, topic, count);
}

}  // namespace

TEST_CASE("auto commit: a record is committed only after the application came back for more") {
    MockCluster mock;
    const std::string topic = "auto-store";
    one_partition_topic(mock, topic, 5);
    const std::string group = "auto-store-group";
    kfk::BytesConsumer consumer{consumer_config(mock, group).auto_commit_interval(100ms)};
    consumer.subscribe({topic});
    kfk::BytesConsumer observer{consumer_config(mock, group)};
    auto committed_now = [&] { return committed_of(observer, topic, 0).offset; };

    std::optional<kfk::Message> first;
    for (int i = 0; i < 200 && !first; ++i) first = consumer.poll(100ms);
    REQUIRE(first);
    REQUIRE(first->offset() == 0);
    // Handed out but maybe not processed yet: the auto committer (every 100 ms) leaves it.
    std::this_thread::sleep_for(1s);
    CHECK(committed_now() == kfk::offset::invalid);

    auto second = consumer.poll(5s);  // the application is back: record 0 is processed
    REQUIRE(second);
    REQUIRE(second->offset() == 1);
    std::int64_t seen = kfk::offset::invalid;
    for (int i = 0; i < 100 && seen != 1; ++i) {
        std::this_thread::sleep_for(100ms);
        seen = committed_now();
    }
    CHECK(seen == 1);  // record 0 committed, record 1 (in the application's hands) not
}

TEST_CASE("auto commit: a record whose processing threw is redelivered to the next consumer") {
    MockCluster mock;
    const std::string topic = "auto-throw";
    one_partition_topic(mock, topic, 10);
    const std::string group = "auto-throw-group";

    std::vector<std::string> first_run;
    CHECK_THROWS_AS(
        [&] {
            kfk::BytesConsumer consumer{consumer_config(mock, group).auto_commit_interval(50ms)};
            consumer.subscribe({topic});
            for (;;) {
                auto m = consumer.poll(100ms);
                if (!m || m->is_error() || m->is_partition_eof()) continue;
                first_run.emplace_back(m->value().value_or(""));
                if (m->offset() == 5) throw ProcessingFailed{"record 5 is poison"};
            }
        }(),
        ProcessingFailed);
    REQUIRE(first_run.size() == 6);

    kfk::BytesConsumer next{consumer_config(mock, group)};
    CHECK(committed_of(next, topic, 0).offset == 5);
    next.subscribe({topic});
    const auto values = drain(next, 5);
    REQUIRE(values.size() == 5);
    CHECK(values.front() == "v5");  // redelivered, not lost
    CHECK(values.back() == "v9");
}

TEST_CASE("auto commit: close() without an exception counts the last record as processed") {
    MockCluster mock;
    const std::string topic = "auto-close";
    one_partition_topic(mock, topic, 3);
    const std::string group = "auto-close-group";
    {
        kfk::BytesConsumer consumer{
            consumer_config(mock, group).auto_commit_interval(std::chrono::hours{1})};
        consumer.subscribe({topic});
        REQUIRE(drain(consumer, 3).size() == 3);
        consumer.close(10s);
    }
    kfk::BytesConsumer observer{consumer_config(mock, group)};
    CHECK(committed_of(observer, topic, 0).offset == 3);
}

TEST_CASE("manual commit: nothing is committed until commit_sync(); restart resumes there") {
    MockCluster mock;
    const std::string topic = "manual";
    one_partition_topic(mock, topic, 10);
    const std::string group = "manual-group";
    {
        kfk::BytesConsumer consumer{consumer_config(mock, group).enable_auto_commit(false)};
        consumer.subscribe({topic});
        REQUIRE(drain(consumer, 4).size() == 4);
        consumer.commit_sync(10s);                // v0..v3
        REQUIRE(drain(consumer, 3).size() == 3);  // v4..v6: never committed
        consumer.close(10s);
    }
    kfk::BytesConsumer again{consumer_config(mock, group).enable_auto_commit(false)};
    CHECK(committed_of(again, topic, 0).offset == 4);
    again.subscribe({topic});
    const auto values = drain(again, 6);
    REQUIRE(values.size() == 6);
    CHECK(values.front() == "v4");
}

TEST_CASE("manual commit: commit_sync(offsets), commit_sync(message) and commit_async(callback)") {
    MockCluster mock;
    const std::string topic = "manual-explicit";
    one_partition_topic(mock, topic, 10);
    const std::string group = "manual-explicit-group";
    kfk::BytesConsumer consumer{consumer_config(mock, group).enable_auto_commit(false)};
    consumer.assign({{topic, 0, kfk::offset::beginning}});

    consumer.commit_sync({{topic, 0, 7}}, 10s);
    CHECK(committed_of(consumer, topic, 0).offset == 7);

    std::optional<kfk::Message> m;
    for (int i = 0; i < 100 && !m; ++i) m = consumer.poll(100ms);
    REQUIRE(m);
    consumer.commit_sync(*m, 10s);
    CHECK(committed_of(consumer, topic, 0).offset == m->offset() + 1);

    int calls = 0;
    kfk::Error result{kfk::ErrorCode::unknown};
    kfk::TopicPartitionOffsets committed;
    consumer.commit_async({{topic, 0, 9}},
                          [&](const kfk::Error& e, const kfk::TopicPartitionOffsets& o) {
                              ++calls;
                              result = e;
                              committed = o;
                          });
    for (int i = 0; i < 100 && calls == 0; ++i) (void)consumer.poll(50ms);
    REQUIRE(calls == 1);
    CHECK_MESSAGE(!result, result.to_string());
    REQUIRE(committed.size() == 1);
    CHECK(committed[0].offset == 9);
    CHECK(committed_of(consumer, topic, 0).offset == 9);

    // A callback whose result has not arrived when close() runs still runs, exactly once.
    int late_calls = 0;
    consumer.commit_async(
        {{topic, 0, 10}},
        [&](const kfk::Error&, const kfk::TopicPartitionOffsets&) { ++late_calls; });
    consumer.close(10s);
    CHECK(late_calls == 1);
}

TEST_CASE("explicit store: only store_offsets() is committed; the other models refuse it") {
    MockCluster mock;
    const std::string topic = "explicit-store";
    one_partition_topic(mock, topic, 10);
    const std::string group = "explicit-store-group";
    kfk::BytesConsumer consumer{consumer_config(mock, group)
                                    .enable_auto_offset_store(false)
                                    .auto_commit_interval(std::chrono::hours{1})};
    consumer.subscribe({topic});
    std::vector<kfk::Message> read;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (read.size() < 6 && std::chrono::steady_clock::now() < deadline) {
        auto m = consumer.poll(100ms);
        if (m && !m->is_error() && !m->is_partition_eof()) read.push_back(std::move(*m));
    }
    REQUIRE(read.size() == 6);
    consumer.store_offsets(read[2]);  // records 0..2 done; 3..5 still in progress
    consumer.commit_sync(10s);
    CHECK(committed_of(consumer, topic, 0).offset == 3);
    consumer.store_offsets({{topic, 0, 5}});
    consumer.commit_sync(10s);
    CHECK(committed_of(consumer, topic, 0).offset == 5);

    kfk::BytesConsumer sdk_store{consumer_config(mock, group)};
    CHECK_THROWS_AS(sdk_store.store_offsets({{topic, 0, 1}}), kfk::UsageError);
}

TEST_CASE("commit_sync() with nothing consumed is a no-op; commits without a group throw") {
    MockCluster mock;
    one_partition_topic(mock, "noop-commit", 1);
    kfk::BytesConsumer consumer{
        consumer_config(mock, "noop-commit-group").enable_auto_commit(false)};
    consumer.subscribe({"noop-commit"});
    CHECK_NOTHROW(consumer.commit_sync(10s));

    kfk::BytesConsumer groupless{consumer_config(mock, "")};
    CHECK(groupless.group_id().empty());
    CHECK_THROWS_AS(groupless.commit_sync(1s), kfk::UsageError);
    CHECK_THROWS_AS(groupless.subscribe({"noop-commit"}), kfk::UsageError);
    CHECK_THROWS_AS(groupless.committed({{"noop-commit", 0}}, 1s), kfk::UsageError);
}

TEST_CASE("seek then commit commits the seek position, as Java's commitSync() does") {
    MockCluster mock;
    const std::string topic = "seek-back";
    one_partition_topic(mock, topic, 10);
    kfk::BytesConsumer consumer{
        consumer_config(mock, "seek-back-group").auto_commit_interval(std::chrono::hours{1})};
    consumer.assign({{topic, 0, kfk::offset::beginning}});
    REQUIRE(drain(consumer, 6).size() == 6);  // records 0..5; 0..4 stored, 5 in hand
    consumer.seek({topic, 0, 2}, 10s);        // the application wants 2.. again
    consumer.commit_sync(10s);
    // Not 6 (past the record handed out before the seek, which will be re-read).
    CHECK(committed_of(consumer, topic, 0).offset == 2);
    const auto again = drain(consumer, 1);
    REQUIRE(again.size() == 1);
    CHECK(again.front() == "v2");
}
