// SASL/SCRAM credential value types of the admin client (Admin::describe_scram_credentials /
// upsert_scram_credentials / delete_scram_credentials in kfk/admin.hpp; Kafka >= 2.7,
// KIP-554).
//
// Secrets: the broker never returns a password or its hash, so descriptions hold only the
// mechanism and iteration count. An upsertion's password stays in the process: librdkafka
// sends the salted hash (SCRAM's SaltedPassword, PBKDF2 with the given salt and iterations),
// and kfk never logs or prints it. ScramUpsertion has no to_string() for that reason.
//
// Thread-safety: plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/error.hpp"

namespace kfk {

enum class ScramMechanism { unknown, sha_256, sha_512 };
// "SCRAM-SHA-256", "SCRAM-SHA-512", "UNKNOWN".
[[nodiscard]] std::string_view to_string(ScramMechanism mechanism) noexcept;
// "SCRAM-SHA-256" / "SCRAM-SHA-512" in any case, with '-', '_' or nothing between the words.
[[nodiscard]] std::optional<ScramMechanism> parse_scram_mechanism(std::string_view text) noexcept;

// Kafka's bounds for ScramUpsertion::iterations (ScramMechanism.minIterations /
// maxIterations); the broker refuses others with unacceptable_credential.
inline constexpr std::int32_t scram_min_iterations = 4096;
inline constexpr std::int32_t scram_max_iterations = 16384;

struct ScramCredentialInfo {
    ScramMechanism mechanism = ScramMechanism::unknown;
    std::int32_t iterations = 0;
    friend bool operator==(const ScramCredentialInfo&, const ScramCredentialInfo&) = default;
};

// A user's SCRAM credentials, or why they could not be described: resource_not_found for
// a user (named in the request) that has none.
struct UserScramCredentials {
    std::string user;
    std::vector<ScramCredentialInfo> credentials;  // sorted by mechanism
    Error error;
    bool ok() const noexcept { return !error; }
};

// Creates or replaces the user's credential for one mechanism (a user may have one per
// mechanism). An empty salt makes librdkafka draw 64 random bytes.
struct ScramUpsertion {
    std::string user;
    ScramMechanism mechanism = ScramMechanism::sha_512;
    std::string password;  // not empty
    std::int32_t iterations = scram_min_iterations;
    std::string salt;  // bytes
};

// Removes the user's credential for one mechanism.
struct ScramDeletion {
    std::string user;
    ScramMechanism mechanism = ScramMechanism::sha_512;
};

}  // namespace kfk
