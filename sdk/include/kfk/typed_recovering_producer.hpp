// TypedRecoveringProducer<K, V>: the typed form of RecoveringProducer
// (kfk/recovering_producer.hpp), as Producer<K, V> is the typed form of BytesProducer. Records are
// serialized exactly as Producer<K, V> does (the same code: kfk/detail/typed_producer.hpp), then
// sent through a RecoveringProducer, which replaces the underlying producer after a fatal error.
//
//   kfk::TypedRecoveringProducer<std::string, Order> producer{
//       kfk::ProducerConfig{}.bootstrap_servers(b),  // idempotent by default
//       [](const kfk::Error& fatal) { log("producer replaced: ", fatal); }};
//   auto report = producer.send_sync({.topic = "orders", .key = id, .value = order}, 10s);
//
// A TypedRecoveringProducer<K, V> is a RecoveringProducer: poll(), flush(), close(),
// in_flight(), replacements() and native_handle() are RecoveringProducer's own. send(),
// send_sync() and produce() take a ProducerRecord<K, V> or (topic, key, value), with the same
// signatures as Producer<K, V>'s; bytes() reaches RecoveringProducer's RawRecord overloads.
// What is not there is what RecoveringProducer does not offer: transactions (the constructor
// throws UsageError for a transactional config) and fatal_error() (a dead producer is
// replaced on the next call).
//
// The name: kfk gives the typed class the plain name and the untyped one a prefix
// (Producer<K, V> / BytesProducer). Here the untyped RecoveringProducer already has the plain
// name (and a class and a class template cannot share one), so the typed form carries the
// marker instead: "Typed" + the class it wraps, which keeps RecoveringProducer's name whole
// for grep and documentation. kfk has no other "...Of<K, V>" names to follow.
//
// Thread-safety: as RecoveringProducer (and so as BytesProducer) — send() may be called from
// many threads at once; close() and the destructor must not race with other calls.
#pragma once

#include <utility>

#include "kfk/detail/typed_producer.hpp"
#include "kfk/recovering_producer.hpp"

namespace kfk {

template <class K, class V>
class TypedRecoveringProducer : public detail::TypedProducer<K, V, RecoveringProducer> {
  public:
    using ReplacedCallback = RecoveringProducer::ReplacedCallback;

    // Throws ConfigError like BytesProducer, UsageError for a transactional config.
    // `on_replaced` runs on the thread whose call replaced the producer.
    explicit TypedRecoveringProducer(ProducerConfig config, ReplacedCallback on_replaced = {})
        : detail::TypedProducer<K, V, RecoveringProducer>(std::move(config),
                                                          std::move(on_replaced)) {}
};

}  // namespace kfk
