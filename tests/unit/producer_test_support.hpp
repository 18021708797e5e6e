// Shared by the producer unit tests: librdkafka's in-process mock cluster, and reading back
// what a test produced.
#pragma once

#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kfk/kfk.hpp"

namespace kfk_unit {

using namespace std::chrono_literals;

// An in-process Kafka cluster (rdkafka_mock.h), hosted by a client handle of its own.
class MockCluster {
  public:
    explicit MockCluster(int brokers = 3) {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char errstr[256];
        rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
        host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        if (!host_) throw std::runtime_error(errstr);
        cluster_ = rd_kafka_mock_cluster_new(host_, brokers);
        if (!cluster_) throw std::runtime_error("rd_kafka_mock_cluster_new failed");
    }
    ~MockCluster() {
        rd_kafka_mock_cluster_destroy(cluster_);
        rd_kafka_destroy(host_);
    }
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    rd_kafka_mock_cluster_t* get() const noexcept { return cluster_; }
    std::string bootstrap() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }
    void create_topic(const std::string& topic, int partitions, int replication = 1) {
        REQUIRE(rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication) ==
                RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    void start_tracking() { rd_kafka_mock_start_request_tracking(cluster_); }
    // Requests with `api_key` (e.g. 0, Produce) received since start_tracking().
    std::size_t requests(int api_key) const {
        std::size_t count = 0;
        rd_kafka_mock_request_t** all = rd_kafka_mock_get_requests(cluster_, &count);
        std::size_t matching = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (rd_kafka_mock_request_api_key(all[i]) == api_key) ++matching;
        }
        rd_kafka_mock_request_destroy_array(all, count);
        return matching;
    }
    void set_rtt_all(int brokers, int rtt_ms) {
        for (int id = 1; id <= brokers; ++id) rd_kafka_mock_broker_set_rtt(cluster_, id, rtt_ms);
    }

  private:
    rd_kafka_t* host_ = nullptr;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

// Keeps what the clients log, to check it (and to keep test output quiet).
struct LogCapture {
    std::mutex mu;
    std::vector<std::string> lines;

    kfk::LogSink sink() {
        return [this](kfk::LogLevel, std::string_view fac, std::string_view client,
                      std::string_view msg) {
            std::lock_guard lock{mu};
            lines.push_back(std::string{client} + "|" + std::string{fac} + "| " + std::string{msg});
        };
    }
    std::vector<std::string> snapshot() {
        std::lock_guard lock{mu};
        return lines;
    }
};

// Polls `predicate` until it holds (true) or `timeout` passes (false).
template <class F>
bool eventually_true(F&& predicate, std::chrono::milliseconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

inline kfk::ProducerConfig producer_config(const MockCluster& cluster) {
    kfk::ProducerConfig config;
    config.bootstrap_servers(cluster.bootstrap()).log_sink(kfk::null_log_sink());
    return config;
}

// A record as read back, owning its bytes.
struct Record {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<kfk::OwnedHeader> headers;
    kfk::Timestamp timestamp;
};

// Everything in `topic` from the beginning, until `count` records arrived or `timeout`. Reads
// with librdkafka's C consumer, so that producer tests do not depend on kfk's consumer.
inline std::vector<Record> read_back(const std::string& bootstrap, const std::string& topic,
                                     int partitions, std::size_t count,
                                     std::chrono::milliseconds timeout = 20s) {
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "group.id", "kfk-unit-readback", errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    REQUIRE_MESSAGE(rk, errstr);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(rk, list);
    rd_kafka_topic_partition_list_destroy(list);

    std::vector<Record> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
        if (!m) continue;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                MESSAGE("read_back: " << rd_kafka_message_errstr(m));
            }
            rd_kafka_message_destroy(m);
            continue;
        }
        Record r;
        r.partition = m->partition;
        r.offset = m->offset;
        if (m->key) r.key.emplace(static_cast<const char*>(m->key), m->key_len);
        if (m->payload) r.value.emplace(static_cast<const char*>(m->payload), m->len);
        rd_kafka_timestamp_type_t type;
        const auto ts = rd_kafka_message_timestamp(m, &type);
        r.timestamp = kfk::Timestamp::from_epoch_ms(
            ts, type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? kfk::TimestampType::create_time
                : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? kfk::TimestampType::log_append_time
                                                             : kfk::TimestampType::not_available);
        rd_kafka_headers_t* hdrs = nullptr;
        if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const char* name;
            const void* val;
            size_t size;
            for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &val, &size); ++i) {
                kfk::OwnedHeader h{name, std::nullopt};
                if (val) h.value.emplace(static_cast<const char*>(val), size);
                r.headers.push_back(std::move(h));
            }
        }
        out.push_back(std::move(r));
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return out;
}

}  // namespace kfk_unit
