// Positions on the real broker: assign at offsets/beginning/end/timestamp, seek right after
// assign (librdkafka#3959), seek to a time, watermarks, pause/resume, wakeup(), decode errors.
#include <future>
#include <thread>

#include "consumer_it_support.hpp"

using namespace kfk_consumer_it;

namespace {

// A fixed base time (milliseconds) well inside the broker's retention.
kfk::TimePoint base_time() {
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    return now - std::chrono::hours{1};
}

// The next record (of `partition`, if given), skipping consume events.
std::optional<kfk::Message> next_record(kfk::BytesConsumer& consumer,
                                        std::chrono::milliseconds timeout = 30s,
                                        std::optional<std::int32_t> partition = std::nullopt) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        auto m = consumer.poll(100ms);
        if (!m || m->is_partition_eof()) continue;
        REQUIRE_MESSAGE(!m->is_error(), m->error().to_string());
        if (partition && m->partition() != *partition) continue;
        return m;
    }
    return std::nullopt;
}

// Waits for the end-of-partition event (ConsumerConfig::enable_partition_eof): the start
// offset is resolved and everything up to the end was fetched.
bool reached_end(kfk::BytesConsumer& consumer, std::int32_t partition) {
    const auto deadline = Clock::now() + 30s;
    while (Clock::now() < deadline) {
        auto m = consumer.poll(100ms);
        if (m && m->is_partition_eof() && m->partition() == partition) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("assign at an offset, the beginning, the end and a timestamp, with seeks right after") {
    const auto topic = new_topic("pos-assign", 2);
    const auto t0 = base_time();
    // Partition 0: v0..v9 stamped t0, t0+1s, ... t0+9s.
    produce(topic, 10, 0, 0, "v", t0, 1000ms);
    produce(topic, 10, 1, 100, "w");
    const auto group = kfk_test::unique_name("pos-assign-g");
    kfk::BytesConsumer consumer{config(group).enable_partition_eof(true)};

    consumer.assign({{topic, 0, 4}});
    auto m = next_record(consumer);
    REQUIRE(m);
    CHECK(m->offset() == 4);
    CHECK(m->timestamp().type == kfk::TimestampType::create_time);
    CHECK(m->timestamp().time == t0 + 4s);

    consumer.assign({{topic, 0, kfk::offset::beginning}});
    m = next_record(consumer);
    REQUIRE(m);
    CHECK(m->offset() == 0);

    consumer.assign({{topic, 1, kfk::offset::end}});
    REQUIRE(reached_end(consumer, 1));
    produce(topic, 1, 1, 200, "w");
    m = next_record(consumer);
    REQUIRE(m);
    CHECK(m->value() == std::optional<std::string_view>{"w200"});

    consumer.assign_at({{topic, 0}}, t0 + 6500ms, 10s);
    m = next_record(consumer);
    REQUIRE(m);
    CHECK(m->offset() == 7);  // first record at or after t0+6.5s

    // Seek immediately after assign(), also where the start is the (absent) committed offset:
    // plain librdkafka refuses that with "Local: Erroneous state".
    consumer.assign({{topic, 0, kfk::offset::stored}, {topic, 1, kfk::offset::stored}});
    consumer.seek({topic, 0, 2}, 10s);
    m = next_record(consumer, 30s, 0);
    REQUIRE(m);
    CHECK(m->offset() == 2);

    consumer.assign({{topic, 0, 9}});
    consumer.seek_to_beginning({{topic, 0}}, 10s);
    m = next_record(consumer);
    REQUIRE(m);
    CHECK(m->offset() == 0);
    consumer.seek_to_end({{topic, 0}}, 10s);
    CHECK_FALSE(next_record(consumer, 1s));
}

TEST_CASE("seek to a time: offsets_for_times() and seek(), e.g. 'the last few seconds'") {
    const auto topic = new_topic("pos-time", 1);
    const auto t0 = base_time();
    produce(topic, 10, 0, 0, "v", t0, 1000ms);
    kfk::BytesConsumer consumer{config(kfk_test::unique_name("pos-time-g"))};
    consumer.assign({{topic, 0, kfk::offset::beginning}});

    const auto found =
        consumer.offsets_for_times({{topic, 0, (t0 + 3s).time_since_epoch().count()}}, 10s);
    REQUIRE(found.size() == 1);
    CHECK(found[0].offset == 3);
    consumer.seek(found[0], 10s);
    auto m = next_record(consumer);
    REQUIRE(m);
    CHECK(m->offset() == 3);
    CHECK(m->timestamp().time == t0 + 3s);

    // Past the last record: the end of the partition.
    const auto none =
        consumer.offsets_for_times({{topic, 0, (t0 + 1h).time_since_epoch().count()}}, 10s);
    CHECK(none.at(0).offset == kfk::offset::end);

    const auto w = consumer.watermark_offsets(topic, 0, 10s);
    CHECK(w.low == 0);
    CHECK(w.high == 10);
}

TEST_CASE("pause() stops one partition without losing its place; resume() continues it") {
    const auto topic = new_topic("pos-pause", 2);
    produce(topic, 5, 0, 0, "p0-");
    produce(topic, 5, 1, 0, "p1-");
    kfk::BytesConsumer consumer{config(kfk_test::unique_name("pos-pause-g"))};
    consumer.assign({{topic, 0, kfk::offset::beginning}, {topic, 1, kfk::offset::beginning}});
    consumer.pause({{topic, 0}});

    std::map<std::int32_t, std::vector<std::int64_t>> seen;
    auto read_for = [&](std::chrono::milliseconds d) {
        const auto until = Clock::now() + d;
        while (Clock::now() < until) {
            auto m = consumer.poll(100ms);
            if (m && !m->is_error() && !m->is_partition_eof())
                seen[m->partition()].push_back(m->offset());
        }
    };
    read_for(3s);
    CHECK(seen[0].empty());
    CHECK(seen[1].size() == 5);

    consumer.resume({{topic, 0}});
    const auto deadline = Clock::now() + 30s;
    while (seen[0].size() < 5 && Clock::now() < deadline) read_for(200ms);
    REQUIRE(seen[0].size() == 5);
    CHECK(seen[0].front() == 0);
    CHECK(consumer.position({{topic, 0}}).at(0).offset == 5);
}

TEST_CASE("wakeup() from another thread returns a blocked poll(10s) quickly") {
    const auto topic = new_topic("pos-wakeup", 1);
    kfk::BytesConsumer consumer{config(kfk_test::unique_name("pos-wakeup-g"))};
    consumer.subscribe({topic});
    std::promise<void> polling;
    auto waker = std::async(std::launch::async, [&] {
        polling.get_future().wait();
        std::this_thread::sleep_for(500ms);
        consumer.wakeup();
    });
    std::optional<kfk::Message> m;
    const double taken = seconds_taken([&] {
        polling.set_value();
        m = consumer.poll(10s);
    });
    waker.get();
    MESSAGE("poll(10s) returned after " << taken << " s (wakeup() after 0.5 s)");
    CHECK_FALSE(m);
    CHECK(taken < 5.0);
}

TEST_CASE("a value that does not decode is reported on its record; the next good record arrives") {
    const auto topic = new_topic("pos-decode", 1);
    {
        kfk::Producer<std::string, std::string> bytes{
            kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap())};
        REQUIRE(bytes.send_sync(topic, "bad", std::string{"xyz"}, 10s).ok());  // 3 bytes
        kfk::Producer<std::string, std::int32_t> ints{
            kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap())};
        REQUIRE(ints.send_sync(topic, "good", 7, 10s).ok());
    }
    kfk::Consumer<std::string, std::int32_t> consumer{
        config(kfk_test::unique_name("pos-decode-g"))};
    consumer.subscribe({topic});
    std::vector<kfk::ConsumerRecord<std::string, std::int32_t>> records;
    const auto deadline = Clock::now() + 30s;
    while (records.size() < 2 && Clock::now() < deadline) {
        auto r = consumer.poll(100ms);
        if (r && !r->is_error() && !r->is_partition_eof()) records.push_back(std::move(*r));
    }
    REQUIRE(records.size() == 2);
    CHECK(records[0].has_decode_error());
    CHECK(records[0].decode_error().code() == kfk::ErrorCode::value_deserialization);
    CHECK_FALSE(records[0].value());
    CHECK(records[0].key() == std::optional<std::string>{"bad"});
    CHECK_FALSE(records[1].has_decode_error());
    CHECK(records[1].value() == std::optional<std::int32_t>{7});
    CHECK(records[1].leader_epoch().has_value());
}
