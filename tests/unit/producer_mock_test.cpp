// Producer behaviour against librdkafka's in-process mock cluster: the ways to send, record
// encoding, partitioning, failures (injected errors, slow or unreachable brokers, full queue,
// fatal errors), close() and callback exceptions.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kfk/kfk.hpp"
#include "producer_test_support.hpp"

using namespace std::chrono_literals;
using kfk::BytesProducer;
using kfk::DeliveryReport;
using kfk::ErrorCode;
using kfk::PersistedStatus;
using kfk::RawRecord;
using kfk_unit::MockCluster;
using kfk_unit::producer_config;

namespace {

// Collects reports from callbacks running on the SDK's thread.
struct Reports {
    std::mutex mu;
    std::vector<DeliveryReport> all;
    std::vector<std::string> topics;  // report.topic copied while the callback runs

    kfk::DeliveryCallback callback() {
        return [this](const DeliveryReport& r) { add(r); };
    }
    void add(const DeliveryReport& r) {
        std::lock_guard lock{mu};
        all.push_back(r);
        topics.emplace_back(r.topic);
    }
    std::size_t size() {
        std::lock_guard lock{mu};
        return all.size();
    }
    std::vector<DeliveryReport> snapshot() {
        std::lock_guard lock{mu};
        return all;
    }
};

std::string describe(const DeliveryReport& r) {
    static const char* status[] = {"not_persisted", "possibly_persisted", "persisted"};
    return std::string{r.topic} + "[" + std::to_string(r.partition) + "]@" +
           std::to_string(r.offset) + " " + status[static_cast<int>(r.status)] + " " +
           r.error.to_string();
}

}  // namespace

TEST_CASE("producer: future, callback, send_sync and produce() report the same way") {
    MockCluster cluster;
    cluster.create_topic("ways", 3);
    Reports any;
    auto config = producer_config(cluster);
    config.on_delivery([&](const DeliveryReport& r) { any.add(r); });
    BytesProducer producer{config};

    const RawRecord record{.topic = "ways", .key = "k", .value = "v", .partition = 1};
    auto future = producer.send(record);
    std::promise<DeliveryReport> from_callback;
    producer.send(record, [&](const DeliveryReport& r) { from_callback.set_value(r); });
    const DeliveryReport sync = producer.send_sync(record, 10s);
    REQUIRE_FALSE(producer.produce(record));
    REQUIRE_FALSE(producer.flush(10s));
    REQUIRE(any.size() == 1);

    std::vector<DeliveryReport> reports{future.get(), from_callback.get_future().get(), sync,
                                        any.snapshot().front()};
    std::set<std::int64_t> offsets;
    for (const auto& r : reports) {
        INFO(describe(r));
        CHECK(r.ok());
        CHECK(r.topic == "ways");
        CHECK(r.partition == 1);
        CHECK(r.status == PersistedStatus::persisted);
        // The mock cluster answers with a LogAppendTime (a real broker with CreateTime topics
        // does not: see the integration tests).
        CHECK(r.timestamp.type != kfk::TimestampType::not_available);
        offsets.insert(r.offset);
    }
    CHECK(offsets == std::set<std::int64_t>{0, 1, 2, 3});
    CHECK(producer.in_flight() == 0);
    producer.close();
}

TEST_CASE("producer: explicit partition and timestamp are kept end to end") {
    MockCluster cluster;
    cluster.create_topic("explicit", 4);
    BytesProducer producer{producer_config(cluster)};
    const auto when = kfk::TimePoint{std::chrono::milliseconds{1'600'000'000'123}};
    const auto r = producer.send_sync(
        {.topic = "explicit", .value = "x", .partition = 3, .timestamp = when}, 10s);
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.partition == 3);

    const auto back = kfk_unit::read_back(cluster.bootstrap(), "explicit", 4, 1);
    REQUIRE(back.size() == 1);
    CHECK(back[0].partition == 3);
    CHECK(back[0].timestamp.time == when);
    CHECK(back[0].timestamp.type == kfk::TimestampType::create_time);

    // A partition the topic does not have is refused before queueing, as a report.
    const auto bad = producer.send_sync({.topic = "explicit", .value = "x", .partition = 9}, 10s);
    INFO(describe(bad));
    CHECK(bad.error.code() == ErrorCode::unknown_partition);
    CHECK(bad.status == PersistedStatus::not_persisted);
}

