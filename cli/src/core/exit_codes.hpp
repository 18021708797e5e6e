// The kfk command's exit codes (documented in docs/cli.md) and the error that carries one.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "kfk/error.hpp"

namespace kfk::cli {

enum class ExitCode : int {
    ok = 0,
    usage = 1,           // bad flags or input, a request the broker rejects as invalid, other
    not_found = 2,       // topic, group or partition does not exist
    already_exists = 3,  // topic already exists (without --if-not-exists)
    partial = 4,         // some items or records failed, others succeeded
    unreachable = 5,     // no broker answered in time, or the request timed out
    auth = 6,            // authentication or authorization failed
    interrupted = 130,   // stopped by SIGINT/SIGTERM before the work was done (produce)
};

constexpr int to_int(ExitCode c) noexcept {
    return static_cast<int>(c);
}

// What a command throws to end with a message (on stderr) and an exit code.
class CliError : public std::runtime_error {
  public:
    CliError(ExitCode code, const std::string& message, std::string hint = {})
        : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}
    ExitCode code() const noexcept { return code_; }
    const std::string& hint() const noexcept { return hint_; }

  private:
    ExitCode code_;
    std::string hint_;
};

// The exit code for an error reported by librdkafka or the broker.
ExitCode exit_code_for(const kfk::Error& error) noexcept;
ExitCode exit_code_for(kfk::ErrorCode code) noexcept;

// One code for a multi-item command: ok when nothing failed, the shared code when every item
// failed the same way, `partial` otherwise. `failures` holds one code per failed item.
ExitCode combine(std::size_t items, const std::vector<ExitCode>& failures) noexcept;

}  // namespace kfk::cli
