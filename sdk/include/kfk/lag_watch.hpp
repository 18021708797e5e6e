// Lag over time: Burrow-style status for a consumer group.
//
// LagEvaluator keeps the last `window` lag samples of each partition and classifies them with
// Burrow's evaluation rules (linkedin/Burrow core/internal/evaluator/caching.go,
// calculatePartitionStatus), adapted from Burrow's stream of commits to periodic samples:
//
//   1. OK      if the lag was zero in any sample of the window (or is zero now).
//   2. REWIND  if the committed offset went backwards between two samples.
//   3. STOP    if no member owns the partition now and the committed offset has stood still
//              longer than it had been moving within the window (Burrow: time since the last
//              commit > time between the first and last commit) — the consumer is gone.
//   4. STALL   if the committed offset did not change across the window while a member owns
//              the partition — the consumer is there but not making progress.
//   5. WARNING if the committed offset moves but the lag never decreased between samples —
//              the consumer is falling behind.
//   otherwise OK. Rules 2-5 apply only with lag > 0 in every sample (rule 1). A partition
//   needs two samples with a commit before rules 2-5 apply; until then it is OK and
//   `complete` < 1.
//
// The group's status is the worst partition status, with STOP/STALL/REWIND folded into ERROR
// (as Burrow does); `worst` keeps the unfolded one. A group that does not exist is NOT_FOUND.
//
// Thread-safety: LagEvaluator and LagWatcher are not thread-safe (one thread at a time);
// GroupStatus/PartitionStatus are plain values.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/config.hpp"
#include "kfk/lag.hpp"

namespace kfk {

class Admin;

// Burrow's statuses, in increasing severity.
enum class LagStatus { not_found, ok, warning, error, stop, stall, rewind };
// "NOTFOUND", "OK", "WARN", "ERR", "STOP", "STALL", "REWIND" (Burrow's spelling).
std::string_view to_string(LagStatus status) noexcept;

// One observation of one partition.
struct LagSample {
    TimePoint time{};
    std::optional<std::int64_t> committed;  // nullopt: no commit
    std::optional<std::int64_t> lag;        // nullopt: no commit
    bool owned = false;                     // a group member holds the partition
};

struct PartitionVerdict {
    LagStatus status = LagStatus::ok;
    std::string reason;   // one line saying which rule fired and on what numbers
    double complete = 0;  // fraction of the window's samples that have a commit
};

// Applies the rules above to `window` (oldest first).
PartitionVerdict classify_partition(const std::vector<LagSample>& window);

struct PartitionStatus {
    std::string topic;
    std::int32_t partition = 0;
    LagStatus status = LagStatus::ok;
    std::string reason;
    double complete = 0;
    std::optional<std::int64_t> committed;               // latest sample
    std::optional<std::int64_t> lag;                     // latest sample
    std::optional<PartitionOwner> owner;                 // latest sample
    std::optional<std::int64_t> window_start_committed;  // oldest commit in the window
};

struct GroupStatus {
    std::string group;
    LagStatus status = LagStatus::ok;  // not_found, ok, warning or error (Burrow's folding)
    LagStatus worst = LagStatus::ok;   // the most severe partition status, unfolded
    GroupState state = GroupState::unknown;
    double complete = 0;  // fraction of partitions with a full window
    std::int64_t total_lag = 0;
    std::size_t samples = 0;                  // group samples in the window
    std::vector<PartitionStatus> partitions;  // sorted by topic, partition
    std::optional<PartitionStatus> max_lag;   // the partition with the largest lag
};

struct LagWatchOptions {
    std::size_t window = 10;  // samples kept per partition (Burrow's default intervals: 10)
    IsolationLevel isolation = IsolationLevel::read_uncommitted;
};

// Feeds on GroupLag samples (from Admin::group_lag or anywhere else) and evaluates them.
class LagEvaluator {
  public:
    explicit LagEvaluator(std::size_t window = 10);

    // Adds one sample of the whole group. Partitions missing from it get a no-commit sample.
    void add(const GroupLag& lag);
    // Records that the group did not exist at `time`; evaluate() then says not_found until
    // the next add().
    void add_not_found(const std::string& group, TimePoint time);
    [[nodiscard]] GroupStatus evaluate() const;
    void clear();
    [[nodiscard]] std::size_t samples() const noexcept { return samples_; }

  private:
    struct History {
        std::vector<LagSample> samples;  // oldest first, at most window_
        std::optional<PartitionOwner> owner;
    };
    std::size_t window_;
    std::size_t samples_ = 0;
    std::string group_;
    GroupState state_ = GroupState::unknown;
    bool not_found_ = false;
    std::map<TopicPartition, History> partitions_;
};

// Samples a group's lag through an Admin and evaluates it. The caller drives the clock:
// sample() once per tick, or run() for a fixed number of ticks.
class LagWatcher {
  public:
    // `admin` must outlive the watcher.
    LagWatcher(Admin& admin, std::string group, LagWatchOptions options = {});

    // One Admin::group_lag() query, added to the window, then evaluated. A group that does
    // not exist yields status not_found; other failures throw as group_lag() does.
    [[nodiscard]] GroupStatus sample(std::chrono::milliseconds timeout);
    // `count` samples `interval` apart (the first immediately), calling `on_status` after
    // each. Returns the last status.
    [[nodiscard]] GroupStatus run(
        std::size_t count, std::chrono::milliseconds interval, std::chrono::milliseconds timeout,
        const std::function<void(const GroupStatus&, const GroupLag&)>& on_status = {});

    const LagEvaluator& evaluator() const noexcept { return evaluator_; }
    const std::string& group() const noexcept { return group_; }

  private:
    Admin* admin_;
    std::string group_;
    LagWatchOptions options_;
    LagEvaluator evaluator_;
};

}  // namespace kfk
