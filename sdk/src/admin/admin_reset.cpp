// Admin: offset reset as a plan (dry run) and its execution, with the strategies of
// kafka-consumer-groups --reset-offsets.
#include <algorithm>
#include <ctime>
#include <map>

#include "admin/admin_impl.hpp"
#include "admin/offset_reset.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

std::string iso8601(TimePoint t) {
    const auto ms = t.time_since_epoch().count();
    auto secs = static_cast<std::time_t>(ms / 1000);
    auto frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        --secs;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(frac));
    return out;
}

bool uses_time(ResetStrategy::Kind kind) noexcept {
    return kind == ResetStrategy::Kind::to_datetime || kind == ResetStrategy::Kind::by_duration;
}

std::string describe_state(const GroupDescription& g) {
    std::string text = "group '" + g.group_id + "' is " + std::string{to_string(g.state)} +
                       " with " + std::to_string(g.members.size()) + " active member" +
                       (g.members.size() == 1 ? "" : "s");
    if (!g.members.empty()) {
        text += " (";
        for (size_t i = 0; i < g.members.size(); ++i) {
            if (i) text += ", ";
            text += g.members[i].client_id + "@" + g.members[i].host;
        }
        text += ")";
    }
    return text;
}

}  // namespace

void resolve_reset_target(const ResetStrategy& strategy, OffsetResetEntry& entry,
                          std::optional<std::int64_t> time_offset) {
    if (entry.error) return;
    if (entry.log_start < 0 || entry.log_end < 0) {
        entry.error = Error{ErrorCode::unknown, "log start/end offsets unknown"};
        return;
    }
    std::int64_t wanted = 0;
    switch (strategy.kind) {
        case ResetStrategy::Kind::to_earliest:
            wanted = entry.log_start;
            break;
        case ResetStrategy::Kind::to_latest:
            wanted = entry.log_end;
            break;
        case ResetStrategy::Kind::to_offset:
            wanted = strategy.offset;
            break;
        case ResetStrategy::Kind::shift_by:
            if (!entry.current) {
                entry.error = Error{ErrorCode::no_offset,
                                    "no committed offset to shift from (use to-earliest, "
                                    "to-latest or to-offset for this partition)"};
                return;
            }
            wanted = *entry.current + strategy.offset;
            break;
        case ResetStrategy::Kind::to_datetime:
        case ResetStrategy::Kind::by_duration:
            if (!time_offset) {
                entry.error = Error{ErrorCode::unknown, "offset for the time unknown"};
                return;
            }
            // No record at or after the time: everything is older, so start at the end.
            wanted = *time_offset < 0 ? entry.log_end : *time_offset;
            break;
    }
    entry.target = std::clamp(wanted, entry.log_start, entry.log_end);
    entry.clamped = entry.target != wanted;
}

}  // namespace detail

std::string ResetStrategy::to_string() const {
    switch (kind) {
        case Kind::to_earliest:
            return "to-earliest";
        case Kind::to_latest:
            return "to-latest";
        case Kind::to_offset:
            return "to-offset " + std::to_string(offset);
        case Kind::to_datetime:
            return "to-datetime " + detail::iso8601(time);
        case Kind::shift_by:
            return "shift-by " + std::to_string(offset);
        case Kind::by_duration:
            return "by-duration " + std::to_string(period.count()) + "ms";
    }
    return "unknown";
}

std::size_t OffsetResetPlan::executable_count() const noexcept {
    return static_cast<std::size_t>(std::count_if(
        partitions.begin(), partitions.end(), [](const OffsetResetEntry& e) { return !e.error; }));
}

