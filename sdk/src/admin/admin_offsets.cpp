// Admin: a group's committed offsets — list, alter, delete.
#include <algorithm>

#include "admin/admin_impl.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

using ListGroupOffsetsPtr = std::unique_ptr<rd_kafka_ListConsumerGroupOffsets_t,
                                            Deleter<rd_kafka_ListConsumerGroupOffsets_destroy>>;
using AlterGroupOffsetsPtr = std::unique_ptr<rd_kafka_AlterConsumerGroupOffsets_t,
                                             Deleter<rd_kafka_AlterConsumerGroupOffsets_destroy>>;
using DeleteGroupOffsetsPtr = std::unique_ptr<rd_kafka_DeleteConsumerGroupOffsets_t,
                                              Deleter<rd_kafka_DeleteConsumerGroupOffsets_destroy>>;

// The single group result of a one-group offsets request, with the group-level error copied
// onto every partition that has none of its own (so each item says why it failed).
TopicPartitionOffsets partition_results(const rd_kafka_group_result_t** results, size_t n,
                                        const std::string& group, const char* what) {
    if (n != 1) {
        throw KafkaError(
            Error{ErrorCode::unknown, "expected one group result, got " + std::to_string(n)}, what);
    }
    const Error group_error = copy_error(rd_kafka_group_result_error(results[0]));
    auto out = offsets_of(rd_kafka_group_result_partitions(results[0]));
    if (group_error) {
        if (out.empty()) throw_error(group_error, std::string{what} + " for group '" + group + "'");
        for (auto& tpo : out) {
            if (!tpo.error) tpo.error = group_error;
        }
    }
    sort_partitions(out);
    return out;
}

}  // namespace

QueuePtr AdminImpl::start_list_group_offsets(const std::string& group,
                                             const TopicPartitions& partitions, bool require_stable,
                                             Duration timeout) {
    PartitionListPtr list;
    if (!partitions.empty()) list = to_list(partitions);
    ListGroupOffsetsPtr req{rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), list.get())};
    auto opts = options(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout);
    if (require_stable) {
        if (Error err =
                take_error(rd_kafka_AdminOptions_set_require_stable_offsets(opts.get(), 1))) {
            throw UsageError(err, "list group offsets");
        }
    }
    return start([&](rd_kafka_queue_t* q) {
        auto* raw = req.get();
        rd_kafka_ListConsumerGroupOffsets(rk(), &raw, 1, opts.get(), q);
    });
}

TopicPartitionOffsets list_group_offsets_result(rd_kafka_event_t* ev, const std::string& group,
                                                bool all_requested) {
    size_t n = 0;
    const auto** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(ev), &n);
    auto out = partition_results(results, n, group, "list group offsets");
    for (auto& tpo : out) {
        if (tpo.offset < 0) tpo.offset = offset::invalid;
    }
    if (all_requested) {
        std::erase_if(out, [](const TopicPartitionOffset& tpo) {
            return tpo.offset == offset::invalid && !tpo.error;
        });
    }
    return out;
}

}  // namespace detail

TopicPartitionOffsets detail::AdminImpl::list_group_offsets(const std::string& group,
                                                            Duration timeout,
                                                            const TopicPartitions& partitions,
                                                            bool require_stable) {
    const detail::Deadline deadline{timeout};
    return collect_list_group_offsets(
        start_list_group_offsets(group, partitions, require_stable, timeout), group, partitions,
        require_stable, deadline, "list group offsets");
}

TopicPartitionOffsets detail::AdminImpl::alter_group_offsets(const std::string& group,
                                                             const TopicPartitionOffsets& offsets,
                                                             Duration timeout) {
    if (offsets.empty()) return {};
    for (const auto& tpo : offsets) {
        if (tpo.offset < 0) {
            throw UsageError(Error{ErrorCode::invalid_arg,
                                   "alter group offsets: " + tpo.topic + "[" +
                                       std::to_string(tpo.partition) + "] offset " +
                                       std::to_string(tpo.offset) +
                                       " is not an absolute offset (use plan_offset_reset for "
                                       "earliest/latest)"});
        }
    }
    auto list = detail::to_list(offsets);
    detail::AlterGroupOffsetsPtr req{
        rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), list.get())};
    auto opts = options(RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            auto* raw = req.get();
            rd_kafka_AlterConsumerGroupOffsets(rk(), &raw, 1, opts.get(), q);
        },
        timeout, "alter group offsets");
    size_t n = 0;
    const auto** results = rd_kafka_AlterConsumerGroupOffsets_result_groups(
        rd_kafka_event_AlterConsumerGroupOffsets_result(ev.get()), &n);
    return detail::partition_results(results, n, group, "alter group offsets");
}

TopicPartitionOffsets detail::AdminImpl::delete_group_offsets(const std::string& group,
                                                              const TopicPartitions& partitions,
                                                              Duration timeout) {
    if (partitions.empty()) return {};
    auto list = detail::to_list(partitions);
    detail::DeleteGroupOffsetsPtr req{
        rd_kafka_DeleteConsumerGroupOffsets_new(group.c_str(), list.get())};
    auto opts = options(RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            auto* raw = req.get();
            rd_kafka_DeleteConsumerGroupOffsets(rk(), &raw, 1, opts.get(), q);
        },
        timeout, "delete group offsets");
    size_t n = 0;
    const auto** results = rd_kafka_DeleteConsumerGroupOffsets_result_groups(
        rd_kafka_event_DeleteConsumerGroupOffsets_result(ev.get()), &n);
    return detail::partition_results(results, n, group, "delete group offsets");
}

}  // namespace kfk
