// Record timestamps: Kafka stores milliseconds since the Unix epoch plus what they mean.
#pragma once

#include <chrono>
#include <cstdint>

namespace kfk {

enum class TimestampType {
    not_available,
    create_time,      // set by the producer (or the client library) when the record was created
    log_append_time,  // set by the broker when it appended the record (topic config)
};

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

struct Timestamp {
    TimePoint time{};
    TimestampType type = TimestampType::not_available;

    std::int64_t epoch_ms() const noexcept { return time.time_since_epoch().count(); }
    static Timestamp from_epoch_ms(std::int64_t ms, TimestampType t = TimestampType::create_time) {
        return {TimePoint{std::chrono::milliseconds{ms}}, t};
    }
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

}  // namespace kfk
