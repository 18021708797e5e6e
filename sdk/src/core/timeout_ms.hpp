// The one conversion from a std::chrono duration to librdkafka's `int` milliseconds.
#pragma once

#include <chrono>
#include <limits>

namespace kfk::detail {

// Saturating: negative and zero give 0 (do not wait), anything beyond INT_MAX ms (e.g.
// milliseconds::max(), "wait for ever") gives INT_MAX instead of overflowing into a negative
// (librdkafka's -1 "infinite" or an instant timeout). Rounds up, so that 300 µs waits 1 ms
// instead of spinning on 0.
template <class Rep, class Period>
constexpr int timeout_ms(std::chrono::duration<Rep, Period> d) noexcept {
    using Millis = std::chrono::duration<double, std::milli>;
    if (d <= d.zero()) return 0;
    // Compared as floating-point milliseconds: no cast can overflow, whatever d's unit.
    constexpr double cap = std::numeric_limits<int>::max();
    const double ms = std::chrono::duration_cast<Millis>(d).count();
    if (ms >= cap) return std::numeric_limits<int>::max();
    const auto whole = static_cast<int>(ms);
    return whole < ms ? whole + 1 : whole;
}

// librdkafka's admin request and operation timeouts accept at most one hour.
inline constexpr int admin_timeout_max_ms = 3'600'000;

}  // namespace kfk::detail
