// BytesProducer forwards to its ProducerImpl (producer_impl.hpp), which does the work; a
// moved-from producer throws UsageError from everything but destruction, assignment,
// close() and native_handle().
#include "kfk/bytes_producer.hpp"

#include "core/error_map.hpp"
#include "kfk/exceptions.hpp"
#include "producer/producer_impl.hpp"

namespace kfk {

BytesProducer::BytesProducer(ProducerConfig config)
    : impl_(std::make_unique<detail::ProducerImpl>(std::move(config))) {}

BytesProducer::~BytesProducer() = default;
BytesProducer::BytesProducer(BytesProducer&&) noexcept = default;
BytesProducer& BytesProducer::operator=(BytesProducer&&) noexcept = default;

detail::ProducerImpl& BytesProducer::impl() const {
    if (!impl_) [[unlikely]]
        throw UsageError(Error{ErrorCode::state, "use of a moved-from producer"});
    return *impl_;
}

std::future<DeliveryReport> BytesProducer::send(const RawRecord& record) {
    return impl().send(record);
}
void BytesProducer::send(const RawRecord& record, DeliveryCallback&& on_delivery) {
    impl().send(record, std::move(on_delivery));
}
DeliveryReport BytesProducer::send_sync(const RawRecord& record, Duration timeout) {
    return impl().send_sync(record, timeout);
}
Error BytesProducer::produce(const RawRecord& record) {
    return impl().produce(record);
}

int BytesProducer::poll(Duration timeout) {
    return impl().poll(timeout);
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
    return impl().in_flight();
}
Error BytesProducer::fatal_error() const {
    return detail::fatal_error_of(impl().rk());
}
void BytesProducer::set_sasl_credentials(std::string_view username, std::string_view password) {
    impl().set_sasl_credentials(username, password);
}
std::string BytesProducer::name() const {
    return impl().name();
}
rd_kafka_s* BytesProducer::native_handle() const noexcept {
    return impl_ ? impl_->rk() : nullptr;
}

void BytesProducer::init_transactions(Duration timeout) {
    impl().init_transactions(timeout);
}
void BytesProducer::begin_transaction() {
    impl().begin_transaction();
}
void BytesProducer::send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                                const GroupMetadata& group, Duration timeout) {
    impl().send_offsets_to_transaction(offsets, group, timeout);
}
void BytesProducer::commit_transaction(Duration timeout) {
    impl().commit_transaction(timeout);
}
void BytesProducer::abort_transaction(Duration timeout) {
    impl().abort_transaction(timeout);
}

}  // namespace kfk
