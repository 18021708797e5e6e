// ClientConfig::oauthbearer_token_provider without a broker: the configurations it refuses at
// construction, the provider being called on librdkafka's background thread while nobody
// polls (for every client kind), failures reported to on_error without the token, and
// set_sasl_credentials()'s refusals. The broker side is in
// integration/tests/oauthbearer_secure_test.cpp.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "core/credential_watch.hpp"
#include "kfk/kfk.hpp"

using namespace std::chrono_literals;

namespace {

// Nothing listens there: the clients never connect, but librdkafka asks for a token anyway
// (at creation, before any connection).
constexpr const char* kNowhere = "127.0.0.1:1";

template <class Config>
Config oauth_config() {
    Config c;
    c.bootstrap_servers(kNowhere)
        .security_protocol(kfk::SecurityProtocol::sasl_plaintext)
        .sasl_mechanism(kfk::SaslMechanism::oauthbearer)
        .log_sink(kfk::null_log_sink());
    return c;
}

kfk::OAuthBearerToken token_for(std::string principal, std::chrono::seconds lifetime = 60s) {
    return {.value = "header.payload.",
            .expiry = std::chrono::system_clock::now() + lifetime,
            .principal = std::move(principal),
            .extensions = {}};
}

// What the provider and on_error saw, waited for with a deadline.
struct Seen {
    std::mutex mu;
    std::condition_variable cv;
    int calls = 0;
    std::string config;
    std::thread::id thread;
    std::vector<std::string> errors;

    bool wait(const std::function<bool()>& done, std::chrono::seconds timeout = 10s) {
        std::unique_lock lock{mu};
        return cv.wait_for(lock, timeout, done);
    }
    void note_call(std::string_view cfg) {
        std::lock_guard lock{mu};
        ++calls;
        config = std::string{cfg};
        thread = std::this_thread::get_id();
        cv.notify_all();
    }
    void note_error(const kfk::Error& e) {
        std::lock_guard lock{mu};
        errors.push_back(e.to_string());
        cv.notify_all();
    }
    bool error_containing(std::string_view piece) {
        for (const auto& e : errors) {
            if (e.find(piece) != std::string::npos) return true;
        }
        return false;
    }
};

template <class Client, class Config>
void expect_config_error(Config config, std::string_view piece) {
    try {
        Client client{std::move(config)};
        FAIL("the client was created");
    } catch (const kfk::ConfigError& e) {
        const std::string what = e.what();
        CAPTURE(what);
        CHECK(what.find("oauthbearer_token_provider") != std::string::npos);
        CHECK(what.find(piece) != std::string::npos);
    }
}

kfk::OAuthBearerToken never_called(std::string_view) {
    throw std::logic_error("the provider of a refused configuration was called");
}

}  // namespace

TEST_CASE("oauthbearer_token_provider: configurations that cannot use it are ConfigErrors") {
    SUBCASE("sasl.mechanism unset (librdkafka's default GSSAPI)") {
        expect_config_error<kfk::BytesProducer>(
            kfk::ProducerConfig{}
                .bootstrap_servers(kNowhere)
                .security_protocol(kfk::SecurityProtocol::sasl_plaintext)
                .oauthbearer_token_provider(never_called),
            "sasl.mechanism is unset");
    }
    SUBCASE("another mechanism") {
        expect_config_error<kfk::BytesConsumer>(
            oauth_config<kfk::ConsumerConfig>()
                .sasl_mechanism(kfk::SaslMechanism::scram_sha_256)
                .oauthbearer_token_provider(never_called),
            "sasl.mechanism is 'SCRAM-SHA-256'");
        expect_config_error<kfk::Admin>(oauth_config<kfk::AdminConfig>()
                                            .set("sasl.mechanisms", "PLAIN")
                                            .oauthbearer_token_provider(never_called),
                                        "sasl.mechanism is 'PLAIN'");
    }
    SUBCASE("no SASL at all") {
        expect_config_error<kfk::Admin>(oauth_config<kfk::AdminConfig>()
                                            .security_protocol(kfk::SecurityProtocol::plaintext)
                                            .oauthbearer_token_provider(never_called),
                                        "security.protocol is 'plaintext'");
    }
    SUBCASE("librdkafka's unsecured JWT as well") {
        expect_config_error<kfk::BytesProducer>(
            oauth_config<kfk::ProducerConfig>()
                .set("enable.sasl.oauthbearer.unsecure.jwt", "true")
                .oauthbearer_token_provider(never_called),
            "enable.sasl.oauthbearer.unsecure.jwt=true");
    }
    SUBCASE("OIDC as well") {
        expect_config_error<kfk::BytesConsumer>(oauth_config<kfk::ConsumerConfig>()
                                                    .set("sasl.oauthbearer.method", "OIDC")
                                                    .oauthbearer_token_provider(never_called),
                                                "sasl.oauthbearer.method=oidc");
    }
    SUBCASE("unsecure.jwt=false and method=default are no conflict") {
        CHECK_NOTHROW(kfk::Admin{
            oauth_config<kfk::AdminConfig>()
                .set("enable.sasl.oauthbearer.unsecure.jwt", "false")
                .set("sasl.oauthbearer.method", "default")
                .oauthbearer_token_provider([](std::string_view) { return token_for("alice"); })});
    }
}

