// Durations ("15m", "1h30m", "500ms") and points in time (ISO-8601, epoch milliseconds, "now",
// or relative to now: "-15m"), as every kfk command accepts them; ISO-8601 output.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kfk::cli {

// Units: ms, s, m, h, d; parts may be combined ("1h30m"). A unit is required: "5" is refused
// with a hint (seconds or milliseconds would be a guess). Throws CliError(usage).
std::chrono::milliseconds parse_duration(std::string_view text);

// Epoch milliseconds for:
//   "2024-01-15T10:00:00Z", "2024-01-15T10:00:00.250+02:00", "2024-01-15 10:00:00" (UTC),
//   "2024-01-15" (midnight UTC), "1705312800000" (epoch ms), "now", "-15m" / "+1h" (relative
//   to now_ms). Throws CliError(usage) naming what is accepted.
std::int64_t parse_time(std::string_view text, std::int64_t now_ms);

std::int64_t now_epoch_ms() noexcept;

// Enough room for any ISO-8601 string format_iso8601 writes.
inline constexpr std::size_t iso8601_max = 32;

// "2024-01-15T10:00:00.123Z" (UTC, millisecond precision) into `out`; returns its length.
// No allocation: the consume hot path calls it per record.
std::size_t format_iso8601(std::int64_t epoch_ms, char* out) noexcept;
std::string format_iso8601(std::int64_t epoch_ms);

// "1h30m", "15s", "250ms", "0s": the inverse of parse_duration, for messages.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace kfk::cli
