#include "core/client_core.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>

#include "core/error_map.hpp"
#include "kfk/exceptions.hpp"
#include "kfk/statistics.hpp"

namespace kfk::detail {
namespace {

std::string redact_in(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        if (s.empty()) continue;
        for (auto pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos)) {
            text.replace(pos, s.size(), "[redacted]");
            pos += 10;
        }
    }
    return text;
}

// The value itself, and for structured values ("k=v k=v", e.g. sasl.oauthbearer.config) each
// token and each token's value: librdkafka quotes the part it rejects, not the whole value.
// Pieces shorter than 6 characters are left alone (they would redact ordinary words).
void add_secret_pieces(const std::string& value, std::vector<std::string>& out) {
    constexpr std::size_t min_piece = 6;
    const auto add = [&](std::string_view piece) {
        if (piece.size() >= min_piece && std::find(out.begin(), out.end(), piece) == out.end()) {
            out.emplace_back(piece);
        }
    };
    if (!value.empty()) out.push_back(value);
    std::string_view rest{value};
    while (!rest.empty()) {
        const auto start = rest.find_first_not_of(" \t\n,;");
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const auto end = std::min(rest.find_first_of(" \t\n,;"), rest.size());
        const auto token = rest.substr(0, end);
        add(token);
        if (const auto eq = token.find('='); eq != std::string_view::npos) {
            add(token.substr(eq + 1));
        }
        rest.remove_prefix(end);
    }
    // Longest first, so that a token is redacted whole before a piece of it is.
    std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
        return a.size() > b.size();
    });
}

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The value librdkafka ends up with for a property that has an alias: the last one set.
std::optional<std::string> last_of(const ConfigBase& config, std::string_view key,
                                   std::string_view alias) {
    std::optional<std::string> value;
    for (const auto& [k, v] : config.properties()) {
        if (k == key || k == alias) value = v;
    }
    return value;
}

bool is_true(const std::optional<std::string>& value) {
    if (!value) return false;
    const auto v = lowercase(*value);
    return v == "true" || v == "t" || v == "1" || v == "on" || v == "yes" || v == "y";
}

// Setting a token provider implies nothing else: a configuration under which librdkafka would
// never call it, or would take its token from somewhere else, is refused.
void validate_token_provider(const ConfigBase& config, bool sasl, const std::string& mechanism) {
    const auto refuse = [](const std::string& why) {
        throw ConfigError(
            Error{ErrorCode::invalid_arg, "oauthbearer_token_provider is set, but " + why});
    };
    if (mechanism != "OAUTHBEARER") {
        refuse("sasl.mechanism is " +
               (last_of(config, "sasl.mechanism", "sasl.mechanisms")
                    ? "'" + mechanism + "'"
                    : std::string{"unset (librdkafka's default: GSSAPI)"}) +
               ": set sasl.mechanism=OAUTHBEARER (ClientConfig::sasl_mechanism)");
    }
    if (!sasl) {
        refuse("security.protocol is '" + config.get("security.protocol").value_or("plaintext") +
               "': the token is only used with SASL_PLAINTEXT or SASL_SSL");
    }
    if (is_true(config.get("enable.sasl.oauthbearer.unsecure.jwt"))) {
        refuse(
            "enable.sasl.oauthbearer.unsecure.jwt=true makes librdkafka create its own unsecured "
            "tokens: use one or the other");
    }
    if (lowercase(config.get("sasl.oauthbearer.method").value_or("")) == "oidc") {
        refuse(
            "sasl.oauthbearer.method=oidc makes librdkafka fetch tokens from the OIDC endpoint "
            "itself: use one or the other");
    }
}

}  // namespace

