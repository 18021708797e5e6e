#include "kfk/bytes_producer.hpp"

#include <array>
#include <cstring>

#include "detail/error_map.hpp"
#include "detail/group_metadata_impl.hpp"
#include "detail/partition_list.hpp"
#include "detail/producer_impl.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {

DeliveryNode* DeliveryNodePool::acquire() {
    std::lock_guard lock{mu_};
    if (free_) {
        DeliveryNode* node = free_;
        free_ = node->next_free;
        node->next_free = nullptr;
        return node;
    }
    all_.push_back(std::make_unique<DeliveryNode>());
    return all_.back().get();
}

void DeliveryNodePool::release(DeliveryNode* node) noexcept {
    node->callback.reset();
    node->promise.reset();
    std::lock_guard lock{mu_};
    node->next_free = free_;
    free_ = node;
}

ProducerImpl::ProducerImpl(ProducerConfig config)
    : ClientCore(config, RD_KAFKA_PRODUCER,
                 [](rd_kafka_conf_t* conf) {
                     rd_kafka_conf_set_dr_msg_cb(conf, &ProducerImpl::delivery_trampoline);
                 }),
      config_(std::move(config)) {
    if (config_.delivery_polling() == DeliveryPolling::background) {
        poller_ = std::thread([this] {
            while (!stop_.load(std::memory_order_acquire)) rd_kafka_poll(rk(), 100);
        });
    }
}

ProducerImpl::~ProducerImpl() {
    close(Duration{10000});
    destroy_handle();
}

void ProducerImpl::stop_poller() noexcept {
    stop_.store(true, std::memory_order_release);
    if (poller_.joinable()) {
        rd_kafka_yield(rk());
        poller_.join();
    }
}

std::string_view ProducerImpl::intern_topic_name(std::string_view name) {
    for (const auto& t : topic_names_) {
        if (t == name) return t;
    }
    return topic_names_.emplace_back(name);
}

std::string_view ProducerImpl::intern_topic(const rd_kafka_topic_t* rkt) {
    std::lock_guard lock{topics_mu_};
    if (auto it = topic_by_handle_.find(rkt); it != topic_by_handle_.end()) return it->second;
    auto name = intern_topic_name(rd_kafka_topic_name(rkt));
    topic_by_handle_.emplace(rkt, name);
    return name;
}

DeliveryReport ProducerImpl::make_report(const rd_kafka_message_t* msg) {
    DeliveryReport r;
    r.topic = intern_topic(msg->rkt);
    r.partition = msg->partition;
    r.offset = msg->offset;
    rd_kafka_timestamp_type_t tstype;
    const auto ts = rd_kafka_message_timestamp(msg, &tstype);
    r.timestamp = Timestamp::from_epoch_ms(
        ts, tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? TimestampType::log_append_time
            : tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME   ? TimestampType::create_time
                                                         : TimestampType::not_available);
    switch (rd_kafka_message_status(msg)) {
        case RD_KAFKA_MSG_STATUS_PERSISTED:
            r.status = PersistedStatus::persisted;
            break;
        case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED:
            r.status = PersistedStatus::possibly_persisted;
            break;
        default:
            r.status = PersistedStatus::not_persisted;
            break;
    }
    if (msg->err) {
        r.error = msg->err == RD_KAFKA_RESP_ERR__FATAL
                      ? fatal_error_of(rk())
                      : make_error(msg->err, rd_kafka_message_errstr(msg));
    }
    return r;
}

void ProducerImpl::complete(DeliveryNode* node, const DeliveryReport& report) noexcept {
    if (node->promise) {
        node->promise->set_value(report);
    } else if (node->callback) {
        guard([&] { node->callback(report); });
    }
    pool_.release(node);
}

