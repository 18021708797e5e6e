// ConsumerImpl's construction and teardown: how kfk configures librdkafka's consumer, the
// log gate, and the bounded destruction.
#include "consumer/consumer_impl.hpp"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>

#include "core/error_map.hpp"
#include "core/group_metadata_impl.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {
namespace {

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A group id nobody else uses, for consumers the application gave none: librdkafka's
// KafkaConsumer needs one even for assign(). Auto commit is off for them, and commits throw.
std::string private_group_id() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    return "kfk-assign-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(rd());
}

}  // namespace

struct ConsumerImpl::Prepared {
    ConsumerConfig config;
    std::shared_ptr<LogGate> log_gate;
    bool groupless = false;
    bool sdk_store = false;
};

namespace {

ConsumerImpl::Prepared prepare(ConsumerConfig config) {
    ConsumerImpl::Prepared p;
    p.groupless = config.get("group.id").value_or("").empty();
    if (p.groupless) {
        config.set("group.id", private_group_id());
        config.enable_auto_commit(false);
    }
    // Unless the application chose a store model, kfk stores an offset once the application
    // is back for more (see the commit models in bytes_consumer.hpp); librdkafka's own store
    // happens as a record is handed out, which would commit records whose processing failed.
    p.sdk_store = !config.contains("enable.auto.offset.store");
    if (p.sdk_store) config.set("enable.auto.offset.store", "false");
    // The sink goes through a gate that dispose() can close: a consumer torn down in the
    // background must not call into an application that already destroyed it.
    p.log_gate = std::make_shared<ConsumerImpl::LogGate>();
    if (LogSink sink = static_cast<const ConfigBase&>(config).log_sink()) {
        // The gate owns the application's sink, so that LogGate::mute() destroys it on the
        // application's thread.
        p.log_gate->sink = std::move(sink);
        config.log_sink([gate = p.log_gate](LogLevel level, std::string_view facility,
                                            std::string_view client, std::string_view message) {
            std::shared_lock lock{gate->mu};
            if (!gate->muted && gate->sink) gate->sink(level, facility, client, message);
        });
    }
    p.config = std::move(config);
    return p;
}

}  // namespace

ConsumerImpl::ConsumerImpl(ConsumerConfig config) : ConsumerImpl(prepare(std::move(config))) {}

ConsumerImpl::ConsumerImpl(Prepared prepared)
    : ClientCore(prepared.config, RD_KAFKA_CONSUMER,
                 [](rd_kafka_conf_t* conf) {
                     rd_kafka_conf_set_rebalance_cb(conf, &ConsumerImpl::rebalance_trampoline);
                 }),
      log_gate_(std::move(prepared.log_gate)),
      group_id_(prepared.config.get("group.id").value_or("")),
      groupless_(prepared.groupless),
      sdk_store_(prepared.sdk_store),
      offset_reset_(lowercase(prepared.config.get("auto.offset.reset").value_or(""))),
      uncaught_at_creation_(std::uncaught_exceptions()) {
    // Everything (rebalances, errors, commit results) is served by the consumer queue, i.e.
    // inside poll() on the application's thread.
    rd_kafka_poll_set_consumer(rk());
    queue_.reset(rd_kafka_queue_get_consumer(rk()));
    // Per-partition bookkeeping grows once to the number of partitions handed out per poll.
    tracked_.reserve(16);
    batch_.reserve(64);
}

