// BytesProducer: the untyped producer every typed Producer<K, V> sits on.
//
// Sending, four ways, all ending in the same DeliveryReport:
//   send(record)              -> std::future<DeliveryReport>  (allocates a shared state)
//   send(record, callback)    -> callback(report)             (no heap use for small captures)
//   send_sync(record, timeout)-> DeliveryReport               (blocks until delivered or timeout)
//   produce(record)           -> Error; the result goes to ProducerConfig::on_delivery
// A record refused before it is queued (unknown partition, too large, queue full past the
// deadline, fatal producer) is reported the same way: the future holds the error, the
// callback runs at once on the calling thread, produce() returns it.
//
// Delivery reports are served by a background thread (DeliveryPolling::background, default),
// which is where callbacks run and futures complete; keep callbacks short. With
// DeliveryPolling::manual the application calls poll() and callbacks run on that thread.
//
// Fatal errors (e.g. an idempotent or transactional producer fenced by a newer instance, or
// broker-side sequence loss) make the producer unusable: every later send fails with an error
// whose is_fatal() is true. Destroy the producer and create a new one; records whose reports
// said not_persisted may be sent again.
//
// Thread-safety: every member function may be called from any thread concurrently, except
// close() and the move operations, and transactions, which follow librdkafka's rule that one
// transaction is driven by one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "kfk/config.hpp"
#include "kfk/delivery.hpp"
#include "kfk/detail/inplace_function.hpp"
#include "kfk/group_metadata.hpp"
#include "kfk/producer_record.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

// Per-record delivery callback: captures up to 64 bytes stay off the heap.
using DeliveryCallback = detail::InplaceFunction<void(const DeliveryReport&), 64>;

namespace detail {
class ProducerImpl;
}

class BytesProducer {
  public:
    using Duration = std::chrono::milliseconds;

    // Throws ConfigError if librdkafka rejects a property.
    explicit BytesProducer(ProducerConfig config);
    // close() with a 10 s deadline if the application did not close.
    ~BytesProducer();
    BytesProducer(BytesProducer&&) noexcept;
    BytesProducer& operator=(BytesProducer&&) noexcept;

    std::future<DeliveryReport> send(const RawRecord& record);
    void send(const RawRecord& record, DeliveryCallback on_delivery);
    // Waits up to `timeout` for the broker's answer. On timeout the report says timed_out with
    // possibly_persisted (the record may still be written later).
    DeliveryReport send_sync(const RawRecord& record, Duration timeout);
    // Fire and forget; the report goes to ProducerConfig::on_delivery (failures are logged if
    // there is none). Returns an immediate refusal, if any.
    Error produce(const RawRecord& record);

    // DeliveryPolling::manual: serves pending delivery reports for up to `timeout`; returns how
    // many events were served. Harmless in background mode.
    int poll(Duration timeout = Duration{0});
    // Waits until every queued record has its delivery report, up to `timeout`. Returns
    // timed_out (records stay queued and will still get their reports) if some are left.
    Error flush(Duration timeout);
    // Flushes for up to `timeout`, then fails every record still queued or in flight with a
    // purge error (not_persisted / possibly_persisted), serves those reports, and stops.
    // Nothing is dropped silently. Idempotent.
    void close(Duration timeout = Duration{10000});
    // Records waiting for a delivery report.
    std::size_t in_flight() const;
    // The fatal error that killed this producer, if any.
    Error fatal_error() const;
    std::string name() const;

    // Transactions (requires ProducerConfig::transactional_id). Failures throw:
    // TxnAbortRequired (abort_transaction() then retry), RetriableError (call again),
    // FatalError (recreate the producer), TimeoutError.
    void init_transactions(Duration timeout);
    void begin_transaction();
    // Commits `offsets` (the next offsets to read) for the consumer group atomically with the
    // records of this transaction.
    void send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                     const GroupMetadata& group, Duration timeout);
    void commit_transaction(Duration timeout);
    void abort_transaction(Duration timeout);

  private:
    std::unique_ptr<detail::ProducerImpl> impl_;
};

}  // namespace kfk