void ProducerImpl::delivery_trampoline(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<ProducerImpl*>(static_cast<ClientCore*>(opaque));
    const DeliveryReport report = self->make_report(msg);
    if (auto* node = static_cast<DeliveryNode*>(msg->_private)) {
        self->complete(node, report);
    } else if (const auto& cb = self->config_.delivery_callback()) {
        self->guard([&] { cb(report); });
    } else if (report.error) {
        // Fire-and-forget without a callback: a failure must still be visible somewhere.
        self->log(LogLevel::warning, "DELIVERY",
                  "record to " + std::string{report.topic} + " [" +
                      std::to_string(report.partition) + "] failed: " + report.error.to_string());
    }
}

Error ProducerImpl::enqueue(const RawRecord& record, DeliveryNode* node) {
    if (closed_.load(std::memory_order_acquire)) {
        return Error{ErrorCode::state, "the producer is closed"};
    }
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
    // librdkafka's API takes a C string for the topic.
    char topic_buf[256];
    std::string topic_heap;
    const char* topic = nullptr;
    if (record.topic.size() < sizeof topic_buf) {
        std::memcpy(topic_buf, record.topic.data(), record.topic.size());
        topic_buf[record.topic.size()] = '\0';
        topic = topic_buf;
    } else {
        topic_heap.assign(record.topic);
        topic = topic_heap.c_str();
    }

    static const char empty = '\0';  // an empty, non-null payload
    std::size_t n = 0;
    vus[n].vtype = RD_KAFKA_VTYPE_TOPIC;
    vus[n++].u.cstr = topic;
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
    vus[n].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[n++].u.i32 = record.partition;
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
    std::size_t names_size = 0;
    for (const auto& h : record.headers) names_size += h.key.size() + 1;
    char names_inline[1024];
    std::vector<char> names_heap;
    char* names = names_inline;
    if (names_size > sizeof names_inline) {
        names_heap.resize(names_size);
        names = names_heap.data();
    }
    for (const auto& h : record.headers) {
        std::memcpy(names, h.key.data(), h.key.size());
        names[h.key.size()] = '\0';
        vus[n].vtype = RD_KAFKA_VTYPE_HEADER;
        vus[n].u.header.name = names;
        vus[n].u.header.val = h.value ? (h.value->data() ? h.value->data() : &empty) : nullptr;
        vus[n++].u.header.size = h.value ? static_cast<ssize_t>(h.value->size()) : 0;
        names += h.key.size() + 1;
    }

    const auto deadline = std::chrono::steady_clock::now() + config_.default_send_timeout();
    for (;;) {
        rd_kafka_error_t* err = rd_kafka_produceva(rk(), vus, n);
        if (!err) return {};
        if (rd_kafka_error_code(err) == RD_KAFKA_RESP_ERR__QUEUE_FULL &&
            config_.queue_full_policy() == QueueFullPolicy::block &&
            std::chrono::steady_clock::now() < deadline) {
            rd_kafka_error_destroy(err);
            // Room appears as delivery reports are served: serve them here in manual mode.
            if (config_.delivery_polling() == DeliveryPolling::manual) {
                rd_kafka_poll(rk(), 5);
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds{1});
            }
            continue;
        }
        return take_error(err);
    }
}

DeliveryReport ProducerImpl::refused(const RawRecord& record, Error error) {
    DeliveryReport r;
    {
        std::lock_guard lock{topics_mu_};
        r.topic = intern_topic_name(record.topic);
    }
    r.partition = record.partition;
    r.status = PersistedStatus::not_persisted;
    r.error = std::move(error);
    return r;
}

int ProducerImpl::poll(Duration timeout) {
    const int served = rd_kafka_poll(rk(), static_cast<int>(timeout.count()));
    rethrow_pending();
    return served;
}

