// Producer<K, V>: a typed producer. K and V are turned into bytes at compile-time-chosen
// serializers (kfk::serde::Serde<K>/<V>), on the caller's stack, then handed to the
// BytesProducer underneath; delivery, threading and error rules are BytesProducer's (see
// kfk/bytes_producer.hpp). Use kfk::serde::Null as K for records without a key.
//
//   kfk::Producer<std::string, Order> producer{kfk::ProducerConfig{}.bootstrap_servers(b)};
//   auto report = producer.send_sync({.topic = "orders", .key = id, .value = order}, 10s);
//
// Thread-safety: as BytesProducer — send() may be called from many threads at once.
#pragma once

#include <string_view>
#include <type_traits>

#include "kfk/bytes_producer.hpp"
#include "kfk/serde/serde.hpp"

namespace kfk {

template <class K, class V>
class Producer {
    static_assert(serde::require_serializer<K>());
    static_assert(serde::require_serializer<V>());

  public:
    using Duration = BytesProducer::Duration;
    using Record = ProducerRecord<K, V>;

    explicit Producer(ProducerConfig config) : bytes_(std::move(config)) {}

    std::future<DeliveryReport> send(const Record& r) {
        return with_raw(r, [&](const RawRecord& raw) { return bytes_.send(raw); });
    }
    void send(const Record& r, DeliveryCallback&& on_delivery) {
        with_raw(r, [&](const RawRecord& raw) { bytes_.send(raw, std::move(on_delivery)); });
    }
    DeliveryReport send_sync(const Record& r, Duration timeout) {
        return with_raw(r, [&](const RawRecord& raw) { return bytes_.send_sync(raw, timeout); });
    }
    Error produce(const Record& r) {
        return with_raw(r, [&](const RawRecord& raw) { return bytes_.produce(raw); });
    }

    // Shorthands that take key and value by reference (no copy into a Record).
    std::future<DeliveryReport> send(std::string_view topic, const K& key, const V& value) {
        return with_raw(topic, &key, &value,
                        [&](const RawRecord& raw) { return bytes_.send(raw); });
    }
    void send(std::string_view topic, const K& key, const V& value,
              DeliveryCallback&& on_delivery) {
        with_raw(topic, &key, &value,
                 [&](const RawRecord& raw) { bytes_.send(raw, std::move(on_delivery)); });
    }
    DeliveryReport send_sync(std::string_view topic, const K& key, const V& value,
                             Duration timeout) {
        return with_raw(topic, &key, &value,
                        [&](const RawRecord& raw) { return bytes_.send_sync(raw, timeout); });
    }
    Error produce(std::string_view topic, const K& key, const V& value) {
        return with_raw(topic, &key, &value,
                        [&](const RawRecord& raw) { return bytes_.produce(raw); });
    }

    int poll(Duration timeout = Duration{0}) { return bytes_.poll(timeout); }
    Error flush(Duration timeout) { return bytes_.flush(timeout); }
    void close(Duration timeout = Duration{10000}) { bytes_.close(timeout); }
    std::size_t in_flight() const { return bytes_.in_flight(); }
    Error fatal_error() const { return bytes_.fatal_error(); }

    void init_transactions(Duration timeout) { bytes_.init_transactions(timeout); }
    void begin_transaction() { bytes_.begin_transaction(); }
    void send_offsets_to_transaction(const TopicPartitionOffsets& offsets,
                                     const GroupMetadata& group, Duration timeout) {
        bytes_.send_offsets_to_transaction(offsets, group, timeout);
    }
    void commit_transaction(Duration timeout) { bytes_.commit_transaction(timeout); }
    void abort_transaction(Duration timeout) { bytes_.abort_transaction(timeout); }

    BytesProducer& bytes() noexcept { return bytes_; }

  private:
    static std::string_view chars(serde::Bytes b) noexcept {
        return {reinterpret_cast<const char*>(b.data()), b.size()};
    }

    // Serializes into stack buffers and calls `f` with the untyped record.
    template <class F>
    decltype(auto) with_raw(std::string_view topic, const K* key, const V* value, F&& f,
                            std::span<const Header> headers = {},
                            std::int32_t partition = any_partition,
                            std::optional<TimePoint> timestamp = std::nullopt) {
        serde::Buffer key_buf;
        serde::Buffer value_buf;
        RawRecord raw{topic, std::nullopt, std::nullopt, headers, partition, timestamp};
        if constexpr (!std::is_same_v<K, serde::Null>) {
            if (key) raw.key = chars(serde::Serde<K>::serialize(*key, key_buf));
        }
        if (value) raw.value = chars(serde::Serde<V>::serialize(*value, value_buf));
        return std::forward<F>(f)(raw);
    }
    template <class F>
    decltype(auto) with_raw(const Record& r, F&& f) {
        return with_raw(r.topic, r.key ? &*r.key : nullptr, r.value ? &*r.value : nullptr,
                        std::forward<F>(f), r.headers, r.partition, r.timestamp);
    }

    BytesProducer bytes_;
};

}  // namespace kfk
