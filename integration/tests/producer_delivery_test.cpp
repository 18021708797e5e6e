// Producer against the real broker: every acks level, the four ways to send, record encoding
// (null vs empty, headers, timestamps), compression codecs and idempotent per-partition order.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "producer_it_support.hpp"

using namespace std::chrono_literals;
using kfk::DeliveryReport;
using kfk::PersistedStatus;
using kfk_producer_it::describe;
using kfk_producer_it::new_topic;
using kfk_producer_it::producer_config;
using kfk_producer_it::read_all;

TEST_CASE("producer: each acks level round trips; acks=0 cannot know the offset") {
    for (const auto acks : {kfk::Acks::none, kfk::Acks::leader, kfk::Acks::all}) {
        const int level = static_cast<int>(acks);
        CAPTURE(level);
        const auto topic = new_topic("p-acks", 2);
        kfk::BytesProducer producer{producer_config().acks(acks)};

        // The four ways to send, each delivering five records.
        std::vector<std::string> values;
        for (int i = 0; i < 20; ++i)
            values.push_back("acks" + std::to_string(level) + "-" + std::to_string(i));
        std::mutex mu;
        std::vector<DeliveryReport> reports;
        std::vector<std::string> topics;  // report.topic is a view valid while its producer lives
        auto collect = [&](const DeliveryReport& r) {
            std::lock_guard lock{mu};
            reports.push_back(r);
            topics.emplace_back(r.topic);
        };
        std::vector<std::future<DeliveryReport>> futures;
        for (int i = 0; i < 5; ++i)
            futures.push_back(producer.send({.topic = topic, .value = values[i]}));
        for (int i = 5; i < 10; ++i) producer.send({.topic = topic, .value = values[i]}, collect);
        for (int i = 10; i < 15; ++i) {
            auto r = producer.send_sync({.topic = topic, .value = values[i]}, 30s);
            collect(r);
        }
        {
            kfk::BytesProducer wide{producer_config().acks(acks).on_delivery(collect)};
            for (int i = 15; i < 20; ++i)
                REQUIRE_FALSE(wide.produce({.topic = topic, .value = values[i]}));
            wide.close(30s);
        }
        REQUIRE_FALSE(producer.flush(30s));
        for (auto& f : futures) collect(f.get());
        REQUIRE(reports.size() == 20);
        for (std::size_t i = 0; i < reports.size(); ++i) {
            const auto& r = reports[i];
            INFO(r.error.to_string());
            CHECK(r.ok());
            CHECK(topics[i] == topic);
            CHECK(r.partition >= 0);
            if (acks == kfk::Acks::none) {
                // Nobody confirmed anything: no offset, and only "possibly" written.
                CHECK(r.offset < 0);
                CHECK(r.status == PersistedStatus::possibly_persisted);
            } else {
                CHECK(r.offset >= 0);
                CHECK(r.status == PersistedStatus::persisted);
            }
        }
        producer.close(30s);

        const std::multiset<std::string> sent(values.begin(), values.end());
        // acks=0 may lose records by definition (a connection blip under load is enough):
        // wait less for them, and require only what Kafka promises: nothing invented, no
        // duplicates (each record was sent once, without retries).
        const auto back = read_all(topic, 2, values.size(), kfk::IsolationLevel::read_uncommitted,
                                   acks == kfk::Acks::none ? 15s : 60s);
        std::multiset<std::string> got;
        for (const auto& m : back) got.insert(m.value.value_or("<null>"));
        if (acks == kfk::Acks::none) {
            MESSAGE("acks=0: " << got.size() << " of " << sent.size() << " records read back");
            CHECK(std::includes(sent.begin(), sent.end(), got.begin(), got.end()));
            CHECK(std::set<std::string>(got.begin(), got.end()).size() == got.size());
        } else {
            CHECK(got == sent);
        }
    }
}

TEST_CASE("producer: null, empty and binary keys, values and headers survive the broker") {
    const auto topic = new_topic("p-nulls", 1);
    kfk::BytesProducer producer{producer_config()};
    using std::nullopt;
    using Opt = std::optional<std::string_view>;
    const std::string binary{"\0\x01\xff\x7f\n", 5};
    const std::vector<kfk::Header> headers{{"dup", "1"},  {"dup", "2"},    {"null", nullopt},
                                           {"empty", ""}, {"bin", binary}, {"dup", "3"}};
    struct Case {
        Opt key;
        Opt value;
        std::span<const kfk::Header> headers;
    };
    const std::vector<Case> cases{
        {nullopt, nullopt, headers},  // a tombstone without key
        {"k", nullopt, {}},           // a tombstone
        {"", "", headers},            // empty, not null
        {nullopt, "", {}},           {"", nullopt, headers},
        {binary, binary, headers},   {std::string_view{}, std::string_view{}, {}}};
    for (const auto& c : cases) {
        const auto r = producer.send_sync(
            {.topic = topic, .key = c.key, .value = c.value, .headers = c.headers}, 30s);
        INFO(describe(r));
        REQUIRE(r.ok());
    }
    const auto back = read_all(topic, 1, cases.size());
    REQUIRE(back.size() == cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(i);
        CHECK(back[i].key == cases[i].key);
        CHECK(back[i].value == cases[i].value);
        std::vector<kfk::Header> got;
        for (const auto& h : back[i].headers) got.push_back(h.view());
        CHECK(got == std::vector<kfk::Header>(cases[i].headers.begin(), cases[i].headers.end()));
    }
}

