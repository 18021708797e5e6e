// Shared by the consumer unit tests: librdkafka's in-process mock cluster (no broker) and
// small helpers to fill it and drain consumers.
#pragma once

#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"

namespace kfk_consumer_test {

using namespace std::chrono_literals;

// A mock cluster owned by a bare librdkafka handle (the cluster needs one for bookkeeping).
class MockCluster {
  public:
    explicit MockCluster(int brokers = 1) {
        char errstr[256];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
        host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        if (!host_) throw std::runtime_error(errstr);
        cluster_ = rd_kafka_mock_cluster_new(host_, brokers);
        if (!cluster_) throw std::runtime_error("rd_kafka_mock_cluster_new failed");
        // Groups form at once instead of after the broker's default 3 s.
        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster_, 0);
    }
    ~MockCluster() {
        destroy_cluster();
        rd_kafka_destroy(host_);
    }
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    std::string bootstrap() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }
    rd_kafka_mock_cluster_t* get() const { return cluster_; }

    void create_topic(const std::string& topic, int partitions) {
        REQUIRE(rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1) ==
                RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    void all_brokers_down() { rd_kafka_mock_broker_set_down(cluster_, -1); }
    // The brokers' sockets close: every connection fails from now on.
    void destroy_cluster() {
        if (cluster_) rd_kafka_mock_cluster_destroy(cluster_);
        cluster_ = nullptr;
    }

  private:
    rd_kafka_t* host_ = nullptr;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

inline kfk::ConsumerConfig consumer_config(const MockCluster& mock, const std::string& group) {
    auto config = kfk::ConsumerConfig{}
                      .bootstrap_servers(mock.bootstrap())
                      .auto_offset_reset(kfk::OffsetReset::earliest)
                      .session_timeout(6000ms)
                      .heartbeat_interval(500ms)
                      .log_sink(kfk::null_log_sink());
    if (!group.empty()) config.group_id(group);
    return config;
}

// `count` records "v<i>" with keys "k<i>" into `partition` (-1: any), synchronously.
inline void produce(const MockCluster& mock, const std::string& topic, int count,
                    std::int32_t partition = 0, int first = 0) {
    kfk::BytesProducer producer{
        kfk::ProducerConfig{}.bootstrap_servers(mock.bootstrap()).log_sink(kfk::null_log_sink())};
    for (int i = first; i < first + count; ++i) {
        const std::string key = "k" + std::to_string(i);
        const std::string value = "v" + std::to_string(i);
        kfk::RawRecord r;
        r.topic = topic;
        r.key = key;
        r.value = value;
        r.partition = partition;
        auto report = producer.send_sync(r, 10s);
        REQUIRE_MESSAGE(report.ok(), report.error.to_string());
    }
}

// Polls until `want` records arrived or `timeout` passed; returns the values in order.
inline std::vector<std::string> drain(kfk::BytesConsumer& consumer, std::size_t want,
                                      std::chrono::milliseconds timeout = 20s) {
    std::vector<std::string> values;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (values.size() < want && std::chrono::steady_clock::now() < deadline) {
        auto m = consumer.poll(100ms);
        if (!m || m->is_error() || m->is_partition_eof()) continue;
        values.emplace_back(m->value().value_or(""));
    }
    return values;
}

template <class F>
double seconds_taken(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline kfk::TopicPartitionOffset committed_of(kfk::BytesConsumer& consumer,
                                              const std::string& topic, std::int32_t partition) {
    return consumer.committed({{topic, partition}}, 10s).at(0);
}

}  // namespace kfk_consumer_test
