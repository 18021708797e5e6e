#include "kfk/recovering_producer.hpp"

#include <mutex>
#include <utility>

#include "kfk/exceptions.hpp"
#include "producer/producer_impl.hpp"

namespace kfk {

RecoveringProducer::RecoveringProducer(ProducerConfig config, ReplacedCallback on_replaced)
    : config_(std::move(config)),
      on_replaced_(std::move(on_replaced)),
      dead_(std::make_shared<std::atomic<bool>>(false)) {
    if (config_.contains("transactional.id")) {
        throw UsageError(Error{ErrorCode::invalid_arg,
                               "RecoveringProducer is not for transactional producers: a fatal "
                               "error there means another instance took over"});
    }
    producer_ = make(dead_);
}

RecoveringProducer::~RecoveringProducer() {
    try {
        close_retired();
    } catch (...) {
        // Teardown continues; the producers' own destructors finish the job.
    }
}

std::shared_ptr<BytesProducer> RecoveringProducer::make(const Flag& dead) const {
    ProducerConfig config = config_;
    // Learn of the fatal error as soon as librdkafka reports it, then tell the application.
    config.on_error([dead, user = config_.error_callback()](const Error& e) {
        if (e.is_fatal()) dead->store(true, std::memory_order_release);
        if (user) user(e);
    });
    return std::make_shared<BytesProducer>(std::move(config));
}

namespace {
// Calls of this thread into RecoveringProducers that are still running (a delivery callback
// served inside poll() or flush() that sends again is one level deeper).
thread_local int call_depth = 0;
struct CallDepth {
    CallDepth() noexcept { ++call_depth; }
    ~CallDepth() { --call_depth; }
};
bool inside_a_callback() noexcept {
    return call_depth > 0 || detail::in_producer_callback();
}
}  // namespace

std::shared_ptr<BytesProducer> RecoveringProducer::current() {
    for (;;) {
        {
            std::shared_lock lock{mu_};
            if (!dead_->load(std::memory_order_acquire)) [[likely]]
                return producer_;
        }
        replace_if_dead();
    }
}

void RecoveringProducer::replace_if_dead() {
    std::shared_ptr<BytesProducer> old;
    Error why;
    {
        std::unique_lock lock{mu_};
        if (!dead_->load(std::memory_order_acquire)) return;  // another thread replaced it
        why = producer_->fatal_error();
        auto fresh_flag = std::make_shared<std::atomic<bool>>(false);
        auto fresh = make(fresh_flag);
        old = std::exchange(producer_, std::move(fresh));
        dead_ = std::move(fresh_flag);
        replacements_.fetch_add(1, std::memory_order_relaxed);
    }
    if (inside_a_callback()) {
        // Replaced from a delivery or error callback (a common retry pattern): closing the
        // dead producer here would join its poller from itself (std::terminate) or re-enter
        // its poll. Its records all fail anyway; the next call from outside closes it.
        {
            std::lock_guard lock{retired_mu_};
            retired_.push_back(std::move(old));
            has_retired_.store(true, std::memory_order_release);
        }
        if (on_replaced_) on_replaced_(why);
        return;
    }
    // The dead producer's callbacks may call into this object. Nothing it holds can be
    // delivered any more; purging reports it all failed, at once.
    try {
        old->close(Duration{0});
    } catch (...) {
        old.reset();
        if (on_replaced_) on_replaced_(why);
        throw;  // an exception from one of its delivery callbacks
    }
    old.reset();
    if (on_replaced_) on_replaced_(why);
}

void RecoveringProducer::close_retired() {
    std::vector<std::shared_ptr<BytesProducer>> retired;
    {
        std::lock_guard lock{retired_mu_};
        retired.swap(retired_);
        has_retired_.store(false, std::memory_order_release);
    }
    for (auto& p : retired) {
        try {
            p->close(Duration{0});
        } catch (...) {
            // An exception from a dead producer's delivery callback: its records failed; the
            // callback already saw that report.
        }
        p.reset();
    }
}

template <class F>
decltype(auto) RecoveringProducer::with_producer(F&& f) {
    std::shared_ptr<BytesProducer> producer = current();
    if (has_retired_.load(std::memory_order_acquire) && !inside_a_callback()) [[unlikely]]
        close_retired();
    CallDepth depth;
    return std::forward<F>(f)(*producer);
}

std::future<DeliveryReport> RecoveringProducer::send(const RawRecord& record) {
    return with_producer([&](BytesProducer& p) { return p.send(record); });
}

void RecoveringProducer::send(const RawRecord& record, DeliveryCallback&& on_delivery) {
    with_producer([&](BytesProducer& p) { p.send(record, std::move(on_delivery)); });
}

DeliveryReport RecoveringProducer::send_sync(const RawRecord& record, Duration timeout) {
    // Without the lock while waiting: a replacement must not wait for this call.
    std::shared_ptr<BytesProducer> producer = current();
    DeliveryReport report = producer->send_sync(record, timeout);
    if (report.error.is_fatal()) {
        std::shared_lock lock{mu_};
        if (producer == producer_) note(report.error);
    }
    return report;
}

Error RecoveringProducer::produce(const RawRecord& record) {
    return with_producer([&](BytesProducer& p) {
        Error err = p.produce(record);
        if (err.is_fatal()) {
            std::shared_lock lock{mu_};
            if (&p == producer_.get()) note(err);
        }
        return err;
    });
}

int RecoveringProducer::poll(Duration timeout) {
    return with_producer([&](BytesProducer& p) { return p.poll(timeout); });
}

Error RecoveringProducer::flush(Duration timeout) {
    std::shared_ptr<BytesProducer> producer = current();
    CallDepth depth;
    return producer->flush(timeout);
}

void RecoveringProducer::close(Duration timeout) {
    std::shared_ptr<BytesProducer> producer;
    {
        std::shared_lock lock{mu_};
        producer = producer_;
    }
    if (!inside_a_callback()) close_retired();
    producer->close(timeout);
}

std::size_t RecoveringProducer::in_flight() const {
    std::shared_lock lock{mu_};
    return producer_->in_flight();
}

rd_kafka_s* RecoveringProducer::native_handle() const {
    std::shared_lock lock{mu_};
    return producer_->native_handle();
}

}  // namespace kfk
