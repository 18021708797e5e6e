// Topic partitions and offsets as the consumer, admin client and lag queries use them.
//
// Thread-safety: plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kfk/error.hpp"

namespace kfk {

// Logical offsets, with librdkafka's (and the Kafka protocol's) values.
namespace offset {
inline constexpr std::int64_t beginning = -2;   // earliest offset still in the log
inline constexpr std::int64_t end = -1;         // the next offset to be written
inline constexpr std::int64_t stored = -1000;   // the group's committed offset
inline constexpr std::int64_t invalid = -1001;  // no offset (e.g. nothing committed)
}  // namespace offset

// Lets librdkafka pick the partition (keyed: Java-compatible murmur2; unkeyed: sticky).
inline constexpr std::int32_t any_partition = -1;

struct TopicPartition {
    std::string topic;
    std::int32_t partition = 0;

    friend bool operator==(const TopicPartition&, const TopicPartition&) = default;
    friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
};

struct TopicPartitionOffset {
    TopicPartitionOffset() = default;
    TopicPartitionOffset(std::string topic_, std::int32_t partition_,
                         std::int64_t offset_ = offset::invalid,
                         std::optional<std::int32_t> leader_epoch_ = std::nullopt)
        : topic(std::move(topic_)),
          partition(partition_),
          offset(offset_),
          leader_epoch(leader_epoch_) {}

    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = offset::invalid;
    std::optional<std::int32_t> leader_epoch;
    std::string metadata;  // commit metadata, if any
    Error error;           // per-partition result of the operation that produced this entry

    TopicPartition topic_partition() const { return {topic, partition}; }
    friend bool operator==(const TopicPartitionOffset& a, const TopicPartitionOffset& b) {
        return a.topic == b.topic && a.partition == b.partition && a.offset == b.offset;
    }
};

using TopicPartitions = std::vector<TopicPartition>;
using TopicPartitionOffsets = std::vector<TopicPartitionOffset>;

}  // namespace kfk
