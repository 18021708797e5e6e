// close(): leave the group on a queue of kfk's own, serving the rebalance and commit results
// that arrive meanwhile, and give up at the deadline instead of hanging (librdkafka#3127).
#include <algorithm>

#include "consumer/consumer_impl.hpp"
#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"

namespace kfk::detail {

void ConsumerImpl::handle_close_event(rd_kafka_event_t* ev) {
    switch (rd_kafka_event_type(ev)) {
        case RD_KAFKA_EVENT_REBALANCE:
            on_rebalance(rd_kafka_event_error(ev), rd_kafka_event_topic_partition_list(ev));
            break;
        case RD_KAFKA_EVENT_OFFSET_COMMIT: {
            const auto err = rd_kafka_event_error(ev);
            complete_async_commit(reinterpret_cast<std::uintptr_t>(rd_kafka_event_opaque(ev)),
                                  err == RD_KAFKA_RESP_ERR__NO_OFFSET ? Error{} : make_error(err),
                                  rd_kafka_event_topic_partition_list(ev));
            break;
        }
        case RD_KAFKA_EVENT_ERROR: {
            const char* why = rd_kafka_event_error_string(ev);
            report_error(make_error(rd_kafka_event_error(ev), why ? why : ""));
            break;
        }
        default:
            break;  // fetched records (never handed out, so never stored), logs, stats
    }
}

void ConsumerImpl::close(Duration timeout) {
    if (state_ == State::closed) return;
    const Deadline deadline{timeout};
    if (state_ == State::open) {
        // Records handed out before are processed, unless an exception is unwinding the
        // caller: then the last ones were not, and are redelivered instead.
        if (unwinding()) {
            tracked_.clear();
        } else {
            store_handed_out(true);
        }
        stash_.clear();
        stash_head_ = 0;
        close_queue_.reset(rd_kafka_queue_new(rk()));
        if (Error e = take_error(rd_kafka_consumer_close_queue(rk(), close_queue_.get()))) {
            // A fatal error, or librdkafka closed the group itself: nothing to wait for.
            if (e.code() != ErrorCode::destroy) {
                log(LogLevel::warning, "CLOSE",
                    "leaving the group failed: " + e.to_string() + "; tearing down without it");
                close_abandoned_group_ = true;
            }
            state_ = State::closed;
            close_queue_.reset();
            fail_pending_async_commits();
            return;
        }
        state_ = State::closing;
    }
    // A listener's commit_sync() inside close() must not outlive the close deadline.
    close_deadline_ = deadline;
    struct ResetDeadline {
        std::optional<Deadline>& d;
        ~ResetDeadline() { d.reset(); }
    } reset_deadline{close_deadline_};

    while (!rd_kafka_consumer_closed(rk())) {
        if (deadline.passed()) {
            log(LogLevel::warning, "CLOSE",
                "consumer did not leave the group within " + std::to_string(timeout.count()) +
                    " ms; it will be torn down without the group handshake");
            fail_pending_async_commits();
            return;  // still closing: a later close() waits on; the destructor skips it
        }
        EventPtr ev{rd_kafka_queue_poll(close_queue_.get(),
                                        timeout_ms(std::min(deadline.left(), Duration{100})))};
        if (ev) handle_close_event(ev.get());
    }
    // Results that arrived with the termination.
    while (EventPtr ev{rd_kafka_queue_poll(close_queue_.get(), 0)}) handle_close_event(ev.get());
    state_ = State::closed;
    close_queue_.reset();
    fail_pending_async_commits();
}

}  // namespace kfk::detail
