// The producer behind BytesProducer: librdkafka's producer plus what kfk adds on top — pooled
// per-record delivery state, topic handles for the hot path, the background poller thread,
// blocking on a full queue, and a close that reports every record. BytesProducer only
// forwards here.
//
// One file per concern: producer_impl.cpp (construction, poller, flush, close),
// enqueue.cpp (building librdkafka's produce arguments), delivery_reports.cpp,
// transactions.cpp; the pool, topic handles and topic names have their own files.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/client_core.hpp"
#include "core/deadline.hpp"
#include "kfk/bytes_producer.hpp"
#include "producer/delivery_pool.hpp"
#include "producer/topic_handles.hpp"
#include "producer/topic_names.hpp"

namespace kfk::detail {

// True on a thread that is running a delivery callback of any kfk producer.
bool in_delivery_report() noexcept;
// ... or any callback of a kfk producer (delivery, error, statistics; a poller thread).
bool in_producer_callback() noexcept;
// Marks the calling thread as serving delivery reports while it lives.
struct ServingReport {
    ServingReport() noexcept;
    ~ServingReport();
    ServingReport(const ServingReport&) = delete;
    ServingReport& operator=(const ServingReport&) = delete;
};
// Marks the calling thread as a producer's poller, for good.
void enter_poller_thread() noexcept;

class ProducerImpl final : public ClientCore {
  public:
    using Duration = BytesProducer::Duration;
    using Clock = std::chrono::steady_clock;

    explicit ProducerImpl(ProducerConfig config);
    ~ProducerImpl() override;

    // Queues a record; `node` (may be null) travels with it to the delivery report. With
    // QueueFullPolicy::block, waits up to `max_block` for room in the local queue.
    Error enqueue(const RawRecord& record, DeliveryNode* node, Duration max_block);
    // The hot path, inlined into send(): a record without headers or timestamp to a topic with
    // a handle, when librdkafka takes it at once. False means "use enqueue()", which handles
    // everything else (and reports why a record is refused).
    bool try_enqueue(const RawRecord& record, DeliveryNode* node) noexcept {
        if (closed() || !record.headers.empty() || record.timestamp) return false;
        rd_kafka_topic_t* rkt = handles_.find(record.topic);
        if (!rkt) [[unlikely]]
            return false;
        // librdkafka tells null from empty by the pointer: an empty view may have a null data().
        return rd_kafka_produce(rkt, record.partition, RD_KAFKA_MSG_F_COPY, payload(record.value),
                                record.value ? record.value->size() : 0, payload(record.key),
                                record.key ? record.key->size() : 0, node) == 0;
    }
    static char* payload(const std::optional<std::string_view>& bytes) noexcept {
        static const char empty = '\0';
        return bytes ? const_cast<char*>(bytes->data() ? bytes->data() : &empty) : nullptr;
    }
    DeliveryNode* acquire_node() { return pool_.acquire(); }
    // Completes a node whose record never reached librdkafka and returns it to the pool.
    void complete_refused(DeliveryNode* node, const DeliveryReport& report) noexcept;
    // Report for a record refused before it was queued.
    DeliveryReport refused(const RawRecord& record, Error error);
    // Waits for `future` until `deadline`, serving reports itself in manual mode.
    bool wait_ready(const std::future<DeliveryReport>& future, const Deadline& deadline);
    // rd_kafka_flush until `deadline` (its result: _TIMED_OUT when records are left); throws
    // AuthenticationError while the credentials are refused, or with `stop_if_refused`
    // returns _AUTHENTICATION instead (close(), which must not throw).
    rd_kafka_resp_err_t flush_until(const Deadline& deadline, bool stop_if_refused);

    const ProducerConfig& config() const noexcept { return config_; }
    bool background() const noexcept {
        return config_.delivery_polling() == DeliveryPolling::background;
    }
    // Cheap test before the locked rethrow_pending() on every send.
    void rethrow_if_pending() {
        if (has_pending()) rethrow_pending();
    }
    // Throws UsageError when called from a delivery callback on the SDK's poller thread, where
    // waiting for deliveries would wait for itself.
    void check_not_on_poller(const char* what) const;

