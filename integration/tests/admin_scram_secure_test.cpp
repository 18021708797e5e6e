// Admin's SCRAM calls against the secured broker: a credential upserted through the SDK logs in
// over SASL/SCRAM (credential changes reach the broker asynchronously, so logins are retried
// within a deadline), a changed password replaces the old one, a deleted credential stops
// working; per-user errors (bounds, duplicates, unknown users); and a principal without
// DESCRIBE on the cluster gets an error (librdkafka 2.14 would crash on that answer).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "security_it_support.hpp"

using namespace std::chrono_literals;
using security_it::can_log_in;
using security_it::super_admin;

TEST_CASE("SCRAM credentials: upsert logs in, a new password replaces the old, delete locks out") {
    auto admin = super_admin();
    const std::string user = kfk_test::unique_name("scram-sdk");
    const std::string first = "first-" + kfk_test::unique_name("pw");
    const std::string second = "second-" + kfk_test::unique_name("pw");

    // Kafka alters a user once per request: one mechanism per call.
    auto results = admin.upsert_scram_credentials(
        {{user, kfk::ScramMechanism::sha_512, first, 4096, ""}}, 30s);
    REQUIRE(results.size() == 1);
    CHECK(results[0].name == user);
    REQUIRE_MESSAGE(results[0].ok(), results[0].error.to_string());
    results = admin.upsert_scram_credentials(
        {{user, kfk::ScramMechanism::sha_256, first, 8192, "a fixed salt"}}, 30s);
    REQUIRE_MESSAGE(results.at(0).ok(), results.at(0).error.to_string());

    std::vector<kfk::UserScramCredentials> described;
    REQUIRE(kfk_test::eventually([&] {
        described = admin.describe_scram_credentials({user}, 10s);
        return described.size() == 1 && described[0].ok() && described[0].credentials.size() == 2;
    }));
    CHECK(described[0].user == user);
    CHECK(described[0].credentials ==
          std::vector<kfk::ScramCredentialInfo>{{kfk::ScramMechanism::sha_256, 8192},
                                                {kfk::ScramMechanism::sha_512, 4096}});
    const auto everyone = admin.describe_scram_credentials({}, 10s);
    CHECK(std::any_of(everyone.begin(), everyone.end(),
                      [&](const auto& u) { return u.user == user; }));
    CHECK(std::is_sorted(everyone.begin(), everyone.end(),
                         [](const auto& a, const auto& b) { return a.user < b.user; }));

    CHECK(kfk_test::eventually([&] { return can_log_in(user, first, "SCRAM-SHA-512"); }, 60s));
    CHECK(kfk_test::eventually([&] { return can_log_in(user, first, "SCRAM-SHA-256"); }, 60s));

    results = admin.upsert_scram_credentials(
        {{user, kfk::ScramMechanism::sha_512, second, 4096, ""}}, 30s);
    REQUIRE_MESSAGE(results.at(0).ok(), results.at(0).error.to_string());
    CHECK(kfk_test::eventually([&] { return can_log_in(user, second) && !can_log_in(user, first); },
                               60s));

    results = admin.delete_scram_credentials({{user, kfk::ScramMechanism::sha_512}}, 30s);
    REQUIRE_MESSAGE(results.at(0).ok(), results.at(0).error.to_string());
    CHECK(kfk_test::eventually([&] { return !can_log_in(user, second); }, 60s));
    // The other mechanism's credential is still there.
    CHECK(kfk_test::eventually([&] {
        const auto d = admin.describe_scram_credentials({user}, 10s);
        return d.at(0).ok() && d.at(0).credentials == std::vector<kfk::ScramCredentialInfo>{
                                                          {kfk::ScramMechanism::sha_256, 8192}};
    }));
    results = admin.delete_scram_credentials({{user, kfk::ScramMechanism::sha_256}}, 30s);
    REQUIRE_MESSAGE(results.at(0).ok(), results.at(0).error.to_string());
    CHECK(kfk_test::eventually([&] {
        const auto d = admin.describe_scram_credentials({user}, 10s);
        return d.at(0).error.code() == kfk::ErrorCode::resource_not_found;
    }));
}

TEST_CASE("SCRAM credentials: per-user errors from the broker, messages without stray bytes") {
    auto admin = super_admin();
    const std::string user = kfk_test::unique_name("scram-err");
    const std::string other = kfk_test::unique_name("scram-err2");

    // Two users in one call: the one outside Kafka's iteration bounds fails alone.
    auto results =
        admin.upsert_scram_credentials({{user, kfk::ScramMechanism::sha_256, "pw-1", 100, ""},
                                        {other, kfk::ScramMechanism::sha_256, "pw-2", 4096, ""}},
                                       30s);
    REQUIRE(results.size() == 2);
    CHECK(results[0].name == user);
    CHECK_MESSAGE(results[0].error.code() == kfk::ErrorCode::unacceptable_credential,
                  results[0].error.to_string());
    CHECK(results[1].name == other);
    CHECK_MESSAGE(results[1].ok(), results[1].error.to_string());

    // The same user twice in one call (even with two mechanisms): one answer, the refusal.
    results = admin.upsert_scram_credentials({{user, kfk::ScramMechanism::sha_256, "a", 4096, ""},
                                              {user, kfk::ScramMechanism::sha_512, "b", 4096, ""}},
                                             30s);
    REQUIRE(results.size() == 1);
    CHECK_MESSAGE(results[0].error.code() == kfk::ErrorCode::duplicate_resource,
                  results[0].error.to_string());

    const auto described = admin.describe_scram_credentials({user}, 10s);
    REQUIRE(described.size() == 1);
    CHECK(described[0].error.code() == kfk::ErrorCode::resource_not_found);
    const std::string message = described[0].error.message();
    CHECK_MESSAGE(std::none_of(message.begin(), message.end(),
                               [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
                  message);
    results = admin.delete_scram_credentials({{user, kfk::ScramMechanism::sha_512}}, 30s);
    CHECK(results.at(0).error.code() == kfk::ErrorCode::resource_not_found);

    (void)admin.delete_scram_credentials({{other, kfk::ScramMechanism::sha_256}}, 30s);
}

TEST_CASE("SCRAM credentials: a principal without DESCRIBE on the cluster gets an error") {
    kfk::Admin alice{security_it::as_harness_user<kfk::AdminConfig>("alice")};
    for (const std::vector<std::string>& users :
         {std::vector<std::string>{}, std::vector<std::string>{"alice"}}) {
        try {
            (void)alice.describe_scram_credentials(users, 30s);
            FAIL("alice described SCRAM credentials");
        } catch (const kfk::KafkaError& e) {
            CHECK(e.code() == kfk::ErrorCode::cluster_authorization_failed);
            CHECK(std::string{e.what()}.find("CLUSTER") != std::string::npos);
        }
    }
    // A user of this test alone: were the upsert let through, nobody else's login changes.
    const std::string user = kfk_test::unique_name("scram-denied");
    const auto results =
        alice.upsert_scram_credentials({{user, kfk::ScramMechanism::sha_512, "pw", 4096, ""}}, 30s);
    REQUIRE(results.size() == 1);
    CHECK(results[0].error.code() == kfk::ErrorCode::cluster_authorization_failed);
    CHECK(super_admin().describe_scram_credentials({user}, 10s).at(0).error.code() ==
          kfk::ErrorCode::resource_not_found);
}
