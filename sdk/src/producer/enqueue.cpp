// Handing a record to librdkafka: the classic rd_kafka_produce() for the common case, the
// argument list of rd_kafka_produceva() for headers and timestamps (built on the stack), and
// waiting for room under QueueFullPolicy::block.
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"
#include "producer/producer_impl.hpp"

namespace kfk::detail {

Error ProducerImpl::refusal_error(rd_kafka_error_t* err) {
    Error error = take_error(err);
    if (error.code() == ErrorCode::fatal) return fatal_error_of(rk());
    // librdkafka's produce errors carry no flags; derive them from the code (queue_full is
    // retriable).
    Error by_code = make_error(static_cast<rd_kafka_resp_err_t>(error.raw_code()));
    if (by_code.is_retriable() && !error.is_retriable()) {
        return Error{error.code(), error.message(), {.retriable = true}};
    }
    return error;
}

Error ProducerImpl::produce_error(rd_kafka_resp_err_t err) {
    if (err == RD_KAFKA_RESP_ERR__FATAL) return fatal_error_of(rk());
    return make_error(err);  // flags from the code: queue_full is retriable
}

Error ProducerImpl::stayed_full(Duration max_block) const {
    if (closed()) return Error{ErrorCode::state, "the producer was closed while send() waited"};
    return Error{ErrorCode::queue_full,
                 "the local queue stayed full for " + std::to_string(max_block.count()) +
                     " ms (queue.buffering.max.messages/kbytes)",
                 {.retriable = true}};
}

bool ProducerImpl::wait_for_room(const Deadline& deadline) {
    if (closed() || deadline.passed()) return false;
    const auto left = deadline.left();
    // Room appears as delivery reports are served: in manual mode that is our job, in
    // background mode the poller wakes us (or the short wait runs out: the wake-up may come
    // between our failed attempt and this wait).
    if (!background()) {
        rd_kafka_poll(rk(), std::min(5, timeout_ms(left)));
    } else {
        waiting_for_room_.fetch_add(1, std::memory_order_acq_rel);
        {
            std::unique_lock lock{room_mu_};
            room_cv_.wait_for(lock, std::min(left, Duration{2}));
        }
        waiting_for_room_.fetch_sub(1, std::memory_order_acq_rel);
    }
    return true;
}

Error ProducerImpl::enqueue(const RawRecord& record, DeliveryNode* node, Duration max_block) {
    if (closed()) return Error{ErrorCode::state, "the producer is closed"};
    if (record.timestamp && record.timestamp->time_since_epoch().count() <= 0) [[unlikely]] {
        // librdkafka replaces a timestamp of 0 with "now" (rdkafka_msg.c), which would
        // silently rewrite replayed data; negative ones are not timestamps (-1 = none).
        return Error{ErrorCode::invalid_arg,
                     "record timestamp " +
                         std::to_string(record.timestamp->time_since_epoch().count()) +
                         " ms is not after the epoch: librdkafka cannot send 0 (it would "
                         "stamp the record with the current time) and negative values mean "
                         "no timestamp; leave the timestamp unset to use the current time"};
    }
    rd_kafka_topic_t* rkt = handles_.get(rk(), record.topic);
    if (!rkt || !record.headers.empty() || record.timestamp) {
        return enqueue_va(record, node, max_block, rkt);
    }
    // The common case, through librdkafka's classic call: no argument list to parse.
    char* const key = payload(record.key);
    char* const value = payload(record.value);
    const std::size_t key_size = record.key ? record.key->size() : 0;
    const std::size_t value_size = record.value ? record.value->size() : 0;
    std::optional<Deadline> deadline;  // the clock is read only once the queue is full
    for (;;) {
        if (rd_kafka_produce(rkt, record.partition, RD_KAFKA_MSG_F_COPY, value, value_size, key,
                             key_size, node) == 0) [[likely]] {
            return {};
        }
        const rd_kafka_resp_err_t err = rd_kafka_last_error();
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || !blocks(max_block)) return produce_error(err);
        if (!deadline) deadline.emplace(max_block);
        if (!wait_for_room(*deadline)) return stayed_full(max_block);
    }
}

