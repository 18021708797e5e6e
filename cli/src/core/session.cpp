#include "core/session.hpp"

#include <cctype>
#include <cstdio>
#include <mutex>

#include "core/time_parse.hpp"
#include "kfk/log.hpp"

namespace kfk::cli {
namespace {

std::mutex g_diag_mu;
ClientDiagnostics g_diag;
// The connection of this process's session, for explain().
std::string g_bootstrap;
std::chrono::milliseconds g_timeout{10000};
// Who the session authenticates as, for authentication failures (never a secret).
std::string g_identity;

bool is_transport(kfk::ErrorCode c) {
    using E = kfk::ErrorCode;
    return c == E::transport || c == E::resolve || c == E::all_brokers_down || c == E::timed_out;
}

bool is_auth(kfk::ErrorCode c) {
    return exit_code_for(c) == ExitCode::auth;
}

// "user 'alice' over SASL_SSL (SCRAM-SHA-512)", "client certificate alice.crt over SSL": what
// an operator checks first when the cluster refuses the connection.
std::string identity_of(const Connection& connection) {
    std::string protocol = "PLAINTEXT";
    std::string mechanism = "GSSAPI";  // librdkafka's default, which surprises people
    std::string user;
    std::string certificate;
    for (const auto& s : connection.settings) {
        if (s.key == "security.protocol") protocol = s.value;
        if (s.key == "sasl.mechanism" || s.key == "sasl.mechanisms") mechanism = s.value;
        if (s.key == "sasl.username") user = s.value;
        if (s.key == "ssl.certificate.location" || s.key == "ssl.keystore.location") {
            certificate = s.value;
        }
    }
    for (auto& c : protocol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool sasl = protocol.rfind("SASL_", 0) == 0;
    std::string who;
    if (sasl && !user.empty()) {
        who = "user '" + user + "' over " + protocol + " (" + mechanism + ")";
    } else if (sasl) {
        who = protocol + " (" + mechanism + ")";
    } else if (!certificate.empty()) {
        who = "client certificate " + certificate + " over " + protocol;
    } else {
        who = protocol + " without a client certificate";
    }
    return who;
}

}  // namespace

ClientDiagnostics client_diagnostics() {
    std::lock_guard lock{g_diag_mu};
    return g_diag;
}

void note_client_error(const kfk::Error& error, bool verbose) {
    {
        std::lock_guard lock{g_diag_mu};
        // "all brokers down" says less than the connect failure before it.
        if (is_transport(error.code()) && (error.code() != kfk::ErrorCode::all_brokers_down ||
                                           g_diag.last_transport_error.empty())) {
            g_diag.last_transport_error = error.message();
        }
        if (is_auth(error.code())) g_diag.last_auth_error = error.to_string();
    }
    if (verbose && error.code() != kfk::ErrorCode::partition_eof) {
        std::fprintf(stderr, "kfk: client error: %s\n", error.to_string().c_str());
    }
}

Session::Session(const GlobalFlags& flags) : verbose_(flags.verbose) {
    const Environment env = Environment::process();
    const ContextsFile file = load_contexts(contexts_path(flags, env));
    connection_ = resolve_connection(flags, env, file);
    for (const auto& w : connection_.warnings)
        std::fprintf(stderr, "kfk: warning: %s\n", w.c_str());
    g_bootstrap = connection_.bootstrap();
    g_timeout = connection_.timeout;
    g_identity = identity_of(connection_);
}

template <class Config>
void Session::apply(Config& config) const {
    config.client_id("kfk");
    for (const auto& s : connection_.settings) config.set(s.key, s.value);
    const bool verbose = verbose_;
    // librdkafka's own log lines only with --verbose: without it they would repeat every
    // connection attempt while the command waits for its timeout.
    config.log_sink(verbose ? kfk::stderr_log_sink() : kfk::null_log_sink());
    config.on_error([verbose](const kfk::Error& e) { note_client_error(e, verbose); });
}

kfk::AdminConfig Session::admin_config() const {
    kfk::AdminConfig c;
    apply(c);
    return c;
}

kfk::ProducerConfig Session::producer_config() const {
    kfk::ProducerConfig c;
    apply(c);
    return c;
}

kfk::ConsumerConfig Session::consumer_config() const {
    kfk::ConsumerConfig c;
    apply(c);
    return c;
}

kfk::Admin Session::admin() const {
    return kfk::Admin{admin_config()};
}

CliError explain(const kfk::Error& e, const std::string& context) {
    const auto diag = client_diagnostics();
    const std::string prefix = context.empty() ? "" : context + ": ";
    const bool refused = e.code() == kfk::ErrorCode::authentication ||
                         e.code() == kfk::ErrorCode::sasl_authentication_failed ||
                         e.code() == kfk::ErrorCode::ssl;
    if (refused || (!diag.last_auth_error.empty() && (is_auth(e.code()) || is_transport(e.code()) ||
                                                      exit_code_for(e) == ExitCode::unreachable))) {
        const std::string cause = refused ? e.to_string() : diag.last_auth_error;
        const bool tls =
            refused ? e.code() == kfk::ErrorCode::ssl : cause.find("SSL") != std::string::npos;
        return CliError(ExitCode::auth,
                        prefix + "the cluster at " + (g_bootstrap.empty() ? "?" : g_bootstrap) +
                            " refused the connection as " + g_identity + ": " + cause,
                        tls ? "check ssl.ca.location (the CA that signed the brokers' "
                              "certificates) and, where the listener requires client "
                              "certificates, ssl.certificate.location / ssl.key.location; kfk "
                              "config shows the effective settings"
                            : "check the user name, the password and sasl.mechanism (the "
                              "listener must enable it); kfk config shows the effective "
                              "settings");
    }
    const ExitCode code = exit_code_for(e);
    if (code == ExitCode::unreachable) {
        std::string msg = prefix + "cannot reach the Kafka cluster at " +
                          (g_bootstrap.empty() ? std::string{"?"} : g_bootstrap) + " within " +
                          format_duration(g_timeout);
        msg += diag.last_transport_error.empty() ? " (" + e.to_string() + ")"
                                                 : ": " + diag.last_transport_error;
        return CliError(code, msg,
                        "is the broker running? set the address with -b HOST:PORT, "
                        "KFK_BOOTSTRAP or a context (kfk config); --timeout waits longer");
    }
    return CliError(code, prefix + e.to_string());
}

CliError explain(const kfk::Exception& e) {
    if (dynamic_cast<const kfk::TimeoutError*>(&e)) {
        return explain(kfk::Error{kfk::ErrorCode::timed_out, e.what()}, "");
    }
    if (dynamic_cast<const kfk::ConfigError*>(&e)) {
        return CliError(ExitCode::usage, e.what(),
                        "check -X properties and the context's properties (kfk config)");
    }
    CliError err = explain(e.error(), "");
    // The exception's own text carries its context ("create topics: ...").
    if (err.code() != ExitCode::unreachable && err.code() != ExitCode::auth) {
        return CliError(err.code(), e.what(), err.hint());
    }
    return err;
}

}  // namespace kfk::cli
