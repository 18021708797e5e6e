// ProducerImpl's life: construction (how delivery reports are served), the background poller,
// poll / flush / send_sync waits, and a close that leaves no record without a report.
#include "producer/producer_impl.hpp"

#include <algorithm>
#include <exception>

#ifdef __linux__
#include <pthread.h>
#endif

#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {
namespace {

bool is_oauthbearer(const ProducerConfig& config) {
    const auto mechanism =
        config.get("sasl.mechanism").value_or(config.get("sasl.mechanisms").value_or(""));
    return mechanism == "OAUTHBEARER";
}

}  // namespace

ProducerImpl::ProducerImpl(ProducerConfig config)
    : ClientCore(config, RD_KAFKA_PRODUCER,
                 [&config](rd_kafka_conf_t* conf) {
                     if (config.delivery_polling() == DeliveryPolling::background) {
                         // Reports come as events our thread takes from the main queue, so
                         // rd_kafka_flush() only waits for them instead of serving them on
                         // the caller's thread (which would run callbacks there, and out of
                         // order with the poller's).
                         rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR);
                     } else {
                         rd_kafka_conf_set_dr_msg_cb(conf, &ProducerImpl::delivery_trampoline);
                     }
                 }),
      config_(std::move(config)) {
    if (config_.delivery_polling() == DeliveryPolling::background) {
        main_queue_.reset(rd_kafka_queue_get_main(rk()));
        // The poller takes every main-queue event; OAuth token refreshes must not be among them.
        if (is_oauthbearer(config_)) {
            if (Error err = take_error(rd_kafka_sasl_background_callbacks_enable(rk()))) {
                log(LogLevel::warning, "OAUTHBEARER", err.to_string());
            }
        }
        poller_ = std::thread([this] { run_poller(); });
    }
}

ProducerImpl::~ProducerImpl() {
    if (poller_id_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
        log(LogLevel::critical, "CLOSE", "a producer was destroyed by its own delivery callback");
        std::terminate();
    }
    try {
        close(Duration{10000});
    } catch (...) {
        // close() only throws when called from the poller, excluded above.
    }
    if (has_pending()) {
        try {
            rethrow_pending();
        } catch (const std::exception& e) {
            log(LogLevel::error, "CALLBACK",
                std::string{"exception from a delivery callback not rethrown (the producer "
                            "was destroyed first): "} +
                    e.what());
        } catch (...) {
            log(LogLevel::error, "CALLBACK",
                "exception from a delivery callback not rethrown (the producer was destroyed "
                "first)");
        }
    }
    main_queue_.reset();
    handles_.release();
    destroy_handle();
}

void ProducerImpl::run_poller() noexcept {
    poller_id_.store(std::this_thread::get_id(), std::memory_order_release);
    enter_poller_thread();  // its error and statistics callbacks run here too
#ifdef __linux__
    pthread_setname_np(pthread_self(), "kfk:producer");  // for top, perf and debuggers
#endif
    while (!stop_.load(std::memory_order_acquire)) serve_event(100);
}

void ProducerImpl::stop_poller() noexcept {
    if (!poller_.joinable()) return;
    stop_.store(true, std::memory_order_release);
    rd_kafka_queue_yield(main_queue_.get());
    poller_.join();
    poller_id_.store(std::thread::id{}, std::memory_order_release);  // ids are reused
    // Reports that arrived while the poller was stopping.
    while (serve_event(0)) {
    }
}

void ProducerImpl::check_not_on_poller(const char* what) const {
    if (poller_id_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
        throw UsageError(
            Error{ErrorCode::state,
                  std::string{what} + " called from a delivery callback would wait for itself"});
    }
}

bool ProducerImpl::serve_event(int wait_ms) noexcept {
    rd_kafka_event_t* ev = rd_kafka_queue_poll(main_queue_.get(), wait_ms);
    if (!ev) return false;
    EventPtr owned{ev};
    switch (rd_kafka_event_type(ev)) {
        case RD_KAFKA_EVENT_DR: {
            TopicCache topics;
            Released released;
            while (const rd_kafka_message_t* msg = rd_kafka_event_message_next(ev)) {
                on_delivery(msg, topics, released);
            }
            if (released.head) pool_.release(released.head, released.tail);
            owned.reset();  // frees the records: room in the local queue
            if (waiting_for_room_.load(std::memory_order_acquire) > 0) {
                std::lock_guard lock{room_mu_};
                room_cv_.notify_all();
            }
            break;
        }
        case RD_KAFKA_EVENT_ERROR:
            handle_error_event(rd_kafka_event_error(ev), rd_kafka_event_error_string(ev),
                               rd_kafka_event_error_is_fatal(ev) != 0);
            break;
        case RD_KAFKA_EVENT_STATS:
            handle_statistics(rd_kafka_event_stats(ev));
            break;
        default:
            log(LogLevel::debug, "EVENT", std::string{"ignored event "} + rd_kafka_event_name(ev));
            break;
    }
    return true;  // the event (and with it the delivered messages) is destroyed here
}

