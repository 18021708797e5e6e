// BytesConsumer: the untyped consumer every typed Consumer<K, V> sits on.
//
// Getting partitions, two ways:
//   subscribe(topics or pattern, listener)  the group decides which partitions this member
//                                           reads (needs ConsumerConfig::group_id). Eager,
//                                           cooperative-sticky and the Kafka 4 consumer
//                                           protocol (group.protocol=consumer) all work; see
//                                           kfk/rebalance.hpp for the listener.
//   assign(partitions with start offsets)   the application decides; no group membership.
//                                           Without a group_id the consumer is assign-only:
//                                           it starts partitions given offset::stored at
//                                           auto.offset.reset, and commits throw UsageError.
//
// Commit models. Every model commits "next offsets" (the offset of the record to read next):
// the consumer's position after everything handed to the application, stepping over
// transaction markers and aborted records like the Java consumer (so a fully read
// transactional topic has lag 0), with the leader epoch (KIP-320).
//   * Auto commit (default, enable_auto_commit(true)): a record's offset is stored once the
//     application has had the record — when it calls poll()/poll_batch() again, commits,
//     assign()s, unsubscribe()s or close()s — and stored offsets are committed every
//     auto.commit.interval.ms, when partitions are revoked, and by close(). A record whose
//     processing threw never reached the next poll(), so it is not committed: if the
//     exception leaves the consumer's scope, the destructor (running during unwinding)
//     commits only what was stored before, and the next owner of the partition reads that
//     record again. At-least-once, never at-most-once (modern-cpp-kafka#215, cppkafka#287).
//     Catching the exception and then calling poll(), a commit or close() means "done with
//     that record"; to have it redelivered instead, seek() back to it first.
//   * Manual commit (enable_auto_commit(false)): nothing is committed until commit_sync() /
//     commit_async(), which commit the position after every record returned so far (as the
//     Java client does); commit_sync(offsets) commits exactly the offsets given.
//     Restarting resumes at the last committed offset; later records are redelivered.
//   * Explicit store (enable_auto_offset_store(false)): only offsets passed to store_offsets()
//     are committed — by the auto committer, or by commit_sync()/commit_async() without
//     arguments. store_offsets() throws UsageError in the two models above.
//
// Errors: calls that can fail throw the exception matching what the caller can do (see
// kfk/exceptions.hpp). Consume-time problems (unknown topic, partition EOF) arrive as Messages
// whose is_error()/is_partition_eof() is true. A fatal consumer error throws FatalError from
// poll(). When every broker refuses the client's credentials (SASL failure, TLS handshake or
// certificate failure), poll() and poll_batch() throw AuthenticationError instead of returning
// nothing for ever; the consumer keeps retrying, so polling again is allowed. An exception
// thrown by a callback (rebalance listener, commit callback, error or statistics callback)
// never crosses librdkafka's C code: callbacks run only inside poll(), poll_batch() and
// close(), and that call rethrows the exception on the application's thread (after a listener
// or commit callback threw, a blocked poll returns at once instead of waiting out its
// timeout). Records the poll fetched are kept for the next poll, so the
// exception costs no record. If several callbacks throw during one call, the first wins.
//
// Thread-safety: not thread-safe (like the Java consumer): use one consumer from one thread at
// a time; callbacks run on that thread, inside poll()/poll_batch()/close(). Exception:
// wakeup() may be called from any thread while the consumer exists (not concurrently with its
// destruction or a move). A moved-from consumer may only be destroyed or assigned to (other
// calls throw UsageError).
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

// The result of commit_async(): the error (success if none) and the offsets as committed, with
// per-partition errors in TopicPartitionOffset::error.
using CommitCallback = std::function<void(const Error&, const TopicPartitionOffsets&)>;

class BytesConsumer {
  public:
    using Duration = std::chrono::milliseconds;
    static constexpr Duration default_timeout{30000};