TEST_CASE("producer: timestamps are CreateTime, explicit ones kept, in report and record") {
    const auto topic = new_topic("p-ts", 1);
    kfk::Producer<std::string, std::string> producer{producer_config()};
    const auto before =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const auto now_report = producer.send_sync({.topic = topic, .key = "now", .value = "v"}, 30s);
    const kfk::TimePoint fixed{std::chrono::milliseconds{1'500'000'000'321}};
    const auto fixed_report =
        producer.send_sync({.topic = topic, .key = "fixed", .value = "v", .timestamp = fixed}, 30s);
    REQUIRE(now_report.ok());
    REQUIRE(fixed_report.ok());
    CHECK(now_report.timestamp.type == kfk::TimestampType::create_time);
    CHECK(now_report.timestamp.time >= before);
    CHECK(fixed_report.timestamp.type == kfk::TimestampType::create_time);
    CHECK(fixed_report.timestamp.time == fixed);

    const auto back = read_all(topic, 1, 2);
    REQUIRE(back.size() == 2);
    CHECK(back[0].timestamp == now_report.timestamp);
    CHECK(back[1].timestamp == kfk::Timestamp{fixed, kfk::TimestampType::create_time});
}

TEST_CASE("producer: every compression codec round trips") {
    for (const auto codec : {kfk::Compression::gzip, kfk::Compression::snappy,
                             kfk::Compression::lz4, kfk::Compression::zstd}) {
        CAPTURE(static_cast<int>(codec));
        const auto topic = new_topic("p-codec", 1);
        kfk::BytesProducer producer{producer_config().compression(codec).linger(20ms)};
        const std::string value(2000, 'x');
        std::vector<std::future<DeliveryReport>> futures;
        for (int i = 0; i < 100; ++i)
            futures.push_back(producer.send({.topic = topic, .value = value}));
        for (auto& f : futures) {
            const auto r = f.get();
            INFO(describe(r));
            REQUIRE(r.ok());
        }
        const auto back = read_all(topic, 1, 100);
        REQUIRE(back.size() == 100);
        for (const auto& m : back) CHECK(m.value == value);
    }
}

TEST_CASE("producer: idempotent producer keeps per-key, per-partition order") {
    constexpr int partitions = 6;
    constexpr int key_count = 60;
    constexpr int records = 6000;
    const auto topic = new_topic("p-order", partitions);
    kfk::Producer<std::string, std::string> producer{
        producer_config().idempotence(true).max_in_flight(5).linger(2ms).batch_num_messages(100)};
    std::map<std::string, std::int32_t> partition_of;
    std::mutex mu;
    std::vector<DeliveryReport> failures;
    std::map<std::int32_t, std::vector<std::int64_t>> offsets_in_send_order;
    for (int seq = 0; seq < records; ++seq) {
        const auto key = "key-" + std::to_string(seq % key_count);
        producer.send(topic, key, std::to_string(seq), [&](const DeliveryReport& r) {
            std::lock_guard lock{mu};
            if (!r.ok()) failures.push_back(r);
            // Reports of one partition arrive in send order, so offsets must grow.
            offsets_in_send_order[r.partition].push_back(r.offset);
        });
    }
    REQUIRE_FALSE(producer.flush(60s));
    REQUIRE(failures.empty());
    for (const auto& [p, offsets] : offsets_in_send_order) {
        CAPTURE(p);
        for (std::size_t i = 1; i < offsets.size(); ++i) REQUIRE(offsets[i] > offsets[i - 1]);
    }

    const auto back = read_all(topic, partitions, records);
    REQUIRE(back.size() == records);
    std::map<std::string, int> last_seq;
    std::set<int> seen;
    for (const auto& m : back) {
        REQUIRE(m.key);
        const int seq = std::stoi(*m.value);
        CHECK(seen.insert(seq).second);  // exactly once
        auto [it, fresh] = partition_of.try_emplace(*m.key, m.partition);
        CHECK(it->second == m.partition);  // a key stays on its partition
        auto [last, first] = last_seq.try_emplace(*m.key, -1);
        CHECK(seq > last->second);  // and in send order
        last->second = seq;
    }
    CHECK(seen.size() == records);
}
