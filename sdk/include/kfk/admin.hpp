// Admin: topics and cluster metadata.
//
// Every operation takes a timeout and returns per-item results: one topic failing does not
// hide the others. Errors that stop the whole call (broker unreachable past the timeout)
// throw (TimeoutError, KafkaError, ...).
//
// Thread-safety: all member functions may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kfk/config.hpp"
#include "kfk/error.hpp"

namespace kfk {

namespace detail {
class AdminImpl;
}

struct NewTopic {
    std::string name;
    std::int32_t partitions = -1;          // -1: the broker's num.partitions
    std::int16_t replication_factor = -1;  // -1: the broker's default.replication.factor
    std::vector<std::pair<std::string, std::string>> configs;
};

// The outcome for one named item of a multi-item call.
struct ItemResult {
    std::string name;
    Error error;
    bool ok() const noexcept { return !error; }
};

struct PartitionInfo {
    std::int32_t id = 0;
    std::int32_t leader = -1;  // -1: no leader (offline)
    std::vector<std::int32_t> replicas;
    std::vector<std::int32_t> isr;
    Error error;
    bool under_replicated() const noexcept { return isr.size() < replicas.size(); }
};

struct TopicDescription {
    std::string name;
    bool internal = false;
    std::vector<PartitionInfo> partitions;
    Error error;  // e.g. unknown_topic_or_partition
};

struct BrokerInfo {
    std::int32_t id = -1;
    std::string host;
    int port = 0;
    std::optional<std::string> rack;
};

struct ClusterDescription {
    std::string cluster_id;
    std::int32_t controller_id = -1;
    std::vector<BrokerInfo> brokers;
};

class Admin {
  public:
    using Duration = std::chrono::milliseconds;

    explicit Admin(AdminConfig config);
    ~Admin();
    Admin(Admin&&) noexcept;
    Admin& operator=(Admin&&) noexcept;

    // validate_only: the broker checks the request and creates nothing (a dry run).
    // Kafka ≥ 0.10.1 (CreateTopics); broker defaults for -1 need Kafka ≥ 2.4.
    std::vector<ItemResult> create_topics(const std::vector<NewTopic>& topics, Duration timeout,
                                          bool validate_only = false);
    // Kafka ≥ 0.10.1 (DeleteTopics).
    std::vector<ItemResult> delete_topics(const std::vector<std::string>& topics, Duration timeout);
    // Topic names, sorted.
    std::vector<std::string> list_topics(Duration timeout, bool include_internal = false);
    // Partitions with leader, replicas and ISR (from metadata); unknown topics come back with
    // their error.
    std::vector<TopicDescription> describe_topics(const std::vector<std::string>& topics,
                                                  Duration timeout);
    // Kafka ≥ 2.8 for the cluster id and controller (DescribeCluster).
    ClusterDescription describe_cluster(Duration timeout);

    std::string name() const;

  private:
    std::unique_ptr<detail::AdminImpl> impl_;
};

}  // namespace kfk
