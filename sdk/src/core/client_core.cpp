#include "core/client_core.hpp"

#include <algorithm>

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

}  // namespace

ClientCore::ClientCore(const ConfigBase& config, rd_kafka_type_t type,
                       const std::function<void(rd_kafka_conf_t*)>& customize)
    : sink_(config.log_sink() ? config.log_sink() : null_log_sink()),
      on_error_(config.error_callback()),
      on_statistics_(config.statistics_callback()) {
    for (const auto& [key, value] : config.properties()) {
        if (ConfigBase::is_secret(key)) add_secret_pieces(value, secrets_);
    }
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
    if (customize) customize(conf.get());

    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), errstr, sizeof errstr);
    if (!rk) {
        throw ConfigError(Error{ErrorCode::invalid_arg, "invalid configuration: " + scrub(errstr)});
    }
    conf.release();  // rd_kafka_new owns it now
    rk_.reset(rk);
}

ClientCore::~ClientCore() {
    destroy_handle();
}

void ClientCore::destroy_handle(int flags) noexcept {
    // rk_ stays set while librdkafka's threads still run (and may log through it).
    if (rk_) rd_kafka_destroy_flags(rk_.get(), flags);
    (void)rk_.release();
}

void ClientCore::throw_if_refused(const std::string& what) const {
    if (auto refusal = credentials_.refusal()) {
        throw AuthenticationError(*refusal,
                                  what + ": the cluster refused the client's credentials");
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
    return redact_in(std::string{text}, secrets_);
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
        if (secrets_.empty()) {
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