ConsumerImpl::~ConsumerImpl() {
    try {
        // After a close() that ran out of time the application has waited enough: tear down.
        if (state_ == State::open) close(Duration{10000});
    } catch (...) {
        // close() itself only throws on allocation failure; teardown continues regardless.
    }
    release_application();
    close_queue_.reset();
    queue_.reset();
    topic_refs_.clear();
    tracked_.clear();
    // After a clean close librdkafka has nothing left to do with the group; otherwise skip
    // the handshake that would block on unreachable brokers (librdkafka#3127).
    destroy_handle(closed() && !close_abandoned_group_ ? 0 : RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

void ConsumerImpl::release_application() noexcept {
    try {
        rethrow_pending();
    } catch (const std::exception& e) {
        log(LogLevel::error, "CLOSE",
            std::string{"exception from a consumer callback during destruction dropped: "} +
                e.what());
    } catch (...) {
        log(LogLevel::error, "CLOSE", "exception from a consumer callback during destruction");
    }
    stash_.clear();
    stash_head_ = 0;
    fail_pending_async_commits();
    listener_ = {};
    drop_user_callbacks();
}

void ConsumerImpl::LogGate::log(LogLevel level, std::string_view client,
                                std::string_view message) noexcept {
    std::shared_lock lock{mu};
    if (muted || !sink) return;
    try {
        sink(level, "CLOSE", client, message);
    } catch (...) {
        // A failing sink must not take the teardown down with it.
    }
}

void ConsumerImpl::LogGate::mute() noexcept {
    LogSink gone;
    {
        std::unique_lock lock{mu};
        muted = true;
        gone = std::move(sink);
    }
    // `gone` (the application's closure) is destroyed here, on the calling thread.
}

void ConsumerImpl::dispose(std::unique_ptr<ConsumerImpl>& impl) noexcept {
    if (!impl) return;
    try {
        // Still owned by the BytesConsumer: a listener may call it (e.g. commit in on_revoked).
        if (impl->state_ == State::open) impl->close(Duration{10000});
    } catch (...) {
        // Teardown continues regardless.
    }
    // Everything of the application's (callbacks, listener, pending commit callbacks) is run
    // or destroyed here, on its thread; what is left only talks to librdkafka.
    impl->release_application();
    const bool may_block = impl->teardown_may_block();
    // rd_kafka_destroy() waits for every Message the application still holds (INTRODUCTION.md
    // "Termination") and, after a close() that ran out of time, for the group sub-system
    // (librdkafka#3127). Destroy on a worker; wait for it a bounded time.
    struct Done {
        std::mutex mu;
        std::condition_variable cv;
        bool done = false;
    };
    auto done = std::make_shared<Done>();
    // Once handed to the worker, the consumer may be freed at any moment: what is needed
    // after the wait is copied out first.
    const std::shared_ptr<LogGate> gate = impl->log_gate_;
    std::string client;
    try {
        client = impl->name();
    } catch (...) {
        // Out of memory: the warning goes without the client's name.
    }
    try {
        std::thread{[owned = std::move(impl), done]() mutable {
            owned.reset();
            std::lock_guard lock{done->mu};
            done->done = true;
            done->cv.notify_all();
        }}.detach();
    } catch (...) {
        // No thread to be had: the closure, and the consumer with it, was destroyed here.
        impl.reset();
        return;
    }
    {
        std::unique_lock lock{done->mu};
        if (!may_block && done->cv.wait_for(lock, teardown_wait, [&] { return done->done; })) {
            return;
        }
    }
    gate->log(LogLevel::warning, client,
              may_block ? "finishing the teardown in the background"
                        : "the consumer's teardown waits for a Message (or ConsumerRecord) that "
                          "outlives the consumer; it finishes in the background once that is "
                          "destroyed");
    gate->mute();
}

bool ConsumerImpl::unwinding() const noexcept {
    return std::uncaught_exceptions() > uncaught_at_creation_;
}

void ConsumerImpl::require_group(const char* what) const {
    if (groupless_) {
        throw UsageError(Error{ErrorCode::invalid_arg, std::string{what} +
                                                           " needs a consumer group: set "
                                                           "ConsumerConfig::group_id"});
    }
}

void ConsumerImpl::require_open(const char* what) const {
    if (state_ != State::open) {
        throw UsageError(Error{ErrorCode::state, std::string{what} + " on a closed consumer"});
    }
}

ConsumerImpl::Duration ConsumerImpl::bounded_by_close(Duration timeout) const noexcept {
    if (!close_deadline_) return timeout;
    return std::min(timeout, close_deadline_->left());
}

GroupMetadata ConsumerImpl::group_metadata() {
    require_group("group_metadata()");
    GroupMetadataPtr md{rd_kafka_consumer_group_metadata(rk())};
    if (!md) throw UsageError(Error{ErrorCode::state, "this consumer has no group metadata"});
    return GroupMetadataAccess::make(std::move(md), group_id_);
}

std::string ConsumerImpl::member_id() {
    char* id = rd_kafka_memberid(rk());
    std::string out = id ? id : "";
    if (id) rd_kafka_mem_free(rk(), id);
    return out;
}

}  // namespace kfk::detail
