// Producer<K, V>: a typed producer. K and V are turned into bytes at compile-time-chosen
// serializers (kfk::serde::Serde<K>/<V>), on the caller's stack, then handed to the
// BytesProducer underneath; delivery, threading and error rules are BytesProducer's (see
// kfk/bytes_producer.hpp). Use kfk::serde::Null as K for records without a key.
//
//   kfk::Producer<std::string, Order> producer{kfk::ProducerConfig{}.bootstrap_servers(b)};
//   auto report = producer.send_sync({.topic = "orders", .key = id, .value = order}, 10s);
//
// A Producer<K, V> is a BytesProducer: poll(), flush(), close(), in_flight(), fatal_error(),
// name(), native_handle() and the transaction calls are BytesProducer's own. It replaces only
// the record-taking calls — send(), send_sync() and produce() take a ProducerRecord<K, V> or
// (topic, key, value) — and hides BytesProducer's RawRecord overloads of them (see
// kfk/detail/typed_producer.hpp for why); bytes() reaches those. For a producer that replaces
// itself after a fatal error, see kfk/typed_recovering_producer.hpp.
//
// Thread-safety: as BytesProducer — send() may be called from many threads at once.
#pragma once

#include <utility>

#include "kfk/bytes_producer.hpp"
#include "kfk/detail/typed_producer.hpp"

namespace kfk {

template <class K, class V>
class Producer : public detail::TypedProducer<K, V, BytesProducer> {
  public:
    // Throws ConfigError if librdkafka rejects a property.
    explicit Producer(ProducerConfig config)
        : detail::TypedProducer<K, V, BytesProducer>(std::move(config)) {}
};

}  // namespace kfk