ClientCore::ClientCore(const ConfigBase& config, rd_kafka_type_t type,
                       const std::function<void(rd_kafka_conf_t*)>& customize)
    : sink_(config.log_sink() ? config.log_sink() : null_log_sink()),
      on_error_(config.error_callback()),
      on_statistics_(config.statistics_callback()),
      provider_(config.oauthbearer_token_provider()) {
    for (const auto& [key, value] : config.properties()) {
        if (ConfigBase::is_secret(key)) add_secret(value);
    }
    sasl_mechanism_ = last_of(config, "sasl.mechanism", "sasl.mechanisms").value_or("GSSAPI");
    const auto protocol = lowercase(config.get("security.protocol").value_or("plaintext"));
    sasl_ = protocol == "sasl_plaintext" || protocol == "sasl_ssl";
    if (provider_) validate_token_provider(config, sasl_, sasl_mechanism_);
    // Every OAUTHBEARER client gets its token requests (the application's provider, librdkafka's
    // unsecured JWT or OIDC refreshers) on a queue of their own that librdkafka's background
    // thread serves: nothing depends on the application polling, or on which queue it polls.
    const bool oauthbearer = sasl_ && sasl_mechanism_ == "OAUTHBEARER";
    // kfk's own messages obey librdkafka's log_level (0-7, default 6: no debug lines); like
    // librdkafka, a `debug` context list turns debug lines on.
    if (config.get("debug")) log_level_ = 7;
    if (const auto level = config.get("log_level")) {
        try {
            log_level_ = std::stoi(*level);
        } catch (const std::exception&) {
            // rd_kafka_conf_set below refuses the value with librdkafka's own message
        }
    }
    ConfPtr conf{rd_kafka_conf_new()};
    char errstr[512];
    for (const auto& [key, value] : config.properties()) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            const std::string shown = ConfigBase::is_secret(key) ? "[redacted]" : value;
            throw ConfigError(Error{
                ErrorCode::invalid_arg,
                "invalid configuration property '" + key + "'='" + shown + "': " + scrub(errstr)});
        }
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_log_cb(conf.get(), &ClientCore::log_trampoline);
    rd_kafka_conf_set_error_cb(conf.get(), &ClientCore::error_trampoline);
    if (on_statistics_) rd_kafka_conf_set_stats_cb(conf.get(), &ClientCore::stats_trampoline);
    if (provider_) {
        rd_kafka_conf_set_oauthbearer_token_refresh_cb(conf.get(),
                                                       &ClientCore::oauthbearer_trampoline);
    }
    if (oauthbearer) rd_kafka_conf_enable_sasl_queue(conf.get(), 1);
    if (customize) customize(conf.get());

    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), errstr, sizeof errstr);
    if (!rk) {
        throw ConfigError(Error{ErrorCode::invalid_arg, "invalid configuration: " + scrub(errstr)});
    }
    conf.release();  // rd_kafka_new owns it now
    rk_.reset(rk);
    if (oauthbearer) {
        // The first token request is already queued; forwarding moves it along.
        if (Error err = take_error(rd_kafka_sasl_background_callbacks_enable(rk))) {
            // Without it the provider would never be called: fail now (rk_ is destroyed as
            // this constructor unwinds, before the provider).
            if (provider_) {
                throw ConfigError(Error{err.code(),
                                        "cannot serve OAUTHBEARER token requests on "
                                        "librdkafka's background thread: " +
                                            err.message()});
            }
            log(LogLevel::warning, "OAUTHBEARER", err.to_string());
        }
    }
}

ClientCore::~ClientCore() {
    destroy_handle();
}

void ClientCore::destroy_handle(int flags) noexcept {
    // rk_ stays set while librdkafka's threads still run (and may log through it).
    if (rk_) rd_kafka_destroy_flags(rk_.get(), flags);
    (void)rk_.release();
}

void ClientCore::drop_user_callbacks() noexcept {
    on_error_ = nullptr;
    on_statistics_ = nullptr;
    OAuthBearerTokenProvider gone;
    {
        std::lock_guard lock{provider_mu_};
        gone = std::move(provider_);
        provider_ = nullptr;
    }
    // `gone` (the application's closure) is destroyed here, on the calling thread.
}

void ClientCore::oauthbearer_trampoline(rd_kafka_t* rk, const char* oauthbearer_config,
                                        void* opaque) {
    static_cast<ClientCore*>(opaque)->refresh_oauthbearer_token(rk, oauthbearer_config);
}

