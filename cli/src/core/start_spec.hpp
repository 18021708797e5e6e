// Where `kfk consume --from` starts in each partition.
#pragma once

#include <cstdint>
#include <string_view>

namespace kfk::cli {

struct StartSpec {
    enum class Kind {
        beginning,  // "beginning" / "earliest"
        end,        // "end" / "latest": only records written from now on
        stored,     // "stored": the group's committed offset (the default with --group)
        absolute,   // "1234"
        from_end,   // "-N": the last N records of each partition
        time,       // "@2024-01-15T10:00:00Z", "@1705312800000", "@-15m"
    };
    Kind kind = Kind::end;
    std::int64_t value = 0;  // offset, N, or epoch ms
};

// Throws CliError(usage) listing the accepted forms.
StartSpec parse_start_spec(std::string_view text, std::int64_t now_ms);

// The offset to start from in one partition, given its watermarks; `time_offset` is what
// offsets_for_times answered for Kind::time. Clamped to [low, high].
std::int64_t resolve_start_offset(const StartSpec& spec, std::int64_t low, std::int64_t high,
                                  std::int64_t time_offset);

}  // namespace kfk::cli
