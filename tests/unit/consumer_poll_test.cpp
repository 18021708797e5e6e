// poll()/poll_batch(), wakeup(), callback exceptions, decode errors, seek after assign and
// more consumers than partitions, on librdkafka's mock cluster.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include "consumer_test_support.hpp"

using namespace kfk_consumer_test;

namespace {

struct ListenerFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace

TEST_CASE("wakeup() from another thread makes a blocked poll(10s) return at once") {
    MockCluster mock;
    mock.create_topic("wakeup", 1);
    kfk::BytesConsumer consumer{consumer_config(mock, "wakeup-group")};
    consumer.subscribe({"wakeup"});

    std::promise<void> polling;
    auto waker = std::async(std::launch::async, [&] {
        polling.get_future().wait();
        std::this_thread::sleep_for(300ms);
        consumer.wakeup();
    });
    std::optional<kfk::Message> m;
    const double taken = seconds_taken([&] {
        polling.set_value();
        m = consumer.poll(10s);
    });
    waker.get();
    MESSAGE("poll(10s) returned " << taken << " s after it started (wakeup() after 0.3 s)");
    CHECK_FALSE(m);
    CHECK(taken < 5.0);

    // A wakeup() with nobody polling makes the next poll return at once, and only that one.
    consumer.wakeup();
    CHECK(seconds_taken([&] { (void)consumer.poll(10s); }) < 5.0);
    std::vector<kfk::Message> batch;
    consumer.wakeup();
    CHECK(seconds_taken([&] { consumer.poll_batch(batch, 10, 10s); }) < 5.0);
    CHECK(batch.empty());
}

TEST_CASE("poll_batch() returns up to max records and reuses the vector") {
    MockCluster mock;
    mock.create_topic("batch", 1);
    produce(mock, "batch", 25);
    kfk::BytesConsumer consumer{consumer_config(mock, "batch-group")};
    consumer.subscribe({"batch"});
    std::vector<kfk::Message> batch;
    std::vector<std::int64_t> offsets;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (offsets.size() < 25 && std::chrono::steady_clock::now() < deadline) {
        const auto n = consumer.poll_batch(batch, 10, 200ms);
        CHECK(n == batch.size());
        CHECK(n <= 10);
        for (const auto& m : batch) {
            if (!m.is_error() && !m.is_partition_eof()) offsets.push_back(m.offset());
        }
    }
    REQUIRE(offsets.size() == 25);
    for (std::size_t i = 0; i < offsets.size(); ++i)
        CHECK(offsets[i] == static_cast<std::int64_t>(i));
    CHECK(consumer.poll_batch(batch, 0, 10ms) == 0);
}

TEST_CASE(
    "an exception from on_assigned is rethrown from poll() with the assignment applied, and no "
    "record is lost") {
    MockCluster mock;
    mock.create_topic("listener-throws", 2);
    produce(mock, "listener-throws", 5, 0);
    produce(mock, "listener-throws", 5, 1, 100);
    kfk::RebalanceListener listener;
    int assigned_calls = 0;
    listener.on_assigned = [&](const kfk::TopicPartitions& tps) {
        ++assigned_calls;
        if (!tps.empty()) throw ListenerFailed{"on_assigned failed"};
    };
    kfk::BytesConsumer consumer{consumer_config(mock, "listener-throws-group")};
    consumer.subscribe({"listener-throws"}, listener);

    bool thrown = false;
    std::set<std::string> values;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (values.size() < 10 && std::chrono::steady_clock::now() < deadline) {
        try {
            auto m = consumer.poll(100ms);
            if (m && !m->is_error() && !m->is_partition_eof())
                values.emplace(m->value().value_or(""));
        } catch (const ListenerFailed&) {
            thrown = true;
            CHECK(consumer.assignment().size() == 2);  // applied before the rethrow
        }
    }
    CHECK(thrown);
    CHECK(assigned_calls >= 1);
    CHECK(values.size() == 10);
}

TEST_CASE(
    "an exception from a commit callback surfaces from poll_batch(); the fetched records follow") {
    MockCluster mock;
    mock.create_topic("commit-cb-throws", 1);
    produce(mock, "commit-cb-throws", 20);
    kfk::BytesConsumer consumer{
        consumer_config(mock, "commit-cb-throws-group").enable_auto_commit(false)};
    consumer.subscribe({"commit-cb-throws"});
    std::vector<kfk::Message> batch;
    std::vector<std::int64_t> offsets;
    bool thrown = false;
    bool commit_requested = false;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (offsets.size() < 20 && std::chrono::steady_clock::now() < deadline) {
        try {
            consumer.poll_batch(batch, 3, 100ms);
        } catch (const ListenerFailed&) {
            thrown = true;
            CHECK(batch.empty());
            continue;
        }
        for (const auto& m : batch) {
            if (!m.is_error() && !m.is_partition_eof()) offsets.push_back(m.offset());
        }
        if (!offsets.empty() && !commit_requested) {
            commit_requested = true;
            consumer.commit_async([](const kfk::Error&, const kfk::TopicPartitionOffsets&) {
                throw ListenerFailed{"commit callback failed"};
            });
        }
    }
    CHECK(thrown);
    REQUIRE(offsets.size() == 20);
    for (std::size_t i = 0; i < offsets.size(); ++i)
        CHECK(offsets[i] == static_cast<std::int64_t>(i));
}

TEST_CASE(
    "a payload that does not decode is reported on the record; the next good record still "
    "arrives") {
    MockCluster mock;
    mock.create_topic("decode", 1);
    {
        kfk::Producer<std::string, std::string> raw{kfk::ProducerConfig{}
                                                        .bootstrap_servers(mock.bootstrap())
                                                        .log_sink(kfk::null_log_sink())};
        REQUIRE(raw.send_sync("decode", "bad", std::string{"abc"}, 10s).ok());  // 3 bytes
        kfk::Producer<std::string, std::int32_t> good{kfk::ProducerConfig{}
                                                          .bootstrap_servers(mock.bootstrap())
                                                          .log_sink(kfk::null_log_sink())};
        REQUIRE(good.send_sync("decode", "good", 42, 10s).ok());
    }
    kfk::Consumer<std::string, std::int32_t> consumer{consumer_config(mock, "decode-group")};
    consumer.subscribe({"decode"});
    std::vector<kfk::ConsumerRecord<std::string, std::int32_t>> records;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (records.size() < 2 && std::chrono::steady_clock::now() < deadline) {
        auto r = consumer.poll(100ms);
        if (r && !r->is_error() && !r->is_partition_eof()) records.push_back(std::move(*r));
    }
    REQUIRE(records.size() == 2);
    const auto& bad = records[0];
    CHECK(bad.has_decode_error());
    CHECK(bad.decode_error().code() == kfk::ErrorCode::value_deserialization);
    MESSAGE("decode error: " << bad.decode_error().to_string());
    CHECK_FALSE(bad.value().has_value());
    CHECK(bad.key() == std::optional<std::string>{"bad"});
    CHECK(bad.message().value() == std::optional<std::string_view>{"abc"});
    const auto& good = records[1];
    CHECK_FALSE(good.has_decode_error());
    CHECK(good.value() == std::optional<std::int32_t>{42});
    CHECK(good.offset() == 1);
    CHECK(good.timestamp().type == kfk::TimestampType::create_time);
    CHECK(good.leader_epoch().has_value());
}

TEST_CASE("seek() right after assign() works, also at the committed offset (librdkafka#3959)") {
    MockCluster mock;
    mock.create_topic("seek-assign", 1);
    produce(mock, "seek-assign", 10);
    kfk::BytesConsumer committer{consumer_config(mock, "seek-assign-group")};
    committer.commit_sync({{"seek-assign", 0, 2}}, 10s);

    kfk::BytesConsumer consumer{consumer_config(mock, "seek-assign-group")};
    // offset::stored: the fetcher waits for the committed offset, which is where a plain
    // librdkafka seek is refused with "Local: Erroneous state".
    consumer.assign({{"seek-assign", 0, kfk::offset::stored}});
    consumer.seek({"seek-assign", 0, 7}, 10s);
    auto values = drain(consumer, 3);
    REQUIRE(values.size() == 3);
    CHECK(values.front() == "v7");

    consumer.assign({{"seek-assign", 0, 5}});
    consumer.seek_to_beginning({{"seek-assign", 0}}, 10s);
    values = drain(consumer, 1);
    REQUIRE(values.size() == 1);
    CHECK(values.front() == "v0");

    CHECK_THROWS_AS(consumer.seek({"seek-assign", 3, 0}, 1s), kfk::Exception);
}

TEST_CASE(
    "more consumers than partitions: the idle one is not stuck and takes over when the owner "
    "leaves") {
    MockCluster mock;
    mock.create_topic("idle", 1);
    produce(mock, "idle", 5);
    auto a = std::make_unique<kfk::BytesConsumer>(consumer_config(mock, "idle-group"));
    a->subscribe({"idle"});
    REQUIRE(drain(*a, 5).size() == 5);
    a->commit_sync();

    std::vector<kfk::TopicPartitions> b_assignments;
    kfk::RebalanceListener listener;
    listener.on_assigned = [&](const kfk::TopicPartitions& tps) { b_assignments.push_back(tps); };
    auto b = std::make_unique<kfk::BytesConsumer>(consumer_config(mock, "idle-group"));
    b->subscribe({"idle"}, listener);
    // Both keep polling until the newcomer has been given its share. The assignor decides
    // which member keeps the single partition, so the test does not assume either way.
    for (int i = 0; i < 200 && b_assignments.empty(); ++i) {
        (void)a->poll(50ms);
        (void)b->poll(50ms);
    }
    REQUIRE_FALSE(b_assignments.empty());
    auto owns = [](kfk::BytesConsumer& c) { return c.assignment().size() == 1; };
    for (int i = 0; i < 40 && owns(*a) == owns(*b); ++i) {
        (void)a->poll(50ms);
        (void)b->poll(50ms);
    }
    REQUIRE_MESSAGE(owns(*a) != owns(*b), "exactly one member must own the partition: a owns "
                                              << a->assignment().size() << ", b owns "
                                              << b->assignment().size());
    auto& owner = owns(*a) ? a : b;
    auto& idle = owns(*a) ? b : a;

    produce(mock, "idle", 5, 0, 5);
    owner->close(10s);
    owner.reset();
    const auto values = drain(*idle, 5, 30s);
    CHECK(idle->assignment().size() == 1);
    REQUIRE(values.size() == 5);
    CHECK(values.front() == "v5");
}

TEST_CASE("an assign-only consumer (no group.id) reads from beginning/end per auto.offset.reset") {
    MockCluster mock;
    mock.create_topic("groupless", 1);
    produce(mock, "groupless", 4);
    kfk::BytesConsumer earliest{consumer_config(mock, "")};
    earliest.assign({{"groupless", 0}});
    CHECK(drain(earliest, 4).size() == 4);

    kfk::BytesConsumer latest{
        consumer_config(mock, "").auto_offset_reset(kfk::OffsetReset::latest)};
    latest.assign({{"groupless", 0}});
    CHECK(drain(latest, 1, 1s).empty());
    produce(mock, "groupless", 1, 0, 4);
    const auto values = drain(latest, 1);
    REQUIRE(values.size() == 1);
    CHECK(values.front() == "v4");
}

TEST_CASE("a member that stops polling loses its partitions: on_lost runs, not on_revoked") {
    MockCluster mock;
    mock.create_topic("lost", 1);
    produce(mock, "lost", 3);
    int assigned = 0;
    int revoked = 0;
    int lost = 0;
    kfk::RebalanceListener listener;
    listener.on_assigned = [&](const kfk::TopicPartitions& tps) { assigned += !tps.empty(); };
    listener.on_revoked = [&](const kfk::TopicPartitions&) { ++revoked; };
    listener.on_lost = [&](const kfk::TopicPartitions& tps) { lost += !tps.empty(); };
    kfk::BytesConsumer consumer{consumer_config(mock, "lost-group")
                                    .session_timeout(1000ms)
                                    .heartbeat_interval(100ms)
                                    .max_poll_interval(1000ms)};
    consumer.subscribe({"lost"}, listener);
    REQUIRE(drain(consumer, 3).size() == 3);
    REQUIRE(assigned == 1);

    std::this_thread::sleep_for(2500ms);  // past max.poll.interval.ms: the member left
    bool poll_exceeded_reported = false;
    for (int i = 0; i < 100 && lost == 0; ++i) {
        auto m = consumer.poll(100ms);
        if (m && m->is_error()) {
            MESSAGE("consume event: " << m->error().to_string());
            poll_exceeded_reported = true;
        }
    }
    CHECK(lost == 1);
    CHECK(revoked == 0);
    CHECK(poll_exceeded_reported);
    // It rejoins and gets the partition back.
    for (int i = 0; i < 100 && assigned < 2; ++i) (void)consumer.poll(100ms);
    CHECK(assigned == 2);
}
