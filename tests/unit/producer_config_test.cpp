// Producer configuration: what librdkafka rejects fails construction with a ConfigError that
// names the key and librdkafka's reason; secrets never show in errors, dumps or logs.
#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "producer_test_support.hpp"

using namespace std::chrono_literals;
using kfk::BytesProducer;
using kfk::ProducerConfig;

namespace {

std::string config_error_of(const ProducerConfig& config) {
    try {
        BytesProducer producer{config};
    } catch (const kfk::ConfigError& e) {
        CHECK(e.code() == kfk::ErrorCode::invalid_arg);
        return e.what();
    }
    FAIL("no ConfigError for " << config.to_string());
    return {};
}

ProducerConfig quiet() {
    ProducerConfig config;
    config.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink());
    return config;
}

}  // namespace

TEST_CASE("producer config: a property librdkafka rejects throws ConfigError naming it") {
    SUBCASE("unknown key") {
        const auto what = config_error_of(quiet().set("no.such.property", "1"));
        INFO(what);
        CHECK(what.find("'no.such.property'") != std::string::npos);
        CHECK(what.find("No such configuration property") != std::string::npos);
    }
    SUBCASE("invalid value") {
        const auto what = config_error_of(quiet().set("acks", "banana"));
        INFO(what);
        CHECK(what.find("'acks'='banana'") != std::string::npos);
        CHECK(what.find("Invalid value") != std::string::npos);
    }
    SUBCASE("out of range") {
        const auto what = config_error_of(quiet().set("linger.ms", "-5"));
        INFO(what);
        CHECK(what.find("'linger.ms'") != std::string::npos);
    }
    SUBCASE("a combination librdkafka refuses when creating the client") {
        const auto what = config_error_of(quiet().idempotence(true).acks(kfk::Acks::leader));
        INFO(what);
        CHECK(what.find("acks") != std::string::npos);
        CHECK(what.find("enable.idempotence") != std::string::npos);
    }
}

TEST_CASE("producer config: the acks helper keeps idempotence consistent, like Java") {
    auto config = ProducerConfig{};
    CHECK(config.get("acks") == "all");
    CHECK(config.get("enable.idempotence") == "true");
    CHECK(config.get("partitioner") == "murmur2_random");
    config.acks(kfk::Acks::leader);
    CHECK(config.get("acks") == "1");
    CHECK(config.get("enable.idempotence") == "false");
    config.acks(kfk::Acks::none);
    CHECK(config.get("acks") == "0");
    // Both build a working producer.
    BytesProducer none{quiet().acks(kfk::Acks::none)};
    BytesProducer all{quiet().acks(kfk::Acks::all)};
}

TEST_CASE("producer config: secret values never appear in ConfigError messages") {
    const std::string secret = "hunter2-Zq9";
    SUBCASE("an unknown secret-looking key") {
        const auto what = config_error_of(quiet().set("my.app.password", secret));
        INFO(what);
        CHECK(what.find("'my.app.password'") != std::string::npos);
        CHECK(what.find("[redacted]") != std::string::npos);
        CHECK(what.find(secret) == std::string::npos);
    }
    SUBCASE("a secret value librdkafka refuses when creating the client") {
        const auto what = config_error_of(quiet()
                                              .security_protocol(kfk::SecurityProtocol::ssl)
                                              .set("ssl.key.pem", "not a PEM key " + secret));
        INFO(what);
        CHECK(what.find("ssl.key.pem") != std::string::npos);
        CHECK(what.find(secret) == std::string::npos);
    }
}

TEST_CASE("producer config: a secret librdkafka echoes in an error or log line is scrubbed") {
    // The unsecured-JWT token handler quotes the part of sasl.oauthbearer.config it does not
    // understand when it fails (on librdkafka's background thread, after construction).
    const std::string secret = "hunter3-Wx5";
    kfk_unit::LogCapture logs;
    std::mutex mu;
    std::vector<std::string> errors;
    auto config = ProducerConfig{};
    config.bootstrap_servers("127.0.0.1:1")
        .security_protocol(kfk::SecurityProtocol::sasl_plaintext)
        .sasl_mechanism(kfk::SaslMechanism::oauthbearer)
        .set("enable.sasl.oauthbearer.unsecure.jwt", "true")
        .set("sasl.oauthbearer.config", "principal=alice bogus=" + secret)
        .log_sink(logs.sink())
        .on_error([&](const kfk::Error& e) {
            std::lock_guard lock{mu};
            errors.push_back(e.to_string());
        });
    BytesProducer producer{config};
    const auto mentions_config = [](const std::string& s) {
        return s.find("sasl.oauthbearer.config") != std::string::npos &&
               s.find("[redacted]") != std::string::npos;
    };
    CHECK(kfk_unit::eventually_true(
        [&] {
            std::lock_guard lock{mu};
            for (const auto& e : errors) {
                if (mentions_config(e)) return true;
            }
            for (const auto& l : logs.snapshot()) {
                if (mentions_config(l)) return true;
            }
            return false;
        },
        10s));
    producer.close(0ms);
    std::lock_guard lock{mu};
    for (const auto& e : errors) CHECK_MESSAGE(e.find(secret) == std::string::npos, e);
    for (const auto& l : logs.snapshot()) CHECK_MESSAGE(l.find(secret) == std::string::npos, l);
}

