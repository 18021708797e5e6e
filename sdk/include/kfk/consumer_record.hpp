// ConsumerRecord<K, V>: a consumed record with its key and value decoded.
//
// Carries topic, partition, offset, timestamp (with its type: create time or log-append
// time), leader epoch, headers, and the decoded key and value. A Kafka null key or value is
// nullopt. A payload that does not decode does not throw and does not crash: the record
// carries a DecodeError for the key or value instead (decode_error()), together with the raw
// bytes (message().key()/value()), so the application can skip it, dead-letter it, or stop.
// Decoding happens once, when the record is built; K/V types that borrow (std::string_view,
// serde::Bytes) point into the record and are valid while it lives.
//
// A record can also be a consume event (is_error() / is_partition_eof()); then it has no
// key or value.
//
// Thread-safety: a value type (move-only); may be moved to and read from any thread.
#pragma once

#include <optional>
#include <string_view>

#include "kfk/message.hpp"
#include "kfk/serde/serde.hpp"

namespace kfk {

template <class K, class V>
class ConsumerRecord {
  public:
    explicit ConsumerRecord(Message message) : message_(std::move(message)) {
        if (message_.is_error() || message_.is_partition_eof()) return;
        if (auto raw = message_.key()) decode(*raw, key_, key_error_);
        if (auto raw = message_.value()) decode(*raw, value_, value_error_);
    }

    std::string_view topic() const noexcept { return message_.topic(); }
    std::int32_t partition() const noexcept { return message_.partition(); }
    std::int64_t offset() const noexcept { return message_.offset(); }
    Timestamp timestamp() const noexcept { return message_.timestamp(); }
    std::optional<std::int32_t> leader_epoch() const noexcept { return message_.leader_epoch(); }
    std::vector<Header> headers() const { return message_.headers(); }
    std::optional<std::string_view> last_header(std::string_view key) const noexcept {
        return message_.last_header(key);
    }

    // nullopt: Kafka null, or a payload that did not decode (see decode_error()).
    const std::optional<K>& key() const noexcept { return key_; }
    const std::optional<V>& value() const noexcept { return value_; }
    std::optional<K>& key() noexcept { return key_; }
    std::optional<V>& value() noexcept { return value_; }

    bool has_decode_error() const noexcept { return key_error_ || value_error_; }
    const std::optional<serde::DecodeError>& key_error() const noexcept { return key_error_; }
    const std::optional<serde::DecodeError>& value_error() const noexcept { return value_error_; }
    // key_deserialization / value_deserialization with the decoder's reason, or success.
    Error decode_error() const {
        if (key_error_) return Error{ErrorCode::key_deserialization, key_error_->message};
        if (value_error_) return Error{ErrorCode::value_deserialization, value_error_->message};
        return {};
    }

    // A consume event rather than a record (see Message).
    bool is_error() const noexcept { return message_.is_error(); }
    bool is_partition_eof() const noexcept { return message_.is_partition_eof(); }
    Error error() const { return message_.error(); }

    const Message& message() const noexcept { return message_; }

  private:
    template <class T>
    static void decode(std::string_view raw, std::optional<T>& out,
                       std::optional<serde::DecodeError>& error) {
        if constexpr (std::is_same_v<T, serde::Null>) {
            (void)raw;
            out.emplace();
        } else {
            auto decoded = serde::Serde<T>::deserialize(
                serde::Bytes{reinterpret_cast<const std::byte*>(raw.data()), raw.size()});
            if (decoded.ok()) {
                out.emplace(decoded.take());
            } else {
                error = decoded.error();
            }
        }
    }

    Message message_;
    std::optional<K> key_;
    std::optional<V> value_;
    std::optional<serde::DecodeError> key_error_;
    std::optional<serde::DecodeError> value_error_;
};

}  // namespace kfk
