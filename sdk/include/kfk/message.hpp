// Message: one consumed record (or consume event), untyped. Owns librdkafka's message, so the
// views it hands out (topic, key, value, headers) are valid while the Message lives.
//
// Thread-safety: a Message may be moved to and read from any thread; no concurrent mutation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "kfk/error.hpp"
#include "kfk/header.hpp"
#include "kfk/timestamp.hpp"
#include "kfk/topic_partition.hpp"

// librdkafka's rd_kafka_message_t, declared only for the native_handle() escape hatch.
struct rd_kafka_message_s;

namespace kfk {
namespace detail {
struct MessageAccess;  // the consumer's way in (sdk/src/consumer/message_access.hpp)
}

class Message {
  public:
    Message() noexcept = default;

    std::string_view topic() const noexcept { return topic_; }
    std::int32_t partition() const noexcept { return partition_; }
    std::int64_t offset() const noexcept { return offset_; }
    // nullopt is Kafka's null (distinct from an empty payload).
    std::optional<std::string_view> key() const noexcept {
        return has_key_ ? std::optional<std::string_view>{key_} : std::nullopt;
    }
    std::optional<std::string_view> value() const noexcept {
        return has_value_ ? std::optional<std::string_view>{value_} : std::nullopt;
    }
    Timestamp timestamp() const noexcept { return timestamp_; }
    std::optional<std::int32_t> leader_epoch() const noexcept;

    std::size_t header_count() const noexcept;
    Header header_at(std::size_t index) const noexcept;
    std::vector<Header> headers() const;
    // The last header named `key`, if any (nullopt also for a header with a null value).
    std::optional<std::string_view> last_header(std::string_view key) const noexcept;

    // A consume event instead of a record: the error (e.g. unknown topic, authorization
    // failure) or the end of a partition (ConsumerConfig::enable_partition_eof).
    bool is_error() const noexcept { return err_ != 0 && !is_partition_eof(); }
    bool is_partition_eof() const noexcept;
    Error error() const;

    // Escape hatch: the underlying rd_kafka_message_t (include <librdkafka/rdkafka.h> to use
    // it); nullptr for a default-constructed Message. kfk keeps ownership.
    rd_kafka_message_s* native_handle() const noexcept { return raw_.get(); }

  private:
    friend struct detail::MessageAccess;
    struct Deleter {
        void operator()(rd_kafka_message_s* raw) const noexcept;
    };
    std::unique_ptr<rd_kafka_message_s, Deleter> raw_;
    std::string_view topic_;
    std::string_view key_;
    std::string_view value_;
    std::int64_t offset_ = offset::invalid;
    Timestamp timestamp_;
    std::int32_t partition_ = -1;
    int err_ = 0;
    bool has_key_ = false;
    bool has_value_ = false;
};

}  // namespace kfk
