// Subscription and assignment, and librdkafka's rebalance callback: the listener runs before
// partitions go (so it can still commit), pauses end with the assignment, and the group-less
// consumer starts where auto.offset.reset says.
#include <cstring>

#include "consumer/consumer_impl.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {

void ConsumerImpl::subscribe(const std::vector<std::string>& topics, RebalanceListener listener) {
    require_open("subscribe()");
    require_group("subscribe()");
    auto list = make_partition_list(static_cast<int>(topics.size()));
    for (const auto& t : topics) {
        rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    listener_ = std::move(listener);
    throw_if(rd_kafka_subscribe(rk(), list.get()), "subscribe");
}

void ConsumerImpl::unsubscribe() {
    store_and_forget_all();
    throw_if(rd_kafka_unsubscribe(rk()), "unsubscribe");
}

std::vector<std::string> ConsumerImpl::subscription() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    throw_if(rd_kafka_subscription(rk(), &raw), "subscription");
    PartitionListPtr list{raw};
    std::vector<std::string> out;
    for (const auto& tp : partitions_of(list.get())) out.push_back(tp.topic);
    return out;
}

std::int64_t ConsumerImpl::groupless_start_offset() const noexcept {
    if (offset_reset_ == "earliest" || offset_reset_ == "smallest" ||
        offset_reset_ == "beginning") {
        return offset::beginning;
    }
    if (offset_reset_.empty() || offset_reset_ == "latest" || offset_reset_ == "largest" ||
        offset_reset_ == "end") {
        return offset::end;
    }
    return offset::stored;  // "error": librdkafka reports there being no committed offset
}

void ConsumerImpl::assign(const TopicPartitionOffsets& partitions) {
    require_open("assign()");
    auto list = to_list(partitions);
    if (groupless_) {
        // There is no committed offset to start from: start where auto.offset.reset says,
        // without asking a coordinator about a group that does not exist.
        for (int i = 0; i < list->cnt; ++i) {
            auto& e = list->elems[i];
            if (e.offset == offset::stored || e.offset == offset::invalid) {
                e.offset = groupless_start_offset();
            }
        }
    }
    store_and_forget_all();
    throw_if(rd_kafka_assign(rk(), list.get()), "assign");
}

void ConsumerImpl::assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout) {
    TopicPartitionOffsets query;
    query.reserve(partitions.size());
    for (const auto& tp : partitions) {
        query.push_back({tp.topic, tp.partition, time.time_since_epoch().count()});
    }
    assign(offsets_for_times(query, timeout));
}

void ConsumerImpl::unassign() {
    store_and_forget_all();
    throw_if(rd_kafka_assign(rk(), nullptr), "unassign");
}

TopicPartitions ConsumerImpl::assignment() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    throw_if(rd_kafka_assignment(rk(), &raw), "assignment");
    PartitionListPtr list{raw};
    return partitions_of(list.get());
}

void ConsumerImpl::on_rebalance(rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions) {
    // KIP-848 (group.protocol=consumer) reports COOPERATIVE as well.
    // NULL once the consumer has left its group (e.g. a final revoke during close()).
    const char* protocol = rd_kafka_rebalance_protocol(rk());
    const bool incremental = protocol && std::strcmp(protocol, "COOPERATIVE") == 0;
    const auto changed = partitions_of(partitions);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        // An empty list is a valid assignment: pass it on, never nullptr (cppkafka#273).
        if (incremental) {
            if (Error e = take_error(rd_kafka_incremental_assign(rk(), partitions))) {
                report_error(e);
            }
        } else if (auto e = rd_kafka_assign(rk(), partitions)) {
            report_error(make_error(e, "assign"));
        }
        if (listener_.on_assigned) call_user([&] { listener_.on_assigned(changed); });
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        // The application is inside poll() or close(): what it was handed is processed.
        store_handed_out(true);
        // The listener runs before the partitions go, so that it can still commit
        // (modern-cpp-kafka#53).
        if (rd_kafka_assignment_lost(rk())) {
            if (listener_.on_lost) call_user([&] { listener_.on_lost(changed); });
        } else if (listener_.on_revoked) {
            call_user([&] { listener_.on_revoked(changed); });
        }
        forget(partitions);
        if (in_batch_) {
            // poll_batch() must not return records of these partitions: end the batch here.
            for (const auto& tp : changed) revoked_in_batch_.push_back(tp);
            rd_kafka_yield(rk());
        }
        // A pause ends with the assignment, as in the Java client; librdkafka would keep it
        // on the partition and apply it to a later reassignment (librdkafka#1849).
        (void)rd_kafka_resume_partitions(rk(), partitions);
        if (incremental) {
            if (Error e = take_error(rd_kafka_incremental_unassign(rk(), partitions))) {
                report_error(e);
            }
        } else if (auto e = rd_kafka_assign(rk(), nullptr)) {
            report_error(make_error(e, "unassign"));
        }
        return;
    }
    report_error(make_error(err, "rebalance failed"));
    if (incremental) {
        (void)take_error(rd_kafka_incremental_unassign(rk(), partitions));
    } else {
        rd_kafka_assign(rk(), nullptr);
    }
}

void ConsumerImpl::rebalance_trampoline(rd_kafka_t*, rd_kafka_resp_err_t err,
                                        rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    auto* self = static_cast<ConsumerImpl*>(static_cast<ClientCore*>(opaque));
    try {
        self->on_rebalance(err, partitions);
    } catch (...) {
        self->capture(std::current_exception());
    }
}

}  // namespace kfk::detail