    // Throws ConfigError if librdkafka rejects a property.
    explicit BytesConsumer(ConsumerConfig config);
    // close() with a 10 s deadline unless close() was called already; then frees the client,
    // without the group handshake if close() did not finish in time (including an earlier
    // close() that ran out of time: it is not waited for again). Never blocks longer.
    ~BytesConsumer();
    BytesConsumer(BytesConsumer&&) noexcept;
    BytesConsumer& operator=(BytesConsumer&&) noexcept;

    // Replaces the subscription (and the listener). Topics that do not exist yet are picked up
    // once they are created (within metadata.max.age.ms). Throws UsageError without group_id.
    void subscribe(const std::vector<std::string>& topics, RebalanceListener listener = {});
    // A regular expression matched against every topic name, including topics created later
    // (a leading '^' is added if missing). Classic protocol: librdkafka's regex syntax;
    // group.protocol=consumer: evaluated by the broker (RE2/J).
    void subscribe_pattern(const std::string& regex, RebalanceListener listener = {});
    // Leaves the group's assignment; on_revoked runs inside a later poll().
    void unsubscribe();
    [[nodiscard]] std::vector<std::string> subscription() const;

    // Manual assignment, replacing any previous one. Each entry's offset may be absolute or
    // offset::beginning / offset::end / offset::stored (the group's committed offset, else
    // auto.offset.reset; offset::invalid means the same). seek() works right after it.
    void assign(const TopicPartitionOffsets& partitions);
    // Manual assignment starting at the first record whose timestamp is at or after `time` in
    // each partition (the end of the partition if there is none).
    void assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout);
    void unassign();
    // The partitions currently assigned (by the group or by assign()).
    [[nodiscard]] TopicPartitions assignment() const;

    // The next record or consume event, or nullopt when nothing arrived within `timeout` or
    // wakeup() was called. Runs rebalance listeners and commit callbacks; rethrows what they
    // threw (after the assignment change was applied).
    [[nodiscard]] std::optional<Message> poll(Duration timeout);
    // Up to `max` records into `out` (cleared first; its capacity is reused), waiting up to
    // `timeout` for the first; returns the count (0 on timeout or wakeup()). Same callback
    // and error rules as poll(); if a callback threw, the fetched records are kept for the
    // next call and `out` is left empty.
    std::size_t poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout);
    // Makes a poll()/poll_batch() blocked in another thread return now (or the next one, if
    // none is blocked). Thread-safe; not async-signal-safe (from a signal handler, set a
    // flag that the polling loop checks instead).
    void wakeup() noexcept;

    // Commits and waits for the result, at most `timeout` (then TimeoutError: the commit may
    // still be applied). Failures throw (RetriableError, KafkaError, ...). Committing when
    // nothing new was consumed is a no-op. Works inside RebalanceListener::on_revoked; inside
    // close() it is also bounded by close()'s deadline. UsageError without group_id.
    void commit_sync(Duration timeout = default_timeout);
    // Exactly `next_offsets` (the offsets of the next records to read).
    void commit_sync(const TopicPartitionOffsets& next_offsets, Duration timeout = default_timeout);
    // The offset after `message`, with its leader epoch. UsageError for a partition-EOF or
    // error event (they are not records; commit_sync() commits the position instead).
    void commit_sync(const Message& message, Duration timeout = default_timeout);
    // Starts a commit and returns. The callback runs exactly once on this thread: inside a
    // later poll(), or in close() / the destructor (with ErrorCode::destroy if no result
    // arrived by then, also when close() ran out of time; a later result is dropped).
    // Without a callback, failures are logged.
    void commit_async(CommitCallback on_complete = {});
    void commit_async(const TopicPartitionOffsets& next_offsets, CommitCallback on_complete = {});
    // The offset after `message`; UsageError for a partition-EOF or error event.
    void commit_async(const Message& message, CommitCallback on_complete = {});
    // Explicit-store model only (ConsumerConfig::enable_auto_offset_store(false)): marks
    // `message` (and everything before it in its partition) processed. Throws (state) for a
    // partition that is no longer assigned.
    void store_offsets(const Message& message);
    void store_offsets(const TopicPartitionOffsets& next_offsets);

    // The group's committed offsets (offset::invalid where there is none). UsageError inside
    // close() (e.g. from on_revoked): librdkafka stops fetching offsets for a leaving member.
    [[nodiscard]] TopicPartitionOffsets committed(const TopicPartitions& partitions,
                                                  Duration timeout) const;
    // Per partition, the offset after the last record poll() returned, or after the
    // transaction markers and aborted records librdkafka stepped over behind it
    // (offset::invalid before the first one, and right after a seek until the next record).
    // Local, no broker round trip.
    [[nodiscard]] TopicPartitionOffsets position(const TopicPartitions& partitions) const;
    // Asks the partition leader.
    [[nodiscard]] Watermarks watermark_offsets(const std::string& topic, std::int32_t partition,
                                               Duration timeout) const;
    // From the last fetch response, without a round trip (offset::invalid if none yet).
    [[nodiscard]] Watermarks cached_watermark_offsets(const std::string& topic,
                                                      std::int32_t partition) const;
    // For each entry, the earliest offset whose timestamp is >= `offset` (interpreted as epoch
    // milliseconds); offset::end when there is none.
    [[nodiscard]] TopicPartitionOffsets offsets_for_times(const TopicPartitionOffsets& timestamps,
                                                          Duration timeout) const;

    // Stops / restarts fetching from assigned partitions; the position is kept. A pause ends
    // when the partition is revoked or lost (a reassigned partition starts unpaused, as in
    // the Java client; kfk resumes it on revoke, since librdkafka alone keeps the pause).
    void pause(const TopicPartitions& partitions);
    void resume(const TopicPartitions& partitions);
    // Moves the fetch position of assigned partitions; records already fetched for them are
    // discarded. Waits up to `timeout` for the seek to take effect, including right after
    // assign() or in on_assigned, where librdkafka alone refuses it (librdkafka#3959).
    // UsageError for a partition that is not assigned. With kfk's offset store, a seek to an
    // absolute offset sets what the next commit_sync()/commit_async()/auto commit commits for
    // the partition, as Java's commitSync() commits the position: seek(off + 1) then
    // commit_sync() skips `off` for good, and seeking back commits the earlier offset (never
    // past what will be re-read).
    void seek(const TopicPartitionOffset& position, Duration timeout);
    void seek(const TopicPartitionOffsets& positions, Duration timeout);
    void seek_to_beginning(const TopicPartitions& partitions, Duration timeout);
    void seek_to_end(const TopicPartitions& partitions, Duration timeout);

    // Leaves the group within `timeout`: on_revoked runs (on this thread), offsets stored
    // are committed when auto-committing (records handed out count as processed unless an
    // exception is unwinding), pending commit_async() callbacks run. Past the deadline it
    // returns anyway (logging a warning) and the destructor frees the client without the
    // group handshake: never hangs, even with every broker gone (librdkafka#3127). Calling it
    // again continues waiting; after it, poll() throws UsageError. Rethrows what a listener
    // threw meanwhile.
    void close(Duration timeout = Duration{10000});
    [[nodiscard]] bool closed() const noexcept;

    // For BytesProducer::send_offsets_to_transaction(). UsageError without group_id.
    [[nodiscard]] GroupMetadata group_metadata() const;
    // "" for an assign-only consumer without group_id.
    [[nodiscard]] std::string group_id() const;
    // This member's id in the group ("" before it joined).
    [[nodiscard]] std::string member_id() const;
    // librdkafka's client instance name (e.g. "rdkafka#consumer-1").
    [[nodiscard]] std::string name() const;

  private:
    detail::ConsumerImpl& impl() const;
    std::unique_ptr<detail::ConsumerImpl> impl_;
};

}  // namespace kfk
