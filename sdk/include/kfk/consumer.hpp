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
// A Consumer<K, V> is a BytesConsumer: subscribe, assign, seek, pause, offsets, close and the
// rest are BytesConsumer's own members. It replaces poll() and poll_batch(), which return
// ConsumerRecord<K, V> instead of Message (BytesConsumer's versions are hidden; bytes()
// reaches them), and adds commit_sync / commit_async / store_offsets overloads for a record
// next to BytesConsumer's.
//
// Thread-safety: as BytesConsumer — one thread at a time; wakeup() from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "kfk/bytes_consumer.hpp"
#include "kfk/consumer_record.hpp"

namespace kfk {

template <class K, class V>
class Consumer : public BytesConsumer {
    static_assert(serde::require_deserializer<K>());
    static_assert(serde::require_deserializer<V>());

  public:
    using Record = ConsumerRecord<K, V>;

    // Throws ConfigError if librdkafka rejects a property.
    explicit Consumer(ConsumerConfig config) : BytesConsumer(std::move(config)) {}

    // As BytesConsumer::poll(), decoded.
    [[nodiscard]] std::optional<Record> poll(Duration timeout) {
        auto m = BytesConsumer::poll(timeout);
        if (!m) return std::nullopt;
        return std::optional<Record>{std::in_place, std::move(*m)};
    }
    // Up to `max` records; `out` is cleared first and its capacity reused. As
    // BytesConsumer::poll_batch(), decoded.
    std::size_t poll_batch(std::vector<Record>& out, std::size_t max, Duration timeout) {
        out.clear();
        BytesConsumer::poll_batch(scratch_, max, timeout);
        for (auto& m : scratch_) out.emplace_back(std::move(m));
        scratch_.clear();
        return out.size();
    }

    using BytesConsumer::commit_async;
    using BytesConsumer::commit_sync;
    using BytesConsumer::store_offsets;
    // Commits the offset after `r`.
    void commit_sync(const Record& r, Duration timeout = default_timeout) {
        BytesConsumer::commit_sync(r.message(), timeout);
    }
    void commit_async(const Record& r, CommitCallback cb = {}) {
        BytesConsumer::commit_async(r.message(), std::move(cb));
    }
    void store_offsets(const Record& r) { BytesConsumer::store_offsets(r.message()); }

    // The untyped consumer underneath (this object): poll() / poll_batch() of raw Messages.
    BytesConsumer& bytes() noexcept { return *this; }

  private:
    std::vector<Message> scratch_;
};

}  // namespace kfk
