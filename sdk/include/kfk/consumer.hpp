// Consumer<K, V>: a typed consumer over BytesConsumer. Keys and values are decoded with
// kfk::serde::Serde<K>/<V> (chosen at compile time); a payload that does not decode is
// reported on the record (ConsumerRecord::decode_error()), never thrown, and the next good
// record still arrives. Everything else — commit models, rebalance rules, errors, close —
// is BytesConsumer's (kfk/bytes_consumer.hpp).
//
//   kfk::Consumer<std::string, Order> consumer{kfk::ConsumerConfig{}
//       .bootstrap_servers(b).group_id("billing").enable_auto_commit(false)};
//   consumer.subscribe({"orders"});
//   while (running) {
//       auto rec = consumer.poll(100ms);
//       if (!rec || rec->is_error() || rec->has_decode_error()) continue;
//       handle(*rec->value());
//       consumer.commit_sync();   // at-least-once
//   }
//
// Thread-safety: as BytesConsumer — one thread at a time; wakeup() from any thread.
#pragma once

#include <vector>

#include "kfk/bytes_consumer.hpp"
#include "kfk/consumer_record.hpp"

namespace kfk {

template <class K, class V>
class Consumer {
    static_assert(serde::require_deserializer<K>());
    static_assert(serde::require_deserializer<V>());

  public:
    using Duration = BytesConsumer::Duration;
    using Record = ConsumerRecord<K, V>;
    static constexpr Duration default_timeout = BytesConsumer::default_timeout;

    explicit Consumer(ConsumerConfig config) : bytes_(std::move(config)) {}

    void subscribe(const std::vector<std::string>& topics, RebalanceListener listener = {}) {
        bytes_.subscribe(topics, std::move(listener));
    }
    void subscribe_pattern(const std::string& regex, RebalanceListener listener = {}) {
        bytes_.subscribe_pattern(regex, std::move(listener));
    }
    void unsubscribe() { bytes_.unsubscribe(); }
    std::vector<std::string> subscription() const { return bytes_.subscription(); }
    void assign(const TopicPartitionOffsets& partitions) { bytes_.assign(partitions); }
    void assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout) {
        bytes_.assign_at(partitions, time, timeout);
    }
    void unassign() { bytes_.unassign(); }
    TopicPartitions assignment() const { return bytes_.assignment(); }

    std::optional<Record> poll(Duration timeout) {
        auto m = bytes_.poll(timeout);
        if (!m) return std::nullopt;
        return std::optional<Record>{std::in_place, std::move(*m)};
    }
    // Up to `max` records; `out` is cleared first and its capacity reused.
    std::size_t poll_batch(std::vector<Record>& out, std::size_t max, Duration timeout) {
        out.clear();
        bytes_.poll_batch(scratch_, max, timeout);
        for (auto& m : scratch_) out.emplace_back(std::move(m));
        scratch_.clear();
        return out.size();
    }
    void wakeup() noexcept { bytes_.wakeup(); }

    void commit_sync(Duration timeout = default_timeout) { bytes_.commit_sync(timeout); }
    void commit_sync(const TopicPartitionOffsets& next_offsets,
                     Duration timeout = default_timeout) {
        bytes_.commit_sync(next_offsets, timeout);
    }
    // Commits the offset after `r`.
    void commit_sync(const Record& r, Duration timeout = default_timeout) {
        bytes_.commit_sync(r.message(), timeout);
    }
    void commit_async(CommitCallback cb = {}) { bytes_.commit_async(std::move(cb)); }
    void commit_async(const TopicPartitionOffsets& next_offsets, CommitCallback cb = {}) {
        bytes_.commit_async(next_offsets, std::move(cb));
    }
    void commit_async(const Record& r, CommitCallback cb = {}) {
        bytes_.commit_async(r.message(), std::move(cb));
    }
    void store_offsets(const Record& r) { bytes_.store_offsets(r.message()); }
    void store_offsets(const TopicPartitionOffsets& next_offsets) {
        bytes_.store_offsets(next_offsets);
    }

    TopicPartitionOffsets committed(const TopicPartitions& p, Duration timeout) const {
        return bytes_.committed(p, timeout);
    }
    TopicPartitionOffsets position(const TopicPartitions& p) const { return bytes_.position(p); }
    Watermarks watermark_offsets(const std::string& topic, std::int32_t partition,
                                 Duration timeout) const {
        return bytes_.watermark_offsets(topic, partition, timeout);
    }
    Watermarks cached_watermark_offsets(const std::string& topic, std::int32_t partition) const {
        return bytes_.cached_watermark_offsets(topic, partition);
    }
    TopicPartitionOffsets offsets_for_times(const TopicPartitionOffsets& ts,
                                            Duration timeout) const {
        return bytes_.offsets_for_times(ts, timeout);
    }
    void pause(const TopicPartitions& p) { bytes_.pause(p); }
    void resume(const TopicPartitions& p) { bytes_.resume(p); }
    void seek(const TopicPartitionOffset& position, Duration timeout) {
        bytes_.seek(position, timeout);
    }
    void seek(const TopicPartitionOffsets& positions, Duration timeout) {
        bytes_.seek(positions, timeout);
    }
    void seek_to_beginning(const TopicPartitions& p, Duration timeout) {
        bytes_.seek_to_beginning(p, timeout);
    }
    void seek_to_end(const TopicPartitions& p, Duration timeout) { bytes_.seek_to_end(p, timeout); }

    void close(Duration timeout = Duration{10000}) { bytes_.close(timeout); }
    bool closed() const noexcept { return bytes_.closed(); }
    GroupMetadata group_metadata() const { return bytes_.group_metadata(); }
    std::string group_id() const { return bytes_.group_id(); }
    std::string member_id() const { return bytes_.member_id(); }
    std::string name() const { return bytes_.name(); }

    BytesConsumer& bytes() noexcept { return bytes_; }

  private:
    BytesConsumer bytes_;
    std::vector<Message> scratch_;
};

}  // namespace kfk
