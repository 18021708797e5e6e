// Transactions: librdkafka's transactional API, with the checks kfk adds (no wait from the
// poller thread, an empty GroupMetadata refused) and callback exceptions rethrown after.
#include "core/error_map.hpp"
#include "core/group_metadata_impl.hpp"
#include "core/partition_list.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"
#include "producer/producer_impl.hpp"

namespace kfk::detail {

void ProducerImpl::init_transactions(Duration timeout) {
    throw_if(rd_kafka_init_transactions(rk(), timeout_ms(timeout)), "init_transactions");
}

void ProducerImpl::begin_transaction() {
    throw_if(rd_kafka_begin_transaction(rk()), "begin_transaction");
}

void ProducerImpl::send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                               const GroupMetadata& group, Duration timeout) {
    const rd_kafka_consumer_group_metadata_t* md = GroupMetadataAccess::native(group);
    if (!md) throw UsageError(Error{ErrorCode::invalid_arg, "empty GroupMetadata"});
    auto list = to_list(offsets);
    throw_if(rd_kafka_send_offsets_to_transaction(rk(), list.get(), md, timeout_ms(timeout)),
             "send_offsets_to_transaction");
}

void ProducerImpl::commit_transaction(Duration timeout) {
    // Commit flushes first, which waits for the poller.
    check_not_on_poller("commit_transaction()");
    throw_if(rd_kafka_commit_transaction(rk(), timeout_ms(timeout)), "commit_transaction");
    rethrow_pending();
}

void ProducerImpl::abort_transaction(Duration timeout) {
    check_not_on_poller("abort_transaction()");
    throw_if(rd_kafka_abort_transaction(rk(), timeout_ms(timeout)), "abort_transaction");
    rethrow_pending();
}

}  // namespace kfk::detail
