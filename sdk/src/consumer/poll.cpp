// poll() and poll_batch(): records are handed out only once whatever a callback threw is
// rethrown (the records wait in the stash), and never from a partition revoked mid-batch.
#include <algorithm>

#include "consumer/consumer_impl.hpp"
#include "consumer/message_access.hpp"
#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {

std::optional<Message> ConsumerImpl::poll(Duration timeout) {
    require_open("poll()");
    store_handed_out(std::exchange(sweep_due_, false));
    if (stash_head_ < stash_.size()) {
        Message m = std::move(stash_[stash_head_++]);
        if (stash_head_ == stash_.size()) {
            stash_.clear();
            stash_head_ = 0;
        }
        note_handed_out(MessageAccess::raw(m));
        return m;
    }
    rd_kafka_message_t* raw = rd_kafka_consumer_poll(rk(), timeout_ms(timeout));
    if (!raw) {
        sweep_due_ = true;  // idle: what librdkafka stepped over is stored next time
        rethrow_pending();
        throw_if_refused("poll");
        return std::nullopt;
    }
    if (raw->err == RD_KAFKA_RESP_ERR_NO_ERROR) credentials().note_working();
    if (raw->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) sweep_due_ = true;
    if (raw->err == RD_KAFKA_RESP_ERR__FATAL) {
        rd_kafka_message_destroy(raw);
        throw_error(fatal_error_of(rk()), "consumer");
    }
    Message m = MessageAccess::adopt(raw);
    try {
        rethrow_pending();
    } catch (...) {
        stash_.push_back(std::move(m));  // not lost: the next poll returns it
        throw;
    }
    note_handed_out(raw);
    return m;
}

std::size_t ConsumerImpl::poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout) {
    out.clear();
    require_open("poll_batch()");
    store_handed_out(std::exchange(sweep_due_, false));
    if (max == 0) return 0;
    if (stash_head_ < stash_.size()) {
        while (out.size() < max && stash_head_ < stash_.size()) {
            out.push_back(std::move(stash_[stash_head_++]));
        }
        if (stash_head_ == stash_.size()) {
            stash_.clear();
            stash_head_ = 0;
        }
        for (const auto& m : out) {
            note_handed_out(MessageAccess::raw(m));
        }
        return out.size();
    }
    batch_.resize(max);
    in_batch_ = true;
    revoked_in_batch_.clear();
    const auto n =
        rd_kafka_consume_batch_queue(queue_.get(), timeout_ms(timeout), batch_.data(), max);
    in_batch_ = false;
    if (n < 0) throw_error(make_error(rd_kafka_last_error()), "poll_batch");
    bool fatal = false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        rd_kafka_message_t* raw = batch_[i];
        if (raw->err == RD_KAFKA_RESP_ERR__FATAL) {
            fatal = true;
            rd_kafka_message_destroy(raw);
            continue;
        }
        if (raw->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) sweep_due_ = true;
        out.push_back(MessageAccess::adopt(raw));
    }
    if (n == 0) sweep_due_ = true;
    if (!out.empty()) credentials().note_working();
    if (!revoked_in_batch_.empty()) drop_revoked_from_batch(out);
    if (fatal) {
        out.clear();  // the consumer is dead; nothing is stored for these
        throw_error(fatal_error_of(rk()), "consumer");
    }
    try {
        rethrow_pending();
    } catch (...) {
        // Handed out by the next poll instead: the exception costs no record.
        for (auto& m : out) stash_.push_back(std::move(m));
        out.clear();
        throw;
    }
    for (const auto& m : out) {
        note_handed_out(MessageAccess::raw(m));
    }
    if (out.empty()) throw_if_refused("poll_batch");
    return out.size();
}

void ConsumerImpl::drop_revoked_from_batch(std::vector<Message>& out) {
    // The revoke ended the batch (rd_kafka_yield), so every record in it was fetched before
    // on_revoked ran: none of them may reach the application any more. Whoever owns the
    // partitions now reads them from the committed offset.
    const auto before = out.size();
    std::erase_if(out, [&](const Message& m) {
        const auto topic = m.topic();
        const bool revoked = std::any_of(
            revoked_in_batch_.begin(), revoked_in_batch_.end(), [&](const TopicPartition& tp) {
                return tp.partition == m.partition() && tp.topic == topic;
            });
        if (revoked && !is_stale(topic, m.partition())) {
            stale_.push_back({std::string{topic}, m.partition()});
        }
        return revoked;
    });
    revoked_in_batch_.clear();
    if (out.size() != before) {
        log(LogLevel::debug, "REBALANCE",
            std::to_string(before - out.size()) +
                " record(s) of revoked partitions dropped from the batch");
    }
}

}  // namespace kfk::detail