TEST_CASE("oauthbearer_token_provider runs on librdkafka's thread without anyone polling") {
    Seen seen;
    const auto provider = [&](std::string_view cfg) {
        seen.note_call(cfg);
        return token_for("alice");
    };
    const auto called_elsewhere = [&] {
        REQUIRE(seen.wait([&] { return seen.calls >= 1; }));
        std::lock_guard lock{seen.mu};
        CHECK(seen.thread != std::this_thread::get_id());
        CHECK(seen.config == "principal=alice scope=test");
    };

    SUBCASE("Admin") {
        kfk::Admin admin{oauth_config<kfk::AdminConfig>()
                             .set("sasl.oauthbearer.config", "principal=alice scope=test")
                             .oauthbearer_token_provider(provider)};
        called_elsewhere();
    }
    SUBCASE("producer, background delivery polling") {
        kfk::BytesProducer producer{
            oauth_config<kfk::ProducerConfig>()
                .set("sasl.oauthbearer.config", "principal=alice scope=test")
                .oauthbearer_token_provider(provider)};
        called_elsewhere();
    }
    SUBCASE("producer, manual delivery polling") {
        kfk::BytesProducer producer{
            oauth_config<kfk::ProducerConfig>()
                .delivery_polling(kfk::DeliveryPolling::manual)
                .set("sasl.oauthbearer.config", "principal=alice scope=test")
                .oauthbearer_token_provider(provider)};
        called_elsewhere();
    }
    SUBCASE("consumer") {
        kfk::BytesConsumer consumer{
            oauth_config<kfk::ConsumerConfig>()
                .group_id("oauth-unit")
                .set("sasl.oauthbearer.config", "principal=alice scope=test")
                .oauthbearer_token_provider(provider)};
        called_elsewhere();
        consumer.close(1s);
    }
}

// librdkafka 2.14.2 never frees the first token-refresh op of a client whose token provider
// fails (allocated in rd_kafka_new: rd_kafka_sasl_oauthbearer_init ->
// rd_kafka_oauthbearer_enqueue_token_refresh; 112 bytes per client). LeakSanitizer ignores what
// this thread allocates while such a client is constructed; every later allocation is checked.
template <class Make>
auto constructed_despite_librdkafka_leak(Make&& make) {
#if defined(__SANITIZE_ADDRESS__)
    struct Off {
        Off() { __lsan_disable(); }
        ~Off() { __lsan_enable(); }
        Off(const Off&) = delete;
        Off& operator=(const Off&) = delete;
    } off;
#endif
    return make();
}

