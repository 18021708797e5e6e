// A librdkafka message's timestamp as kfk's Timestamp: for consumed records and delivery
// reports alike.
#pragma once

#include <librdkafka/rdkafka.h>

#include "kfk/timestamp.hpp"

namespace kfk::detail {

inline Timestamp timestamp_of(const rd_kafka_message_t* msg) noexcept {
    rd_kafka_timestamp_type_t type;
    const auto ms = rd_kafka_message_timestamp(msg, &type);
    return Timestamp::from_epoch_ms(
        ms, type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? TimestampType::log_append_time
            : type == RD_KAFKA_TIMESTAMP_CREATE_TIME   ? TimestampType::create_time
                                                       : TimestampType::not_available);
}

}  // namespace kfk::detail