void ClientCore::refresh_oauthbearer_token(rd_kafka_t* rk,
                                           const char* oauthbearer_config) noexcept {
    // log() would name the client through rk_, which may not be set yet.
    const bool logs_debug = static_cast<int>(LogLevel::debug) <= log_level_;
    std::string failure;
    try {
        std::lock_guard lock{provider_mu_};
        if (!provider_) {
            failure = "the client is being destroyed: its token provider is gone";
        } else {
            const OAuthBearerToken token =
                provider_(oauthbearer_config ? oauthbearer_config : std::string_view{});
            remember_token(token.value);
            std::vector<const char*> extensions;
            extensions.reserve(token.extensions.size() * 2);
            for (const auto& [key, value] : token.extensions) {
                extensions.push_back(key.c_str());
                extensions.push_back(value.c_str());
            }
            const auto expiry_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       token.expiry.time_since_epoch())
                                       .count();
            char errstr[512] = "";
            const auto err = rd_kafka_oauthbearer_set_token(
                rk, token.value.c_str(), expiry_ms, token.principal.c_str(),
                extensions.empty() ? nullptr : extensions.data(), extensions.size(), errstr,
                sizeof errstr);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                token_expiry_ms_.store(expiry_ms, std::memory_order_relaxed);
                // A new token: a refusal of the previous one says nothing about it.
                credentials_.clear();
                if (!logs_debug) return;
                const auto left = std::chrono::duration_cast<std::chrono::seconds>(
                    token.expiry - std::chrono::system_clock::now());
                log_as(rk, LogLevel::debug, "OAUTHBEARER",
                       "token for principal '" + token.principal + "' set, valid for " +
                           std::to_string(left.count()) + " s");
                return;
            }
            // librdkafka quotes a rejected value, which may be the token itself.
            failure =
                "librdkafka refused the provider's token: " + redact_in(errstr, {token.value});
        }
    } catch (const std::exception& e) {
        try {
            failure = std::string{"the token provider threw: "} + e.what();
        } catch (...) {
            // Out of memory: the fallback below.
        }
    } catch (...) {
        try {
            failure = "the token provider threw an exception not derived from std::exception";
        } catch (...) {
            // Out of memory: the fallback below.
        }
    }
    try {
        if (failure.empty()) failure = "the token provider failed";
        failure = scrub(failure);
        if (logs_debug) log_as(rk, LogLevel::debug, "OAUTHBEARER", failure);
    } catch (...) {
        // Out of memory: librdkafka still needs a reason (its own error says the rest).
    }
    // librdkafka reports "Failed to acquire SASL OAUTHBEARER token: <failure>" as an
    // authentication error event (on_error) and asks again in 10 s.
    rd_kafka_oauthbearer_set_token_failure(
        rk, failure.empty() ? "the token provider failed" : failure.c_str());
    // Without a valid token librdkafka does not even connect: no broker will refuse anything,
    // and waits would sit out their timeouts. They end with AuthenticationError instead.
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (now_ms >= token_expiry_ms_.load(std::memory_order_relaxed)) {
        try {
            credentials_.note_no_credentials(
                Error{ErrorCode::authentication,
                      "no OAUTHBEARER token: " +
                          (failure.empty() ? std::string{"the token provider failed"} : failure)});
            rd_kafka_yield(rk);  // ends a poll waiting on the main queue now
        } catch (...) {
            // Out of memory: waits end at their timeouts.
        }
    }
}

void ClientCore::set_sasl_credentials(std::string_view username, std::string_view password) {
    const bool rotatable = sasl_mechanism_ == "PLAIN" || sasl_mechanism_.starts_with("SCRAM-SHA-");
    if (!sasl_ || !rotatable) {
        throw UsageError(Error{ErrorCode::invalid_arg,
                               "set_sasl_credentials() applies to SASL PLAIN and SCRAM only; "
                               "this client uses " +
                                   (sasl_ ? "sasl.mechanism " + sasl_mechanism_
                                          : std::string{"no SASL (security.protocol)"})});
    }
    const std::string user{username};
    const std::string pass{password};
    add_secret(pass);  // before librdkafka can log anything that holds it
    if (Error err = take_error(rd_kafka_sasl_set_credentials(rk(), user.c_str(), pass.c_str()))) {
        throw UsageError(Error{err.code(), "set_sasl_credentials(): " + scrub(err.message())});
    }
    // A refusal of the old credentials says nothing about the new ones.
    credentials_.clear();
    log(LogLevel::info, "SASL",
        "SASL credentials replaced (user '" + user + "'): new connections use them");
}

void ClientCore::throw_if_refused(const std::string& what) const {
    bool no_credentials = false;
    if (auto refusal = credentials_.refusal(no_credentials)) {
        throw AuthenticationError(
            *refusal, what + (no_credentials ? ": the client has no credentials to offer"
                                             : ": the cluster refused the client's credentials"));
    }
}

void ClientCore::capture(std::exception_ptr e) noexcept {
    std::lock_guard lock{pending_mu_};
    if (!pending_) pending_ = std::move(e);
    has_pending_.store(true, std::memory_order_release);
}

