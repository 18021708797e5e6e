// Consumer lag: one definition for every caller (Admin::group_lag, consumer_lag, the watcher,
// the kfk CLI).
//
//   lag = log_end - max(committed, log_start), never negative
//
//   * log_end is the high watermark, or the last stable offset (LSO) for read_committed: what
//     a consumer with that isolation level can reach.
//   * No committed offset is its own state (lag = nullopt), not zero lag: where such a
//     consumer starts depends on its auto.offset.reset.
//   * A committed offset below the log start (retention or delete-records removed records the
//     group never read) counts from the log start and is flagged: those records are gone.
//
// Thread-safety: the types are plain values; consumer_lag() uses the consumer, which is not
// thread-safe (call it from the consumer's thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kfk/admin_types.hpp"
#include "kfk/config.hpp"
#include "kfk/error.hpp"
#include "kfk/timestamp.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

class BytesConsumer;
template <class K, class V>
class Consumer;

struct LagFigure {
    std::optional<std::int64_t> lag;  // nullopt: no committed offset, or log end unknown
    bool committed_before_log_start = false;
};

// The lag definition above. `committed`/`log_start`/`log_end` are offsets as Kafka reports
// them (negative log offsets mean unknown).
[[nodiscard]] LagFigure compute_lag(std::optional<std::int64_t> committed, std::int64_t log_start,
                                    std::int64_t log_end) noexcept;

// The group member consuming a partition.
struct PartitionOwner {
    std::string member_id;
    std::string client_id;
    std::string host;
    std::optional<std::string> group_instance_id;
};

struct PartitionLag {
    std::string topic;
    std::int32_t partition = 0;
    std::optional<std::int64_t> committed;     // nullopt: the group has no commit here
    std::int64_t log_start = offset::invalid;  // earliest offset in the log
    std::int64_t log_end = offset::invalid;    // high watermark, or LSO for read_committed
    std::optional<std::int64_t> lag;           // see compute_lag()
    bool committed_before_log_start = false;   // records were deleted before being consumed
    std::optional<PartitionOwner> owner;       // nullopt: no member holds the partition
    Error error;                               // the partition's offsets could not be read

    bool has_commit() const noexcept { return committed.has_value(); }
    TopicPartition topic_partition() const { return {topic, partition}; }
};

struct TopicLag {
    std::string topic;
    std::int64_t lag = 0;  // sum over partitions with a commit
    std::size_t partitions = 0;
    std::size_t partitions_without_commit = 0;
};

struct GroupLag {
    std::string group;
    GroupState state = GroupState::unknown;
    GroupType type = GroupType::unknown;
    IsolationLevel isolation = IsolationLevel::read_uncommitted;
    TimePoint sampled_at{};
    // Every partition the group has a commit for or a member is assigned, sorted.
    std::vector<PartitionLag> partitions;
    std::vector<TopicLag> topics;  // sorted by topic
    std::int64_t total_lag = 0;    // sum over partitions with a commit
    std::size_t partitions_without_commit = 0;

    [[nodiscard]] const PartitionLag* find(const TopicPartition& tp) const noexcept;
};

// Sums `partitions` into per-topic and per-group totals (GroupLag::topics, total_lag,
// partitions_without_commit). Admin::group_lag() calls it; exposed for callers that build a
// GroupLag themselves (tests, replays).
void summarize(GroupLag& lag);

struct ConsumerPartitionLag {
    std::string topic;
    std::int32_t partition = 0;
    // The next offset the consumer will read; before its first fetch, the committed offset
    // (then from_committed is set); nullopt when neither is known.
    std::optional<std::int64_t> position;
    bool from_committed = false;
    std::int64_t log_start = offset::invalid;
    std::int64_t log_end = offset::invalid;  // high watermark
    std::optional<std::int64_t> lag;         // compute_lag(position, log_start, log_end)
    bool position_before_log_start = false;
    Error error;  // the watermarks could not be read
};

// A consumer's own lag for its current assignment: for each assigned partition, its position
// against the partition's end (queried from the leader, so it is current): the high watermark,
// or for a read_committed consumer the last stable offset, which is what librdkafka's
// watermark query returns under that isolation level. The position steps over transaction
// markers, so a fully read transactional partition has lag 0.
// `timeout` bounds each watermark query. Call it from the consumer's thread.
// Works with any Kafka version.
[[nodiscard]] std::vector<ConsumerPartitionLag> consumer_lag(BytesConsumer& consumer,
                                                             std::chrono::milliseconds timeout);

// The same for a typed consumer.
template <class K, class V>
[[nodiscard]] std::vector<ConsumerPartitionLag> consumer_lag(Consumer<K, V>& consumer,
                                                             std::chrono::milliseconds timeout) {
    return consumer_lag(consumer.bytes(), timeout);
}

}  // namespace kfk
