// Credentials the secured broker refuses (wrong password, unknown user, no client certificate,
// a client certificate or a broker CA nobody trusts) end whatever SDK call was waiting with an
// AuthenticationError within seconds, naming the cause, instead of a timeout that reads like
// "the cluster is down". librdkafka keeps retrying underneath; the Java client fails the same
// calls at once with an AuthenticationException.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using kfk_test::Security;

namespace {

// Far longer than a refusal takes to surface (under a second here): a call that only gives up
// at its timeout fails the bound below.
constexpr auto kCallTimeout = 60s;
// "Fast", with room for a loaded CI machine.
constexpr auto kBound = 15s;

using Properties = std::vector<std::pair<std::string, std::string>>;

struct Refusal {
    const char* name;
    Properties properties;
    kfk::ErrorCode code;      // the AuthenticationError's code
    const char* names_cause;  // a piece of its message
};

Properties with(Properties props, const std::string& key, const std::string& value) {
    for (auto& [k, v] : props) {
        if (k == key) {
            v = value;
            return props;
        }
    }
    props.emplace_back(key, value);
    return props;
}

Properties without(Properties props, std::string_view prefix) {
    std::erase_if(props, [&](const auto& kv) { return kv.first.starts_with(prefix); });
    return props;
}

std::vector<Refusal> refusals() {
    const auto& env = kfk_test::secure_env();
    const auto plain = kfk_test::secure_client(Security::sasl_plain, "alice").sdk_properties();
    const auto scram256 =
        kfk_test::secure_client(Security::scram_sha_256, "alice").sdk_properties();
    const auto scram512_ssl =
        kfk_test::secure_client(Security::sasl_ssl_scram_sha_512, "alice").sdk_properties();
    const auto mtls = kfk_test::secure_client(Security::mtls, "alice").sdk_properties();
    const auto ssl = kfk_test::secure_client(Security::ssl).sdk_properties();
    return {
        {"PLAIN, wrong password", with(plain, "sasl.password", "not-the-password"),
         kfk::ErrorCode::authentication, "SASL authentication"},
        {"SCRAM-SHA-256, wrong password", with(scram256, "sasl.password", "not-the-password"),
         kfk::ErrorCode::authentication, "SCRAM-SHA-256"},
        {"SASL_SSL SCRAM-SHA-512, unknown user",
         with(with(scram512_ssl, "sasl.username", "nobody"), "sasl.password", "whatever"),
         kfk::ErrorCode::authentication, "SCRAM-SHA-512"},
        {"mTLS without a client certificate",
         without(without(mtls, "ssl.certificate."), "ssl.key."), kfk::ErrorCode::ssl, "alert"},
        {"mTLS with a certificate from an untrusted CA",
         with(with(mtls, "ssl.certificate.location", env.file("rogue.crt")), "ssl.key.location",
              env.file("rogue.key")),
         kfk::ErrorCode::ssl, "alert"},
        {"SSL with the wrong CA", with(ssl, "ssl.ca.location", env.file("rogue-ca.crt")),
         kfk::ErrorCode::ssl, "certificate verify failed"},
    };
}

template <class Config>
Config configured(const Properties& props) {
    Config config;
    for (const auto& [key, value] : props) config.set(key, value);
    return config;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void check_refusal(const kfk::AuthenticationError& e, const Refusal& r) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(e.code() == r.code);
    CHECK(what.find(r.names_cause) != std::string::npos);
}

}  // namespace

TEST_CASE("Admin: refused credentials are an AuthenticationError within seconds") {
    for (const auto& r : refusals()) {
        CAPTURE(r.name);
        std::atomic<int> errors{0};
        auto config = configured<kfk::AdminConfig>(r.properties);
        config.on_error([&](const kfk::Error&) { ++errors; });
        kfk::Admin admin{config};
        const auto start = Clock::now();
        try {
            (void)admin.describe_cluster(kCallTimeout);
            FAIL("describe_cluster succeeded with refused credentials");
        } catch (const kfk::AuthenticationError& e) {
            check_refusal(e, r);
        }
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
        // The Admin's events are served without anyone polling it: on_error saw the refusal.
        CHECK(errors.load() > 0);
        // A second call fails as fast: the refusal stays known while it lasts.
        const auto again = Clock::now();
        CHECK_THROWS_AS((void)admin.list_topics(kCallTimeout), kfk::AuthenticationError);
        CHECK(seconds_since(again) < std::chrono::duration<double>(kBound).count());
    }
}

TEST_CASE("Admin: statistics callbacks run although nobody polls an Admin") {
    std::atomic<int> stats{0};
    auto config = configured<kfk::AdminConfig>(
        kfk_test::secure_client(Security::scram_sha_512, "admin").sdk_properties());
    config.on_statistics(100ms, [&](const kfk::Statistics&) { ++stats; });
    kfk::Admin admin{config};
    (void)admin.describe_cluster(30s);
    CHECK(kfk_test::eventually([&] { return stats.load() >= 2; }, 30s));
}

TEST_CASE("producer: send_sync and flush throw AuthenticationError; close fails the rest fast") {
    for (const auto& r : refusals()) {
        CAPTURE(r.name);
        kfk::BytesProducer producer{configured<kfk::ProducerConfig>(r.properties)};
        const std::string topic = kfk_test::unique_name("auth-refused");
        auto start = Clock::now();
        try {
            (void)producer.send_sync({.topic = topic, .value = "v"}, kCallTimeout);
            FAIL("send_sync returned with refused credentials");
        } catch (const kfk::AuthenticationError& e) {
            check_refusal(e, r);
        }
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());

        auto pending = producer.send({.topic = topic, .value = "w"});
        start = Clock::now();
        CHECK_THROWS_AS((void)producer.flush(kCallTimeout), kfk::AuthenticationError);
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());

        // close() does not throw: it stops waiting and fails what is left, every record with
        // a report (never sent, so not_persisted).
        start = Clock::now();
        producer.close(kCallTimeout);
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
        REQUIRE(pending.wait_for(0s) == std::future_status::ready);
        const auto report = pending.get();
        CHECK(report.error);
        CHECK(report.status == kfk::PersistedStatus::not_persisted);
    }
}

TEST_CASE("consumer: poll throws AuthenticationError instead of returning nothing for ever") {
    for (const auto& r : refusals()) {
        CAPTURE(r.name);
        auto config = configured<kfk::ConsumerConfig>(r.properties);
        config.group_id(kfk_test::unique_name("auth-refused"));
        kfk::BytesConsumer consumer{config};
        consumer.subscribe({kfk_test::unique_name("auth-refused")});
        const auto start = Clock::now();
        bool thrown = false;
        while (!thrown && Clock::now() - start < kCallTimeout) {
            try {
                (void)consumer.poll(1s);
            } catch (const kfk::AuthenticationError& e) {
                thrown = true;
                check_refusal(e, r);
            }
        }
        CHECK(thrown);
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
    }
}

TEST_CASE("a refusal is forgotten once the client works: the right credentials succeed") {
    // The same user with the right password, after a refused client: nothing is remembered
    // across clients, and one client's refusal does not outlive a working connection.
    kfk::Admin admin{configured<kfk::AdminConfig>(
        kfk_test::secure_client(Security::scram_sha_256, "admin").sdk_properties())};
    CHECK_NOTHROW((void)admin.describe_cluster(30s));
}
