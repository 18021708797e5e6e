#include "core/credential_watch.hpp"

#include <array>

namespace kfk::detail {

bool is_credential_failure(rd_kafka_resp_err_t err, std::string_view reason) noexcept {
    switch (err) {
        case RD_KAFKA_RESP_ERR__AUTHENTICATION:
        case RD_KAFKA_RESP_ERR__SSL:
        case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
            return true;
        case RD_KAFKA_RESP_ERR__TRANSPORT:
            break;
        default:
            return false;
    }
    // OpenSSL's names for the alerts a TLS server sends when it rejects the client's
    // certificate (or its absence): "tlsv13 alert certificate required", "sslv3 alert bad
    // certificate", "tlsv1 alert unknown ca", ...
    if (reason.find("alert") == std::string_view::npos) return false;
    constexpr std::array alerts{std::string_view{"certificate"}, std::string_view{"unknown ca"},
                                std::string_view{"access denied"},
                                std::string_view{"handshake failure"}};
    for (const auto alert : alerts) {
        if (reason.find(alert) != std::string_view::npos) return true;
    }
    return false;
}

bool CredentialWatch::note_refusal(const Error& error) {
    std::lock_guard lock{mu_};
    refusal_ = error;
    refused_at_ = Clock::now();
    latched_.store(true, std::memory_order_relaxed);
    return refused_locked(refused_at_);
}

bool CredentialWatch::note_all_brokers_down() {
    std::lock_guard lock{mu_};
    all_down_ = true;
    latched_.store(true, std::memory_order_relaxed);
    return refused_locked(Clock::now());
}

void CredentialWatch::clear() noexcept {
    std::lock_guard lock{mu_};
    refusal_.reset();
    all_down_ = false;
    latched_.store(false, std::memory_order_relaxed);
}

bool CredentialWatch::refused_locked(Clock::time_point now) const noexcept {
    return all_down_ && refusal_ && now - refused_at_ < refusal_lifetime;
}

std::optional<Error> CredentialWatch::refusal() const {
    if (!latched_.load(std::memory_order_relaxed)) return std::nullopt;
    std::lock_guard lock{mu_};
    if (!refused_locked(Clock::now())) return std::nullopt;
    return refusal_;
}

bool CredentialWatch::refused() const noexcept {
    if (!latched_.load(std::memory_order_relaxed)) return false;
    std::lock_guard lock{mu_};
    return refused_locked(Clock::now());
}

}  // namespace kfk::detail
