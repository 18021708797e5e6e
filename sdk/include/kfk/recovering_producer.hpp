// RecoveringProducer: an opt-in BytesProducer that replaces itself after a fatal error.
//
// A fatal error (see kfk/bytes_producer.hpp) leaves a producer refusing every send. This
// wrapper notices — the fatal error reaches on_error, or produce()/send_sync() is refused with
// is_fatal() — and on the next call closes the dead producer (its undelivered records get
// failed reports, as with close()) and makes a new one from the same configuration. What stays
// the application's decision: records whose report said not_persisted were not written and may
// be sent again; possibly_persisted ones may end up twice if sent again. The new producer has a
// new producer id, so idempotence (no duplicates, no reordering) does not span the replacement.
//
//   kfk::RecoveringProducer producer{config, [](const kfk::Error& e) { log("replaced: ", e); }};
//   producer.send(record, on_delivery);  // as with BytesProducer
//
// Not for transactional producers (the constructor throws UsageError): there a fatal error means
// another instance took over the transactional.id, and a replacement would fence it in turn.
//
// Thread-safety: as BytesProducer. Calls share a lock that a replacement takes exclusively; the
// dead producer is closed outside it, so its callbacks may call back into this object.
#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "kfk/bytes_producer.hpp"

namespace kfk {

class RecoveringProducer {
  public:
    using Duration = BytesProducer::Duration;
    using ReplacedCallback = std::function<void(const Error& fatal)>;

    // Throws ConfigError like BytesProducer, UsageError for a transactional config.
    // `on_replaced` runs on the thread whose call replaced the producer.
    explicit RecoveringProducer(ProducerConfig config, ReplacedCallback on_replaced = {});
    // close() with a 10 s deadline if the application did not close.
    ~RecoveringProducer();
    RecoveringProducer(const RecoveringProducer&) = delete;
    RecoveringProducer& operator=(const RecoveringProducer&) = delete;

    std::future<DeliveryReport> send(const RawRecord& record);
    void send(const RawRecord& record, DeliveryCallback&& on_delivery);
    [[nodiscard]] DeliveryReport send_sync(const RawRecord& record, Duration timeout);
    [[nodiscard]] Error produce(const RawRecord& record);
    int poll(Duration timeout = Duration{0});
    [[nodiscard]] Error flush(Duration timeout);
    void close(Duration timeout = Duration{10000});
    [[nodiscard]] std::size_t in_flight() const;

    // How many times the producer was replaced so far.
    [[nodiscard]] std::size_t replacements() const noexcept {
        return replacements_.load(std::memory_order_relaxed);
    }
    // The current producer's rd_kafka_t (see BytesProducer::native_handle()).
    [[nodiscard]] rd_kafka_s* native_handle() const;

  private:
    using Flag = std::shared_ptr<std::atomic<bool>>;
    // Calls f(current producer), replacing a dead producer first; no lock is held while f
    // runs (its delivery callbacks may call this object again).
    template <class F>
    decltype(auto) with_producer(F&& f);
    std::shared_ptr<BytesProducer> current();
    void replace_if_dead();
    // Closes replaced producers whose replacement happened inside a callback (where closing
    // them would join or re-enter the thread running it).
    void close_retired();
    std::shared_ptr<BytesProducer> make(const Flag& dead) const;
    void note(const Error& error) noexcept {
        if (error.is_fatal()) dead_->store(true, std::memory_order_release);
    }

    ProducerConfig config_;
    ReplacedCallback on_replaced_;
    mutable std::shared_mutex mu_;
    Flag dead_;                                // guarded by mu_; set by the error hook
    std::shared_ptr<BytesProducer> producer_;  // guarded by mu_
    std::mutex retired_mu_;
    std::vector<std::shared_ptr<BytesProducer>> retired_;  // guarded by retired_mu_
    std::atomic<bool> has_retired_{false};                 // lock-free check on every call
    std::atomic<std::size_t> replacements_{0};
};

}  // namespace kfk
