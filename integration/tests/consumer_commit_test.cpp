// Commit models on the real broker: manual commit and restart, auto commit with a record whose
// processing threw, explicit store, and the committed offsets as Kafka's own tool sees them.
#include <stdexcept>

#include "consumer_it_support.hpp"

using namespace kfk_consumer_it;

namespace {

struct ProcessingFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The group's committed offset of `topic` partition 0 as kafka-consumer-groups.sh reports it
// (the CURRENT-OFFSET column), or "" if the tool does not list it.
std::string current_offset_by_kafka_tool(const std::string& group, const std::string& topic) {
    const auto o = offsets_by_kafka_tool(group, topic);
    return o ? o->current : "";
}

}  // namespace

TEST_CASE(
    "manual commit: a restart resumes at the committed offset; uncommitted records come again") {
    const auto topic = new_topic("commit-manual", 1);
    produce(topic, 20, 0);
    const auto group = kfk_test::unique_name("commit-manual-g");
    {
        kfk::Consumer<std::string, std::string> consumer{config(group).enable_auto_commit(false)};
        consumer.subscribe({topic});
        int read = 0;
        const auto deadline = Clock::now() + 30s;
        while (read < 12 && Clock::now() < deadline) {
            auto r = consumer.poll(100ms);
            if (!r || r->is_partition_eof()) continue;
            REQUIRE_MESSAGE(!r->is_error(), r->error().to_string());
            ++read;
            if (read == 8) consumer.commit_sync();  // records 0..7 are done
        }
        REQUIRE(read == 12);  // 8..11 read but never committed
        consumer.close();
    }
    // Kafka's own tool agrees.
    CHECK(current_offset_by_kafka_tool(group, topic) == "8");

    kfk::Consumer<std::string, std::string> again{config(group).enable_auto_commit(false)};
    CHECK(again.committed({{topic, 0}}, 10s).at(0).offset == 8);
    again.subscribe({topic});
    std::optional<kfk::ConsumerRecord<std::string, std::string>> first;
    const auto deadline = Clock::now() + 30s;
    while (!first && Clock::now() < deadline) {
        auto r = again.poll(100ms);
        if (r && !r->is_error() && !r->is_partition_eof()) first = std::move(r);
    }
    REQUIRE(first);
    CHECK(first->offset() == 8);
    CHECK(first->value() == std::optional<std::string>{"v8"});
    again.commit_sync(*first);
    CHECK(again.committed({{topic, 0}}, 10s).at(0).offset == 9);
}

TEST_CASE("auto commit: a record whose processing threw is not committed and comes back") {
    const auto topic = new_topic("commit-auto-throw", 1);
    produce(topic, 10, 0);
    const auto group = kfk_test::unique_name("commit-auto-throw-g");
    std::vector<std::int64_t> first_run;
    using Consumer = kfk::Consumer<std::string, std::string>;
    auto consume_until_failure = [&] {
        Consumer consumer{config(group).enable_auto_commit(true).auto_commit_interval(100ms)};
        consumer.subscribe({topic});
        for (;;) {
            auto r = consumer.poll(100ms);
            if (!r || r->is_partition_eof()) continue;
            REQUIRE_MESSAGE(!r->is_error(), r->error().to_string());
            first_run.push_back(r->offset());
            if (r->offset() == 6) throw ProcessingFailed{"record 6 cannot be processed"};
        }
        // The exception leaves the loop; the consumer is destroyed while it unwinds.
    };
    CHECK_THROWS_AS(consume_until_failure(), ProcessingFailed);
    REQUIRE(first_run.size() == 7);

    kfk::Consumer<std::string, std::string> next{config(group)};
    CHECK(next.committed({{topic, 0}}, 10s).at(0).offset == 6);
    next.subscribe({topic});
    std::vector<std::int64_t> second_run;
    const auto deadline = Clock::now() + 30s;
    while (second_run.size() < 4 && Clock::now() < deadline) {
        auto r = next.poll(100ms);
        if (r && !r->is_error() && !r->is_partition_eof()) second_run.push_back(r->offset());
    }
    REQUIRE(second_run.size() == 4);
    CHECK(second_run.front() == 6);  // the failed record again: at-least-once
    CHECK(second_run.back() == 9);
}

TEST_CASE("auto commit: the final commit on close() covers every record the loop finished") {
    const auto topic = new_topic("commit-auto-close", 2);
    produce(topic, 7, 0);
    produce(topic, 5, 1, 100);
    const auto group = kfk_test::unique_name("commit-auto-close-g");
    {
        kfk::BytesConsumer consumer{config(group).auto_commit_interval(std::chrono::hours{1})};
        consumer.subscribe({topic});
        REQUIRE(drain(consumer, 12).size() == 12);
        consumer.close();
    }
    kfk::BytesConsumer observer{config(group)};
    const auto committed = observer.committed({{topic, 0}, {topic, 1}}, 10s);
    CHECK(committed.at(0).offset == 7);
    CHECK(committed.at(1).offset == 5);
}

TEST_CASE("explicit store with auto commit: only stored offsets reach the broker") {
    const auto topic = new_topic("commit-store", 1);
    produce(topic, 10, 0);
    const auto group = kfk_test::unique_name("commit-store-g");
    {
        kfk::BytesConsumer consumer{
            config(group).enable_auto_offset_store(false).auto_commit_interval(100ms)};
        consumer.subscribe({topic});
        std::vector<kfk::Message> read;
        const auto deadline = Clock::now() + 30s;
        while (read.size() < 10 && Clock::now() < deadline) {
            auto m = consumer.poll(100ms);
            if (m && !m->is_error() && !m->is_partition_eof()) read.push_back(std::move(*m));
        }
        REQUIRE(read.size() == 10);
        consumer.store_offsets(read[3]);  // 0..3 processed, the rest in flight elsewhere
        consumer.close();
    }
    kfk::BytesConsumer observer{config(group)};
    CHECK(observer.committed({{topic, 0}}, 10s).at(0).offset == 4);
}

TEST_CASE("commit_async() reports its result through the callback inside poll()") {
    const auto topic = new_topic("commit-async", 1);
    produce(topic, 5, 0);
    const auto group = kfk_test::unique_name("commit-async-g");
    kfk::BytesConsumer consumer{config(group).enable_auto_commit(false)};
    consumer.subscribe({topic});
    REQUIRE(drain(consumer, 5).size() == 5);
    int calls = 0;
    kfk::Error result{kfk::ErrorCode::unknown};
    kfk::TopicPartitionOffsets offsets;
    consumer.commit_async([&](const kfk::Error& e, const kfk::TopicPartitionOffsets& o) {
        ++calls;
        result = e;
        offsets = o;
    });
    const auto deadline = Clock::now() + 30s;
    while (calls == 0 && Clock::now() < deadline) (void)consumer.poll(100ms);
    REQUIRE(calls == 1);
    CHECK_MESSAGE(!result, result.to_string());
    REQUIRE(offsets.size() == 1);
    CHECK(offsets[0].offset == 5);
    CHECK(consumer.committed({{topic, 0}}, 10s).at(0).offset == 5);
}
