// TypedRecoveringProducer<K, V> against the mock cluster: typed records go out serialized as
// Producer<K, V> serializes them, before and after a fatal error replaced the producer, and a
// typed Consumer<K, V> reads them back. Also the shape of the typed layer: each typed class is
// its untyped class, with only the record-taking calls replaced.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk/typed_recovering_producer.hpp"
#include "producer_test_support.hpp"

using namespace std::chrono_literals;

namespace {

using Typed = kfk::TypedRecoveringProducer<std::string, std::int64_t>;
using TypedProducer = kfk::Producer<std::string, std::int64_t>;
using TypedConsumer = kfk::Consumer<std::string, std::int64_t>;
using Ms = std::chrono::milliseconds;

// Each typed class is its untyped class.
static_assert(std::is_base_of_v<kfk::BytesProducer, TypedProducer>);
static_assert(std::is_base_of_v<kfk::RecoveringProducer, Typed>);
static_assert(std::is_base_of_v<kfk::BytesConsumer, TypedConsumer>);
static_assert(std::is_same_v<decltype(std::declval<Typed&>().bytes()), kfk::RecoveringProducer&>);
static_assert(
    std::is_same_v<decltype(std::declval<TypedProducer&>().bytes()), kfk::BytesProducer&>);
static_assert(
    std::is_same_v<decltype(std::declval<TypedConsumer&>().bytes()), kfk::BytesConsumer&>);

// The record-taking calls are the typed ones; the RawRecord / Message ones are hidden, so a
// designated-initializer record is not ambiguous.
template <class P>
concept TypedSends = requires(P& p, const typename P::Record& r, const std::string& k,
                              const std::int64_t& v, Ms d) {
    { p.send(r) } -> std::same_as<std::future<kfk::DeliveryReport>>;
    {
        p.send(r, [](const kfk::DeliveryReport&) {})
        } -> std::same_as<void>;
    { p.send_sync(r, d) } -> std::same_as<kfk::DeliveryReport>;
    { p.produce(r) } -> std::same_as<kfk::Error>;
    { p.send("t", k, v) } -> std::same_as<std::future<kfk::DeliveryReport>>;
    {
        p.send("t", k, v, [](const kfk::DeliveryReport&) {})
        } -> std::same_as<void>;
    { p.send_sync("t", k, v, d) } -> std::same_as<kfk::DeliveryReport>;
    { p.produce("t", k, v) } -> std::same_as<kfk::Error>;
    { p.send_sync({.topic = "t", .key = "k", .value = 1}, d) } -> std::same_as<kfk::DeliveryReport>;
    { p.flush(d) } -> std::same_as<kfk::Error>;  // the untyped producer's own
    { p.in_flight() } -> std::same_as<std::size_t>;
};
template <class P>
concept SendsRaw = requires(P& p, const kfk::RawRecord& raw) {
    p.send(raw);
};
static_assert(TypedSends<TypedProducer>);
static_assert(TypedSends<Typed>);
static_assert(!SendsRaw<TypedProducer> && SendsRaw<kfk::BytesProducer>);
static_assert(!SendsRaw<Typed> && SendsRaw<kfk::RecoveringProducer>);
static_assert(requires(Typed & p) {
    { p.replacements() } -> std::same_as<std::size_t>;
});
static_assert(requires(TypedProducer & p, Ms d) { p.commit_transaction(d); });

static_assert(requires(TypedConsumer & c, const TypedConsumer::Record& r,
                       const kfk::TopicPartitionOffsets& offsets, const kfk::Message& m,
                       std::vector<TypedConsumer::Record>& batch, Ms d) {
    { c.poll(d) } -> std::same_as<std::optional<TypedConsumer::Record>>;
    { c.poll_batch(batch, 10, d) } -> std::same_as<std::size_t>;
    { c.bytes().poll(d) } -> std::same_as<std::optional<kfk::Message>>;
    // The record overloads sit next to the untyped ones.
    c.commit_sync();
    c.commit_sync(d);
    c.commit_sync(r);
    c.commit_sync(r, d);
    c.commit_sync(offsets, d);
    c.commit_sync(m);
    c.commit_async(r);
    c.commit_async(offsets);
    c.store_offsets(r);
    c.store_offsets(offsets);
    c.seek_to_end(kfk::TopicPartitions{}, d);  // the untyped consumer's own
});
static_assert(TypedConsumer::default_timeout == kfk::BytesConsumer::default_timeout);

std::string big_endian(std::int64_t v) {
    std::string out(8, '\0');
    for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(v);
    return out;
}

}  // namespace