TEST_CASE("a failing token provider reaches on_error, never the caller, never with the token") {
    Seen seen;
    std::vector<std::string> lines;
    std::mutex lines_mu;
    const std::string token_value = "eyJzZWNyZXQtdG9rZW4tdmFsdWU\x01";  // \x01: refused
    auto config = oauth_config<kfk::AdminConfig>()
                      .debug("security")
                      .log_sink([&](kfk::LogLevel, std::string_view, std::string_view,
                                    std::string_view message) {
                          std::lock_guard lock{lines_mu};
                          lines.emplace_back(message);
                      })
                      .on_error([&](const kfk::Error& e) { seen.note_error(e); });

    SUBCASE("the provider throws") {
        auto admin = constructed_despite_librdkafka_leak([&] {
            return kfk::Admin{
                config.oauthbearer_token_provider([&](std::string_view) -> kfk::OAuthBearerToken {
                    seen.note_call("");
                    throw std::runtime_error("identity provider unreachable");
                })};
        });
        REQUIRE(seen.wait([&] { return seen.error_containing("identity provider unreachable"); }));
        {
            std::lock_guard lock{seen.mu};
            CHECK(seen.error_containing("Failed to acquire SASL OAUTHBEARER token"));
            CHECK(seen.calls >= 1);
        }
        // Without any token the client cannot authenticate: waits end now, not at the timeout.
        const auto start = std::chrono::steady_clock::now();
        try {
            (void)admin.describe_cluster(60s);
            FAIL("describe_cluster returned");
        } catch (const kfk::AuthenticationError& e) {
            const std::string what = e.what();
            CAPTURE(what);
            CHECK(what.find("no credentials to offer") != std::string::npos);
            CHECK(what.find("identity provider unreachable") != std::string::npos);
        }
        CHECK(std::chrono::steady_clock::now() - start < 10s);
    }
    SUBCASE("the token has already expired") {
        auto admin = constructed_despite_librdkafka_leak([&] {
            return kfk::Admin{config.oauthbearer_token_provider(
                [&](std::string_view) { return token_for("alice", -5s); })};
        });
        REQUIRE(seen.wait([&] { return seen.error_containing("unexpired token"); }));
    }
    SUBCASE("librdkafka refuses the token: its message does not quote it") {
        auto admin = constructed_despite_librdkafka_leak([&] {
            return kfk::Admin{config.oauthbearer_token_provider([&](std::string_view) {
                auto t = token_for("alice");
                t.value = token_value;
                return t;
            })};
        });
        REQUIRE(seen.wait([&] { return seen.error_containing("librdkafka refused"); }));
        std::lock_guard lock{seen.mu};
        for (const auto& e : seen.errors) {
            CAPTURE(e);
            CHECK(e.find("eyJzZWNyZXQtdG9rZW4tdmFsdWU") == std::string::npos);
        }
    }
    SUBCASE("an invalid extension key") {
        auto admin = constructed_despite_librdkafka_leak([&] {
            return kfk::Admin{config.oauthbearer_token_provider([&](std::string_view) {
                auto t = token_for("alice");
                t.extensions = {{"auth", "x"}};
                return t;
            })};
        });
        REQUIRE(seen.wait([&] { return seen.error_containing("`auth`"); }));
    }
    std::lock_guard lock{lines_mu};
    for (const auto& l : lines) {
        CAPTURE(l);
        CHECK(l.find("eyJzZWNyZXQtdG9rZW4tdmFsdWU") == std::string::npos);
    }
}

TEST_CASE("set_sasl_credentials: only for SASL PLAIN and SCRAM") {
    SUBCASE("PLAIN and SCRAM clients take new credentials") {
        auto config = kfk::ProducerConfig{}
                          .bootstrap_servers(kNowhere)
                          .security_protocol(kfk::SecurityProtocol::sasl_plaintext)
                          .sasl_mechanism(kfk::SaslMechanism::scram_sha_512)
                          .sasl_username("alice")
                          .sasl_password("old-password")
                          .log_sink(kfk::null_log_sink());
        kfk::BytesProducer producer{config};
        CHECK_NOTHROW(producer.set_sasl_credentials("bob", "new-password"));
        kfk::Producer<std::string, std::string> typed{config};
        CHECK_NOTHROW(typed.set_sasl_credentials("bob", "new-password"));
        kfk::Consumer<std::string, std::string> consumer{
            kfk::ConsumerConfig{}
                .bootstrap_servers(kNowhere)
                .security_protocol(kfk::SecurityProtocol::sasl_ssl)
                .sasl_mechanism(kfk::SaslMechanism::plain)
                .sasl_username("alice")
                .sasl_password("old-password")
                .log_sink(kfk::null_log_sink())};
        CHECK_NOTHROW(consumer.set_sasl_credentials("bob", "new-password"));
        consumer.close(1s);
    }
    SUBCASE("OAUTHBEARER: UsageError") {
        kfk::Admin admin{oauth_config<kfk::AdminConfig>().oauthbearer_token_provider(
            [](std::string_view) { return token_for("alice"); })};
        try {
            admin.set_sasl_credentials("bob", "pw");
            FAIL("accepted");
        } catch (const kfk::UsageError& e) {
            CHECK(std::string{e.what()}.find("OAUTHBEARER") != std::string::npos);
        }
    }
    SUBCASE("no SASL: UsageError") {
        kfk::BytesConsumer consumer{
            kfk::ConsumerConfig{}.bootstrap_servers(kNowhere).log_sink(kfk::null_log_sink())};
        CHECK_THROWS_AS(consumer.set_sasl_credentials("bob", "pw"), kfk::UsageError);
        consumer.close(1s);
    }
}

TEST_CASE("CredentialWatch: no credentials to offer is a refusal until cleared") {
    kfk::detail::CredentialWatch w;
    w.note_no_credentials(kfk::Error{kfk::ErrorCode::authentication, "no OAUTHBEARER token"});
    bool no_credentials = false;
    REQUIRE(w.refusal(no_credentials).has_value());
    CHECK(no_credentials);
    // The same failure arriving as an error event replaces the message, not the verdict.
    w.note_refusal(kfk::Error{kfk::ErrorCode::authentication, "Failed to acquire a token"});
    REQUIRE(w.refusal(no_credentials).has_value());
    CHECK(no_credentials);
    CHECK(w.refusal()->message() == "Failed to acquire a token");
    w.clear();  // a token arrived
    CHECK_FALSE(w.refused());
}
