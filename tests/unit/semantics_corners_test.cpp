// Issue 8 corners on librdkafka's mock cluster: commits of non-records, seek + commit,
// commit_async exactly once, a Message outliving its consumer, timestamps the producer cannot
// keep, and send() from inside a delivery callback with a full queue.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "consumer_test_support.hpp"
#include "core/error_map.hpp"
#include "producer/producer_impl.hpp"

using namespace kfk_consumer_test;

TEST_CASE("commit_sync/commit_async of a partition-EOF event throw UsageError, commit nothing") {
    MockCluster mock;
    const std::string topic = "eof-commit";
    mock.create_topic(topic, 1);
    produce(mock, topic, 3);
    auto config = consumer_config(mock, "eof-commit-group").enable_auto_commit(false);
    config.set("enable.partition.eof", "true");
    kfk::BytesConsumer consumer{config};
    consumer.assign({{topic, 0, kfk::offset::beginning}});
    std::optional<kfk::Message> eof;
    int records = 0;
    for (int i = 0; i < 200 && !eof; ++i) {
        auto m = consumer.poll(100ms);
        if (!m) continue;
        if (m->is_partition_eof()) {
            eof.emplace(std::move(*m));
        } else if (!m->is_error()) {
            ++records;
        }
    }
    REQUIRE(eof);
    REQUIRE(records == 3);
    CHECK_THROWS_AS(consumer.commit_sync(*eof, 10s), kfk::UsageError);
    CHECK_THROWS_AS(consumer.commit_async(*eof), kfk::UsageError);
    // Before the fix: EOF offset 3 + 1 = 4, one past the log end.
    CHECK(committed_of(consumer, topic, 0).offset == kfk::offset::invalid);
    consumer.commit_sync(10s);  // the position: after the last record
    CHECK(committed_of(consumer, topic, 0).offset == 3);
}

TEST_CASE("seek(off + 1) then commit_sync() skips a poison record for good") {
    MockCluster mock;
    const std::string topic = "poison";
    mock.create_topic(topic, 1);
    produce(mock, topic, 6);
    const std::string group = "poison-group";
    {
        kfk::BytesConsumer consumer{consumer_config(mock, group).enable_auto_commit(false)};
        consumer.assign({{topic, 0, kfk::offset::beginning}});
        REQUIRE(drain(consumer, 3).size() == 3);  // v0..v2; v3 is the poison record
        consumer.seek({topic, 0, 4}, 10s);
        consumer.commit_sync(10s);
        CHECK(committed_of(consumer, topic, 0).offset == 4);
        consumer.close(10s);
    }
    kfk::BytesConsumer again{consumer_config(mock, group).enable_auto_commit(false)};
    again.assign({{topic, 0, kfk::offset::stored}});
    const auto rest = drain(again, 2);
    REQUIRE(rest.size() == 2);
    CHECK(rest[0] == "v4");
}

TEST_CASE("commit_async callbacks run exactly once when close() runs out of time") {
    MockCluster mock;
    const std::string topic = "async-close";
    mock.create_topic(topic, 1);
    produce(mock, topic, 2);
    std::atomic<int> calls{0};
    kfk::Error result;
    {
        kfk::BytesConsumer consumer{consumer_config(mock, "async-close-group")
                                        .enable_auto_commit(false)
                                        .log_sink(kfk::null_log_sink())};
        consumer.subscribe({topic});
        REQUIRE(drain(consumer, 2).size() == 2);
        // No broker answers any more: the commit result never arrives, nor does the group's
        // leave; close() gives up at its deadline.
        mock.all_brokers_down();
        consumer.commit_async([&](const kfk::Error& e, const kfk::TopicPartitionOffsets&) {
            ++calls;
            result = e;
        });
        consumer.close(500ms);
        CHECK(calls == 1);
        CHECK(result.code() == kfk::ErrorCode::destroy);
    }
    CHECK(calls == 1);  // not again from the destructor or a late result
}

TEST_CASE("a Message that outlives its consumer does not hang the destructor") {
    MockCluster mock;
    const std::string topic = "outlive";
    mock.create_topic(topic, 1);
    produce(mock, topic, 2);
    // Declared before the consumer: destroyed after it. (A std::unique_ptr rather than a
    // std::optional only to keep g++ 12's -Wmaybe-uninitialized false positive away.)
    std::unique_ptr<kfk::Message> kept;
    std::atomic<int> warnings{0};
    double took = 0;
    {
        auto config = consumer_config(mock, "outlive-group");
        config.log_sink(
            [&](kfk::LogLevel level, std::string_view, std::string_view, std::string_view) {
                if (level == kfk::LogLevel::warning) ++warnings;
            });
        auto consumer = std::make_unique<kfk::BytesConsumer>(config);
        consumer->assign({{topic, 0, kfk::offset::beginning}});
        for (int i = 0; i < 200 && !kept; ++i) {
            auto m = consumer->poll(100ms);
            if (m && !m->is_error() && !m->is_partition_eof())
                kept = std::make_unique<kfk::Message>(std::move(*m));
        }
        REQUIRE(kept);
        took = seconds_taken([&] { consumer.reset(); });
    }
    MESSAGE("destructor returned after " << took << " s");
    CHECK(took < 30);  // bounded: the teardown finishes in the background
    CHECK(warnings >= 1);
    CHECK(kept->value().value_or("") == "v0");  // still readable
    kept.reset();                               // lets the background teardown finish
}

