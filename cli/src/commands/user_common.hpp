// What the user (SCRAM credential) subcommands share: --mechanism, the JSON and table of
// described users, and waiting until a change is visible.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/output.hpp"
#include "kfk/admin.hpp"
#include "kfk/scram.hpp"

namespace kfk::cli {

// --mechanism SCRAM-SHA-256|SCRAM-SHA-512 (any case).
CLI::Option* add_mechanism_option(CLI::App* sub, std::optional<kfk::ScramMechanism>& target,
                                  const std::string& description);

// {"user": "alice", "credentials": [{"mechanism": "SCRAM-SHA-512", "iterations": 4096}],
//  "error": null}
Json user_json(const kfk::UserScramCredentials& user);
// USER MECHANISM ITERATIONS, a row per credential ("" when there is none).
std::string users_table(const std::vector<kfk::UserScramCredentials>& users);

// The user's credential for `mechanism`, if the broker lists one (nullopt for a user it
// does not know). Throws what describe_scram_credentials throws.
std::optional<kfk::ScramCredentialInfo> credential_of(kfk::Admin& admin, const std::string& user,
                                                      kfk::ScramMechanism mechanism,
                                                      std::chrono::milliseconds timeout);

// Brokers learn SCRAM changes from the metadata log asynchronously: waits (up to `timeout`)
// until the broker lists the user's credential for `mechanism` (present) or not (!present).
// Warns on stderr and returns false when the time runs out.
bool wait_for_credential(kfk::Admin& admin, const std::string& user, kfk::ScramMechanism mechanism,
                         bool present, std::chrono::milliseconds timeout);

}  // namespace kfk::cli
