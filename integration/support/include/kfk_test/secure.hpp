// Client settings for the harness's secured listeners (kafka.sh start --secure), for the tests
// named *_secure_test.cpp / *_secure_cluster_test.cpp. CTest runs those with the KFK_SECURE_*
// variables of `kafka.sh env --secure` (see integration/CMakeLists.txt); by hand:
//   export $(integration/harness/kafka.sh env --secure)
//   KFK_HARNESS=$PWD/integration/harness/kafka.sh
// Like support.hpp, only the C++ standard library: the result is librdkafka property names and
// values, which a test feeds to kfk::ClientConfig::set() or to `kfk -X key=value`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kfk_test {

// The secured listeners' environment. Every member is set: secure_env() throws
// std::runtime_error naming each missing variable otherwise (tests fail, never skip).
struct SecureEnv {
    std::string ssl;             // KFK_SECURE_SSL: SSL, server authentication only
    std::string mtls;            // KFK_SECURE_MTLS: SSL with ssl.client.auth=required
    std::string sasl_plaintext;  // KFK_SECURE_SASL_PLAINTEXT
    std::string sasl_ssl;        // KFK_SECURE_SASL_SSL
    std::string dir;             // KFK_SECURE_DIR: ca.crt, <user>.crt/.key/.password, rogue-*

    // dir + "/" + name; throws std::runtime_error when that file does not exist.
    std::string file(std::string_view name) const;
};
const SecureEnv& secure_env();

// One way to authenticate: a listener and, for SASL, a mechanism.
enum class Security {
    ssl,                     // SSL listener, CA only: the principal is User:ANONYMOUS
    mtls,                    // MTLS listener, client certificate CN=<user>
    sasl_plain,              // SASL_PLAINTEXT + PLAIN
    scram_sha_256,           // SASL_PLAINTEXT + SCRAM-SHA-256
    scram_sha_512,           // SASL_PLAINTEXT + SCRAM-SHA-512
    sasl_ssl_scram_sha_512,  // SASL_SSL + SCRAM-SHA-512
    oauthbearer,             // SASL_PLAINTEXT + OAUTHBEARER, librdkafka's unsecured JWT
};
inline constexpr Security all_securities[] = {
    Security::ssl,           Security::mtls,          Security::sasl_plain,
    Security::scram_sha_256, Security::scram_sha_512, Security::sasl_ssl_scram_sha_512,
    Security::oauthbearer};

// "SASL_PLAINTEXT/SCRAM-SHA-256" etc., for test output.
std::string to_string(Security security);

struct SecureClient {
    std::string description;  // e.g. "SASL_SSL/SCRAM-SHA-512 as admin"
    std::string bootstrap;    // the listener's bootstrap list
    // librdkafka properties besides bootstrap.servers and sasl.password, in order. None of
    // them is a secret (the unsecured JWT's sasl.oauthbearer.config only names the principal).
    std::vector<std::pair<std::string, std::string>> properties;
    // PLAIN / SCRAM: the file holding sasl.password (no trailing newline); empty otherwise.
    std::string password_file;

    // The password in password_file (throws std::runtime_error when there is none).
    std::string password() const;
    // properties, bootstrap.servers first and (when there is one) sasl.password last: what an
    // SDK client is configured with.
    std::vector<std::pair<std::string, std::string>> sdk_properties() const;
    // Arguments for the kfk binary: -b BOOTSTRAP, -X key=value for each property and
    // --sasl-password-file FILE (a password never goes on a command line). kfk refuses
    // sasl.oauthbearer.config in argv like any secret, so it is passed by reference
    // (-X sasl.oauthbearer.config=env:KFK_IT_OAUTHBEARER_CONFIG): run kfk with cli_env().
    std::vector<std::string> cli_args() const;
    // "NAME=value" assignments that kfk's environment needs for cli_args() (may be empty).
    std::vector<std::string> cli_env() const;
};

// The settings to reach the listener of `security` as `user` (admin, alice or bob: users the
// harness made; for Security::ssl the principal is ANONYMOUS whatever `user` says).
SecureClient secure_client(Security security, std::string_view user = "admin");

// The whole content of a file; throws std::runtime_error when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace kfk_test