TEST_CASE("producer: null and empty keys, values and header values stay distinct") {
    MockCluster cluster;
    cluster.create_topic("nulls", 1);
    BytesProducer producer{producer_config(cluster)};

    using std::nullopt;
    using Opt = std::optional<std::string_view>;
    const std::string binary{"\0\x01\xff\x7f", 4};
    const std::vector<kfk::Header> headers{{"dup", "1"},  {"dup", "2"},    {"null", nullopt},
                                           {"empty", ""}, {"bin", binary}, {"", "no name"},
                                           {"dup", "3"}};
    struct Case {
        Opt key;
        Opt value;
    };
    const std::vector<Case> cases{{nullopt, nullopt},
                                  {"", ""},
                                  {"k", nullopt},
                                  {nullopt, ""},
                                  {"", nullopt},
                                  {binary, binary},
                                  {std::string_view{}, std::string_view{}}};
    for (const auto& c : cases) {
        const auto r = producer.send_sync(
            {.topic = "nulls", .key = c.key, .value = c.value, .headers = headers}, 10s);
        INFO(describe(r));
        REQUIRE(r.ok());
    }

    const auto back = kfk_unit::read_back(cluster.bootstrap(), "nulls", 1, cases.size());
    REQUIRE(back.size() == cases.size());
    std::vector<kfk::Header> headers_back;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(i);
        CHECK(back[i].key == cases[i].key);
        CHECK(back[i].value == cases[i].value);
        headers_back.clear();
        for (const auto& h : back[i].headers) headers_back.push_back(h.view());
        CHECK(headers_back == headers);
    }
}

TEST_CASE("producer: keyed records map to partitions like the Java client (murmur2)") {
    // (key, partition of 6) as Kafka's Java producer maps them: verified against the real
    // broker by integration/tests/producer_partitioner_test.cpp.
    const std::vector<std::pair<std::string, int>> java_table{{"", 3},
                                                              {"a", 4},
                                                              {"key", 1},
                                                              {"order-1", 4},
                                                              {"order-2", 3},
                                                              {"order-42", 0},
                                                              {"user:1001", 5},
                                                              {"hello world", 1},
                                                              {"kfk", 2},
                                                              {"Apache Kafka", 4},
                                                              {"\xc3\xa9t\xc3\xa9", 1},
                                                              {"0", 2},
                                                              {"12345678", 0},
                                                              {"abc", 3},
                                                              {"abcd", 2},
                                                              {"abcde", 1}};
    MockCluster cluster;
    cluster.create_topic("keys", 6);
    kfk::Producer<std::string, std::string> producer{producer_config(cluster)};
    for (const auto& [key, partition] : java_table) {
        const auto r = producer.send_sync("keys", key, "v", 10s);
        INFO("key '" << key << "': " << describe(r));
        REQUIRE(r.ok());
        CHECK(r.partition == partition);
    }
}

TEST_CASE("producer: records without a key spread over partitions (sticky batches)") {
    MockCluster cluster;
    cluster.create_topic("spread", 6);
    auto config = producer_config(cluster);
    config.set("sticky.partitioning.linger.ms", "1");
    BytesProducer producer{config};
    Reports reports;
    for (int round = 0; round < 40; ++round) {
        for (int i = 0; i < 20; ++i)
            producer.send({.topic = "spread", .value = "v"}, reports.callback());
        REQUIRE_FALSE(producer.flush(10s));
        std::this_thread::sleep_for(3ms);
    }
    std::map<std::int32_t, int> per_partition;
    for (const auto& r : reports.snapshot()) {
        REQUIRE(r.ok());
        ++per_partition[r.partition];
    }
    INFO("partitions used: " << per_partition.size());
    CHECK(per_partition.size() > 1);
}

