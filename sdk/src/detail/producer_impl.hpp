#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "detail/client_core.hpp"
#include "kfk/bytes_producer.hpp"

namespace kfk::detail {

// Per-record state for send() with a callback or a future. Pooled, so that steady-state
// sending allocates nothing of ours.
struct DeliveryNode {
    DeliveryCallback callback;
    std::optional<std::promise<DeliveryReport>> promise;
    DeliveryNode* next_free = nullptr;
};

class DeliveryNodePool {
  public:
    DeliveryNode* acquire();
    void release(DeliveryNode* node) noexcept;

  private:
    std::mutex mu_;
    DeliveryNode* free_ = nullptr;
    std::vector<std::unique_ptr<DeliveryNode>> all_;
};

class ProducerImpl final : public ClientCore {
  public:
    using Duration = BytesProducer::Duration;

    explicit ProducerImpl(ProducerConfig config);
    ~ProducerImpl() override;

    // Queues a record; `node` (may be null) travels with it to the delivery report.
    Error enqueue(const RawRecord& record, DeliveryNode* node);
    DeliveryNode* acquire_node() { return pool_.acquire(); }
    // Completes `node` with `report` and returns it to the pool.
    void complete(DeliveryNode* node, const DeliveryReport& report) noexcept;
    // Report for a record refused before it was queued.
    DeliveryReport refused(const RawRecord& record, Error error);

    int poll(Duration timeout);
    Error flush(Duration timeout);
    void close(Duration timeout);

  private:
    static void delivery_trampoline(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
    DeliveryReport make_report(const rd_kafka_message_t* msg);
    std::string_view intern_topic(const rd_kafka_topic_t* rkt);
    std::string_view intern_topic_name(std::string_view name);
    void stop_poller() noexcept;

    ProducerConfig config_;
    DeliveryNodePool pool_;
    std::mutex topics_mu_;
    std::unordered_map<const rd_kafka_topic_t*, std::string_view> topic_by_handle_;
    std::deque<std::string> topic_names_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> closed_{false};
    std::thread poller_;
};

}  // namespace kfk::detail