OffsetResetPlan detail::AdminImpl::plan_offset_reset(const std::string& group,
                                                     const TopicPartitions& partitions,
                                                     const ResetStrategy& strategy,
                                                     Duration timeout) {
    if (partitions.empty()) {
        throw UsageError(Error{ErrorCode::invalid_arg, "plan offset reset: no partitions given"});
    }
    TopicPartitions wanted = partitions;
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

    std::vector<OffsetQuery> earliest, latest, at_time;
    const auto time = strategy.kind == ResetStrategy::Kind::by_duration
                          ? std::chrono::time_point_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now()) -
                                strategy.period
                          : strategy.time;
    for (const auto& tp : wanted) {
        earliest.push_back({tp, OffsetSpec::earliest()});
        latest.push_back({tp, OffsetSpec::latest()});
        if (detail::uses_time(strategy.kind)) at_time.push_back({tp, OffsetSpec::at(time)});
    }

    const detail::Deadline deadline{timeout};
    // Everything is independent: ask all at once.
    auto q_group = start_describe_groups({group}, timeout);
    auto q_committed = start_list_group_offsets(group, wanted, false, timeout);
    auto q_earliest = start_list_offsets(earliest, IsolationLevel::read_uncommitted, timeout);
    auto q_latest = start_list_offsets(latest, IsolationLevel::read_uncommitted, timeout);
    detail::QueuePtr q_time;
    if (!at_time.empty()) {
        q_time = start_list_offsets(at_time, IsolationLevel::read_uncommitted, timeout);
    }

    OffsetResetPlan plan;
    plan.group = group;
    plan.strategy = strategy;
    {
        auto described = collect_describe_groups(std::move(q_group), deadline,
                                                 "plan offset reset: describe group");
        if (!described.empty()) {
            const auto& d = described.front();
            if (d.error && d.error.code() != ErrorCode::group_id_not_found) {
                throw_error(d.error, "plan offset reset: group '" + group + "'");
            }
            plan.group_state = d.error ? GroupState::dead : d.state;
        }
    }
    std::map<TopicPartition, TopicPartitionOffset> committed;
    {
        for (auto& tpo :
             collect_list_group_offsets(std::move(q_committed), group, wanted, false, deadline,
                                        "plan offset reset: committed offsets")) {
            committed[tpo.topic_partition()] = std::move(tpo);
        }
    }
    const auto starts =
        collect_list_offsets(std::move(q_earliest), earliest, IsolationLevel::read_uncommitted,
                             deadline, "plan offset reset: log start");
    const auto ends =
        collect_list_offsets(std::move(q_latest), latest, IsolationLevel::read_uncommitted,
                             deadline, "plan offset reset: log end");
    std::vector<ListedOffset> times;
    if (q_time) {
        times = collect_list_offsets(std::move(q_time), at_time, IsolationLevel::read_uncommitted,
                                     deadline, "plan offset reset: offsets for time");
    }

    for (size_t i = 0; i < wanted.size(); ++i) {
        OffsetResetEntry e;
        e.topic = wanted[i].topic;
        e.partition = wanted[i].partition;
        if (auto it = committed.find(wanted[i]); it != committed.end()) {
            if (it->second.offset >= 0) e.current = it->second.offset;
            if (it->second.error) e.error = it->second.error;
        }
        if (!e.error && starts[i].error) e.error = starts[i].error;
        if (!e.error && ends[i].error) e.error = ends[i].error;
        e.log_start = starts[i].offset;
        e.log_end = ends[i].offset;
        std::optional<std::int64_t> time_offset;
        if (!times.empty()) {
            if (!e.error && times[i].error) e.error = times[i].error;
            time_offset = times[i].offset;
        }
        detail::resolve_reset_target(strategy, e, time_offset);
        plan.partitions.push_back(std::move(e));
    }
    return plan;
}

TopicPartitionOffsets detail::AdminImpl::execute_offset_reset(const OffsetResetPlan& plan,
                                                              Duration timeout) {
    detail::Deadline deadline{timeout};
    // The state now, not when planned: a consumer may have joined since.
    const auto described = describe_groups({plan.group}, deadline.remaining());
    if (!described.empty()) {
        const auto& g = described.front();
        if (g.error && g.error.code() != ErrorCode::group_id_not_found) {
            throw_error(g.error, "reset offsets: group '" + plan.group + "'");
        }
        if (!g.error && !g.inactive()) {
            throw UsageError(Error{ErrorCode::state,
                                   detail::describe_state(g) +
                                       ": stop its consumers before resetting offsets (an "
                                       "active member would overwrite the new offsets with its "
                                       "own commits); offsets can be reset only while the "
                                       "group is Empty or Dead"},
                             "reset offsets");
        }
    }
    TopicPartitionOffsets targets;
    TopicPartitionOffsets refused;
    for (const auto& e : plan.partitions) {
        TopicPartitionOffset tpo{e.topic, e.partition, e.target};
        if (e.error) {
            tpo.error = e.error;
            refused.push_back(std::move(tpo));
        } else {
            targets.push_back(std::move(tpo));
        }
    }
    auto out = targets.empty() ? TopicPartitionOffsets{}
                               : alter_group_offsets(plan.group, targets, deadline.remaining());
    for (auto& r : refused) out.push_back(std::move(r));
    detail::sort_partitions(out);
    return out;
}

}  // namespace kfk