TEST_CASE("producer: idempotent produce survives injected retriable errors in order, once") {
    MockCluster cluster;
    constexpr int partitions = 4;
    cluster.create_topic("retries", partitions, 3);
    auto config = producer_config(cluster);
    config.linger(5ms).batch_num_messages(50);
    BytesProducer producer{config};

    // Produce requests fail with retriable errors (and one dropped connection) before the
    // cluster accepts them.
    rd_kafka_mock_push_request_errors(
        cluster.get(), 0 /* Produce */, 7, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);

    constexpr int per_partition = 500;
    Reports reports;
    std::vector<std::string> values;
    values.reserve(partitions * per_partition);
    for (int i = 0; i < per_partition; ++i) {
        for (int p = 0; p < partitions; ++p) {
            values.push_back(std::to_string(p) + ":" + std::to_string(i));
            producer.send({.topic = "retries", .value = values.back(), .partition = p},
                          reports.callback());
        }
    }
    REQUIRE_FALSE(producer.flush(30s));
    for (const auto& r : reports.snapshot()) {
        INFO(describe(r));
        REQUIRE(r.ok());
    }

    const auto back =
        kfk_unit::read_back(cluster.bootstrap(), "retries", partitions, partitions * per_partition);
    REQUIRE(back.size() == partitions * per_partition);
    std::map<std::int32_t, std::vector<std::string>> seen;
    std::map<std::int32_t, std::int64_t> last_offset;
    for (const auto& m : back) {
        CHECK(m.offset > last_offset.try_emplace(m.partition, -1).first->second);
        last_offset[m.partition] = m.offset;
        seen[m.partition].push_back(m.value.value_or("<null>"));
    }
    for (int p = 0; p < partitions; ++p) {
        CAPTURE(p);
        REQUIRE(seen[p].size() == per_partition);
        for (int i = 0; i < per_partition; ++i) {
            REQUIRE(seen[p][i] == std::to_string(p) + ":" + std::to_string(i));
        }
    }
}

TEST_CASE("producer: a broker slower than the delivery timeout fails records with their status") {
    MockCluster cluster(1);
    cluster.create_topic("slow", 1);
    auto config = producer_config(cluster);
    // One request at a time, one record per request: the first is in flight when the delivery
    // timeout hits, the others never left the local queue.
    config.acks(kfk::Acks::leader)
        .max_in_flight(1)
        .batch_num_messages(1)
        .linger(0ms)
        .delivery_timeout(1500ms)
        .request_timeout(1000ms)
        // Else the telemetry request (KIP-714) may take the one in-flight slot first.
        .set("enable.metrics.push", "false");
    BytesProducer producer{config};
    // Let the producer learn the leader first, then make the broker slow. (A loaded machine
    // may need more than the 1.5 s delivery timeout for the first record: try again.)
    kfk::Error warm_up{ErrorCode::unknown};
    for (int attempt = 0; attempt < 30 && warm_up; ++attempt) {
        warm_up = producer.send_sync({.topic = "slow", .value = "warm-up"}, 10s).error;
    }
    REQUIRE_MESSAGE(!warm_up, warm_up.to_string());
    cluster.set_rtt_all(1, 5000);

    Reports reports;
    for (int i = 0; i < 5; ++i) producer.send({.topic = "slow", .value = "v"}, reports.callback());
    REQUIRE_FALSE(producer.flush(20s));
    const auto all = reports.snapshot();
    REQUIRE(all.size() == 5);
    int possibly = 0;
    int not_persisted = 0;
    for (const auto& r : all) {
        INFO(describe(r));
        CHECK(r.error.code() == ErrorCode::message_timed_out);
        CHECK(r.error.is_retriable());
        CHECK(r.status != PersistedStatus::persisted);
        possibly += r.status == PersistedStatus::possibly_persisted;
        not_persisted += r.status == PersistedStatus::not_persisted;
    }
    CHECK(possibly >= 1);
    CHECK(not_persisted >= 1);
    cluster.set_rtt_all(1, 0);
}