TEST_CASE("producer: timestamps of 0 or before the epoch are refused with a clear error") {
    MockCluster mock;
    mock.create_topic("ts", 1);
    kfk::BytesProducer producer{
        kfk::ProducerConfig{}.bootstrap_servers(mock.bootstrap()).log_sink(kfk::null_log_sink())};
    for (std::int64_t ms : {0LL, -1LL, -5000LL}) {
        CAPTURE(ms);
        kfk::RawRecord r{.topic = "ts", .value = "v"};
        r.timestamp = kfk::TimePoint{std::chrono::milliseconds{ms}};
        const auto report = producer.send_sync(r, 10s);
        CHECK(report.error.code() == kfk::ErrorCode::invalid_arg);
        CHECK(report.status == kfk::PersistedStatus::not_persisted);
        CHECK(report.error.message().find("timestamp") != std::string::npos);
    }
    kfk::RawRecord ok{.topic = "ts", .value = "v"};
    ok.timestamp = kfk::TimePoint{std::chrono::milliseconds{1}};
    const auto report = producer.send_sync(ok, 10s);
    CHECK_MESSAGE(report.ok(), report.error.to_string());
}

TEST_CASE("producer: send() from a delivery callback with a full queue fails fast") {
    MockCluster mock;
    mock.create_topic("dr-full", 1);
    kfk::BytesProducer producer{kfk::ProducerConfig{}
                                    .bootstrap_servers(mock.bootstrap())
                                    .log_sink(kfk::null_log_sink())
                                    .queue_max_messages(10)
                                    .queue_full_policy(kfk::QueueFullPolicy::block)
                                    .default_send_timeout(5s)
                                    .delivery_timeout(1000ms)};
    // The 1 s delivery timeout is for the records below; a loaded machine may need more than
    // one try to connect and learn the topic's leader first.
    kfk::Error warm_up{kfk::ErrorCode::unknown};
    for (int attempt = 0; attempt < 30 && warm_up; ++attempt) {
        warm_up = producer.send_sync({.topic = "dr-full", .value = "warm-up"}, 10s).error;
    }
    REQUIRE_MESSAGE(!warm_up, warm_up.to_string());
    mock.all_brokers_down();
    std::atomic<int> reports{0};
    std::optional<kfk::Error> resend;
    double resend_took = -1;
    for (int i = 0; i < 10; ++i) {
        producer.send({.topic = "dr-full", .value = "v"}, [&](const kfk::DeliveryReport&) {
            if (reports++ == 0) {
                // Every record times out together: the other nine still fill the queue.
                resend_took = seconds_taken(
                    [&] { resend = producer.produce({.topic = "dr-full", .value = "again"}); });
            }
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (reports < 10 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    REQUIRE(reports == 10);
    REQUIRE(resend);
    MESSAGE("send() inside the callback returned after " << resend_took
                                                         << " s: " << resend->to_string());
    if (*resend) {
        CHECK(resend->code() == kfk::ErrorCode::queue_full);
        CHECK(resend->is_retriable());
        CHECK(resend_took < 4.5);  // never waits out its 5 s: the reports would stall with it
    }
}

TEST_CASE("producer: reports name ever new topics without growing the shared name table") {
    // Nothing listens on port 1: every record here is refused before it is queued anyway.
    kfk::BytesProducer producer{
        kfk::ProducerConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    const std::size_t names = kfk::detail::interned_topics_max + 300;
    std::vector<std::pair<std::string, kfk::DeliveryReport>> kept;
    for (std::size_t i = 0; i < names; ++i) {
        std::string topic = "tenant-" + std::to_string(i) + "-events-with-a-long-name";
        kfk::RawRecord r{.topic = topic, .value = "v"};
        r.timestamp = kfk::TimePoint{std::chrono::milliseconds{-1}};  // refused at once
        auto report = producer.send_sync(r, 1s);
        REQUIRE(report.error.code() == kfk::ErrorCode::invalid_arg);
        REQUIRE(report.topic == topic);
        if (i % 251 == 0 || i + 3 >= names) kept.emplace_back(topic, report);  // a copy
    }
    CHECK(kfk::detail::interned_topic_count() <= kfk::detail::interned_topics_max);
    // The copies outlive the reports and strings they came from, and still read right.
    for (const auto& [topic, report] : kept) CHECK(report.topic == topic);
    CHECK(kept.back().second.topic_storage);  // past the bound: the report owns its name
}

TEST_CASE("error classification: the Java client's retriable set") {
    for (const int code : {2,  3,  5,  6,  7,  9,  13, 14, 15, 16, 19, 20,  41,
                           51, 56, 70, 71, 72, 74, 75, 78, 80, 88, 89, 100, 103}) {
        CAPTURE(code);
        CHECK(kfk::detail::make_error(static_cast<rd_kafka_resp_err_t>(code)).is_retriable());
    }
    // Not retriable: the member must rejoin, or the request itself is wrong.
    for (const int code : {27, 10, 17, 22, 25, 29, 79, 86, 87}) {
        CAPTURE(code);
        CHECK_FALSE(kfk::detail::make_error(static_cast<rd_kafka_resp_err_t>(code)).is_retriable());
    }
}