void ClientCore::rethrow_pending() {
    std::exception_ptr e;
    {
        std::lock_guard lock{pending_mu_};
        e = std::exchange(pending_, nullptr);
        has_pending_.store(false, std::memory_order_release);
    }
    if (e) std::rethrow_exception(e);
}

std::string ClientCore::scrub(std::string_view text) const {
    if (!has_secrets_.load(std::memory_order_acquire)) return std::string{text};
    std::lock_guard lock{secrets_mu_};
    return redact_in(redact_in(std::string{text}, tokens_), secrets_);
}

void ClientCore::add_secret(const std::string& value) {
    if (value.empty()) return;
    std::lock_guard lock{secrets_mu_};
    add_secret_pieces(value, secrets_);
    has_secrets_.store(true, std::memory_order_release);
}

void ClientCore::remember_token(const std::string& value) {
    if (value.empty()) return;
    std::lock_guard lock{secrets_mu_};
    if (std::find(tokens_.begin(), tokens_.end(), value) != tokens_.end()) return;
    // The previous token may still show up in what a connection made with it logs.
    if (tokens_.size() == 2) tokens_.erase(tokens_.begin());
    tokens_.push_back(value);
    has_secrets_.store(true, std::memory_order_release);
}

void ClientCore::log(LogLevel level, std::string_view facility,
                     std::string_view message) const noexcept {
    if (static_cast<int>(level) > log_level_) return;
    log_as(rk_.get(), level, facility, message);
}

void ClientCore::log_as(const rd_kafka_t* rk, LogLevel level, std::string_view facility,
                        std::string_view message) const noexcept {
    try {
        const std::string client = rk ? rd_kafka_name(rk) : "kfk";
        if (!has_secrets_.load(std::memory_order_acquire)) {
            sink_(level, facility, client, message);
        } else {
            // The client name carries client.id, which could hold a secret too.
            sink_(level, facility, scrub(client), scrub(message));
        }
    } catch (...) {
        // A failing sink must not take the client down with it.
    }
}

void ClientCore::report_error(const Error& error) noexcept {
    if (on_error_) {
        guard([&] { on_error_(error); });
        return;
    }
    log(error.is_fatal() ? LogLevel::critical : LogLevel::error, "ERROR", error.to_string());
}

void ClientCore::log_trampoline(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
    auto* self = from(rk);
    if (!self) return;
    const int clamped = level < 0 ? 0 : (level > 7 ? 7 : level);
    self->log_as(rk, static_cast<LogLevel>(clamped), fac ? fac : "", buf ? buf : "");
}

void ClientCore::error_trampoline(rd_kafka_t*, int err, const char* reason, void* opaque) {
    static_cast<ClientCore*>(opaque)->handle_error_event(static_cast<rd_kafka_resp_err_t>(err),
                                                         reason, false);
}

void ClientCore::handle_error_event(rd_kafka_resp_err_t err, const char* reason,
                                    bool fatal) noexcept {
    try {
        Error error = err == RD_KAFKA_RESP_ERR__FATAL
                          ? fatal_error_of(rk())
                          : make_error(err, scrub(reason ? reason : ""));
        if (fatal && !error.is_fatal()) {
            error = Error{error.code(), error.message(), {.fatal = true}};
        }
        bool refused = false;
        if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
            refused = credentials_.note_all_brokers_down();
        } else if (is_credential_failure(err, error.message())) {
            // A TLS alert arrives as a transport error; it is a TLS failure all the same.
            if (error.code() == ErrorCode::transport)
                error = Error{ErrorCode::ssl, error.message()};
            refused = credentials_.note_refusal(error);
        }
        report_error(error);
        // Ends a poll that serves this event early (a consumer's poll, the producer's poller),
        // so that its caller sees the refusal now rather than at its timeout.
        if (refused && rk_) rd_kafka_yield(rk_.get());
    } catch (...) {
        // Out of memory while building the message: nothing sensible left to report.
    }
}

int ClientCore::stats_trampoline(rd_kafka_t*, char* json, size_t len, void* opaque) {
    static_cast<ClientCore*>(opaque)->handle_statistics(std::string_view{json, len});
    return 0;  // librdkafka frees the JSON
}

void ClientCore::handle_statistics(std::string_view json) noexcept {
    if (on_statistics_) guard([&] { on_statistics_(Statistics::parse(json)); });
}

}  // namespace kfk::detail