TEST_CASE("producer: a full local queue fails fast or blocks up to the deadline") {
    MockCluster cluster(1);
    cluster.create_topic("full", 1);
    auto base = producer_config(cluster);
    base.queue_max_messages(10).linger(0ms);

    SUBCASE("fail_fast: the eleventh record is refused at once with a retriable error") {
        auto config = base;
        config.queue_full_policy(kfk::QueueFullPolicy::fail_fast);
        BytesProducer producer{config};
        REQUIRE(producer.send_sync({.topic = "full", .value = "warm-up"}, 10s).ok());
        // The warm-up record still counts against the queue until librdkafka frees it, just
        // after its report was served; start from an empty queue.
        for (int i = 0; i < 500 && producer.in_flight() > 0; ++i) std::this_thread::sleep_for(10ms);
        REQUIRE(producer.in_flight() == 0);
        rd_kafka_mock_broker_set_down(cluster.get(), 1);
        Reports reports;
        for (int i = 0; i < 10; ++i) {
            producer.send({.topic = "full", .value = "v"}, reports.callback());
        }
        CHECK(reports.size() == 0);
        auto refused = producer.send({.topic = "full", .value = "v"});
        REQUIRE(refused.wait_for(0s) == std::future_status::ready);
        const auto r = refused.get();
        INFO(describe(r));
        CHECK(r.error.code() == ErrorCode::queue_full);
        CHECK(r.error.is_retriable());
        CHECK(r.status == PersistedStatus::not_persisted);
        const kfk::Error err = producer.produce({.topic = "full", .value = "v"});
        CHECK(err.code() == ErrorCode::queue_full);
        CHECK(err.is_retriable());

        // Once the broker is back the queued ten are delivered.
        rd_kafka_mock_broker_set_up(cluster.get(), 1);
        REQUIRE_FALSE(producer.flush(20s));
        REQUIRE(reports.size() == 10);
        for (const auto& rep : reports.snapshot()) CHECK(rep.ok());
    }
    SUBCASE("block: waits up to the deadline, then fails with queue_full") {
        auto config = base;
        config.queue_full_policy(kfk::QueueFullPolicy::block).default_send_timeout(300ms);
        BytesProducer producer{config};
        REQUIRE(producer.send_sync({.topic = "full", .value = "warm-up"}, 10s).ok());
        // As above: start from an empty queue.
        REQUIRE(kfk_unit::eventually_true([&] { return producer.in_flight() == 0; }));
        rd_kafka_mock_broker_set_down(cluster.get(), 1);
        Reports reports;
        for (int i = 0; i < 10; ++i) {
            producer.send({.topic = "full", .value = "v"}, reports.callback());
        }
        const auto start = std::chrono::steady_clock::now();
        const kfk::Error err = producer.produce({.topic = "full", .value = "v"});
        const auto waited = std::chrono::steady_clock::now() - start;
        INFO("waited " << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count()
                       << " ms");
        CHECK(err.code() == ErrorCode::queue_full);
        CHECK(err.is_retriable());
        CHECK(waited >= 300ms);  // it did block rather than fail fast

        // A blocked send goes through as soon as room appears.
        std::thread revive{[&] {
            std::this_thread::sleep_for(200ms);
            rd_kafka_mock_broker_set_up(cluster.get(), 1);
        }};
        const auto r = producer.send_sync({.topic = "full", .value = "late"}, 20s);
        revive.join();
        INFO(describe(r));
        CHECK(r.ok());
        REQUIRE_FALSE(producer.flush(20s));
        CHECK(reports.size() == 10);
    }
}

TEST_CASE("producer: close() fails every undelivered record within its deadline") {
    Reports reports;
    std::vector<std::future<DeliveryReport>> futures;
    SUBCASE("broker unreachable: records never left the local queue") {
        auto config = kfk::ProducerConfig{}
                          .bootstrap_servers("127.0.0.1:1")  // nothing listens there
                          .log_sink(kfk::null_log_sink());
        BytesProducer producer{config};
        for (int i = 0; i < 50; ++i) {
            producer.send({.topic = "nowhere", .value = "v"}, reports.callback());
            futures.push_back(producer.send({.topic = "nowhere", .value = "v"}));
        }
        const auto start = std::chrono::steady_clock::now();
        producer.close(1s);
        MESSAGE("close(1s) took " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - start)
                                         .count()
                                  << " ms");
        const auto all = reports.snapshot();
        REQUIRE(all.size() == 50);
        for (const auto& r : all) {
            INFO(describe(r));
            CHECK(r.error.code() == ErrorCode::purge_queue);
            CHECK(r.status == PersistedStatus::not_persisted);
        }
        for (auto& f : futures) {
            REQUIRE(f.wait_for(0s) == std::future_status::ready);
            CHECK(f.get().error.code() == ErrorCode::purge_queue);
        }
        // Closed is closed: later sends are refused, with a report.
        const auto late = producer.send_sync({.topic = "nowhere", .value = "v"}, 1s);
        CHECK(late.error.code() == ErrorCode::state);
    }
    SUBCASE("broker silent: records in flight are reported possibly_persisted") {
        MockCluster cluster(1);
        cluster.create_topic("silent", 1);
        auto config = producer_config(cluster);
        config.acks(kfk::Acks::leader).linger(0ms);
        BytesProducer producer{config};
        REQUIRE(producer.send_sync({.topic = "silent", .value = "warm-up"}, 10s).ok());
        cluster.set_rtt_all(1, 30000);
        cluster.start_tracking();
        for (int i = 0; i < 20; ++i) {
            producer.send({.topic = "silent", .value = "v"}, reports.callback());
        }
        // The broker has the records (and will not answer for 30 s).
        REQUIRE(kfk_unit::eventually_true([&] { return cluster.requests(0 /* Produce */) > 0; }));
        producer.close(1s);
        const auto all = reports.snapshot();
        REQUIRE(all.size() == 20);
        int inflight = 0;
        for (const auto& r : all) {
            INFO(describe(r));
            REQUIRE(r.error);
            if (r.error.code() == ErrorCode::purge_inflight) {
                ++inflight;
                CHECK(r.status == PersistedStatus::possibly_persisted);
            } else {
                CHECK(r.error.code() == ErrorCode::purge_queue);
                CHECK(r.status == PersistedStatus::not_persisted);
            }
        }
        CHECK(inflight >= 1);
        cluster.set_rtt_all(1, 0);
    }
}

