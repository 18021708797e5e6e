// BytesConsumer forwards to its ConsumerImpl (consumer_impl.hpp), which does the work; a
// moved-from consumer throws UsageError from everything but destruction, assignment,
// close(), closed() and wakeup().
#include "kfk/bytes_consumer.hpp"

#include "consumer/consumer_impl.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {

BytesConsumer::BytesConsumer(ConsumerConfig config)
    : impl_(std::make_unique<detail::ConsumerImpl>(std::move(config))) {}
BytesConsumer::~BytesConsumer() {
    detail::ConsumerImpl::dispose(impl_);
}
BytesConsumer::BytesConsumer(BytesConsumer&&) noexcept = default;
BytesConsumer& BytesConsumer::operator=(BytesConsumer&& other) noexcept {
    if (this != &other) {
        detail::ConsumerImpl::dispose(impl_);
        impl_ = std::move(other.impl_);
    }
    return *this;
}

detail::ConsumerImpl& BytesConsumer::impl() const {
    if (!impl_) throw UsageError(Error{ErrorCode::state, "use of a moved-from consumer"});
    return *impl_;
}

void BytesConsumer::subscribe(const std::vector<std::string>& topics, RebalanceListener listener) {
    impl().subscribe(topics, std::move(listener));
}
void BytesConsumer::subscribe_pattern(const std::string& regex, RebalanceListener listener) {
    // librdkafka treats a topic that starts with '^' as a regular expression.
    impl().subscribe({regex.starts_with('^') ? regex : "^" + regex}, std::move(listener));
}
void BytesConsumer::unsubscribe() {
    impl().unsubscribe();
}
std::vector<std::string> BytesConsumer::subscription() const {
    return impl().subscription();
}
void BytesConsumer::assign(const TopicPartitionOffsets& partitions) {
    impl().assign(partitions);
}
void BytesConsumer::assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout) {
    impl().assign_at(partitions, time, timeout);
}
void BytesConsumer::unassign() {
    impl().unassign();
}
TopicPartitions BytesConsumer::assignment() const {
    return impl().assignment();
}

std::optional<Message> BytesConsumer::poll(Duration timeout) {
    return impl().poll(timeout);
}
std::size_t BytesConsumer::poll_batch(std::vector<Message>& out, std::size_t max,
                                      Duration timeout) {
    return impl().poll_batch(out, max, timeout);
}
void BytesConsumer::wakeup() noexcept {
    if (impl_) impl_->wakeup();
}

void BytesConsumer::commit_sync(Duration timeout) {
    impl().commit_sync(timeout);
}
void BytesConsumer::commit_sync(const TopicPartitionOffsets& next_offsets, Duration timeout) {
    impl().commit_sync(next_offsets, timeout);
}
void BytesConsumer::commit_sync(const Message& message, Duration timeout) {
    impl().commit_sync(message, timeout);
}
void BytesConsumer::commit_async(const Message& message, CommitCallback on_complete) {
    impl().commit_async(message, std::move(on_complete));
}
void BytesConsumer::commit_async(CommitCallback on_complete) {
    impl().commit_async(std::move(on_complete));
}
void BytesConsumer::commit_async(const TopicPartitionOffsets& next_offsets,
                                 CommitCallback on_complete) {
    impl().commit_async(next_offsets, std::move(on_complete));
}
void BytesConsumer::store_offsets(const Message& message) {
    impl().store_offsets(message);
}
void BytesConsumer::store_offsets(const TopicPartitionOffsets& next_offsets) {
    impl().store_offsets(next_offsets);
}
TopicPartitionOffsets BytesConsumer::committed(const TopicPartitions& partitions,
                                               Duration timeout) const {
    return impl().committed(partitions, timeout);
}

TopicPartitionOffsets BytesConsumer::position(const TopicPartitions& partitions) const {
    return impl().position(partitions);
}
Watermarks BytesConsumer::watermark_offsets(const std::string& topic, std::int32_t partition,
                                            Duration timeout) const {
    return impl().watermark_offsets(topic, partition, timeout);
}
Watermarks BytesConsumer::cached_watermark_offsets(const std::string& topic,
                                                   std::int32_t partition) const {
    return impl().cached_watermark_offsets(topic, partition);
}
TopicPartitionOffsets BytesConsumer::offsets_for_times(const TopicPartitionOffsets& timestamps,
                                                       Duration timeout) const {
    return impl().offsets_for_times(timestamps, timeout);
}
void BytesConsumer::pause(const TopicPartitions& partitions) {
    impl().pause(partitions);
}
void BytesConsumer::resume(const TopicPartitions& partitions) {
    impl().resume(partitions);
}
void BytesConsumer::seek(const TopicPartitionOffset& position, Duration timeout) {
    impl().seek(TopicPartitionOffsets{position}, timeout);
}
void BytesConsumer::seek(const TopicPartitionOffsets& positions, Duration timeout) {
    impl().seek(positions, timeout);
}
void BytesConsumer::seek_to_beginning(const TopicPartitions& partitions, Duration timeout) {
    impl().seek_to(partitions, offset::beginning, timeout);
}
void BytesConsumer::seek_to_end(const TopicPartitions& partitions, Duration timeout) {
    impl().seek_to(partitions, offset::end, timeout);
}

void BytesConsumer::close(Duration timeout) {
    if (!impl_) return;
    impl_->close(timeout);
    impl_->rethrow_pending();
}
bool BytesConsumer::closed() const noexcept {
    return !impl_ || impl_->closed();
}

GroupMetadata BytesConsumer::group_metadata() const {
    return impl().group_metadata();
}
std::string BytesConsumer::group_id() const {
    return impl().group_id();
}
std::string BytesConsumer::member_id() const {
    return impl().member_id();
}
void BytesConsumer::set_sasl_credentials(std::string_view username, std::string_view password) {
    impl().set_sasl_credentials(username, password);
}
std::string BytesConsumer::name() const {
    return impl().name();
}

}  // namespace kfk
