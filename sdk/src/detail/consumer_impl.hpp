// The consumer behind BytesConsumer: librdkafka's KafkaConsumer plus what kfk adds on top —
// the at-least-once offset store, the rebalance listener glue, bounded commits and close,
// and the hand-back of records when a callback threw.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "detail/client_core.hpp"
#include "kfk/bytes_consumer.hpp"

namespace kfk::detail {

class ConsumerImpl final : public ClientCore {
  public:
    using Duration = BytesConsumer::Duration;
    using Clock = std::chrono::steady_clock;
    struct Prepared;  // the configuration as kfk hands it to librdkafka (bytes_consumer.cpp)

    explicit ConsumerImpl(ConsumerConfig config);
    ~ConsumerImpl() override;

    rd_kafka_queue_t* queue() const noexcept { return queue_.get(); }
    const std::string& group_id() const noexcept { return group_id_; }
    // False when the application gave no group.id (assign-only; see BytesConsumer).
    bool has_group() const noexcept { return !groupless_; }
    // Throws UsageError naming `what` for a consumer without a group.id.
    void require_group(const char* what) const;
    // Throws UsageError naming `what` once close() has started.
    void require_open(const char* what) const;
    void set_listener(RebalanceListener listener) { listener_ = std::move(listener); }

    std::optional<Message> poll(Duration timeout);
    std::size_t poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout);

    // True when kfk stores offsets (enable.auto.offset.store left unset by the application).
    bool sdk_stores() const noexcept { return sdk_store_; }
    // The application is back: stores the offsets after the records handed out to it.
    void store_handed_out() noexcept;

    // `offsets` null: everything stored. Bounded by `timeout` and, inside close(), by the
    // close deadline.
    void commit_sync(const rd_kafka_topic_partition_list_t* offsets, Duration timeout);
    void commit_async(const rd_kafka_topic_partition_list_t* offsets, CommitCallback on_complete);

    // Seeks every entry; retries while a just-assigned partition's fetcher is not started yet
    // (librdkafka#3959), until `timeout`.
    void seek(const TopicPartitionOffsets& positions, Duration timeout);
    // Assignment with the group-less rule applied (offset::stored -> auto.offset.reset).
    void assign(const TopicPartitionOffsets& partitions);

    void close(Duration timeout);
    bool closed() const noexcept { return state_ == State::closed; }
    // close() started but did not finish: librdkafka's teardown then waits for the group
    // sub-system, up to session.timeout.ms with unreachable brokers.
    bool teardown_may_block() const noexcept { return state_ == State::closing; }
    bool closing() const noexcept { return state_ == State::closing; }
    // The application's log sink is not called any more (returns once no call is running).
    void mute_log() noexcept;
    // What ~BytesConsumer does with its impl: close it (while still owned, so that listeners
    // can use the consumer), then free it — on a detached thread if librdkafka's teardown may
    // block, so that the application never waits for it. Leaves `impl` empty.
    static void dispose(std::unique_ptr<ConsumerImpl>& impl) noexcept;

    // Guards the application's log sink: librdkafka threads may log until the handle is gone.
    struct LogGate {
        std::shared_mutex mu;
        bool muted = false;
    };

  private:
    explicit ConsumerImpl(Prepared prepared);

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
    struct HandedOut {
        rd_kafka_topic_t* rkt;  // our own reference (topic_refs_)
        std::int32_t partition;
        std::int64_t offset;
    };

    static void rebalance_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                     rd_kafka_topic_partition_list_t* partitions, void* opaque);
    static void async_commit_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                        rd_kafka_topic_partition_list_t* offsets, void* opaque);
    void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
    void complete_async_commit(void* token, const Error& error,
                               const rd_kafka_topic_partition_list_t* offsets) noexcept;
    void handle_close_event(rd_kafka_event_t* ev);
    void note_handed_out(const rd_kafka_message_t* msg);
    rd_kafka_topic_t* own_topic_ref(rd_kafka_topic_t* rkt);
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
    std::optional<Clock::time_point> close_deadline_;
    RebalanceListener listener_;
    // Records a poll fetched but could not return because a callback threw; handed out first
    // by the next poll, so the exception costs no record.
    std::vector<Message> stash_;
    std::size_t stash_head_ = 0;
    std::vector<HandedOut> handed_out_;
    std::vector<std::pair<rd_kafka_topic_t*, TopicPtr>> topic_refs_;
    std::vector<rd_kafka_message_t*> batch_;
    std::list<CommitCallback> async_commits_;  // owned until their result arrives
    QueuePtr queue_;
    QueuePtr close_queue_;
};

}  // namespace kfk::detail
