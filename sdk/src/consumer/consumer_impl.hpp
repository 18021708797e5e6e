// The consumer behind BytesConsumer: librdkafka's KafkaConsumer plus what kfk adds on top —
// the at-least-once offset store, the rebalance listener glue, bounded commits and close,
// and the hand-back of records when a callback threw. BytesConsumer only forwards here.
//
// One file per concern: consumer_impl.cpp (construction, teardown), poll.cpp, rebalance.cpp
// (subscription, assignment, the rebalance callback), offset_store.cpp (what kfk stores for
// the application), commit.cpp, positions.cpp (seek, pause, watermarks), close.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/client_core.hpp"
#include "core/deadline.hpp"
#include "kfk/bytes_consumer.hpp"

namespace kfk::detail {

class ConsumerImpl final : public ClientCore {
  public:
    using Duration = BytesConsumer::Duration;
    using Clock = std::chrono::steady_clock;
    struct Prepared;  // the configuration as kfk hands it to librdkafka (consumer_impl.cpp)

    explicit ConsumerImpl(ConsumerConfig config);
    ~ConsumerImpl() override;

    rd_kafka_queue_t* queue() const noexcept { return queue_.get(); }
    // False when the application gave no group.id (assign-only; see BytesConsumer).
    bool has_group() const noexcept { return !groupless_; }
    // Throws UsageError naming `what` for a consumer without a group.id.
    void require_group(const char* what) const;
    // Throws UsageError naming `what` once close() has started.
    void require_open(const char* what) const;

