// BytesProducer: the untyped producer every typed Producer<K, V> sits on.
//
// Sending, four ways, all ending in the same DeliveryReport (topic, partition, offset,
// timestamp, persisted status, error):
//   send(record)              -> std::future<DeliveryReport>  (allocates a shared state)
//   send(record, callback)    -> callback(report)             (no heap use for small captures)
//   send_sync(record, timeout)-> DeliveryReport               (blocks until delivered or timeout)
//   produce(record)           -> Error; the result goes to ProducerConfig::on_delivery
// A record refused before it is queued (unknown partition, too large, queue full past the
// deadline, closed or fatal producer) is reported the same way: the future holds the error,
// the callback runs at once on the calling thread, produce() returns it.
//
// Delivery reports are served by an SDK thread (DeliveryPolling::background, the default):
// futures complete and callbacks run there, one at a time, in order per partition. Keep
// callbacks short, and do not call flush(), close(), send_sync() or commit/abort_transaction()
// from them (UsageError: they would wait for themselves). With DeliveryPolling::manual nothing
// is served until the application calls poll(), flush(), send_sync() or close(); callbacks run
// on the thread making that call — and also inside send()/produce() on any sender thread when
// QueueFullPolicy::block waits for room (serving reports is what makes room), so manual-mode
// callbacks must be safe to run on every thread that sends. A send() from inside a delivery
// callback never waits for room (the queue cannot drain while the callback runs): with a full
// queue it fails at once with a retriable queue_full.
//
// Cost (BENCHMARKS.md): a plain record (no headers, no explicit timestamp) takes fewer
// instructions on the sending thread than rd_kafka_producev(). Background delivery frees each
// record on the SDK thread; with glibc's allocator that makes the threads share its arena lock
// (GLIBC_TUNABLES=glibc.malloc.tcache_count=4096 removes most of that), or use manual polling.
//
// An exception thrown by a delivery callback never crosses librdkafka: it is kept and rethrown
// by the next send(), produce(), poll(), flush() or close() on the application's thread.
//
// Local queue full (queue.buffering.max.messages/kbytes): QueueFullPolicy::block waits for room
// up to the send's deadline (send_sync's timeout, else ProducerConfig::default_send_timeout),
// QueueFullPolicy::fail_fast refuses at once; either way the refusal is a retriable queue_full.
//
// Fatal errors (e.g. an idempotent or transactional producer fenced by a newer instance, or
// broker-side sequence loss) make the producer unusable: on_error receives the error, every
// later send is refused, and every failed report's error has is_fatal() true. Close and destroy
// the producer and create a new one; records whose reports said not_persisted may be sent
// again, possibly_persisted ones may then be duplicated.
//
// Refused credentials (SASL failure, TLS handshake or certificate failure on every broker):
// send_sync() and flush() throw AuthenticationError as soon as that is known instead of waiting
// out their timeout; the records stay queued (delivered if the cluster accepts the client
// before message.timeout.ms, else failed with their reports), and close() stops waiting for
// them at once and fails them (not_persisted) rather than sitting out its deadline.
//
// Thread-safety: send(), send_sync(), produce(), poll(), flush(), in_flight(), fatal_error()
// and name() may be called from any thread concurrently. close(), the destructor and the move
// operations must not race with other calls. Transactions follow librdkafka's rule: one thread
// drives a transaction at a time.
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

// librdkafka's rd_kafka_t, declared only for the native_handle() escape hatch.
struct rd_kafka_s;

namespace kfk {

// Per-record delivery callback: captures up to 64 bytes stay off the heap. send() takes it by
// rvalue reference (it is move-only): a lambda converts in place and is moved once, into the
// record's delivery state.
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
    // A moved-from producer may only be destroyed or assigned to.
    BytesProducer(BytesProducer&&) noexcept;
    BytesProducer& operator=(BytesProducer&&) noexcept;

    std::future<DeliveryReport> send(const RawRecord& record);
    void send(const RawRecord& record, DeliveryCallback&& on_delivery);
    // Waits up to `timeout` for the broker's answer. On timeout the report says timed_out with
    // possibly_persisted (the record may still be written later).
    [[nodiscard]] DeliveryReport send_sync(const RawRecord& record, Duration timeout);
    // Fire and forget; the report goes to ProducerConfig::on_delivery (failures are logged if
    // there is none). Returns an immediate refusal, if any.
    [[nodiscard]] Error produce(const RawRecord& record);

    // DeliveryPolling::manual: serves pending delivery reports for up to `timeout`; returns how
    // many events were served. In background mode it only rethrows a pending callback
    // exception and returns 0 at once.
    int poll(Duration timeout = Duration{0});
    // Sends what lingers now and waits until every queued record has its delivery report (its
    // callback has returned), up to `timeout`. Returns a retriable timed_out if some are left:
    // they stay queued and will still get their reports.
    [[nodiscard]] Error flush(Duration timeout);
    // Flushes for up to `timeout`, then fails every record still queued (purge_queue,
    // not_persisted) or in flight (purge_inflight, possibly_persisted), serves those reports,
    // and stops; later sends are refused. Nothing is dropped silently. Idempotent. The
    // destructor calls close(10 s) if the application did not.
    void close(Duration timeout = Duration{10000});
    // Records waiting for a delivery report.
    [[nodiscard]] std::size_t in_flight() const;
    // The fatal error that killed this producer, if any.
    [[nodiscard]] Error fatal_error() const;
    [[nodiscard]] std::string name() const;
    // Escape hatch: the underlying rd_kafka_t (include <librdkafka/rdkafka.h> to use it), e.g.
    // for librdkafka calls kfk does not wrap; nullptr for a moved-from producer. Do not poll
    // it, set its callbacks or destroy it.
    [[nodiscard]] rd_kafka_s* native_handle() const noexcept;

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
    detail::ProducerImpl& impl() const;  // UsageError on a moved-from producer
    std::unique_ptr<detail::ProducerImpl> impl_;
};

}  // namespace kfk
