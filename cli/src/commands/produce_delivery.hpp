// kfk produce: the topic check, the producer's configuration and the delivery bookkeeping
// its delivery callback keeps.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "commands/produce_options.hpp"
#include "core/exit_codes.hpp"
#include "core/session.hpp"
#include "kfk/admin.hpp"

namespace kfk::cli {

// Delivery outcomes, shared with the producer's delivery thread.
struct DeliveryStats {
    std::atomic<std::uint64_t> acked{0};
    std::atomic<std::uint64_t> failed{0};
    std::vector<std::atomic<bool>> partitions_used;
    struct Failure {
        std::uint64_t count = 0;
        std::uint64_t first_record = 0;
        std::string message;
    };
    std::mutex mu;
    std::map<int, Failure> failures;  // by error code
    std::map<int, ExitCode> failure_codes;

    explicit DeliveryStats(std::size_t partitions) : partitions_used(partitions) {}

    // `record` is the input record's number, 0 when unknown (a delivery report).
    void fail(const kfk::Error& e, std::uint64_t record);
};

struct TopicLimits {
    std::int64_t max_message_bytes = -1;  // the topic's max.message.bytes, if known
    std::string source;
};

// The topic's partition count (and its max.message.bytes into `limits`); exit 2 if it does
// not exist.
std::size_t check_topic(kfk::Admin& admin, const std::string& topic,
                        std::chrono::milliseconds timeout, TopicLimits& limits);

kfk::ProducerConfig producer_config(const Session& session, const ProduceOptions& o,
                                    const TopicLimits& limits, DeliveryStats& stats);

std::string too_large_message(std::size_t size, const TopicLimits& limits);

}  // namespace kfk::cli
