#include "kfk/bytes_producer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <functional>
#include <set>
#include <vector>

#ifdef __linux__
#include <pthread.h>
#endif

#include "core/error_map.hpp"
#include "core/group_metadata_impl.hpp"
#include "core/partition_list.hpp"
#include "producer/producer_impl.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

PersistedStatus status_of(const rd_kafka_message_t* msg) {
    switch (rd_kafka_message_status(msg)) {
        case RD_KAFKA_MSG_STATUS_PERSISTED:
            return PersistedStatus::persisted;
        case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED:
            return PersistedStatus::possibly_persisted;
        default:
            return PersistedStatus::not_persisted;
    }
}

bool is_oauthbearer(const ProducerConfig& config) {
    const auto mechanism =
        config.get("sasl.mechanism").value_or(config.get("sasl.mechanisms").value_or(""));
    return mechanism == "OAUTHBEARER";
}

}  // namespace

void DeliveryNodePool::spin() noexcept {
    do {
        // Held for a few instructions only, unless its holder was preempted.
        for (int spins = 0; locked_.load(std::memory_order_relaxed); ++spins) {
            if (spins > 64) std::this_thread::yield();
        }
    } while (locked_.exchange(true, std::memory_order_acquire));
}

namespace {

struct InternedTopics {
    std::mutex mu;
    std::set<std::string, std::less<>> names;  // nodes never move: references stay valid
};

InternedTopics& interned_topics() {
    static auto* const table = new InternedTopics;  // deliberately leaked: usable until the end
    return *table;
}

}  // namespace

const std::string* try_intern_topic(std::string_view name) {
    auto& table = interned_topics();
    std::lock_guard lock{table.mu};
    auto it = table.names.find(name);
    if (it != table.names.end()) return &*it;
    if (table.names.size() >= interned_topics_max) return nullptr;
    return &*table.names.emplace(name).first;
}

std::size_t interned_topic_count() {
    auto& table = interned_topics();
    std::lock_guard lock{table.mu};
    return table.names.size();
}

TopicName topic_name_for(std::string_view name) {
    if (const std::string* interned = try_intern_topic(name)) return {*interned, nullptr};
    auto owned = std::make_shared<const std::string>(name);
    return {*owned, std::move(owned)};
}

DeliveryNode* DeliveryNodePool::grow() {
    std::lock_guard lock{grow_mu_};
    return all_.emplace_back(std::make_unique<DeliveryNode>()).get();
}

void DeliveryNodePool::release(DeliveryNode* head, DeliveryNode* tail) noexcept {
    DeliveryNode* top = returned_.load(std::memory_order_relaxed);
    do {
        tail->next_free = top;
    } while (!returned_.compare_exchange_weak(top, head, std::memory_order_release,
                                              std::memory_order_relaxed));
}

rd_kafka_topic_t* TopicHandles::get(rd_kafka_t* rk, std::string_view name) {
    if (rd_kafka_topic_t* rkt = find(name)) return rkt;
    std::lock_guard lock{add_mu_};
    const std::size_t n = count_.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < n; ++i) {
        if (*entries_[i].name == name) return entries_[i].rkt;
    }
    if (n == capacity) return nullptr;
    const std::string* interned = try_intern_topic(name);
    if (!interned) return nullptr;  // the shared table is full: send by name
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, interned->c_str(), nullptr);
    if (!rkt) return nullptr;  // an invalid name: the send by name reports why
    Entry& e = entries_[n];
    e.name = interned;
    e.rkt = rkt;
    count_.store(n + 1, std::memory_order_release);
    return e.rkt;
}

void TopicHandles::release() noexcept {
    std::lock_guard lock{add_mu_};
    const std::size_t n = count_.exchange(0, std::memory_order_acq_rel);
    for (std::size_t i = 0; i < n; ++i) {
        rd_kafka_topic_destroy(entries_[i].rkt);
        entries_[i].rkt = nullptr;
    }
}

