// What send() takes. Views only: every byte is copied into librdkafka before send() returns,
// so the caller's buffers may be reused right after.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "kfk/header.hpp"
#include "kfk/timestamp.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

// An untyped record: key and value are raw bytes; nullopt is Kafka's null (a null value on a
// compacted topic is a tombstone), distinct from an empty payload.
struct RawRecord {
    std::string_view topic;
    // Default member initializers keep -Wextra quiet about designated initializers that omit them.
    std::optional<std::string_view> key{};
    std::optional<std::string_view> value{};
    std::span<const Header> headers{};
    std::int32_t partition = any_partition;  // any_partition: chosen by the partitioner
    std::optional<TimePoint> timestamp{};    // default: now (CreateTime)
};

// A typed record for Producer<K, V>; K and V go through kfk::serde::Serde<K>/<V>. Use
// std::string_view or kfk::serde::Bytes for zero-copy payloads.
template <class K, class V>
struct ProducerRecord {
    std::string_view topic;
    std::optional<K> key{};
    std::optional<V> value{};
    std::span<const Header> headers{};
    std::int32_t partition = any_partition;
    std::optional<TimePoint> timestamp{};
};

}  // namespace kfk