TEST_CASE("producer: an exception thrown by a delivery callback is rethrown on the user's thread") {
    MockCluster cluster;
    cluster.create_topic("throws", 1);
    BytesProducer producer{producer_config(cluster)};
    const RawRecord record{.topic = "throws", .value = "v"};
    auto thrower = [](const DeliveryReport&) { throw std::runtime_error("boom from callback"); };

    SUBCASE("from flush()") {
        producer.send(record, thrower);
        CHECK_THROWS_WITH_AS(static_cast<void>(producer.flush(10s)), "boom from callback",
                             std::runtime_error);
        // Rethrown once only.
        CHECK_FALSE(producer.flush(10s));
    }
    SUBCASE("from the next send()") {
        producer.send(record, thrower);
        REQUIRE(kfk_unit::eventually_true([&] { return producer.in_flight() == 0; }));
        CHECK_THROWS_WITH_AS(producer.send(record), "boom from callback", std::runtime_error);
    }
    SUBCASE("from close()") {
        producer.send(record, thrower);
        CHECK_THROWS_WITH_AS(producer.close(10s), "boom from callback", std::runtime_error);
    }
    SUBCASE("from the producer-wide on_delivery callback") {
        auto config = producer_config(cluster);
        config.on_delivery([](const DeliveryReport&) { throw std::logic_error("wide boom"); });
        BytesProducer wide{config};
        REQUIRE_FALSE(wide.produce(record));
        CHECK_THROWS_WITH_AS(static_cast<void>(wide.flush(10s)), "wide boom", std::logic_error);
    }
    SUBCASE("a refused record's callback throws from send() itself") {
        auto config = producer_config(cluster);
        BytesProducer closed{config};
        closed.close();
        CHECK_THROWS_WITH_AS(closed.send(record, thrower), "boom from callback",
                             std::runtime_error);
    }
}

TEST_CASE("producer: manual delivery polling serves reports on the polling thread") {
    MockCluster cluster;
    cluster.create_topic("manual", 1);
    auto config = producer_config(cluster);
    config.delivery_polling(kfk::DeliveryPolling::manual);
    BytesProducer producer{config};
    const auto caller = std::this_thread::get_id();
    std::thread::id ran_on;
    int calls = 0;
    producer.send({.topic = "manual", .value = "v"}, [&](const DeliveryReport& r) {
        ran_on = std::this_thread::get_id();
        ++calls;
        CHECK(r.ok());
    });
    auto future = producer.send({.topic = "manual", .value = "v"});
    // Nothing serves reports until the application does.
    std::this_thread::sleep_for(300ms);
    CHECK(calls == 0);
    CHECK(future.wait_for(0s) == std::future_status::timeout);
    for (int i = 0; i < 200 && calls == 0; ++i) producer.poll(50ms);
    CHECK(calls == 1);
    CHECK(ran_on == caller);
    REQUIRE_FALSE(producer.flush(10s));
    CHECK(future.get().ok());
    // send_sync serves reports itself.
    CHECK(producer.send_sync({.topic = "manual", .value = "v"}, 10s).ok());
}