ProducerImpl::ProducerImpl(ProducerConfig config)
    : ClientCore(config, RD_KAFKA_PRODUCER,
                 [&config](rd_kafka_conf_t* conf) {
                     if (config.delivery_polling() == DeliveryPolling::background) {
                         // Reports come as events our thread takes from the main queue, so
                         // rd_kafka_flush() only waits for them instead of serving them on
                         // the caller's thread (which would run callbacks there, and out of
                         // order with the poller's).
                         rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR);
                     } else {
                         rd_kafka_conf_set_dr_msg_cb(conf, &ProducerImpl::delivery_trampoline);
                     }
                 }),
      config_(std::move(config)) {
    if (config_.delivery_polling() == DeliveryPolling::background) {
        main_queue_.reset(rd_kafka_queue_get_main(rk()));
        // The poller takes every main-queue event; OAuth token refreshes must not be among them.
        if (is_oauthbearer(config_)) {
            if (Error err = take_error(rd_kafka_sasl_background_callbacks_enable(rk()))) {
                log(LogLevel::warning, "OAUTHBEARER", err.to_string());
            }
        }
        poller_ = std::thread([this] { run_poller(); });
    }
}

ProducerImpl::~ProducerImpl() {
    if (poller_id_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
        log(LogLevel::critical, "CLOSE", "a producer was destroyed by its own delivery callback");
        std::terminate();
    }
    try {
        close(Duration{10000});
    } catch (...) {
        // close() only throws when called from the poller, excluded above.
    }
    if (has_pending()) {
        try {
            rethrow_pending();
        } catch (const std::exception& e) {
            log(LogLevel::error, "CALLBACK",
                std::string{"exception from a delivery callback not rethrown (the producer "
                            "was destroyed first): "} +
                    e.what());
        } catch (...) {
            log(LogLevel::error, "CALLBACK",
                "exception from a delivery callback not rethrown (the producer was destroyed "
                "first)");
        }
    }
    main_queue_.reset();
    handles_.release();
    destroy_handle();
}

namespace {
thread_local int serving_reports = 0;
thread_local bool on_poller_thread = false;
}  // namespace

bool in_delivery_report() noexcept {
    return serving_reports > 0;
}

bool in_producer_callback() noexcept {
    return serving_reports > 0 || on_poller_thread;
}

void ProducerImpl::run_poller() noexcept {
    poller_id_.store(std::this_thread::get_id(), std::memory_order_release);
    on_poller_thread = true;  // its error and statistics callbacks run here too
#ifdef __linux__
    pthread_setname_np(pthread_self(), "kfk:producer");  // for top, perf and debuggers
#endif
    while (!stop_.load(std::memory_order_acquire)) serve_event(100);
}

void ProducerImpl::stop_poller() noexcept {
    if (!poller_.joinable()) return;
    stop_.store(true, std::memory_order_release);
    rd_kafka_queue_yield(main_queue_.get());
    poller_.join();
    poller_id_.store(std::thread::id{}, std::memory_order_release);  // ids are reused
    // Reports that arrived while the poller was stopping.
    while (serve_event(0)) {
    }
}

void ProducerImpl::check_not_on_poller(const char* what) const {
    if (poller_id_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
        throw UsageError(
            Error{ErrorCode::state,
                  std::string{what} + " called from a delivery callback would wait for itself"});
    }
}

bool ProducerImpl::serve_event(int wait_ms) noexcept {
    rd_kafka_event_t* ev = rd_kafka_queue_poll(main_queue_.get(), wait_ms);
    if (!ev) return false;
    EventPtr owned{ev};
    switch (rd_kafka_event_type(ev)) {
        case RD_KAFKA_EVENT_DR: {
            TopicCache topics;
            Released released;
            while (const rd_kafka_message_t* msg = rd_kafka_event_message_next(ev)) {
                on_delivery(msg, topics, released);
            }
            if (released.head) pool_.release(released.head, released.tail);
            owned.reset();  // frees the records: room in the local queue
            if (waiting_for_room_.load(std::memory_order_acquire) > 0) {
                std::lock_guard lock{room_mu_};
                room_cv_.notify_all();
            }
            break;
        }
        case RD_KAFKA_EVENT_ERROR:
            handle_error_event(rd_kafka_event_error(ev), rd_kafka_event_error_string(ev),
                               rd_kafka_event_error_is_fatal(ev) != 0);
            break;
        case RD_KAFKA_EVENT_STATS:
            handle_statistics(rd_kafka_event_stats(ev));
            break;
        default:
            log(LogLevel::debug, "EVENT", std::string{"ignored event "} + rd_kafka_event_name(ev));
            break;
    }
    return true;  // the event (and with it the delivered messages) is destroyed here
}

