// kfk produce's end: the summary line, the failures by error, and the exit code.
#pragma once

#include <cstdint>

#include "commands/produce_delivery.hpp"
#include "commands/produce_input.hpp"
#include "core/exit_codes.hpp"

namespace kfk::cli {

struct ProduceTotals {
    std::uint64_t sent_bytes = 0;
    std::uint64_t records_read = 0;  // input records (lines), bad ones included
    double elapsed_seconds = 0;
    bool interrupted = false;  // Ctrl-C stopped the reading
};

// "Produced N records (size) to T [partitions ...] in 1.2s", unless --quiet; a warning for
// empty input.
void print_summary(const ProduceOptions& o, const DeliveryStats& stats, const ProduceTotals& totals,
                   const BadInputLog& bad_input);

// Names each kind of failed delivery and the bad input stop on stderr; returns the exit code.
ExitCode report_outcome(DeliveryStats& stats, const TopicLimits& limits,
                        const BadInputLog& bad_input, bool interrupted);

}  // namespace kfk::cli
