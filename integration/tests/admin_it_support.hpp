// What the admin integration tests share: an Admin on the test broker, a topic created and
// visible, and records produced into one partition.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

namespace admin_it {

using namespace std::chrono_literals;

kfk::Admin make_admin() {
    return kfk::Admin{kfk::AdminConfig{}.bootstrap_servers(kfk_test::bootstrap())};
}

void create_topic(kfk::Admin& admin, const std::string& topic, int partitions,
                  std::vector<std::pair<std::string, std::string>> configs = {}) {
    auto r = admin.create_topics({{topic, partitions, 1, std::move(configs)}}, 30s);
    REQUIRE(r.size() == 1);
    REQUIRE_MESSAGE(r[0].ok(), r[0].error.to_string());
    // The broker applies the new topic to its metadata asynchronously.
    REQUIRE(kfk_test::eventually([&] {
        return !admin.describe_topics({topic}, 10s).at(0).error &&
               !admin.describe_configs({kfk::ConfigResource::topic(topic)}, 10s).at(0).error;
    }));
}

// Produces `count` records (keys "k<i>") to one partition, record i timestamped base + i
// seconds when a base is given.
void produce(const std::string& topic, std::int32_t partition, int count,
             std::optional<kfk::TimePoint> base = std::nullopt) {
    kfk::Producer<std::string, std::string> producer{
        kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap()).linger(1ms)};
    std::vector<std::future<kfk::DeliveryReport>> pending;
    for (int i = 0; i < count; ++i) {
        kfk::ProducerRecord<std::string, std::string> rec{.topic = topic,
                                                          .key = "k" + std::to_string(i),
                                                          .value = "v" + std::to_string(i),
                                                          .partition = partition};
        if (base) rec.timestamp = *base + std::chrono::seconds{i};
        pending.push_back(producer.send(rec));
    }
    for (auto& f : pending) {
        auto report = f.get();
        REQUIRE_MESSAGE(report.ok(), report.error.to_string());
    }
    producer.close(10s);
}

}  // namespace admin_it
