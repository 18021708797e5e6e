// What every client (producer, consumer, admin) shares: the librdkafka handle, the
// configuration hand-over, log/error/statistics trampolines, and the rule that exceptions
// thrown by user callbacks never cross librdkafka's C frames.
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/credential_watch.hpp"
#include "core/handles.hpp"
#include "kfk/config.hpp"

namespace kfk::detail {

class ClientCore {
  public:
    // Hands every property to librdkafka (ConfigError on the first one it rejects), installs
    // the trampolines, lets `customize` add client-specific callbacks, and creates the handle.
    // librdkafka's opaque is `this`; subclasses reach themselves through it.
    ClientCore(const ConfigBase& config, rd_kafka_type_t type,
               const std::function<void(rd_kafka_conf_t*)>& customize = {});
    virtual ~ClientCore();
    ClientCore(const ClientCore&) = delete;
    ClientCore& operator=(const ClientCore&) = delete;

    rd_kafka_t* rk() const noexcept { return rk_.get(); }
    static ClientCore* from(const rd_kafka_t* rk) noexcept {
        return static_cast<ClientCore*>(rd_kafka_opaque(rk));
    }
    std::string name() const { return rk_ ? rd_kafka_name(rk_.get()) : std::string{}; }

    // Runs a user callback; an exception it throws is kept for rethrow_pending().
    template <class F>
    void guard(F&& f) noexcept {
        try {
            f();
        } catch (...) {
            capture(std::current_exception());
        }
    }
    void capture(std::exception_ptr e) noexcept;
    // Rethrows, on the caller's thread, the first exception a callback threw since last time.
    void rethrow_pending();
    // Lock-free test for a captured exception (hot paths check it before rethrow_pending()).
    bool has_pending() const noexcept { return has_pending_.load(std::memory_order_acquire); }

    void log(LogLevel level, std::string_view facility, std::string_view message) const noexcept;
    // log() for librdkafka's threads: names the client from the callback's handle, never from
    // rk_, which the constructing/destroying thread may be writing meanwhile.
    void log_as(const rd_kafka_t* rk, LogLevel level, std::string_view facility,
                std::string_view message) const noexcept;
    void report_error(const Error& error) noexcept;
    // What the error and statistics trampolines do, for clients that receive these as events
    // (rd_kafka_queue_poll) instead of callbacks.
    void handle_error_event(rd_kafka_resp_err_t err, const char* reason, bool fatal) noexcept;
    void handle_statistics(std::string_view json) noexcept;

    // Whether the cluster refused this client's credentials (see credential_watch.hpp).
    CredentialWatch& credentials() noexcept { return credentials_; }
    // Throws AuthenticationError, naming `what`, while the cluster refuses the credentials:
    // waits call it between their slices instead of sitting out their whole timeout.
    void throw_if_refused(const std::string& what) const;

  protected:
    // Destroys the application's error and statistics callbacks (on the calling thread), for
    // a handle whose teardown may finish in the background. Only for clients whose callbacks
    // are served by their own poll (the consumer): nothing may be running them.
    void drop_user_callbacks() noexcept {
        on_error_ = nullptr;
        on_statistics_ = nullptr;
    }
    // Destroys the handle while the subclass's callback state is still alive: subclasses call
    // it at the end of their destructor's body, once they released the queues and topic
    // handles they hold (librdkafka waits for those), before their members go.
    // `flags`: rd_kafka_destroy_flags(), e.g. RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE.
    void destroy_handle(int flags = 0) noexcept;

  private:
    static void log_trampoline(const rd_kafka_t* rk, int level, const char* fac, const char* buf);
    static void error_trampoline(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    static int stats_trampoline(rd_kafka_t* rk, char* json, size_t len, void* opaque);
    std::string scrub(std::string_view text) const;

    LogSink sink_;
    int log_level_ = 6;  // librdkafka's log_level: kfk's own messages above it are dropped
    ConfigBase::ErrorCallback on_error_;
    ConfigBase::StatisticsCallback on_statistics_;
    std::vector<std::string> secrets_;  // values scrubbed from every log line and error
    mutable std::mutex pending_mu_;
    std::exception_ptr pending_;
    std::atomic<bool> has_pending_{false};
    CredentialWatch credentials_;
    KafkaPtr rk_;
};

}  // namespace kfk::detail