TEST_CASE("producer: background delivery serves reports without the application polling") {
    MockCluster cluster;
    cluster.create_topic("background", 1);
    BytesProducer producer{producer_config(cluster)};
    auto future = producer.send({.topic = "background", .value = "v"});
    REQUIRE(future.wait_for(20s) == std::future_status::ready);
    CHECK(future.get().ok());
    // poll() is harmless in background mode.
    CHECK(producer.poll(0ms) == 0);
}

TEST_CASE("producer: calling blocking producer functions from a delivery callback is refused") {
    MockCluster cluster;
    cluster.create_topic("reentrant", 1);
    BytesProducer producer{producer_config(cluster)};
    std::promise<std::string> what;
    producer.send({.topic = "reentrant", .value = "v"}, [&](const DeliveryReport&) {
        try {
            static_cast<void>(producer.flush(1s));
            what.set_value("no exception");
        } catch (const kfk::UsageError& e) {
            what.set_value(e.what());
        }
    });
    const auto message = what.get_future().get();
    CHECK(message.find("delivery callback") != std::string::npos);
}

TEST_CASE("producer: a fatal error is reported with is_fatal and refuses later sends") {
    MockCluster cluster;
    cluster.create_topic("fatal", 1);
    std::promise<kfk::Error> reported;
    std::once_flag once;
    auto config = producer_config(cluster);
    config.on_error([&](const kfk::Error& e) {
        if (e.is_fatal()) std::call_once(once, [&] { reported.set_value(e); });
    });
    BytesProducer producer{config};
    REQUIRE(producer.send_sync({.topic = "fatal", .value = "v"}, 10s).ok());
    CHECK_FALSE(producer.fatal_error());

    // What librdkafka does when, e.g., the broker lost the idempotent producer's sequence.
    auto* rk = static_cast<rd_kafka_t*>(producer.native_handle());
    REQUIRE(rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                                      "injected by test") == RD_KAFKA_RESP_ERR_NO_ERROR);

    auto future = reported.get_future();
    REQUIRE(future.wait_for(10s) == std::future_status::ready);
    const kfk::Error via_callback = future.get();
    INFO(via_callback.to_string());
    CHECK(via_callback.is_fatal());
    CHECK(via_callback.code() == ErrorCode{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER});

    const kfk::Error fatal = producer.fatal_error();
    CHECK(fatal.is_fatal());
    CHECK(fatal.code() == ErrorCode{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER});

    const auto r = producer.send_sync({.topic = "fatal", .value = "v"}, 10s);
    INFO(describe(r));
    CHECK(r.error.is_fatal());
    CHECK(r.error.code() == ErrorCode{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER});
    CHECK(r.status == PersistedStatus::not_persisted);
    CHECK(producer.produce({.topic = "fatal", .value = "v"}).is_fatal());
}

TEST_CASE("producer: typed Producer<K, V> serializes keys and values, null stays null") {
    MockCluster cluster;
    cluster.create_topic("typed", 2);
    kfk::Producer<std::string, std::int64_t> producer{producer_config(cluster)};
    auto r1 = producer.send_sync("typed", "answer", 42, 10s);
    REQUIRE(r1.ok());
    auto r2 = producer.send({.topic = "typed", .key = "gone", .value = std::nullopt}).get();
    REQUIRE(r2.ok());
    kfk::Producer<kfk::serde::Null, std::string> unkeyed{producer_config(cluster)};
    REQUIRE(unkeyed.send_sync({.topic = "typed", .value = "no key", .partition = 0}, 10s).ok());

    const auto back = kfk_unit::read_back(cluster.bootstrap(), "typed", 2, 3);
    REQUIRE(back.size() == 3);
    std::map<std::string, const kfk_unit::Record*> by_key;
    const kfk_unit::Record* no_key = nullptr;
    for (const auto& m : back) {
        if (m.key) {
            by_key[*m.key] = &m;
        } else {
            no_key = &m;
        }
    }
    REQUIRE(by_key.count("answer"));
    CHECK(by_key["answer"]->value == std::string{"\0\0\0\0\0\0\0\x2a", 8});
    REQUIRE(by_key.count("gone"));
    CHECK_FALSE(by_key["gone"]->value.has_value());
    REQUIRE(no_key);
    CHECK(no_key->value == "no key");
}
