// The outcome of sending one record — the same value whichever way it was sent (future,
// callback, blocking send, or the producer-wide delivery callback).
#pragma once

#include <cstdint>
#include <string_view>

#include "kfk/error.hpp"
#include "kfk/timestamp.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

// What is known about whether the broker has the record — decisive when a send failed.
enum class PersistedStatus {
    not_persisted,       // certainly not written: safe to send again
    possibly_persisted,  // sent, but no answer (timeout, disconnect): sending again may duplicate
    persisted,           // acknowledged by the broker at the configured acks level
};

struct DeliveryReport {
    std::string_view topic;  // valid for the rest of the program (names are stored once)
    std::int32_t partition = any_partition;
    std::int64_t offset = offset::invalid;  // unknown with acks=0
    Timestamp timestamp;
    PersistedStatus status = PersistedStatus::not_persisted;
    Error error;

    bool ok() const noexcept { return !error; }
};

}  // namespace kfk