TEST_CASE("typed recovering producer: typed records survive a fatal error, read back typed") {
    kfk_unit::MockCluster cluster;
    const std::string topic = "typed-recover";
    cluster.create_topic(topic, 1);
    std::atomic<int> fatal_seen{0};
    auto config = kfk_unit::producer_config(cluster);
    config.on_error([&](const kfk::Error& e) {
        if (e.is_fatal()) ++fatal_seen;
    });
    std::promise<kfk::Error> replaced;
    Typed producer{config, [&](const kfk::Error& e) { replaced.set_value(e); }};
    REQUIRE(producer.send_sync({.topic = topic, .key = "before", .value = 1}, 10s).ok());

    auto* rk = static_cast<rd_kafka_t*>(producer.native_handle());
    REQUIRE(rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                                      "injected by test") == RD_KAFKA_RESP_ERR_NO_ERROR);
    REQUIRE(kfk_unit::eventually_true([&] { return fatal_seen.load() > 0; }));
    CHECK(producer.replacements() == 0);

    const auto after = producer.send_sync(topic, "after", 2, 10s);
    INFO(after.error.to_string());
    REQUIRE(after.ok());
    CHECK(producer.replacements() == 1);
    CHECK(producer.native_handle() != rk);
    auto why = replaced.get_future();
    REQUIRE(why.wait_for(0s) == std::future_status::ready);
    CHECK(why.get().is_fatal());

    // Every other way to send, through the new producer.
    auto future = producer.send({.topic = topic, .key = "future", .value = 3});
    std::promise<kfk::DeliveryReport> by_callback;
    producer.send(topic, "callback", 4,
                  [&](const kfk::DeliveryReport& r) { by_callback.set_value(r); });
    REQUIRE_FALSE(producer.produce({.topic = topic, .key = "tombstone", .value = std::nullopt}));
    REQUIRE_FALSE(producer.produce(topic, "shorthand", 6));
    REQUIRE_FALSE(producer.flush(10s));
    REQUIRE(future.wait_for(10s) == std::future_status::ready);
    CHECK(future.get().ok());
    auto callback_report = by_callback.get_future();
    REQUIRE(callback_report.wait_for(10s) == std::future_status::ready);
    CHECK(callback_report.get().ok());
    producer.close();

    // The bytes are Producer<K, V>'s: the same record through it gives the same payload.
    {
        TypedProducer plain{kfk_unit::producer_config(cluster)};
        REQUIRE(plain.send_sync({.topic = topic, .key = "plain", .value = 2}, 10s).ok());
    }
    const auto raw = kfk_unit::read_back(cluster.bootstrap(), topic, 1, 7);
    REQUIRE(raw.size() == 7);
    CHECK(raw[1].key == "after");
    CHECK(raw[1].value == big_endian(2));
    CHECK(raw[6].key == "plain");
    CHECK(raw[6].value == raw[1].value);
    CHECK(raw[4].key == "tombstone");
    CHECK_FALSE(raw[4].value.has_value());

    // Read back typed, in order (one partition, idempotent producer), and commit by record.
    TypedConsumer consumer{kfk::ConsumerConfig{}
                               .bootstrap_servers(cluster.bootstrap())
                               .group_id("typed-recover-group")
                               .enable_auto_commit(false)
                               .log_sink(kfk::null_log_sink())};
    consumer.assign({{topic, 0, kfk::offset::beginning}});
    std::vector<TypedConsumer::Record> records;
    std::vector<TypedConsumer::Record> batch;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (records.size() < 7 && std::chrono::steady_clock::now() < deadline) {
        consumer.poll_batch(batch, 10, 100ms);
        for (auto& r : batch) {
            if (!r.is_error() && !r.is_partition_eof()) records.push_back(std::move(r));
        }
    }
    REQUIRE(records.size() == 7);
    const std::vector<std::pair<std::string, std::optional<std::int64_t>>> expected{
        {"before", 1},    {"after", 2}, {"future", 3}, {"callback", 4}, {"tombstone", std::nullopt},
        {"shorthand", 6}, {"plain", 2}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK_FALSE(records[i].has_decode_error());
        CHECK(records[i].key() == std::optional<std::string>{expected[i].first});
        CHECK(records[i].value() == expected[i].second);
    }
    consumer.commit_sync(records.back(), 10s);
    CHECK(consumer.committed({{topic, 0}}, 10s).at(0).offset == records.back().offset() + 1);
    consumer.close();
}

TEST_CASE("typed recovering producer: refuses transactional configurations") {
    kfk::ProducerConfig config;
    config.bootstrap_servers("127.0.0.1:1").transactional_id("t").log_sink(kfk::null_log_sink());
    CHECK_THROWS_AS(Typed{config}, kfk::UsageError);
}