Error ProducerImpl::delivery_error(const rd_kafka_message_t* msg) {
    if (msg->err == RD_KAFKA_RESP_ERR__FATAL) return fatal_error_of(rk());
    // Not rd_kafka_message_errstr(): for a produced record it returns the payload.
    const char* detail = rd_kafka_message_produce_errstr(msg);
    Error error = make_error(msg->err, detail ? detail : "");
    char buf[8];
    if (rd_kafka_fatal_error(rk(), buf, sizeof buf) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        // Failed because (or after) the producer died: the application must recreate it.
        error = Error{error.code(), error.message(), {.fatal = true}};
    }
    return error;
}

DeliveryReport ProducerImpl::make_report(const rd_kafka_message_t* msg, TopicCache& topics) {
    if (msg->rkt != topics.rkt) {
        // Usually a topic we hold a handle for (no lock); else intern its name.
        const std::string* ours = handles_.name_of(msg->rkt);
        topics.name =
            ours ? TopicName{*ours, nullptr} : topic_name_for(rd_kafka_topic_name(msg->rkt));
        topics.rkt = msg->rkt;
    }
    DeliveryReport r;
    r.topic = topics.name.view;
    r.topic_storage = topics.name.owner;
    r.partition = msg->partition;
    r.offset = msg->offset;
    rd_kafka_timestamp_type_t tstype;
    const auto ts = rd_kafka_message_timestamp(msg, &tstype);
    r.timestamp = Timestamp::from_epoch_ms(
        ts, tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? TimestampType::log_append_time
            : tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME   ? TimestampType::create_time
                                                         : TimestampType::not_available);
    r.status = status_of(msg);
    if (msg->err) r.error = delivery_error(msg);
    return r;
}

void ProducerImpl::on_delivery(const rd_kafka_message_t* msg, TopicCache& topics,
                               Released& released) noexcept {
    struct Serving {
        Serving() noexcept { ++serving_reports; }
        ~Serving() { --serving_reports; }
    } serving;
    auto* node = static_cast<DeliveryNode*>(msg->_private);
    const auto& on_any = config_.delivery_callback();
    // produce() without a producer-wide callback: only failures need a report (for the log).
    if (!node && !on_any && !msg->err) return;
    guard([&] {
        const DeliveryReport report = make_report(msg, topics);
        if (node) {
            if (node->promise) {
                node->promise->set_value(report);
            } else if (node->callback) {
                guard([&] { node->callback(report); });
            }
        } else if (on_any) {
            on_any(report);
        } else {
            log(LogLevel::warning, "DELIVERY",
                "record to " + std::string{report.topic} + " [" + std::to_string(report.partition) +
                    "] failed: " + report.error.to_string());
        }
    });
    if (node) {
        node->callback.reset();
        node->promise.reset();
        node->next_free = released.head;
        released.head = node;
        if (!released.tail) released.tail = node;
    }
}

void ProducerImpl::delivery_trampoline(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<ProducerImpl*>(static_cast<ClientCore*>(opaque));
    TopicCache topics;
    Released released;
    self->on_delivery(msg, topics, released);
    if (released.head) self->pool_.release(released.head, released.tail);
}

void ProducerImpl::complete_refused(DeliveryNode* node, const DeliveryReport& report) noexcept {
    if (node->promise) {
        guard([&] { node->promise->set_value(report); });
    } else if (node->callback) {
        guard([&] { node->callback(report); });
    }
    node->callback.reset();
    node->promise.reset();
    pool_.release(node, node);
}

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

