// The one deadline type: when a bounded operation must be done, and what is left of it.
#pragma once

#include <algorithm>
#include <chrono>

#include "core/timeout_ms.hpp"

namespace kfk::detail {

class Deadline {
  public:
    using Clock = std::chrono::steady_clock;
    using Duration = std::chrono::milliseconds;

    // Saturating: a timeout too large for the clock (milliseconds::max(), "wait for ever")
    // is a deadline at the end of time, not an overflow into the past.
    explicit Deadline(Duration timeout) noexcept : total_(timeout) {
        const auto now = Clock::now();
        const auto room = std::chrono::duration_cast<Duration>(Clock::time_point::max() - now);
        end_ = timeout >= room ? Clock::time_point::max()
                               : now + std::chrono::duration_cast<Clock::duration>(timeout);
    }

    // What is left, never negative; rounded up so that 300 µs left is 1 ms, not 0.
    Duration left() const noexcept {
        const auto now = Clock::now();
        if (now >= end_) return Duration{0};
        return std::chrono::ceil<Duration>(end_ - now);
    }
    // What is left, at least 1 ms: for librdkafka calls that must still report their own
    // timeout (0 would make them return at once without an answer).
    Duration remaining() const noexcept { return std::max(left(), Duration{1}); }
    // left() in librdkafka's int milliseconds.
    int left_ms() const noexcept { return timeout_ms(left()); }
    bool passed() const noexcept { return Clock::now() >= end_; }
    // The timeout it was made with, for messages ("... within 30000 ms").
    Duration total() const noexcept { return total_; }

  private:
    Duration total_;
    Clock::time_point end_;
};

}  // namespace kfk::detail