bool ProducerImpl::wait_ready(const std::future<DeliveryReport>& future, const Deadline& deadline) {
    // In slices of at most 100 ms, so that a refusal of the credentials ends the wait.
    for (;;) {
        const int slice = std::min(100, deadline.left_ms());
        if (background()) {
            if (future.wait_for(Duration{slice}) == std::future_status::ready) return true;
        } else {
            if (future.wait_for(std::chrono::seconds{0}) == std::future_status::ready) return true;
            rd_kafka_poll(rk(), slice);
        }
        throw_if_refused("send_sync");
        if (deadline.passed()) {
            return future.wait_for(std::chrono::seconds{0}) == std::future_status::ready;
        }
    }
}

int ProducerImpl::poll(Duration timeout) {
    int served = 0;
    // In background mode the poller owns the queue: rd_kafka_poll() would drop its reports.
    if (!background()) served = rd_kafka_poll(rk(), timeout_ms(timeout));
    rethrow_if_pending();
    return served;
}

rd_kafka_resp_err_t ProducerImpl::flush_until(const Deadline& deadline, bool stop_if_refused) {
    // rd_kafka_flush in slices: a refusal of the credentials would otherwise keep it waiting
    // for the whole timeout, records queued behind a connection that never authenticates.
    for (;;) {
        const auto err = rd_kafka_flush(rk(), std::min(100, deadline.left_ms()));
        if (err != RD_KAFKA_RESP_ERR__TIMED_OUT || deadline.passed()) return err;
        if (stop_if_refused && credentials().refused()) return RD_KAFKA_RESP_ERR__AUTHENTICATION;
        throw_if_refused("flush");
    }
}

Error ProducerImpl::flush(Duration timeout) {
    check_not_on_poller("flush()");
    const auto err = flush_until(Deadline{timeout}, false);
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        return Error{ErrorCode::timed_out,
                     std::to_string(rd_kafka_outq_len(rk())) +
                         " records still wait for delivery reports after " +
                         std::to_string(timeout.count()) + " ms",
                     {.retriable = true}};
    }
    return make_error(err);
}

void ProducerImpl::close(Duration timeout) {
    check_not_on_poller("close()");
    if (closed_.exchange(true, std::memory_order_acq_rel)) return;
    // While the cluster refuses the credentials nothing left will be delivered: waiting out
    // the timeout would only delay the reports.
    if (flush_until(Deadline{timeout}, true) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        // Fail what is left so that every record gets a report: nothing vanishes silently.
        // Records still in the local queue are reported not_persisted, records sent without
        // an answer possibly_persisted.
        rd_kafka_purge(rk(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        // The purged records' reports are already queued locally; serving them is quick.
        if (rd_kafka_flush(rk(), 1000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            log(LogLevel::error, "CLOSE",
                std::to_string(rd_kafka_outq_len(rk())) +
                    " records still had no delivery report after purging them");
        }
    }
    stop_poller();
    if (!background()) {
        while (rd_kafka_poll(rk(), 0) > 0) {
        }
    }
}

DeliveryReport ProducerImpl::send_sync(const RawRecord& record, Duration timeout) {
    check_not_on_poller("send_sync()");
    rethrow_if_pending();
    const Deadline deadline{timeout};
    auto* node = acquire_node();
    node->promise.emplace();
    auto future = node->promise->get_future();
    if (Error err = enqueue(record, node, timeout)) {
        complete_refused(node, refused(record, std::move(err)));
        return future.get();
    }
    if (wait_ready(future, deadline)) return future.get();
    DeliveryReport r =
        refused(record, Error{ErrorCode::timed_out,
                              "no delivery report within " + std::to_string(timeout.count()) +
                                  " ms; the record may still be written",
                              {.retriable = true}});
    r.status = PersistedStatus::possibly_persisted;
    return r;
}

}  // namespace kfk::detail
