// The typed send API, written once for every typed producer: kfk::Producer<K, V> (over
// BytesProducer) and kfk::TypedRecoveringProducer<K, V> (over RecoveringProducer).
//
// TypedProducer<K, V, Untyped> derives from the untyped producer, so everything that does not
// take a record (poll, flush, close, in_flight, transactions, ...) is the untyped producer's own
// member, not restated here. It declares send / send_sync / produce for ProducerRecord<K, V>
// and for (topic, key, value), which hides the untyped RawRecord overloads on purpose: with
// both visible, a designated-initializer call such as send({.topic = t, .value = v}) would be
// ambiguous (RawRecord and ProducerRecord<K, V> accept the same braced list). The untyped
// overloads stay reachable through bytes().
//
// Not part of the public API: use kfk/producer.hpp or kfk/typed_recovering_producer.hpp.
#pragma once

#include <cstdint>
#include <future>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "kfk/bytes_producer.hpp"
#include "kfk/producer_record.hpp"
#include "kfk/serde/serde.hpp"

namespace kfk::detail {

inline std::string_view serde_chars(serde::Bytes b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Serializes key and value into buffers on this stack frame and calls `f(const RawRecord&)`
// while they live; returns what `f` returns. A null pointer is Kafka's null; a serde::Null key
// is always null.
template <class K, class V, class F>
decltype(auto) with_raw_record(std::string_view topic, const K* key, const V* value, F&& f,
                               std::span<const Header> headers = {},
                               std::int32_t partition = any_partition,
                               std::optional<TimePoint> timestamp = std::nullopt) {
    serde::Buffer key_buf;
    serde::Buffer value_buf;
    RawRecord raw{topic, std::nullopt, std::nullopt, headers, partition, timestamp};
    if constexpr (!std::is_same_v<K, serde::Null>) {
        if (key) raw.key = serde_chars(serde::Serde<K>::serialize(*key, key_buf));
    }
    if (value) raw.value = serde_chars(serde::Serde<V>::serialize(*value, value_buf));
    return std::forward<F>(f)(raw);
}

template <class K, class V, class F>
decltype(auto) with_raw_record(const ProducerRecord<K, V>& r, F&& f) {
    return with_raw_record<K, V>(r.topic, r.key ? &*r.key : nullptr, r.value ? &*r.value : nullptr,
                                 std::forward<F>(f), r.headers, r.partition, r.timestamp);
}

// `Untyped` is BytesProducer or RecoveringProducer: anything with BytesProducer's four
// RawRecord send calls.
template <class K, class V, class Untyped>
class TypedProducer : public Untyped {
    static_assert(serde::require_serializer<K>());
    static_assert(serde::require_serializer<V>());

  public:
    using Record = ProducerRecord<K, V>;
    using typename Untyped::Duration;
    using Untyped::Untyped;

    // Dropping the future drops the record's only report; use send(record, callback) or
    // produce() to fire and forget.
    [[nodiscard]] std::future<DeliveryReport> send(const Record& r) {
        return with_raw_record(r, [&](const RawRecord& raw) { return Untyped::send(raw); });
    }
    void send(const Record& r, DeliveryCallback&& on_delivery) {
        with_raw_record(r,
                        [&](const RawRecord& raw) { Untyped::send(raw, std::move(on_delivery)); });
    }
    [[nodiscard]] DeliveryReport send_sync(const Record& r, Duration timeout) {
        return with_raw_record(
            r, [&](const RawRecord& raw) { return Untyped::send_sync(raw, timeout); });
    }
    // The refusal, if the record was not queued (its report then never comes).
    [[nodiscard]] Error produce(const Record& r) {
        return with_raw_record(r, [&](const RawRecord& raw) { return Untyped::produce(raw); });
    }

    // Shorthands that take key and value by reference (no copy into a Record).
    [[nodiscard]] std::future<DeliveryReport> send(std::string_view topic, const K& key,
                                                   const V& value) {
        return with_raw_record(topic, &key, &value,
                               [&](const RawRecord& raw) { return Untyped::send(raw); });
    }
    void send(std::string_view topic, const K& key, const V& value,
              DeliveryCallback&& on_delivery) {
        with_raw_record(topic, &key, &value,
                        [&](const RawRecord& raw) { Untyped::send(raw, std::move(on_delivery)); });
    }
    [[nodiscard]] DeliveryReport send_sync(std::string_view topic, const K& key, const V& value,
                                           Duration timeout) {
        return with_raw_record(topic, &key, &value, [&](const RawRecord& raw) {
            return Untyped::send_sync(raw, timeout);
        });
    }
    [[nodiscard]] Error produce(std::string_view topic, const K& key, const V& value) {
        return with_raw_record(topic, &key, &value,
                               [&](const RawRecord& raw) { return Untyped::produce(raw); });
    }

    // The untyped producer underneath (this object): RawRecord sends, for payloads already in
    // bytes.
    Untyped& bytes() noexcept { return *this; }
};

}  // namespace kfk::detail