bool ProducerImpl::wait_for_room(Clock::time_point deadline) {
    if (closed()) return false;
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return false;
    // Room appears as delivery reports are served: in manual mode that is our job, in
    // background mode the poller wakes us (or the short wait runs out: the wake-up may come
    // between our failed attempt and this wait).
    if (!background()) {
        rd_kafka_poll(rk(), std::min(5, timeout_ms(left)));
    } else {
        waiting_for_room_.fetch_add(1, std::memory_order_acq_rel);
        {
            std::unique_lock lock{room_mu_};
            room_cv_.wait_for(lock, std::min<Clock::duration>(left, std::chrono::milliseconds{2}));
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
    std::optional<Clock::time_point> deadline;  // the clock is read only once the queue is full
    for (;;) {
        if (rd_kafka_produce(rkt, record.partition, RD_KAFKA_MSG_F_COPY, value, value_size, key,
                             key_size, node) == 0) [[likely]] {
            return {};
        }
        const rd_kafka_resp_err_t err = rd_kafka_last_error();
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || !blocks(max_block)) return produce_error(err);
        if (!deadline) deadline = Clock::now() + max_block;
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

    std::optional<Clock::time_point> deadline;
    for (;;) {
        rd_kafka_error_t* err = rd_kafka_produceva(rk(), vus, n);
        if (!err) return {};
        if (rd_kafka_error_code(err) != RD_KAFKA_RESP_ERR__QUEUE_FULL || !blocks(max_block)) {
            return refusal_error(err);
        }
        rd_kafka_error_destroy(err);
        if (!deadline) deadline = Clock::now() + max_block;
        if (!wait_for_room(*deadline)) return stayed_full(max_block);
    }
}

DeliveryReport ProducerImpl::refused(const RawRecord& record, Error error) {
    DeliveryReport r;
    auto name = topic_name_for(record.topic);
    r.topic = name.view;
    r.topic_storage = std::move(name.owner);
    r.partition = record.partition;
    r.status = PersistedStatus::not_persisted;
    r.error = std::move(error);
    return r;
}

bool ProducerImpl::wait_ready(const std::future<DeliveryReport>& future,
                              Clock::time_point deadline) {
    if (background()) return future.wait_until(deadline) == std::future_status::ready;
    for (;;) {
        if (future.wait_for(std::chrono::seconds{0}) == std::future_status::ready) return true;
        const auto left = deadline - Clock::now();
        if (left <= Clock::duration::zero()) return false;
        rd_kafka_poll(rk(), std::min(100, timeout_ms(left)));
    }
}

int ProducerImpl::poll(Duration timeout) {
    int served = 0;
    // In background mode the poller owns the queue: rd_kafka_poll() would drop its reports.
    if (!background()) served = rd_kafka_poll(rk(), timeout_ms(timeout));
    rethrow_if_pending();
    return served;
}

Error ProducerImpl::flush(Duration timeout) {
    check_not_on_poller("flush()");
    const auto err = rd_kafka_flush(rk(), timeout_ms(timeout));
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        return Error{ErrorCode::timed_out,
                     std::to_string(rd_kafka_outq_len(rk())) +
                         " records still wait for delivery reports after " +
                         std::to_string(timeout.count()) + " ms",
                     {.retriable = true}};
    }
    return make_error(err);
}

void ProducerImpl::close(Duration timeout) {
    check_not_on_poller("close()");
    if (closed_.exchange(true, std::memory_order_acq_rel)) return;
    if (rd_kafka_flush(rk(), timeout_ms(timeout)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        // Fail what is left so that every record gets a report: nothing vanishes silently.
        // Records still in the local queue are reported not_persisted, records sent without
        // an answer possibly_persisted.
        rd_kafka_purge(rk(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        // The purged records' reports are already queued locally; serving them is quick.
        if (rd_kafka_flush(rk(), 1000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            log(LogLevel::error, "CLOSE",
                std::to_string(rd_kafka_outq_len(rk())) +
                    " records still had no delivery report after purging them");
        }
    }
    stop_poller();
    if (!background()) {
        while (rd_kafka_poll(rk(), 0) > 0) {
        }
    }
}

}  // namespace detail

BytesProducer::BytesProducer(ProducerConfig config)
    : impl_(std::make_unique<detail::ProducerImpl>(std::move(config))) {}

BytesProducer::~BytesProducer() = default;
BytesProducer::BytesProducer(BytesProducer&&) noexcept = default;
BytesProducer& BytesProducer::operator=(BytesProducer&&) noexcept = default;

detail::ProducerImpl& BytesProducer::impl() const {
    // As the consumer: a moved-from producer is a usage error, not a null dereference.
    if (!impl_) [[unlikely]]
        throw UsageError(Error{ErrorCode::state, "use of a moved-from producer"});
    return *impl_;
}

std::future<DeliveryReport> BytesProducer::send(const RawRecord& record) {
    auto& impl = this->impl();
    impl.rethrow_if_pending();
    auto* node = impl.acquire_node();
    node->promise.emplace();
    auto future = node->promise->get_future();
    if (impl.try_enqueue(record, node)) return future;
    if (Error err = impl.enqueue(record, node, impl.config().default_send_timeout())) {
        impl.complete_refused(node, impl.refused(record, std::move(err)));
    }
    return future;
}

void BytesProducer::send(const RawRecord& record, DeliveryCallback&& on_delivery) {
    auto& impl = this->impl();
    impl.rethrow_if_pending();
    auto* node = impl.acquire_node();
    node->callback = std::move(on_delivery);
    if (impl.try_enqueue(record, node)) [[likely]]
        return;
    if (Error err = impl.enqueue(record, node, impl.config().default_send_timeout())) {
        impl.complete_refused(node, impl.refused(record, std::move(err)));
        impl.rethrow_if_pending();
    }
}

DeliveryReport BytesProducer::send_sync(const RawRecord& record, Duration timeout) {
    auto& impl = this->impl();
    impl.check_not_on_poller("send_sync()");
    impl.rethrow_if_pending();
    const auto deadline = detail::ProducerImpl::Clock::now() + timeout;
    auto* node = impl.acquire_node();
    node->promise.emplace();
    auto future = node->promise->get_future();
    if (Error err = impl.enqueue(record, node, timeout)) {
        impl.complete_refused(node, impl.refused(record, std::move(err)));
        return future.get();
    }
    if (impl.wait_ready(future, deadline)) return future.get();
    DeliveryReport r =
        impl.refused(record, Error{ErrorCode::timed_out,
                                   "no delivery report within " + std::to_string(timeout.count()) +
                                       " ms; the record may still be written",
                                   {.retriable = true}});
    r.status = PersistedStatus::possibly_persisted;
    return r;
}

Error BytesProducer::produce(const RawRecord& record) {
    auto& impl = this->impl();
    impl.rethrow_if_pending();
    if (impl.try_enqueue(record, nullptr)) return {};
    return impl.enqueue(record, nullptr, impl.config().default_send_timeout());
}

int BytesProducer::poll(Duration timeout) {
    auto& impl = this->impl();
    return impl.poll(timeout);
}

Error BytesProducer::flush(Duration timeout) {
    auto& impl = this->impl();
    Error err = impl.flush(timeout);
    impl.rethrow_pending();
    return err;
}

void BytesProducer::close(Duration timeout) {
    if (!impl_) return;
    impl_->close(timeout);
    impl_->rethrow_pending();
}

std::size_t BytesProducer::in_flight() const {
    auto& impl = this->impl();
    return static_cast<std::size_t>(rd_kafka_outq_len(impl.rk()));
}

Error BytesProducer::fatal_error() const {
    auto& impl = this->impl();
    return detail::fatal_error_of(impl.rk());
}

std::string BytesProducer::name() const {
    auto& impl = this->impl();
    return impl.name();
}

void* BytesProducer::native_handle() const noexcept {
    return impl_ ? impl_->rk() : nullptr;
}

namespace {

void throw_if(rd_kafka_error_t* error, const char* what) {
    if (Error err = detail::take_error(error)) throw_error(err, what);
}

}  // namespace

void BytesProducer::init_transactions(Duration timeout) {
    auto& impl = this->impl();
    throw_if(rd_kafka_init_transactions(impl.rk(), detail::timeout_ms(timeout)),
             "init_transactions");
}

void BytesProducer::begin_transaction() {
    auto& impl = this->impl();
    throw_if(rd_kafka_begin_transaction(impl.rk()), "begin_transaction");
}

void BytesProducer::send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                                const GroupMetadata& group, Duration timeout) {
    auto& impl = this->impl();
    if (!group.impl()) {
        throw UsageError(Error{ErrorCode::invalid_arg, "empty GroupMetadata"});
    }
    auto list = detail::to_list(offsets);
    throw_if(rd_kafka_send_offsets_to_transaction(impl.rk(), list.get(), group.impl()->md.get(),
                                                  detail::timeout_ms(timeout)),
             "send_offsets_to_transaction");
}

void BytesProducer::commit_transaction(Duration timeout) {
    auto& impl = this->impl();
    // Commit flushes first, which waits for the poller.
    impl.check_not_on_poller("commit_transaction()");
    throw_if(rd_kafka_commit_transaction(impl.rk(), detail::timeout_ms(timeout)),
             "commit_transaction");
    impl.rethrow_pending();
}

void BytesProducer::abort_transaction(Duration timeout) {
    auto& impl = this->impl();
    impl.check_not_on_poller("abort_transaction()");
    throw_if(rd_kafka_abort_transaction(impl.rk(), detail::timeout_ms(timeout)),
             "abort_transaction");
    impl.rethrow_pending();
}

}  // namespace kfk
