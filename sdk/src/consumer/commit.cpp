// Commits: synchronous ones bounded by their timeout (librdkafka's own waits without limit),
// asynchronous ones whose callback runs exactly once, and committed().
#include <algorithm>

#include "consumer/consumer_impl.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {
namespace {

// The offset to commit after `message`; a partition-EOF or error event is not a record, and
// "its offset + 1" would be one past the log end (the next record written would be skipped).
TopicPartitionOffsets next_after(const Message& message, const char* what) {
    if (message.is_error() || message.is_partition_eof()) {
        throw UsageError(Error{ErrorCode::invalid_arg,
                               std::string{what} +
                                   "(message) needs a consumed record, not a partition-EOF or "
                                   "error event; use " +
                                   what + "() to commit the position"});
    }
    return {{std::string{message.topic()}, message.partition(), message.offset() + 1,
             message.leader_epoch()}};
}

}  // namespace

void ConsumerImpl::commit_sync(Duration timeout) {
    commit_list_sync(nullptr, timeout);
}

void ConsumerImpl::commit_sync(const TopicPartitionOffsets& next_offsets, Duration timeout) {
    if (next_offsets.empty()) return;
    auto list = to_list(next_offsets);
    commit_list_sync(list.get(), timeout);
}

void ConsumerImpl::commit_sync(const Message& message, Duration timeout) {
    commit_sync(next_after(message, "commit_sync"), timeout);
}

void ConsumerImpl::commit_async(CommitCallback on_complete) {
    commit_list_async(nullptr, std::move(on_complete));
}

void ConsumerImpl::commit_async(const TopicPartitionOffsets& next_offsets,
                                CommitCallback on_complete) {
    if (next_offsets.empty()) {
        if (on_complete) on_complete(Error{}, {});
        return;
    }
    auto list = to_list(next_offsets);
    commit_list_async(list.get(), std::move(on_complete));
}

void ConsumerImpl::commit_async(const Message& message, CommitCallback on_complete) {
    commit_async(next_after(message, "commit_async"), std::move(on_complete));
}

void ConsumerImpl::commit_list_sync(const rd_kafka_topic_partition_list_t* offsets,
                                    Duration timeout) {
    require_group("commit");
    if (!offsets) store_handed_out(true);
    timeout = bounded_by_close(timeout);
    // librdkafka's own synchronous commit waits without limit (modern-cpp-kafka#94): wait on a
    // queue of our own instead, and give up at the deadline.
    QueuePtr reply{rd_kafka_queue_new(rk())};
    if (auto err = rd_kafka_commit_queue(rk(), offsets, reply.get(), nullptr, nullptr)) {
        if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
        throw_error(make_error(err), "commit");
    }
    const Deadline deadline{timeout};
    for (;;) {
        const bool last_wait = deadline.passed();
        EventPtr ev{rd_kafka_queue_poll(reply.get(), deadline.left_ms())};
        if (ev && rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_OFFSET_COMMIT) {
            const auto err = rd_kafka_event_error(ev.get());
            if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing new to commit
            if (err) {
                const char* why = rd_kafka_event_error_string(ev.get());
                throw_error(make_error(err, why ? why : ""), "commit");
            }
            throw_first_partition_error(rd_kafka_event_topic_partition_list(ev.get()), "commit");
            return;
        }
        if (last_wait) {
            throw TimeoutError(Error{ErrorCode::timed_out,
                                     "no commit result within " + std::to_string(timeout.count()) +
                                         " ms; the commit may still be applied"},
                               "commit");
        }
    }
}

void ConsumerImpl::commit_list_async(const rd_kafka_topic_partition_list_t* offsets,
                                     CommitCallback on_complete) {
    require_group("commit_async");
    if (!offsets) store_handed_out(true);
    if (!on_complete) {
        // Failures are logged by librdkafka (COMMITFAIL).
        const auto err = rd_kafka_commit(rk(), offsets, 1);
        if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
            throw_error(make_error(err), "commit_async");
        return;
    }
    const auto id = next_commit_id_++;
    async_commits_.emplace_back(id, std::move(on_complete));
    // The result is served by the consumer queue: inside a later poll(), or by close().
    if (auto err = rd_kafka_commit_queue(rk(), offsets, queue_.get(), &async_commit_trampoline,
                                         reinterpret_cast<void*>(id))) {
        async_commits_.pop_back();
        throw_error(make_error(err), "commit_async");
    }
}

void ConsumerImpl::async_commit_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                           rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    auto* self = static_cast<ConsumerImpl*>(ClientCore::from(rk));
    self->complete_async_commit(reinterpret_cast<std::uintptr_t>(opaque),
                                err == RD_KAFKA_RESP_ERR__NO_OFFSET ? Error{} : make_error(err),
                                offsets);
}

void ConsumerImpl::complete_async_commit(std::uintptr_t id, const Error& error,
                                         const rd_kafka_topic_partition_list_t* offsets) noexcept {
    auto it = std::find_if(async_commits_.begin(), async_commits_.end(),
                           [&](const auto& entry) { return entry.first == id; });
    if (it == async_commits_.end()) return;  // already failed by close(): exactly once
    CommitCallback cb = std::move(it->second);
    async_commits_.erase(it);
    call_user([&] { cb(error, offsets_of(offsets)); });
}

void ConsumerImpl::fail_pending_async_commits() noexcept {
    // Every commit_async() callback runs exactly once: those whose result did not arrive get
    // an error now, and a result arriving later is dropped.
    while (!async_commits_.empty()) {
        complete_async_commit(async_commits_.front().first,
                              Error{ErrorCode::destroy,
                                    "consumer closed before the commit result arrived; the "
                                    "commit may or may not have been applied"},
                              nullptr);
    }
}

TopicPartitionOffsets ConsumerImpl::committed(const TopicPartitions& partitions, Duration timeout) {
    require_group("committed()");
    if (closing()) {
        // librdkafka answers "waiting for coordinator" to every offset fetch once the group is
        // terminating, until the timeout: fail at once instead of stalling close().
        throw UsageError(Error{ErrorCode::state, "committed() is not available inside close()"});
    }
    auto list = to_list(partitions);
    throw_if(rd_kafka_committed(rk(), list.get(), timeout_ms(timeout)), "committed");
    throw_first_partition_error(list.get(), "committed");
    return offsets_of(list.get());
}

}  // namespace kfk::detail
