// Delivery reports: from librdkafka's message to a DeliveryReport, to the record's future or
// callback (or the producer-wide one), and the pooled node back to the pool.
#include "producer/producer_impl.hpp"

#include "core/error_map.hpp"
#include "core/message_timestamp.hpp"

namespace kfk::detail {
namespace {

thread_local int serving_reports = 0;
thread_local bool on_poller_thread = false;

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

}  // namespace

ServingReport::ServingReport() noexcept {
    ++serving_reports;
}
ServingReport::~ServingReport() {
    --serving_reports;
}

void enter_poller_thread() noexcept {
    on_poller_thread = true;
}

bool in_delivery_report() noexcept {
    return serving_reports > 0;
}

bool in_producer_callback() noexcept {
    return serving_reports > 0 || on_poller_thread;
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
    r.timestamp = timestamp_of(msg);
    r.status = status_of(msg);
    if (msg->err) r.error = delivery_error(msg);
    return r;
}

void ProducerImpl::on_delivery(const rd_kafka_message_t* msg, TopicCache& topics,
                               Released& released) noexcept {
    const ServingReport serving;
    // A broker's answer (an ack or a broker error code) proves the connection works.
    if (msg->err >= 0) credentials().note_working();
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

}  // namespace kfk::detail