Error ProducerImpl::enqueue_va(const RawRecord& record, DeliveryNode* node, Duration max_block,
                               rd_kafka_topic_t* rkt) {
    // Topic, key, value, partition, timestamp, opaque, flags + headers.
    constexpr std::size_t fixed_fields = 7;
    constexpr std::size_t inline_headers = 16;
    std::array<rd_kafka_vu_t, fixed_fields + inline_headers> inline_vus;
    std::vector<rd_kafka_vu_t> heap_vus;
    rd_kafka_vu_t* vus = inline_vus.data();
    if (record.headers.size() > inline_headers) {
        heap_vus.resize(fixed_fields + record.headers.size());
        vus = heap_vus.data();
    }
    std::size_t n = 0;
    // By handle when we have one; else by name, which librdkafka takes as a C string.
    std::string topic_name;
    if (rkt) {
        vus[n].vtype = RD_KAFKA_VTYPE_RKT;
        vus[n++].u.rkt = rkt;
    } else {
        topic_name.assign(record.topic);
        vus[n].vtype = RD_KAFKA_VTYPE_TOPIC;
        vus[n++].u.cstr = topic_name.c_str();
    }

    // librdkafka tells null from empty by the pointer: an empty view may have a null data().
    static const char empty = '\0';
    if (record.key) {
        vus[n].vtype = RD_KAFKA_VTYPE_KEY;
        vus[n].u.mem.ptr = const_cast<char*>(record.key->data() ? record.key->data() : &empty);
        vus[n++].u.mem.size = record.key->size();
    }
    if (record.value) {
        vus[n].vtype = RD_KAFKA_VTYPE_VALUE;
        vus[n].u.mem.ptr = const_cast<char*>(record.value->data() ? record.value->data() : &empty);
        vus[n++].u.mem.size = record.value->size();
    }
    if (record.partition != any_partition) {
        vus[n].vtype = RD_KAFKA_VTYPE_PARTITION;
        vus[n++].u.i32 = record.partition;
    }
    if (record.timestamp) {
        vus[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
        vus[n++].u.i64 = record.timestamp->time_since_epoch().count();
    }
    vus[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vus[n++].u.ptr = node;
    vus[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[n++].u.i32 = RD_KAFKA_MSG_F_COPY;
    // Header names go to librdkafka as C strings; keys are views, so NUL-terminate copies in
    // a stack buffer (the heap only for unusually many or long keys).
    char names_inline[1024];
    std::vector<char> names_heap;
    if (!record.headers.empty()) {
        std::size_t names_size = 0;
        for (const auto& h : record.headers) names_size += h.key.size() + 1;
        char* names = names_inline;
        if (names_size > sizeof names_inline) {
            names_heap.resize(names_size);
            names = names_heap.data();
        }
        for (const auto& h : record.headers) {
            if (!h.key.empty()) std::memcpy(names, h.key.data(), h.key.size());
            names[h.key.size()] = '\0';
            vus[n].vtype = RD_KAFKA_VTYPE_HEADER;
            vus[n].u.header.name = names;
            vus[n].u.header.val = h.value ? (h.value->data() ? h.value->data() : &empty) : nullptr;
            vus[n++].u.header.size = h.value ? static_cast<ssize_t>(h.value->size()) : 0;
            names += h.key.size() + 1;
        }
    }

    std::optional<Deadline> deadline;
    for (;;) {
        rd_kafka_error_t* err = rd_kafka_produceva(rk(), vus, n);
        if (!err) return {};
        if (rd_kafka_error_code(err) != RD_KAFKA_RESP_ERR__QUEUE_FULL || !blocks(max_block)) {
            return refusal_error(err);
        }
        rd_kafka_error_destroy(err);
        if (!deadline) deadline.emplace(max_block);
        if (!wait_for_room(*deadline)) return stayed_full(max_block);
    }
}

}  // namespace kfk::detail