    int poll(Duration timeout);
    Error flush(Duration timeout);
    void close(Duration timeout);
    bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }
    std::size_t in_flight() const noexcept {
        return static_cast<std::size_t>(rd_kafka_outq_len(rk()));
    }

    // What BytesProducer offers, one to one (its header documents the semantics). The sends
    // are defined here, and forced inline, so that the facade's call is the whole hot path
    // (without it GCC keeps them out of line: one more call per record, ~12 instructions).
    [[gnu::always_inline]] std::future<DeliveryReport> send(const RawRecord& record) {
        rethrow_if_pending();
        auto* node = acquire_node();
        node->promise.emplace();
        auto future = node->promise->get_future();
        if (try_enqueue(record, node)) return future;
        if (Error err = enqueue(record, node, config_.default_send_timeout())) {
            complete_refused(node, refused(record, std::move(err)));
        }
        return future;
    }
    [[gnu::always_inline]] void send(const RawRecord& record, DeliveryCallback&& on_delivery) {
        rethrow_if_pending();
        auto* node = acquire_node();
        node->callback = std::move(on_delivery);
        if (try_enqueue(record, node)) [[likely]]
            return;
        if (Error err = enqueue(record, node, config_.default_send_timeout())) {
            complete_refused(node, refused(record, std::move(err)));
            rethrow_if_pending();
        }
    }
    [[gnu::always_inline]] Error produce(const RawRecord& record) {
        rethrow_if_pending();
        if (try_enqueue(record, nullptr)) return {};
        return enqueue(record, nullptr, config_.default_send_timeout());
    }
    DeliveryReport send_sync(const RawRecord& record, Duration timeout);

    // transactions.cpp
    void init_transactions(Duration timeout);
    void begin_transaction();
    void send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                     const GroupMetadata& group, Duration timeout);
    void commit_transaction(Duration timeout);
    void abort_transaction(Duration timeout);

  private:
    // Topic name of the last report served, to intern each topic once per batch.
    struct TopicCache {
        const rd_kafka_topic_t* rkt = nullptr;
        TopicName name;
    };
    // Nodes done with in one serving pass, returned to the pool together.
    struct Released {
        DeliveryNode* head = nullptr;
        DeliveryNode* tail = nullptr;
    };

    static void delivery_trampoline(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
    void on_delivery(const rd_kafka_message_t* msg, TopicCache& topics,
                     Released& released) noexcept;
    DeliveryReport make_report(const rd_kafka_message_t* msg, TopicCache& topics);
    Error delivery_error(const rd_kafka_message_t* msg);
    // Background mode: serves one event from the main queue; false if none came in time.
    bool serve_event(int wait_ms) noexcept;
    void run_poller() noexcept;
    void stop_poller() noexcept;
    Error refusal_error(rd_kafka_error_t* err);
    Error produce_error(rd_kafka_resp_err_t err);
    // Records with headers or a timestamp, or topics without a handle: rd_kafka_produceva().
    Error enqueue_va(const RawRecord& record, DeliveryNode* node, Duration max_block,
                     rd_kafka_topic_t* rkt);
    bool blocks(Duration max_block) const noexcept {
        // Inside a delivery callback the queue cannot drain: room comes only from the reports
        // this thread is busy serving. Waiting would stall every report for max_block.
        return config_.queue_full_policy() == QueueFullPolicy::block &&
               max_block > Duration::zero() && !in_delivery_report();
    }
    // QueueFullPolicy::block: waits a moment for room; false once `deadline` passed or closed.
    bool wait_for_room(const Deadline& deadline);
    Error stayed_full(Duration max_block) const;

    ProducerConfig config_;
    DeliveryNodePool pool_;
    TopicHandles handles_;
    QueuePtr main_queue_;  // background mode: where delivery events arrive
    // Senders blocked on a full queue (QueueFullPolicy::block) wait here for the poller.
    std::mutex room_mu_;
    std::condition_variable room_cv_;
    std::atomic<int> waiting_for_room_{0};
    std::atomic<bool> stop_{false};
    std::atomic<bool> closed_{false};
    std::thread poller_;
    std::atomic<std::thread::id> poller_id_{};
};

}  // namespace kfk::detail
