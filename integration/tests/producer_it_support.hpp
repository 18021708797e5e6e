// Helpers shared by the producer integration tests (integration/tests/producer_*_test.cpp).
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

namespace kfk_producer_it {

using namespace std::chrono_literals;

// Warnings and worse go to stderr, so a failing test shows what librdkafka complained about.
inline kfk::LogSink warning_sink() {
    return [](kfk::LogLevel level, std::string_view facility, std::string_view client,
              std::string_view message) {
        if (level > kfk::LogLevel::warning) return;
        std::cerr << "[" << client << "] " << facility << ": " << message << "\n";
    };
}

inline std::string new_topic(std::string_view prefix, int partitions) {
    auto topic = kfk_test::unique_name(prefix);
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(kfk_test::bootstrap())};
    auto results = admin.create_topics({{topic, partitions, 1, {}}}, 30s);
    REQUIRE(results.size() == 1);
    REQUIRE_MESSAGE(results[0].ok(), "create " << topic << ": " << results[0].error.to_string());
    return topic;
}

inline kfk::ProducerConfig producer_config() {
    return kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap()).log_sink(warning_sink());
}

// A consumed record, owning its bytes.
struct Record {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<kfk::OwnedHeader> headers;
    kfk::Timestamp timestamp;
};

// Everything in the topic's partitions, read with a BytesConsumer assigned from the beginning,
// up to the end of every partition as of the read (the last stable offset under
// read_committed). Waits until at least `at_least` records arrived.
inline std::vector<Record> read_all(
    const std::string& topic, int partitions, std::size_t at_least,
    kfk::IsolationLevel isolation = kfk::IsolationLevel::read_uncommitted,
    std::chrono::milliseconds timeout = 60s) {
    kfk::BytesConsumer consumer{kfk::ConsumerConfig{}
                                    .bootstrap_servers(kfk_test::bootstrap())
                                    .group_id(kfk_test::unique_name("producer-it-read"))
                                    .enable_auto_commit(false)
                                    .isolation_level(isolation)
                                    .enable_partition_eof(true)
                                    .log_sink(warning_sink())};
    kfk::TopicPartitionOffsets from;
    for (int p = 0; p < partitions; ++p) from.emplace_back(topic, p, kfk::offset::beginning);
    consumer.assign(from);
    std::vector<Record> out;
    std::set<std::int32_t> at_end;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline &&
           (out.size() < at_least || at_end.size() < static_cast<std::size_t>(partitions))) {
        auto m = consumer.poll(200ms);
        if (!m) continue;
        if (m->is_partition_eof()) {
            at_end.insert(m->partition());
            continue;
        }
        if (m->is_error()) {
            MESSAGE("consume " << topic << ": " << m->error().to_string());
            continue;
        }
        at_end.erase(m->partition());
        Record r;
        r.partition = m->partition();
        r.offset = m->offset();
        if (auto k = m->key()) r.key.emplace(*k);
        if (auto v = m->value()) r.value.emplace(*v);
        for (const auto& h : m->headers()) {
            r.headers.push_back(
                {std::string{h.key},
                 h.value ? std::optional<std::string>{std::string{*h.value}} : std::nullopt});
        }
        r.timestamp = m->timestamp();
        out.push_back(std::move(r));
    }
    consumer.close();
    return out;
}

inline std::string describe(const kfk::DeliveryReport& r) {
    static const char* status[] = {"not_persisted", "possibly_persisted", "persisted"};
    return std::string{r.topic} + "[" + std::to_string(r.partition) + "]@" +
           std::to_string(r.offset) + " " + status[static_cast<int>(r.status)] + " " +
           r.error.to_string();
}

}  // namespace kfk_producer_it
