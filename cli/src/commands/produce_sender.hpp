// kfk produce's send loop step: one record to the producer, within the topic's size limit and
// the --rate pace; refusals count as failed deliveries of that input record.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "commands/produce_delivery.hpp"
#include "commands/produce_input.hpp"
#include "commands/produce_progress.hpp"
#include "kfk/bytes_producer.hpp"

namespace kfk::cli {

class RecordSender {
  public:
    RecordSender(kfk::BytesProducer& producer, DeliveryStats& stats, const TopicLimits& limits,
                 const std::string& topic, double rate_per_second, Progress& progress);

    // Queues `rec`, input record number `record_no` (named if it fails).
    void send(const OutgoingRecord& rec, std::uint64_t record_no);
    // Waits for every delivery report (a second Ctrl-C exits at once), then closes.
    void drain();

    std::uint64_t sent() const noexcept { return sent_; }
    std::uint64_t sent_bytes() const noexcept { return sent_bytes_; }

  private:
    void pace();

    kfk::BytesProducer& producer_;
    DeliveryStats& stats_;
    const TopicLimits& limits_;
    const std::string& topic_;
    double rate_per_second_;
    Progress& progress_;
    std::chrono::steady_clock::time_point pace_start_ = std::chrono::steady_clock::now();
    std::uint64_t sent_ = 0;
    std::uint64_t sent_bytes_ = 0;
};

}  // namespace kfk::cli
