// The outcome of sending one record — the same value whichever way it was sent (future,
// callback, blocking send, or the producer-wide delivery callback).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
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
    // Valid while this report or a copy of it lives. The first 4096 topic names a process
    // sends to are stored once, for the rest of the program (no allocation per report, and
    // the view outlives the producer); past that bound, for applications that send to ever
    // new names, the report shares a copy of its name through `topic_storage`.
    std::string_view topic;
    std::int32_t partition = any_partition;
    std::int64_t offset = offset::invalid;  // unknown with acks=0
    Timestamp timestamp;
    PersistedStatus status = PersistedStatus::not_persisted;
    Error error;
    // Owns the characters `topic` views when the name is not in the shared table; else empty.
    std::shared_ptr<const std::string> topic_storage;

    bool ok() const noexcept { return !error; }
};

}  // namespace kfk
