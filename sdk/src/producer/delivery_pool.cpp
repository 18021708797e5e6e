#include "producer/delivery_pool.hpp"

#include <thread>

namespace kfk::detail {

void DeliveryNodePool::spin() noexcept {
    do {
        // Held for a few instructions only, unless its holder was preempted.
        for (int spins = 0; locked_.load(std::memory_order_relaxed); ++spins) {
            if (spins > 64) std::this_thread::yield();
        }
    } while (locked_.exchange(true, std::memory_order_acquire));
}

DeliveryNode* DeliveryNodePool::grow() {
    std::lock_guard lock{grow_mu_};
    return all_.emplace_back(std::make_unique<DeliveryNode>()).get();
}

void DeliveryNodePool::release(DeliveryNode* head, DeliveryNode* tail) noexcept {
    DeliveryNode* top = returned_.load(std::memory_order_relaxed);
    do {
        tail->next_free = top;
    } while (!returned_.compare_exchange_weak(top, head, std::memory_order_release,
                                              std::memory_order_relaxed));
}

}  // namespace kfk::detail
