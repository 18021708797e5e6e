#include "producer/topic_handles.hpp"

#include "producer/topic_names.hpp"

namespace kfk::detail {

rd_kafka_topic_t* TopicHandles::get(rd_kafka_t* rk, std::string_view name) {
    if (rd_kafka_topic_t* rkt = find(name)) return rkt;
    std::lock_guard lock{add_mu_};
    const std::size_t n = count_.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < n; ++i) {
        if (*entries_[i].name == name) return entries_[i].rkt;
    }
    if (n == capacity) return nullptr;
    const std::string* interned = try_intern_topic(name);
    if (!interned) return nullptr;  // the shared table is full: send by name
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, interned->c_str(), nullptr);
    if (!rkt) return nullptr;  // an invalid name: the send by name reports why
    Entry& e = entries_[n];
    e.name = interned;
    e.rkt = rkt;
    count_.store(n + 1, std::memory_order_release);
    return e.rkt;
}

void TopicHandles::release() noexcept {
    std::lock_guard lock{add_mu_};
    const std::size_t n = count_.exchange(0, std::memory_order_acq_rel);
    for (std::size_t i = 0; i < n; ++i) {
        rd_kafka_topic_destroy(entries_[i].rkt);
        entries_[i].rkt = nullptr;
    }
}

}  // namespace kfk::detail
