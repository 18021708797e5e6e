#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "detail/client_core.hpp"
#include "kfk/bytes_producer.hpp"

namespace kfk::detail {

// Per-record state for send() with a callback or a future; travels through librdkafka as the
// message opaque. Pooled, so that steady-state sending allocates nothing of ours.
struct DeliveryNode {
    DeliveryCallback callback;
    std::optional<std::promise<DeliveryReport>> promise;
    DeliveryNode* next_free = nullptr;
};

// Senders take nodes under a mutex (uncontended with one sending thread); whoever serves
// delivery reports hands them back in batches, lock-free, one CAS per delivery event.
class DeliveryNodePool {
  public:
    DeliveryNodePool() = default;
    DeliveryNodePool(const DeliveryNodePool&) = delete;
    DeliveryNodePool& operator=(const DeliveryNodePool&) = delete;

    DeliveryNode* acquire();
    // Returns the chain head -> ... -> tail (linked through next_free). The nodes must be reset.
    void release(DeliveryNode* head, DeliveryNode* tail) noexcept;

  private:
    std::mutex mu_;
    DeliveryNode* free_ = nullptr;                    // guarded by mu_
    std::vector<std::unique_ptr<DeliveryNode>> all_;  // guarded by mu_; grows, never shrinks
    std::atomic<DeliveryNode*> returned_{nullptr};    // pushed by report servers, taken whole
};

class ProducerImpl final : public ClientCore {
  public:
    using Duration = BytesProducer::Duration;
    using Clock = std::chrono::steady_clock;

    explicit ProducerImpl(ProducerConfig config);
    ~ProducerImpl() override;

    // Queues a record; `node` (may be null) travels with it to the delivery report. With
    // QueueFullPolicy::block, waits up to `max_block` for room in the local queue.
    Error enqueue(const RawRecord& record, DeliveryNode* node, Duration max_block);
    DeliveryNode* acquire_node() { return pool_.acquire(); }
    // Completes a node whose record never reached librdkafka and returns it to the pool.
    void complete_refused(DeliveryNode* node, const DeliveryReport& report) noexcept;
    // Report for a record refused before it was queued.
    DeliveryReport refused(const RawRecord& record, Error error);
    // Waits for `future` until `deadline`, serving reports itself in manual mode.
    bool wait_ready(const std::future<DeliveryReport>& future, Clock::time_point deadline);

    const ProducerConfig& config() const noexcept { return config_; }
    bool background() const noexcept { return poller_.joinable(); }
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

  private:
    // Topic name of the last report served, to intern each topic once per batch.
    struct TopicCache {
        const rd_kafka_topic_t* rkt = nullptr;
        std::string_view name;
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
    std::string_view intern_topic(std::string_view name);
    // Background mode: serves one event from the main queue; false if none came in time.
    bool serve_event(int timeout_ms) noexcept;
    void run_poller() noexcept;
    void stop_poller() noexcept;
    Error refusal_error(rd_kafka_error_t* err);

    ProducerConfig config_;
    DeliveryNodePool pool_;
    std::mutex topics_mu_;
    std::deque<std::string> topic_names_;  // interned; never shrinks, so views stay valid
    QueuePtr main_queue_;                  // background mode: where delivery events arrive
    std::atomic<bool> stop_{false};
    std::atomic<bool> closed_{false};
    std::thread poller_;
    std::atomic<std::thread::id> poller_id_{};
};

}  // namespace kfk::detail
