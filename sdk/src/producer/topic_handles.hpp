#pragma once

#include <librdkafka/rdkafka.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace kfk::detail {

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

}  // namespace kfk::detail
