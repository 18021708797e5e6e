// kfk consume's per-partition progress (for --exit and for the offsets to commit), and when
// to stop: after --count records, or with --exit once every partition reached its end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kfk::cli {

struct PartitionState {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t end = -1;       // --exit target; -1 unknown
    std::int64_t position = -1;  // next offset to read, as far as we know
    std::int64_t printed = -1;   // next offset after the last record written out
    std::int64_t stored = -1;    // what was last passed to store_offsets()
    bool assigned = false;
    bool at_end() const { return end >= 0 && position >= end; }
};

class Partitions {
  public:
    // The state of one partition, created on first use. Records come in runs from the same
    // partition, so the last one found is tried first.
    PartitionState& get(std::string_view topic, std::int32_t partition) {
        if (last_ < states_.size() && states_[last_].partition == partition &&
            states_[last_].topic == topic) {
            return states_[last_];
        }
        for (std::size_t i = 0; i < states_.size(); ++i) {
            if (states_[i].partition == partition && states_[i].topic == topic) {
                last_ = i;
                return states_[i];
            }
        }
        states_.push_back({std::string{topic}, partition});
        last_ = states_.size() - 1;
        return states_.back();
    }
    std::vector<PartitionState>& all() { return states_; }
    const std::vector<PartitionState>& all() const { return states_; }

  private:
    std::vector<PartitionState> states_;
    std::size_t last_ = 0;
};

class StopConditions {
  public:
    StopConditions(std::int64_t count, bool exit_at_end)
        : count_(count), exit_at_end_(exit_at_end) {}

    // Call once per record written; true once --count records were.
    bool count_reached() { return count_ >= 0 && ++printed_ >= count_; }

    // --exit: every assigned partition has reached the end it had at the start (false
    // before the first assignment: a group may not have assigned anything yet).
    bool all_at_end(const Partitions& parts, bool assigned_once) const {
        if (!exit_at_end_ || !assigned_once) return false;
        for (const auto& st : parts.all()) {
            if (st.assigned && !st.at_end()) return false;
        }
        return true;
    }

  private:
    std::int64_t count_;
    bool exit_at_end_;
    std::int64_t printed_ = 0;
};

}  // namespace kfk::cli