    // What BytesConsumer offers, one to one (its header documents the semantics).
    // Subscription and assignment: rebalance.cpp.
    void subscribe(const std::vector<std::string>& topics, RebalanceListener listener);
    void unsubscribe();
    std::vector<std::string> subscription() const;
    // Assignment with the group-less rule applied (offset::stored -> auto.offset.reset).
    void assign(const TopicPartitionOffsets& partitions);
    void assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout);
    void unassign();
    TopicPartitions assignment() const;
    // poll.cpp
    std::optional<Message> poll(Duration timeout);
    std::size_t poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout);
    void wakeup() noexcept { rd_kafka_queue_yield(queue_.get()); }
    // commit.cpp. Bounded by `timeout` and, inside close(), by the close deadline.
    void commit_sync(Duration timeout);
    void commit_sync(const TopicPartitionOffsets& next_offsets, Duration timeout);
    void commit_sync(const Message& message, Duration timeout);
    void commit_async(CommitCallback on_complete);
    void commit_async(const TopicPartitionOffsets& next_offsets, CommitCallback on_complete);
    void commit_async(const Message& message, CommitCallback on_complete);
    TopicPartitionOffsets committed(const TopicPartitions& partitions, Duration timeout);
    // offset_store.cpp
    void store_offsets(const Message& message);
    void store_offsets(const TopicPartitionOffsets& next_offsets);
    // positions.cpp
    TopicPartitionOffsets position(const TopicPartitions& partitions);
    Watermarks watermark_offsets(const std::string& topic, std::int32_t partition,
                                 Duration timeout);
    Watermarks cached_watermark_offsets(const std::string& topic, std::int32_t partition);
    TopicPartitionOffsets offsets_for_times(const TopicPartitionOffsets& timestamps,
                                            Duration timeout);
    void pause(const TopicPartitions& partitions);
    void resume(const TopicPartitions& partitions);
    // Seeks every entry; retries while a just-assigned partition's fetcher is not started yet
    // (librdkafka#3959), until `timeout`.
    void seek(const TopicPartitionOffsets& positions, Duration timeout);
    // Every partition to the same logical offset (offset::beginning / offset::end).
    void seek_to(const TopicPartitions& partitions, std::int64_t logical, Duration timeout);
    // consumer_impl.cpp. group_id() is "" for a consumer the application gave none.
    GroupMetadata group_metadata();
    std::string group_id() const { return groupless_ ? std::string{} : group_id_; }
    std::string member_id();

    void close(Duration timeout);
    bool closed() const noexcept { return state_ == State::closed; }
    // close() started but did not finish: librdkafka's teardown then waits for the group
    // sub-system, up to session.timeout.ms with unreachable brokers.
    bool teardown_may_block() const noexcept { return state_ == State::closing; }
    bool closing() const noexcept { return state_ == State::closing; }
    // What ~BytesConsumer does with its impl: close it (while still owned, so that listeners
    // can use the consumer), run or destroy the application's callbacks, then free it on a
    // worker thread, waiting for that at most teardown_wait (not at all if librdkafka's
    // teardown may block); past that the teardown finishes in the background with the log
    // sink cut off. Leaves `impl` empty.
    static void dispose(std::unique_ptr<ConsumerImpl>& impl) noexcept;

    // Guards the application's log sink: librdkafka threads may log until the handle is gone.
    struct LogGate {
        std::shared_mutex mu;
        bool muted = false;
        LogSink sink;  // the application's

        // Through the gate only: usable after the consumer itself may be gone.
        void log(LogLevel level, std::string_view client, std::string_view message) noexcept;
        void mute() noexcept;
    };
    // How long the destructor waits for librdkafka's teardown before finishing it in the
    // background (a Message that outlives the consumer holds it up).
    static constexpr Duration teardown_wait{5000};

  private:
    explicit ConsumerImpl(Prepared prepared);
    // Throws UsageError unless the application chose the explicit-store model.
    void require_explicit_store() const;
    // The application is back: stores the position after the records handed out to it. With
    // `sweep`, also stores the consumer's position where it moved past what was handed out
    // without a record (transaction markers, aborted ranges), as the Java consumer commits.
    void store_handed_out(bool sweep) noexcept;
    // store_handed_out(true), then forgets every partition (the assignment is replaced).
    void store_and_forget_all() noexcept;
    // `offsets` null: everything stored.
    void commit_list_sync(const rd_kafka_topic_partition_list_t* offsets, Duration timeout);
    void commit_list_async(const rd_kafka_topic_partition_list_t* offsets,
                           CommitCallback on_complete);
    // Runs or destroys, on the calling thread, everything of the application's: a pending
    // callback exception (logged), commit_async() callbacks (failed), listener, callbacks.
    void release_application() noexcept;

    enum class State { open, closing, closed };

    // Runs an application callback from inside librdkafka: an exception is kept for the next
    // rethrow_pending(), and the poll() running the callback returns without waiting out its
    // timeout.
    template <class F>
    void call_user(F&& f) noexcept {
        try {
            f();
        } catch (...) {
            capture(std::current_exception());
            rd_kafka_queue_yield(queue_.get());
        }
    }
    // One partition kfk handed records of to the application.
    struct Tracked {
        rd_kafka_topic_t* rkt = nullptr;  // our own reference (topic_refs_)
        std::int32_t partition = 0;
        PartitionListPtr store;   // one element, reused for every store of this partition
        std::int64_t next = -1;   // offset after the last record handed out
        std::int32_t epoch = -1;  // its leader epoch (KIP-320)
        bool pending = false;     // `next` is not stored yet
    };
    // A partition whose librdkafka position counts records kfk dropped (poll_batch() after a
    // revoke): its position is not stored until a seek or a record handed out reaches it.
    struct Stale {
        std::string topic;
        std::int32_t partition;
    };

    static void rebalance_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                     rd_kafka_topic_partition_list_t* partitions, void* opaque);
    static void async_commit_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                        rd_kafka_topic_partition_list_t* offsets, void* opaque);
    void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
    void complete_async_commit(std::uintptr_t id, const Error& error,
                               const rd_kafka_topic_partition_list_t* offsets) noexcept;
    void handle_close_event(rd_kafka_event_t* ev);
    void note_handed_out(const rd_kafka_message_t* msg);
    Tracked& tracked(rd_kafka_topic_t* rkt, std::int32_t partition);
    void store(Tracked& t) noexcept;
    void sweep_positions() noexcept;
    bool is_stale(std::string_view topic, std::int32_t partition) const noexcept;
    // Forgets what was handed out of `partitions` (revoked / replaced) after storing it.
    void forget(const rd_kafka_topic_partition_list_t* partitions) noexcept;
    // A seek moved these positions: stores absolute targets, drops older hand-outs.
    void seeked(const TopicPartitionOffsets& positions) noexcept;
    void drop_revoked_from_batch(std::vector<Message>& out);
    void fail_pending_async_commits() noexcept;
    rd_kafka_topic_t* own_topic_ref(rd_kafka_topic_t* rkt);
    rd_kafka_topic_t* topic_ref_named(const std::string& topic);
    bool unwinding() const noexcept;
    Duration bounded_by_close(Duration timeout) const noexcept;
    std::int64_t groupless_start_offset() const noexcept;

    std::shared_ptr<LogGate> log_gate_;
    std::string group_id_;
    bool groupless_ = false;
    bool sdk_store_ = false;
    std::string offset_reset_;  // auto.offset.reset as configured ("" = librdkafka default)
    int uncaught_at_creation_ = 0;
    State state_ = State::open;
    bool close_abandoned_group_ = false;  // the group handshake failed: destroy without it
    std::optional<Deadline> close_deadline_;
    RebalanceListener listener_;
    // Records a poll fetched but could not return because a callback threw; handed out first
    // by the next poll, so the exception costs no record.
    std::vector<Message> stash_;
    std::size_t stash_head_ = 0;
    std::vector<Tracked> tracked_;
    std::vector<Stale> stale_;
    bool sweep_due_ = false;  // the last poll came back without a record
    bool in_batch_ = false;   // inside rd_kafka_consume_batch_queue()
    std::vector<TopicPartition> revoked_in_batch_;
    std::vector<std::pair<rd_kafka_topic_t*, TopicPtr>> topic_refs_;
    std::vector<rd_kafka_message_t*> batch_;
    // Owned until their result arrives; librdkafka carries the id, never a pointer, so that a
    // late result of a commit already failed at close cannot reach another one.
    std::list<std::pair<std::uintptr_t, CommitCallback>> async_commits_;
    std::uintptr_t next_commit_id_ = 1;
    QueuePtr queue_;
    QueuePtr close_queue_;
};

}  // namespace kfk::detail
