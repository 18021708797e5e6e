#include "commands/produce_sender.hpp"

#include <thread>

namespace kfk::cli {

RecordSender::RecordSender(kfk::BytesProducer& producer, DeliveryStats& stats,
                           const TopicLimits& limits, const std::string& topic,
                           double rate_per_second, Progress& progress)
    : producer_(producer),
      stats_(stats),
      limits_(limits),
      topic_(topic),
      rate_per_second_(rate_per_second),
      progress_(progress) {}

void RecordSender::send(const OutgoingRecord& in, std::uint64_t record_no) {
    std::size_t size = (in.key ? in.key->size() : 0) + (in.value ? in.value->size() : 0);
    for (const auto& h : in.headers) size += h.key.size() + (h.value ? h.value->size() : 0);
    if (limits_.max_message_bytes > 0 &&
        size > static_cast<std::size_t>(limits_.max_message_bytes)) {
        stats_.fail(
            kfk::Error{kfk::ErrorCode::message_size_too_large, too_large_message(size, limits_)},
            record_no);
        return;
    }
    pace();
    kfk::RawRecord rec;
    rec.topic = topic_;
    rec.key = in.key;
    rec.value = in.value;
    rec.headers = in.headers;
    rec.partition = in.partition;
    // -1 is Kafka's "no timestamp" (records of old clients): such a record gets "now".
    // 0 cannot be sent as such (librdkafka would stamp "now"), so the SDK refuses it.
    if (in.timestamp_ms && *in.timestamp_ms >= 0) {
        rec.timestamp = kfk::TimePoint{std::chrono::milliseconds{*in.timestamp_ms}};
    }
    // Fire and forget: the producer-wide delivery callback (set in producer_config) counts
    // the outcome; no per-record callback state on the hot path.
    if (kfk::Error refused = producer_.produce(rec)) {
        stats_.fail(refused, record_no);
        return;
    }
    ++sent_;
    sent_bytes_ += size;
    progress_.tick(stats_, sent_);
}

void RecordSender::pace() {
    if (rate_per_second_ <= 0) return;
    const auto due = pace_start_ + std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::duration<double>(sent_ / rate_per_second_));
    std::this_thread::sleep_until(due);
}

void RecordSender::drain() {
    while (producer_.in_flight() > 0) {
        progress_.tick(stats_, sent_);
        if (!producer_.flush(std::chrono::milliseconds{200})) break;
    }
    producer_.close(std::chrono::seconds{10});
    progress_.clear();
}

}  // namespace kfk::cli
