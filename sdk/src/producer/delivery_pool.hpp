// The per-record delivery state of send() with a callback or a future, and the pool that
// recycles it so that steady-state sending allocates nothing of kfk's own.
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "kfk/bytes_producer.hpp"

namespace kfk::detail {

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

}  // namespace kfk::detail
