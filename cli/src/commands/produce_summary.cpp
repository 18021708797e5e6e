#include "commands/produce_summary.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "core/args.hpp"

namespace kfk::cli {

namespace {

// One short line at any scale: the partitions by number while there are few, else how many
// of how many (a 1,000-partition topic would make a 3,500-character line).
std::string partitions_used(const DeliveryStats& stats) {
    constexpr std::size_t listed_max = 8;
    std::vector<std::size_t> used;
    for (std::size_t p = 0; p < stats.partitions_used.size(); ++p) {
        if (stats.partitions_used[p].load()) used.push_back(p);
    }
    std::string parts;
    if (used.size() > listed_max) {
        return std::to_string(used.size()) + " of " + std::to_string(stats.partitions_used.size()) +
               " partitions";
    }
    for (auto p : used) parts += (parts.empty() ? "partitions " : ",") + std::to_string(p);
    return parts;
}

}  // namespace

void print_summary(const ProduceOptions& o, const DeliveryStats& stats, const ProduceTotals& totals,
                   const BadInputLog& bad_input) {
    const std::uint64_t acked = stats.acked.load();
    const std::uint64_t failed = stats.failed.load();
    if (!o.quiet) {
        const std::string parts = partitions_used(stats);
        const std::string what =
            failed ? std::to_string(acked) + " of " + plural(acked + failed, "record", "records")
                   : plural(acked, "record", "records") + " (" +
                         human_bytes(static_cast<double>(totals.sent_bytes)) + ")";
        std::fprintf(stderr, "Produced %s to %s%s in %.1fs", what.c_str(), o.topic.c_str(),
                     parts.empty() ? "" : (" [" + parts + "]").c_str(), totals.elapsed_seconds);
        if (failed || bad_input.count()) {
            std::fprintf(stderr, "; %llu not acknowledged, %llu bad input",
                         static_cast<unsigned long long>(failed),
                         static_cast<unsigned long long>(bad_input.count()));
        }
        std::fprintf(stderr, ".\n");
    }
    if (totals.records_read == 0 && !o.value) {
        std::fprintf(stderr, "kfk: warning: the input was empty: nothing to produce\n");
    }
}

ExitCode report_outcome(DeliveryStats& stats, const TopicLimits& limits,
                        const BadInputLog& bad_input, bool interrupted) {
    ExitCode code = ExitCode::ok;
    if (stats.failed.load()) {
        std::lock_guard lock{stats.mu};
        for (const auto& [raw, f] : stats.failures) {
            std::string where =
                f.first_record ? " (first: record " + std::to_string(f.first_record) + ")" : "";
            if (raw == static_cast<int>(kfk::ErrorCode::message_size_too_large) &&
                limits.max_message_bytes > 0 &&
                f.message.find("maximum message size") == std::string::npos) {
                // The broker refused a batch: name the limit it applies.
                where += "; the limit is " + std::to_string(limits.max_message_bytes) + " bytes (" +
                         limits.source + ", record batch overhead included)";
            }
            std::fprintf(stderr, "kfk: error: %s not acknowledged: %s%s\n",
                         plural(f.count, "record", "records").c_str(), f.message.c_str(),
                         where.c_str());
        }
        if (stats.acked.load() == 0 && stats.failure_codes.size() == 1) {
            const auto& [raw, c] = *stats.failure_codes.begin();
            code = c;
            if (c == ExitCode::unreachable) {
                const auto e = explain(kfk::Error{static_cast<kfk::ErrorCode>(raw)}, "produce");
                std::fprintf(stderr, "kfk: error: %s\n", e.what());
            }
        } else {
            code = ExitCode::partial;
        }
    }
    if (bad_input.count()) {
        if (bad_input.stopped()) {
            std::fprintf(stderr,
                         "kfk: error: stopped at line %llu (bad input); records before it were "
                         "sent; --on-error skip goes on past bad lines\n",
                         static_cast<unsigned long long>(bad_input.first_record()));
            if (code == ExitCode::ok) code = ExitCode::usage;
        } else if (code == ExitCode::ok) {
            code = ExitCode::partial;
        }
    }
    if (interrupted && code == ExitCode::ok) code = ExitCode::interrupted;
    return code;
}

}  // namespace kfk::cli
