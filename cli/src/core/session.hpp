// One command's connection: resolves the settings (flags > env > context > default), prints
// their warnings, builds client configs, and turns SDK failures into exit codes with a useful
// message (an unreachable cluster names the bootstrap servers and the last connection error;
// an authentication failure says so even when it surfaced as a timeout).
#pragma once

#include <chrono>
#include <string>

#include "core/connection.hpp"
#include "core/exit_codes.hpp"
#include "kfk/admin.hpp"
#include "kfk/config.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::cli {

class Session {
  public:
    // Throws CliError(usage) for a bad contexts file, unknown context, secret in argv.
    explicit Session(const GlobalFlags& flags);

    const Connection& connection() const noexcept { return connection_; }
    std::chrono::milliseconds timeout() const noexcept { return connection_.timeout; }
    bool verbose() const noexcept { return verbose_; }

    kfk::AdminConfig admin_config() const;
    kfk::ProducerConfig producer_config() const;
    kfk::ConsumerConfig consumer_config() const;
    kfk::Admin admin() const;

  private:
    template <class Config>
    void apply(Config& config) const;

    Connection connection_;
    bool verbose_ = false;
};

// What the last client-level errors were (transport, authentication), noted by every
// client's error callback.
struct ClientDiagnostics {
    std::string last_transport_error;
    std::string last_auth_error;
};
ClientDiagnostics client_diagnostics();
void note_client_error(const kfk::Error& error, bool verbose);

// The CliError for an SDK exception thrown while talking to the session's cluster (the
// session of this process, if one was created).
CliError explain(const kfk::Exception& e);
// Same for an error value (e.g. a per-item or per-record failure) that ends the command.
CliError explain(const kfk::Error& e, const std::string& context);

}  // namespace kfk::cli
