// Admin: delete records before an offset; list offsets (earliest, latest, by time).
#include <algorithm>
#include <map>

#include "admin/admin_impl.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

using DeleteRecordsPtr =
    std::unique_ptr<rd_kafka_DeleteRecords_t, Deleter<rd_kafka_DeleteRecords_destroy>>;

std::int64_t spec_value(const OffsetSpec& spec) {
    switch (spec.kind) {
        case OffsetSpec::Kind::earliest:
            return RD_KAFKA_OFFSET_SPEC_EARLIEST;
        case OffsetSpec::Kind::latest:
            return RD_KAFKA_OFFSET_SPEC_LATEST;
        case OffsetSpec::Kind::max_timestamp:
            return RD_KAFKA_OFFSET_SPEC_MAX_TIMESTAMP;
        case OffsetSpec::Kind::timestamp: {
            const auto ms = spec.time.time_since_epoch().count();
            if (ms < 0) {
                throw UsageError(Error{ErrorCode::invalid_arg,
                                       "list offsets: timestamps before 1970 are not supported"});
            }
            return ms;
        }
    }
    return RD_KAFKA_OFFSET_SPEC_LATEST;
}

}  // namespace

QueuePtr AdminImpl::start_list_offsets(const std::vector<OffsetQuery>& queries,
                                       IsolationLevel isolation, Duration timeout) {
    auto list = make_partition_list(static_cast<int>(queries.size()));
    for (const auto& q : queries) {
        auto* e = rd_kafka_topic_partition_list_add(list.get(), q.partition.topic.c_str(),
                                                    q.partition.partition);
        e->offset = spec_value(q.spec);
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_LISTOFFSETS, timeout);
    const auto level = isolation == IsolationLevel::read_committed
                           ? RD_KAFKA_ISOLATION_LEVEL_READ_COMMITTED
                           : RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED;
    if (Error err = take_error(rd_kafka_AdminOptions_set_isolation_level(opts.get(), level))) {
        throw UsageError(err, "list offsets");
    }
    return start(
        [&](rd_kafka_queue_t* q) { rd_kafka_ListOffsets(rk(), list.get(), opts.get(), q); });
}

std::vector<ListedOffset> list_offsets_result(rd_kafka_event_t* ev,
                                              const std::vector<OffsetQuery>& queries) {
    size_t n = 0;
    const auto** infos =
        rd_kafka_ListOffsets_result_infos(rd_kafka_event_ListOffsets_result(ev), &n);
    std::map<TopicPartition, ListedOffset> by_partition;
    for (size_t i = 0; i < n; ++i) {
        const auto* tp = rd_kafka_ListOffsetsResultInfo_topic_partition(infos[i]);
        ListedOffset lo;
        lo.topic = tp->topic;
        lo.partition = tp->partition;
        lo.offset = tp->offset;
        lo.error = make_error(tp->err);
        const auto epoch = rd_kafka_topic_partition_get_leader_epoch(tp);
        if (epoch >= 0) lo.leader_epoch = epoch;
        const auto ts = rd_kafka_ListOffsetsResultInfo_timestamp(infos[i]);
        if (ts >= 0) lo.timestamp = TimePoint{std::chrono::milliseconds{ts}};
        by_partition[lo.topic_partition()] = std::move(lo);
    }
    std::vector<ListedOffset> out;
    out.reserve(queries.size());
    for (const auto& q : queries) {
        auto it = by_partition.find(q.partition);
        if (it != by_partition.end()) {
            out.push_back(it->second);
        } else {
            ListedOffset lo;
            lo.topic = q.partition.topic;
            lo.partition = q.partition.partition;
            lo.error = Error{ErrorCode::unknown, "no result from the broker"};
            out.push_back(std::move(lo));
        }
    }
    return out;
}

}  // namespace detail

std::vector<ListedOffset> detail::AdminImpl::list_offsets(const std::vector<OffsetQuery>& queries,
                                                          Duration timeout,
                                                          IsolationLevel isolation) {
    if (queries.empty()) return {};
    const detail::Deadline deadline{timeout};
    // A request may name each partition once: repeated partitions go to further requests,
    // which all run side by side.
    std::vector<std::vector<size_t>> batches;
    std::vector<std::vector<OffsetQuery>> batch_queries;
    for (size_t i = 0; i < queries.size(); ++i) {
        size_t b = 0;
        for (; b < batches.size(); ++b) {
            const bool taken = std::any_of(
                batch_queries[b].begin(), batch_queries[b].end(),
                [&](const OffsetQuery& q) { return q.partition == queries[i].partition; });
            if (!taken) break;
        }
        if (b == batches.size()) {
            batches.emplace_back();
            batch_queries.emplace_back();
        }
        batches[b].push_back(i);
        batch_queries[b].push_back(queries[i]);
    }
    std::vector<detail::QueuePtr> pending;
    for (const auto& bq : batch_queries) {
        pending.push_back(start_list_offsets(bq, isolation, timeout));
    }
    std::vector<ListedOffset> out(queries.size());
    for (size_t b = 0; b < batches.size(); ++b) {
        auto results = collect_list_offsets(std::move(pending[b]), batch_queries[b], isolation,
                                            deadline, "list offsets");
        for (size_t k = 0; k < batches[b].size(); ++k) out[batches[b][k]] = std::move(results[k]);
    }
    return out;
}

TopicPartitionOffsets detail::AdminImpl::delete_records(const TopicPartitionOffsets& before,
                                                        Duration timeout) {
    if (before.empty()) return {};
    auto list = detail::make_partition_list(static_cast<int>(before.size()));
    for (const auto& tpo : before) {
        auto* e = rd_kafka_topic_partition_list_add(list.get(), tpo.topic.c_str(), tpo.partition);
        // offset::end asks for everything up to the high watermark.
        e->offset = tpo.offset == offset::end ? RD_KAFKA_OFFSET_END : tpo.offset;
    }
    detail::DeleteRecordsPtr req{rd_kafka_DeleteRecords_new(list.get())};
    auto opts = options(RD_KAFKA_ADMIN_OP_DELETERECORDS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            auto* raw = req.get();
            rd_kafka_DeleteRecords(rk(), &raw, 1, opts.get(), q);
        },
        timeout, "delete records");
    auto out = detail::offsets_of(
        rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(ev.get())));
    detail::sort_partitions(out);
    return out;
}

}  // namespace kfk
