// The arithmetic of offset reset plans, apart from any I/O so that unit tests can drive it.
#pragma once

#include <cstdint>
#include <optional>

#include "kfk/admin_types.hpp"

namespace kfk::detail {

// Sets entry.target / clamped / error from the entry's current, log_start and log_end and,
// for to_datetime / by_duration, `time_offset`: the first offset at or after the strategy's
// time (offset::end, i.e. -1, when every record is older). Mirrors kafka-consumer-groups:
// targets outside [log_start, log_end] are clamped; a time past the last record resets to
// the log end; shift_by needs a committed offset.
void resolve_reset_target(const ResetStrategy& strategy, OffsetResetEntry& entry,
                          std::optional<std::int64_t> time_offset = std::nullopt);

}  // namespace kfk::detail
