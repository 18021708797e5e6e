// Why a client stops waiting when the cluster refuses its credentials.
//
// librdkafka treats a failed TLS handshake or SASL authentication like any other connection
// failure: it reconnects with backoff for ever, and a call waiting for the cluster learns of
// it only at its own timeout ("cannot reach the cluster"). The Java client fails such calls at
// once with an AuthenticationException. CredentialWatch latches the refusal from the client's
// error events, together with the "all brokers are down" event, so that waits can end early
// with an AuthenticationError. A refusal while some broker still works is not enough (one
// misconfigured listener of many), and any sign of a working connection clears it.
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string_view>

#include "kfk/error.hpp"

namespace kfk::detail {

// Whether a broker connection error means "the cluster refused who we are" rather than "the
// cluster cannot be reached": SASL and TLS failures, including a TLS alert the broker sends
// after a TLS 1.3 handshake (a missing or untrusted client certificate arrives as a transport
// error whose text names the alert).
bool is_credential_failure(rd_kafka_resp_err_t err, std::string_view reason) noexcept;

// Thread-safe: fed by librdkafka's threads (or the poll that serves error events), read by
// the threads waiting in kfk calls.
class CredentialWatch {
  public:
    using Clock = std::chrono::steady_clock;
    // librdkafka repeats an identical broker error at most every 30 s; a refusal older than
    // this, with nothing repeating it, no longer speaks for the current connection attempts.
    static constexpr std::chrono::seconds refusal_lifetime{40};

    // Feeds one error event (after is_credential_failure() classified it). Returns true when
    // the client now counts as refused: callers wake the threads waiting on it.
    bool note_refusal(const Error& error);
    bool note_all_brokers_down();
    // A delivery, a fetched record or an admin answer: the client talks to the cluster. Cheap
    // enough for hot paths while nothing is latched.
    void note_working() noexcept {
        if (latched_.load(std::memory_order_relaxed)) clear();
    }
    // New credentials (rd_kafka_sasl_set_credentials): the old refusal says nothing about them.
    void clear() noexcept;

    // The refusal, when every broker is down and the last refusal is recent; else nothing.
    std::optional<Error> refusal() const;
    // refusal().has_value() without building the Error.
    bool refused() const noexcept;

  private:
    bool refused_locked(Clock::time_point now) const noexcept;

    std::atomic<bool> latched_{false};  // any of the two latches set
    mutable std::mutex mu_;
    std::optional<Error> refusal_;
    Clock::time_point refused_at_{};
    bool all_down_ = false;
};

}  // namespace kfk::detail