TEST_CASE("producer config: dump() and to_string() redact secrets, keep the rest") {
    auto config = ProducerConfig{};
    config.bootstrap_servers("b:9092")
        .sasl_username("alice")
        .sasl_password("pw-1")
        .ssl_key_password("pw-2")
        .set("sasl.oauthbearer.client.secret", "pw-3")
        .set("ssl.key.pem", "pw-4")
        .set("sasl.oauthbearer.config", "pw-5")
        .set("ssl.keystore.password", "pw-6")
        .set("sasl.oauthbearer.assertion.private.key.passphrase", "pw-7");
    for (const auto& [key, value] : config.dump()) {
        CAPTURE(key);
        CHECK(value.find("pw-") == std::string::npos);
        if (kfk::ConfigBase::is_secret(key)) CHECK(value == "[redacted]");
    }
    const auto text = config.to_string();
    INFO(text);
    CHECK(text.find("pw-") == std::string::npos);
    CHECK(text.find("bootstrap.servers=b:9092") != std::string::npos);
    CHECK(text.find("sasl.username=alice") != std::string::npos);
    CHECK(text.find("sasl.password=[redacted]") != std::string::npos);
    // The program itself can still read its own secrets.
    CHECK(config.get("sasl.password") == "pw-1");
    CHECK_FALSE(kfk::ConfigBase::is_secret("bootstrap.servers"));
    CHECK_FALSE(kfk::ConfigBase::is_secret("ssl.certificate.location"));
}

TEST_CASE("producer config: log lines never carry a secret value") {
    const std::string secret = "s3cr3t-Kq7";
    kfk_unit::LogCapture logs;
    {
        auto config = ProducerConfig{};
        // client.id deliberately contains the secret: librdkafka prints it in the client name
        // and in the configuration dump below.
        config.bootstrap_servers("127.0.0.1:1")
            .client_id("app-" + secret)
            .sasl_username("alice")
            .sasl_password(secret)
            .debug("conf,generic")
            .log_sink(logs.sink());
        BytesProducer producer{config};
        producer.close(0ms);
    }
    const auto lines = logs.snapshot();
    REQUIRE_FALSE(lines.empty());
    bool saw_redacted = false;
    for (const auto& line : lines) {
        CHECK_MESSAGE(line.find(secret) == std::string::npos, line);
        saw_redacted = saw_redacted || line.find("app-[redacted]") != std::string::npos;
    }
    CHECK(saw_redacted);  // the scrubbed lines were there
}

TEST_CASE("a moved-from producer, consumer or admin refuses use with UsageError, closes quietly") {
    kfk::BytesProducer producer{
        kfk::ProducerConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    kfk::BytesProducer moved_to{std::move(producer)};
    // NOLINTBEGIN(bugprone-use-after-move): what a moved-from object does is the point here
    CHECK_THROWS_AS(producer.send({.topic = "t", .value = "v"}), kfk::UsageError);
    CHECK_THROWS_AS(producer.produce({.topic = "t", .value = "v"}), kfk::UsageError);
    CHECK_THROWS_AS(producer.flush(std::chrono::milliseconds{0}), kfk::UsageError);
    CHECK_THROWS_AS(producer.begin_transaction(), kfk::UsageError);
    CHECK(producer.native_handle() == nullptr);
    CHECK_NOTHROW(producer.close());

    kfk::BytesConsumer consumer{
        kfk::ConsumerConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    kfk::BytesConsumer consumer_moved_to{std::move(consumer)};
    CHECK_THROWS_AS(consumer.poll(std::chrono::milliseconds{0}), kfk::UsageError);
    CHECK_THROWS_AS(consumer.commit_sync(), kfk::UsageError);
    CHECK_THROWS_AS((void)consumer.assignment(), kfk::UsageError);
    CHECK_NOTHROW(consumer.wakeup());
    CHECK(consumer.closed());
    CHECK_NOTHROW(consumer.close());

    kfk::Admin admin{
        kfk::AdminConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    kfk::Admin admin_moved_to{std::move(admin)};
    CHECK_THROWS_AS((void)admin.list_topics(std::chrono::milliseconds{100}), kfk::UsageError);
    CHECK_THROWS_AS((void)admin.name(), kfk::UsageError);
    // NOLINTEND(bugprone-use-after-move)
    moved_to.close(std::chrono::milliseconds{0});
    consumer_moved_to.close(std::chrono::milliseconds{0});
}
