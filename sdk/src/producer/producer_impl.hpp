#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/client_core.hpp"
#include "kfk/bytes_producer.hpp"

namespace kfk::detail {

// True on a thread that is running a delivery callback of any kfk producer.
bool in_delivery_report() noexcept;
// ... or any callback of a kfk producer (delivery, error, statistics; a poller thread).
bool in_producer_callback() noexcept;

// Per-record state for send() with a callback or a future; travels through librdkafka as the
// message opaque. Pooled, so that steady-state sending allocates nothing of ours.
struct DeliveryNode {
    DeliveryCallback callback;
    std::optional<std::promise<DeliveryReport>> promise;
    DeliveryNode* next_free = nullptr;
};

// Senders take nodes under a spin lock held for a few instructions (a std::mutex costs more
// than the rest of send()); whoever serves delivery reports hands them back in batches,
// lock-free, one CAS per delivery event. New nodes are made only while the number of records in
// flight grows.
// Topic names are stored once for the whole program (never freed, not even at exit): the
// topic views in delivery reports stay valid after their producer is gone. The table is
// bounded (applications may send to ever new names): past the bound, null.
inline constexpr std::size_t interned_topics_max = 4096;
const std::string* try_intern_topic(std::string_view name);
std::size_t interned_topic_count();

// DeliveryReport::topic and what keeps it alive: the interned name, or else an owned copy.
struct TopicName {
    std::string_view view;
    std::shared_ptr<const std::string> owner;  // null when interned
};
TopicName topic_name_for(std::string_view name);

class DeliveryNodePool {
  public:
    DeliveryNodePool() = default;
    DeliveryNodePool(const DeliveryNodePool&) = delete;
    DeliveryNodePool& operator=(const DeliveryNodePool&) = delete;

    DeliveryNode* acquire() {
        lock();
        if (!free_) free_ = returned_.exchange(nullptr, std::memory_order_acquire);
        DeliveryNode* node = free_;
        if (node) [[likely]]
            free_ = node->next_free;
        unlock();
        if (!node) [[unlikely]]
            return grow();
        node->next_free = nullptr;
        return node;
    }
    // Returns the chain head -> ... -> tail (linked through next_free). The nodes must be reset.
    void release(DeliveryNode* head, DeliveryNode* tail) noexcept;

  private:
    void lock() noexcept {
        if (locked_.exchange(true, std::memory_order_acquire)) [[unlikely]]
            spin();
    }
    void spin() noexcept;
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }
    DeliveryNode* grow();

    std::atomic<bool> locked_{false};
    DeliveryNode* free_ = nullptr;                  // guarded by locked_
    std::atomic<DeliveryNode*> returned_{nullptr};  // pushed by report servers, taken whole
    std::mutex grow_mu_;
    std::vector<std::unique_ptr<DeliveryNode>> all_;  // guarded by grow_mu_; never shrinks
};

// librdkafka topic handles for the topics this producer sends to, so that a send skips
// librdkafka's lookup by name (a lock and a list scan per record). Lookups take no lock: entries
// are published once, in order, and never change. Beyond `capacity` topics, sends fall back to
// the name.
class TopicHandles {
  public:
    static constexpr std::size_t capacity = 64;

    TopicHandles() = default;
    TopicHandles(const TopicHandles&) = delete;
    TopicHandles& operator=(const TopicHandles&) = delete;
    ~TopicHandles() { release(); }

    rd_kafka_topic_t* find(std::string_view name) const noexcept {
        const std::size_t n = count_.load(std::memory_order_acquire);
        for (std::size_t i = 0; i < n; ++i) {
            if (*entries_[i].name == name) return entries_[i].rkt;
        }
        return nullptr;
    }
    // The (interned) name of handle `rkt`, or null if it is not ours.
    const std::string* name_of(const rd_kafka_topic_t* rkt) const noexcept {
        const std::size_t n = count_.load(std::memory_order_acquire);
        for (std::size_t i = 0; i < n; ++i) {
            if (entries_[i].rkt == rkt) return entries_[i].name;
        }
        return nullptr;
    }
    // The handle for `name`, created if need be; null when full or librdkafka refuses the name.
    rd_kafka_topic_t* get(rd_kafka_t* rk, std::string_view name);
    // Drops every handle; must run before the client handle is destroyed.
    void release() noexcept;

  private:
    struct Entry {
        const std::string* name = nullptr;  // try_intern_topic(): lives as long as the program
        rd_kafka_topic_t* rkt = nullptr;
    };
    std::mutex add_mu_;
    std::atomic<std::size_t> count_{0};
    std::array<Entry, capacity> entries_;
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
    bool wait_ready(const std::future<DeliveryReport>& future, Clock::time_point deadline);

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
    bool wait_for_room(Clock::time_point deadline);
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
