// What kfk stores for the application (the default commit model, see bytes_consumer.hpp):
// the offset after each record handed out, stored once the application is back for more,
// and librdkafka's position where it stepped over markers; plus the explicit-store model's
// store_offsets().
#include <algorithm>
#include <cstring>

#include "consumer/consumer_impl.hpp"
#include "consumer/message_access.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {

void ConsumerImpl::require_explicit_store() const {
    require_group("store_offsets()");
    if (sdk_store_) {
        throw UsageError(Error{ErrorCode::invalid_arg,
                               "store_offsets() is for the explicit-store model: set "
                               "ConsumerConfig::enable_auto_offset_store(false)"});
    }
}

rd_kafka_topic_t* ConsumerImpl::own_topic_ref(rd_kafka_topic_t* rkt) {
    for (auto& [seen, ref] : topic_refs_) {
        if (seen == rkt) return ref.get();
    }
    // A reference of our own keeps the handle valid after the message that carried it is gone.
    TopicPtr ref{rd_kafka_topic_new(rk(), rd_kafka_topic_name(rkt), nullptr)};
    auto* raw = ref.get();
    topic_refs_.emplace_back(rkt, std::move(ref));
    return raw;
}

ConsumerImpl::Tracked& ConsumerImpl::tracked(rd_kafka_topic_t* rkt, std::int32_t partition) {
    for (auto& t : tracked_) {
        if (t.rkt == rkt && t.partition == partition) return t;
    }
    Tracked t;
    t.rkt = rkt;
    t.partition = partition;
    t.store = make_partition_list(1);
    rd_kafka_topic_partition_list_add(t.store.get(), rd_kafka_topic_name(rkt), partition);
    return tracked_.emplace_back(std::move(t));
}

rd_kafka_topic_t* ConsumerImpl::topic_ref_named(const std::string& topic) {
    for (auto& [seen, ref] : topic_refs_) {
        if (topic == rd_kafka_topic_name(ref.get())) return ref.get();
    }
    TopicPtr ref{rd_kafka_topic_new(rk(), topic.c_str(), nullptr)};
    auto* raw = ref.get();
    topic_refs_.emplace_back(raw, std::move(ref));
    return raw;
}

void ConsumerImpl::note_handed_out(const rd_kafka_message_t* msg) {
    if (!sdk_store_ || msg->err) return;
    auto& t = tracked(own_topic_ref(msg->rkt), msg->partition);
    t.next = msg->offset + 1;
    t.epoch = rd_kafka_message_leader_epoch(msg);
    t.pending = true;
}

void ConsumerImpl::store(Tracked& t) noexcept {
    if (!t.pending) return;
    t.pending = false;
    auto& e = t.store->elems[0];
    e.offset = t.next;
    e.err = RD_KAFKA_RESP_ERR_NO_ERROR;
    // The list element keeps its partition reference, so a store costs no allocation.
    rd_kafka_topic_partition_set_leader_epoch(&e, t.epoch);
    // Refused (_STATE) for a partition that is no longer assigned: nothing is stored for it.
    (void)rd_kafka_offsets_store(rk(), t.store.get());
}

bool ConsumerImpl::is_stale(std::string_view topic, std::int32_t partition) const noexcept {
    return std::any_of(stale_.begin(), stale_.end(), [&](const Stale& s) {
        return s.partition == partition && s.topic == topic;
    });
}

void ConsumerImpl::sweep_positions() noexcept {
    // Records the application was handed but did not come back from (a rethrown callback
    // exception) are counted in librdkafka's position; so are records still in the stash.
    if (stash_head_ < stash_.size()) return;
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(rk(), &raw) || !raw) return;
    PartitionListPtr positions{raw};
    if (positions->cnt == 0) return;
    // librdkafka's application position: after the last record handed out, or after the
    // transaction marker / aborted range served behind it (rdkafka_op.c: "Control messages
    // must not be exposed to the application but we need to store their offsets").
    if (rd_kafka_position(rk(), positions.get())) return;
    for (int i = positions->cnt - 1; i >= 0; --i) {
        auto& e = positions->elems[i];
        bool keep = e.offset >= 0 && !e.err;
        if (keep && !stale_.empty() && is_stale(e.topic, e.partition)) {
            // Stale until what was handed out reaches librdkafka's position again.
            keep = false;
            for (const auto& t : tracked_) {
                if (t.partition == e.partition && t.next >= e.offset &&
                    std::strcmp(rd_kafka_topic_name(t.rkt), e.topic) == 0) {
                    keep = true;
                }
            }
            if (keep) {
                std::erase_if(stale_, [&](const Stale& s) {
                    return s.partition == e.partition && s.topic == e.topic;
                });
            }
        }
        if (!keep) rd_kafka_topic_partition_list_del_by_idx(positions.get(), i);
    }
    if (positions->cnt > 0) (void)rd_kafka_offsets_store(rk(), positions.get());
}

void ConsumerImpl::store_handed_out(bool sweep) noexcept {
    // While an exception unwinds the application, its last records were not processed.
    if (!sdk_store_ || unwinding()) return;
    for (auto& t : tracked_) store(t);
    // Inside poll_batch() librdkafka's positions already count the batch being built.
    if (sweep && !in_batch_) sweep_positions();
}

void ConsumerImpl::forget(const rd_kafka_topic_partition_list_t* partitions) noexcept {
    if (!partitions) return;
    std::erase_if(tracked_, [&](const Tracked& t) {
        return rd_kafka_topic_partition_list_find(partitions, rd_kafka_topic_name(t.rkt),
                                                  t.partition) != nullptr;
    });
}

void ConsumerImpl::store_and_forget_all() noexcept {
    store_handed_out(true);
    tracked_.clear();
}

void ConsumerImpl::seeked(const TopicPartitionOffsets& positions) noexcept {
    for (const auto& p : positions) {
        // A seek resets librdkafka's position: it is not stale any more.
        std::erase_if(stale_, [&](const Stale& st) {
            return st.partition == p.partition && st.topic == p.topic;
        });
        if (!sdk_store_) continue;
        try {
            auto& t = tracked(topic_ref_named(p.topic), p.partition);
            // A store of an older hand-out must not overtake the seek (seeking back to
            // re-read must not commit past the re-read). An absolute target is what the next
            // commit commits, as Java's commitSync() commits the position a seek set: the
            // usual skip-a-poison-record move seek(off + 1); commit_sync() sticks.
            t.pending = p.offset >= 0;
            t.next = p.offset;
            t.epoch = -1;
        } catch (...) {
            // Out of memory: the seek still happens; the older hand-out may be committed.
        }
    }
}

void ConsumerImpl::store_offsets(const Message& message) {
    require_explicit_store();
    const rd_kafka_message_t* raw = MessageAccess::raw(message);
    if (message.is_error() || message.is_partition_eof() || !raw) {
        throw UsageError(Error{ErrorCode::invalid_arg, "not a consumed record"}, "store_offsets");
    }
    // rd_kafka_offset_store_message() only reads the message; its C signature is not const.
    throw_if(rd_kafka_offset_store_message(const_cast<rd_kafka_message_t*>(raw)), "store_offsets");
}

void ConsumerImpl::store_offsets(const TopicPartitionOffsets& next_offsets) {
    require_explicit_store();
    if (next_offsets.empty()) return;
    auto list = to_list(next_offsets);
    throw_if(rd_kafka_offsets_store(rk(), list.get()), "store_offsets");
    throw_first_partition_error(list.get(), "store_offsets");
}

}  // namespace kfk::detail