Error ProducerImpl::flush(Duration timeout) {
    const auto err = rd_kafka_flush(rk(), static_cast<int>(timeout.count()));
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
    if (closed_.exchange(true)) return;
    if (rd_kafka_flush(rk(), static_cast<int>(timeout.count())) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        // Fail what is left so that every record gets a report: nothing vanishes silently.
        rd_kafka_purge(rk(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_flush(rk(), 1000);
    }
    stop_poller();
    // Serve any report that arrived while the poller was stopping.
    while (rd_kafka_poll(rk(), 0) > 0) {
    }
}

}  // namespace detail

BytesProducer::BytesProducer(ProducerConfig config)
    : impl_(std::make_unique<detail::ProducerImpl>(std::move(config))) {}

BytesProducer::~BytesProducer() = default;
BytesProducer::BytesProducer(BytesProducer&&) noexcept = default;
BytesProducer& BytesProducer::operator=(BytesProducer&&) noexcept = default;

std::future<DeliveryReport> BytesProducer::send(const RawRecord& record) {
    impl_->rethrow_pending();
    auto* node = impl_->acquire_node();
    node->promise.emplace();
    auto future = node->promise->get_future();
    if (Error err = impl_->enqueue(record, node)) {
        impl_->complete(node, impl_->refused(record, std::move(err)));
    }
    return future;
}

void BytesProducer::send(const RawRecord& record, DeliveryCallback on_delivery) {
    impl_->rethrow_pending();
    auto* node = impl_->acquire_node();
    node->callback = std::move(on_delivery);
    if (Error err = impl_->enqueue(record, node)) {
        impl_->complete(node, impl_->refused(record, std::move(err)));
        impl_->rethrow_pending();
    }
}

DeliveryReport BytesProducer::send_sync(const RawRecord& record, Duration timeout) {
    auto future = send(record);
    if (impl_->rk() && future.wait_for(timeout) == std::future_status::ready) return future.get();
    DeliveryReport r = impl_->refused(
        record, Error{ErrorCode::timed_out,
                      "no delivery report within " + std::to_string(timeout.count()) + " ms",
                      {.retriable = true}});
    r.status = PersistedStatus::possibly_persisted;
    return r;
}

Error BytesProducer::produce(const RawRecord& record) {
    impl_->rethrow_pending();
    return impl_->enqueue(record, nullptr);
}

int BytesProducer::poll(Duration timeout) {
    return impl_->poll(timeout);
}

Error BytesProducer::flush(Duration timeout) {
    Error err = impl_->flush(timeout);
    impl_->rethrow_pending();
    return err;
}

void BytesProducer::close(Duration timeout) {
    if (!impl_) return;
    impl_->close(timeout);
    impl_->rethrow_pending();
}

std::size_t BytesProducer::in_flight() const {
    return static_cast<std::size_t>(rd_kafka_outq_len(impl_->rk()));
}

Error BytesProducer::fatal_error() const {
    return detail::fatal_error_of(impl_->rk());
}

std::string BytesProducer::name() const {
    return impl_->name();
}

namespace {

void throw_if(rd_kafka_error_t* error, const char* what) {
    if (Error err = detail::take_error(error)) throw_error(err, what);
}

}  // namespace

void BytesProducer::init_transactions(Duration timeout) {
    throw_if(rd_kafka_init_transactions(impl_->rk(), static_cast<int>(timeout.count())),
             "init_transactions");
}

void BytesProducer::begin_transaction() {
    throw_if(rd_kafka_begin_transaction(impl_->rk()), "begin_transaction");
}

void BytesProducer::send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                                const GroupMetadata& group, Duration timeout) {
    if (!group.impl()) {
        throw UsageError(Error{ErrorCode::invalid_arg, "empty GroupMetadata"});
    }
    auto list = detail::to_list(offsets);
    throw_if(rd_kafka_send_offsets_to_transaction(impl_->rk(), list.get(), group.impl()->md.get(),
                                                  static_cast<int>(timeout.count())),
             "send_offsets_to_transaction");
}

void BytesProducer::commit_transaction(Duration timeout) {
    throw_if(rd_kafka_commit_transaction(impl_->rk(), static_cast<int>(timeout.count())),
             "commit_transaction");
    impl_->rethrow_pending();
}

void BytesProducer::abort_transaction(Duration timeout) {
    throw_if(rd_kafka_abort_transaction(impl_->rk(), static_cast<int>(timeout.count())),
             "abort_transaction");
    impl_->rethrow_pending();
}

}  // namespace kfk
