// The lag definition and Admin::group_lag.
#include "kfk/lag.hpp"

#include <algorithm>
#include <map>

#include "admin/admin_impl.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {

LagFigure compute_lag(std::optional<std::int64_t> committed, std::int64_t log_start,
                      std::int64_t log_end) noexcept {
    LagFigure f;
    if (!committed || *committed < 0 || log_end < 0) return f;
    std::int64_t from = *committed;
    if (log_start >= 0 && from < log_start) {
        from = log_start;
        f.committed_before_log_start = true;
    }
    f.lag = std::max<std::int64_t>(0, log_end - from);
    return f;
}

const PartitionLag* GroupLag::find(const TopicPartition& tp) const noexcept {
    auto it = std::lower_bound(
        partitions.begin(), partitions.end(), tp,
        [](const PartitionLag& p, const TopicPartition& key) { return p.topic_partition() < key; });
    return it != partitions.end() && it->topic_partition() == tp ? &*it : nullptr;
}

void summarize(GroupLag& lag) {
    std::sort(lag.partitions.begin(), lag.partitions.end(),
              [](const PartitionLag& a, const PartitionLag& b) {
                  return a.topic_partition() < b.topic_partition();
              });
    lag.topics.clear();
    lag.total_lag = 0;
    lag.partitions_without_commit = 0;
    for (const auto& p : lag.partitions) {
        if (lag.topics.empty() || lag.topics.back().topic != p.topic) {
            lag.topics.push_back(TopicLag{p.topic, 0, 0, 0});
        }
        auto& t = lag.topics.back();
        ++t.partitions;
        if (!p.committed) {
            ++t.partitions_without_commit;
            ++lag.partitions_without_commit;
        }
        if (p.lag) {
            t.lag += *p.lag;
            lag.total_lag += *p.lag;
        }
    }
}

GroupLag detail::AdminImpl::group_lag(const std::string& group, Duration timeout,
                                      IsolationLevel isolation) {
    detail::Deadline deadline{timeout};
    GroupLag out;
    out.group = group;
    out.isolation = isolation;
    out.sampled_at =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());

    // Who owns what and what is committed: independent, so both at once.
    auto q_group = start_describe_groups({group}, timeout);
    auto q_committed = start_list_group_offsets(group, {}, false, timeout);
    auto described =
        collect_describe_groups(std::move(q_group), deadline, "group lag: describe group");
    const auto committed = collect_list_group_offsets(std::move(q_committed), group, {}, false,
                                                      deadline, "group lag: committed offsets");

    std::map<TopicPartition, PartitionLag> partitions;
    for (const auto& tpo : committed) {
        auto& p = partitions[tpo.topic_partition()];
        p.topic = tpo.topic;
        p.partition = tpo.partition;
        if (tpo.offset >= 0) p.committed = tpo.offset;
        p.error = tpo.error;
    }
    if (!described.empty()) {
        const auto& d = described.front();
        if (d.error) {
            // A group with commits but no live description is still a group (e.g. a
            // consumer-protocol group that only committed through assign()).
            if (d.error.code() != ErrorCode::group_id_not_found) {
                throw_error(d.error, "group lag: group '" + group + "'");
            }
            if (committed.empty()) {
                throw KafkaError(d.error, "group lag");
            }
            out.state = GroupState::empty;
        } else {
            out.state = d.state;
            out.type = d.type;
        }
        for (const auto& m : d.members) {
            for (const auto& tp : m.assignment) {
                auto& p = partitions[tp];
                p.topic = tp.topic;
                p.partition = tp.partition;
                p.owner = PartitionOwner{m.member_id, m.client_id, m.host, m.group_instance_id};
            }
        }
    }
    if (partitions.empty()) return out;

    // Log start (for the clamp) and end (HW, or LSO under read_committed), side by side.
    std::vector<OffsetQuery> starts, ends;
    for (const auto& [tp, p] : partitions) {
        starts.push_back({tp, OffsetSpec::earliest()});
        ends.push_back({tp, OffsetSpec::latest()});
    }
    const auto left = deadline.remaining();
    auto q_start = start_list_offsets(starts, IsolationLevel::read_uncommitted, left);
    auto q_end = start_list_offsets(ends, isolation, left);
    const auto start_offsets =
        collect_list_offsets(std::move(q_start), starts, IsolationLevel::read_uncommitted, deadline,
                             "group lag: log start offsets");
    const auto end_offsets = collect_list_offsets(std::move(q_end), ends, isolation, deadline,
                                                  "group lag: log end offsets");

    size_t i = 0;
    for (auto& [tp, p] : partitions) {
        const auto& s = start_offsets[i];
        const auto& e = end_offsets[i];
        ++i;
        if (!p.error) p.error = s.error ? s.error : e.error;
        if (!s.error) p.log_start = s.offset;
        if (!e.error) p.log_end = e.offset;
        const auto figure = compute_lag(p.committed, p.log_start, p.log_end);
        p.lag = figure.lag;
        p.committed_before_log_start = figure.committed_before_log_start;
        out.partitions.push_back(std::move(p));
    }
    summarize(out);
    return out;
}

}  // namespace kfk
