// The one duration -> librdkafka milliseconds conversion saturates instead of overflowing.
#include <doctest/doctest.h>

#include <chrono>
#include <limits>

#include "core/timeout_ms.hpp"

using namespace std::chrono_literals;
using kfk::detail::timeout_ms;

TEST_CASE("timeout_ms: saturates, never overflows, rounds up") {
    constexpr int int_max = std::numeric_limits<int>::max();
    static_assert(timeout_ms(0ms) == 0);
    static_assert(timeout_ms(-5s) == 0);
    static_assert(timeout_ms(std::chrono::milliseconds::min()) == 0);
    static_assert(timeout_ms(1500ms) == 1500);
    static_assert(timeout_ms(300us) == 1);  // not 0: a 300 µs wait must not become a spin
    static_assert(timeout_ms(1001us) == 2);
    static_assert(timeout_ms(std::chrono::milliseconds::max()) == int_max);
    static_assert(timeout_ms(std::chrono::nanoseconds::max()) == int_max);
    static_assert(timeout_ms(std::chrono::hours::max()) == int_max);
    static_assert(timeout_ms(std::chrono::milliseconds{int_max}) == int_max);
    static_assert(timeout_ms(std::chrono::milliseconds{int_max} + 1ms) == int_max);
    CHECK(timeout_ms(std::chrono::duration<double>{0.25}) == 250);
}
