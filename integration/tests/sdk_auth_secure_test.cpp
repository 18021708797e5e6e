// The SDK's clients over each secured listener of the harness broker (kafka.sh start --secure),
// authenticated as the super user admin: Admin creates and describes a topic, BytesProducer
// writes records, BytesConsumer reads them back. The settings go through
// kfk::ClientConfig::set() with librdkafka's property names, as an application would pass them.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;
using kfk_test::Security;

namespace {

constexpr int kRecords = 20;
constexpr int kPartitions = 2;

template <class Config>
Config configured(const kfk_test::SecureClient& client) {
    Config config;
    for (const auto& [key, value] : client.sdk_properties()) config.set(key, value);
    return config;
}

void round_trip(Security security) {
    const auto client = kfk_test::secure_client(security, "admin");
    INFO("client: ", client.description, " at ", client.bootstrap);
    const auto topic = kfk_test::unique_name("secure-sdk");

    {
        kfk::Admin admin{configured<kfk::AdminConfig>(client)};
        auto created = admin.create_topics({{topic, kPartitions, 1, {}}}, 30s);
        REQUIRE(created.size() == 1);
        REQUIRE_MESSAGE(created[0].ok(), created[0].error.to_string());
        // The broker applies the new topic to its metadata asynchronously.
        std::vector<kfk::TopicDescription> described;
        REQUIRE(kfk_test::eventually([&] {
            described = admin.describe_topics({topic}, 10s);
            return described.size() == 1 && !described[0].error;
        }));
        CHECK(described[0].name == topic);
        CHECK(described[0].partitions.size() == kPartitions);
        for (const auto& p : described[0].partitions) CHECK(p.leader >= 0);
    }

    std::set<std::string> sent;
    {
        kfk::BytesProducer producer{configured<kfk::ProducerConfig>(client).linger(5ms)};
        std::vector<std::future<kfk::DeliveryReport>> pending;
        for (int i = 0; i < kRecords; ++i) {
            const std::string key = "k" + std::to_string(i);
            const std::string value = "v" + std::to_string(i);
            sent.insert(value);
            pending.push_back(producer.send({.topic = topic, .key = key, .value = value}));
        }
        for (auto& f : pending) {
            REQUIRE(f.wait_for(60s) == std::future_status::ready);
            const auto report = f.get();
            REQUIRE_MESSAGE(report.ok(), report.error.to_string());
            CHECK(report.status == kfk::PersistedStatus::persisted);
        }
        producer.close(10s);
    }

    kfk::BytesConsumer consumer{
        configured<kfk::ConsumerConfig>(client).group_id(kfk_test::unique_name("secure-sdk-g"))};
    consumer.assign({{topic, 0, kfk::offset::beginning}, {topic, 1, kfk::offset::beginning}});
    std::set<std::string> received;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (received.size() < sent.size() && std::chrono::steady_clock::now() < deadline) {
        auto msg = consumer.poll(200ms);
        if (!msg) continue;
        REQUIRE_MESSAGE(!msg->is_error(), msg->error().to_string());
        if (msg->is_partition_eof()) continue;
        REQUIRE(msg->value());
        received.insert(std::string{*msg->value()});
    }
    CHECK_MESSAGE(received == sent, "received " << received.size() << " of " << sent.size());
    consumer.close(10s);
}

}  // namespace

TEST_CASE("SDK over SSL (server authentication only)") {
    round_trip(Security::ssl);
}
TEST_CASE("SDK over SSL with a client certificate (mTLS)") {
    round_trip(Security::mtls);
}
TEST_CASE("SDK over SASL_PLAINTEXT with PLAIN") {
    round_trip(Security::sasl_plain);
}
TEST_CASE("SDK over SASL_PLAINTEXT with SCRAM-SHA-256") {
    round_trip(Security::scram_sha_256);
}
TEST_CASE("SDK over SASL_PLAINTEXT with SCRAM-SHA-512") {
    round_trip(Security::scram_sha_512);
}
TEST_CASE("SDK over SASL_SSL with SCRAM-SHA-512") {
    round_trip(Security::sasl_ssl_scram_sha_512);
}
TEST_CASE("SDK over SASL_PLAINTEXT with OAUTHBEARER (unsecured JWT)") {
    round_trip(Security::oauthbearer);
}
