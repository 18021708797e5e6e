// A record shaped like kfk::Message for the CLI's printing tests (no broker, no librdkafka).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/header.hpp"
#include "kfk/timestamp.hpp"

namespace cli_test {

struct FakeRecord {
    std::string topic_ = "orders";
    std::int32_t partition_ = 1;
    std::int64_t offset_ = 42;
    kfk::Timestamp timestamp_ = kfk::Timestamp::from_epoch_ms(1705312800123);
    std::optional<std::string> key_ = std::string{"customer-1"};
    std::optional<std::string> value_ = std::string{"{\"id\": 1}"};
    std::vector<kfk::OwnedHeader> headers_;

    std::string_view topic() const { return topic_; }
    std::int32_t partition() const { return partition_; }
    std::int64_t offset() const { return offset_; }
    kfk::Timestamp timestamp() const { return timestamp_; }
    std::optional<std::string_view> key() const {
        return key_ ? std::optional<std::string_view>{*key_} : std::nullopt;
    }
    std::optional<std::string_view> value() const {
        return value_ ? std::optional<std::string_view>{*value_} : std::nullopt;
    }
    std::size_t header_count() const { return headers_.size(); }
    kfk::Header header_at(std::size_t i) const { return headers_[i].view(); }
};

}  // namespace cli_test
