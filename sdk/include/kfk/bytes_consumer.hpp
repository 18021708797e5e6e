// BytesConsumer: the untyped consumer every typed Consumer<K, V> sits on.
//
// Two ways to get partitions:
//   subscribe(topics or pattern, listener)  the group decides (needs group.id)
//   assign(partitions with start offsets)   the application decides; no group membership
//                                           (a group.id is still needed to commit)
//
// Commit models:
//   * Auto commit (default): an offset is stored once the application has had its record, i.e.
//     when it calls poll() again (or close()); stored offsets are committed in the background
//     every auto.commit.interval.ms and on close(). A record whose processing threw — and so
//     never reached the next poll() — is not committed and is redelivered: at-least-once.
//     The destructor, when it runs because an exception is propagating, commits only what was
//     already stored.
//   * Manual: enable_auto_commit(false); commit_sync()/commit_async() commit the position
//     after every record returned so far (like the Java client); commit_sync(offsets) commits
//     exactly the given next-offsets.
//   * Explicit store: set "enable.auto.offset.store"="false" yourself; then only offsets you
//     pass to store_offsets() are committed (automatically, with auto commit).
//
// Thread-safety: not thread-safe (like the Java consumer): use one consumer from one thread at
// a time. Exception: wakeup() may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kfk/config.hpp"
#include "kfk/group_metadata.hpp"
#include "kfk/message.hpp"
#include "kfk/rebalance.hpp"
#include "kfk/timestamp.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

namespace detail {
class ConsumerImpl;
}

struct Watermarks {
    std::int64_t low = offset::invalid;   // earliest offset in the log
    std::int64_t high = offset::invalid;  // next offset to be written (high watermark)
};

using CommitCallback = std::function<void(const Error&, const TopicPartitionOffsets&)>;

class BytesConsumer {
  public:
    using Duration = std::chrono::milliseconds;

    // Throws ConfigError if librdkafka rejects a property.
    explicit BytesConsumer(ConsumerConfig config);
    // close() with a 10 s deadline unless closed already.
    ~BytesConsumer();
    BytesConsumer(BytesConsumer&&) noexcept;
    BytesConsumer& operator=(BytesConsumer&&) noexcept;

    void subscribe(const std::vector<std::string>& topics, RebalanceListener listener = {});
    // A regular expression (librdkafka regex syntax) matched against every topic name,
    // including topics created later.
    void subscribe_pattern(const std::string& regex, RebalanceListener listener = {});
    void unsubscribe();
    std::vector<std::string> subscription() const;

    // Manual assignment; each entry's offset may be absolute or offset::beginning/end/stored.
    void assign(const TopicPartitionOffsets& partitions);
    // Manual assignment starting at the first record at or after `time` in each partition
    // (the end if there is none).
    void assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout);
    void unassign();
    TopicPartitions assignment() const;

    // The next record, or nullopt when nothing arrived within `timeout` or wakeup() was
    // called. May run the rebalance listener and rethrows what a callback threw.
    std::optional<Message> poll(Duration timeout);
    // Up to `max` records into `out` (cleared first; its capacity is reused). Returns the count.
    std::size_t poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout);
    // Makes a blocked poll() return now (or the next one, if none is blocked). Thread-safe.
    void wakeup();

    // Throws on failure (KafkaError, RetriableError, ...). commit_sync() with nothing to
    // commit is a no-op.
    void commit_sync();
    void commit_sync(const TopicPartitionOffsets& next_offsets);
    // Commits the offset after `message`.
    void commit_sync(const Message& message);
    // The callback runs inside a later poll() on this thread.
    void commit_async(CommitCallback on_complete = {});
    void commit_async(const TopicPartitionOffsets& next_offsets, CommitCallback on_complete = {});
    // Marks `message` (and everything before it in its partition) processed.
    void store_offsets(const Message& message);
    void store_offsets(const TopicPartitionOffsets& next_offsets);

    TopicPartitionOffsets committed(const TopicPartitions& partitions, Duration timeout);
    // The offset of the next record poll() would return per partition (offset::invalid if
    // unknown yet).
    TopicPartitionOffsets position(const TopicPartitions& partitions) const;
    Watermarks watermark_offsets(const std::string& topic, std::int32_t partition,
                                 Duration timeout) const;
    // For each entry, the earliest offset whose timestamp is >= `offset` (interpreted as epoch
    // milliseconds); offset::end when there is none.
    TopicPartitionOffsets offsets_for_times(const TopicPartitionOffsets& timestamps,
                                            Duration timeout) const;

    void pause(const TopicPartitions& partitions);
    void resume(const TopicPartitions& partitions);
    // Moves the fetch position of an assigned partition. Safe right after assign().
    void seek(const TopicPartitionOffset& position, Duration timeout);
    void seek_to_beginning(const TopicPartitions& partitions, Duration timeout);
    void seek_to_end(const TopicPartitions& partitions, Duration timeout);

    // Leaves the group (running on_revoked and, with auto commit, the final commit) within
    // `timeout`; past it, the client is torn down without the group handshake. Never hangs,
    // even with every broker gone. Idempotent.
    void close(Duration timeout = Duration{10000});
    bool closed() const noexcept;

    // For send_offsets_to_transaction().
    GroupMetadata group_metadata() const;
    std::string member_id() const;
    std::string name() const;

  private:
    std::unique_ptr<detail::ConsumerImpl> impl_;
};

}  // namespace kfk
