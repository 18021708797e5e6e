// What the ACL and SCRAM-user integration tests share (they run against the harness's secured
// broker: *_secure_test.cpp). PLAINTEXT clients are User:ANONYMOUS, a super user: the tests
// administer through it (KFK_BOOTSTRAP) and act as the users over SASL_PLAINTEXT.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

namespace security_it {

using namespace std::chrono_literals;

// The super user (PLAINTEXT).
inline kfk::Admin super_admin() {
    return kfk::Admin{
        kfk::AdminConfig{}.bootstrap_servers(kfk_test::bootstrap()).log_sink(kfk::null_log_sink())};
}

// A harness user (admin, alice, bob) over SASL_PLAINTEXT with SCRAM-SHA-512.
template <class Config>
Config as_harness_user(const std::string& user) {
    Config config;
    for (const auto& [key, value] :
         kfk_test::secure_client(kfk_test::Security::scram_sha_512, user).sdk_properties()) {
        config.set(key, value);
    }
    config.log_sink(kfk::null_log_sink());
    return config;
}

// Any SCRAM user over SASL_PLAINTEXT.
template <class Config>
Config as_scram_user(const std::string& user, const std::string& password,
                     const std::string& mechanism = "SCRAM-SHA-512") {
    Config config;
    config.set("bootstrap.servers", kfk_test::secure_env().sasl_plaintext)
        .set("security.protocol", "sasl_plaintext")
        .set("sasl.mechanism", mechanism)
        .set("sasl.username", user)
        .set("sasl.password", password);
    config.log_sink(kfk::null_log_sink());
    return config;
}

// Whether `user` / `password` logs in now: a fresh client asks for the cluster's metadata.
// A refused login fails the call (as an authentication error or, before the broker says why,
// a timeout).
inline bool can_log_in(const std::string& user, const std::string& password,
                       const std::string& mechanism = "SCRAM-SHA-512") {
    try {
        kfk::Admin admin{as_scram_user<kfk::AdminConfig>(user, password, mechanism)};
        (void)admin.describe_cluster(4s);
        return true;
    } catch (const kfk::Exception&) {
        return false;
    }
}

// kfk arguments that authenticate as a harness user over SASL_PLAINTEXT/SCRAM-SHA-512, and
// the environment to run kfk with (no KFK_BOOTSTRAP pointing at the PLAINTEXT listener).
inline std::vector<std::string> as_user_args(const std::string& user,
                                             std::vector<std::string> args) {
    const auto conn = kfk_test::secure_client(kfk_test::Security::scram_sha_512, user).cli_args();
    args.insert(args.end(), conn.begin(), conn.end());
    return args;
}
inline std::vector<std::string> user_env() {
    return {"KFK_BOOTSTRAP="};
}

}  // namespace security_it
