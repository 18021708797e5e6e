// SCRAM-SHA-512 over SASL_SSL on the 3-node harness cluster (kafka.sh start --nodes 3 --secure)
// while a broker is killed: a producer and a group consumer authenticated as admin keep working
// when node 2 dies (SIGKILL) and comes back, reconnecting and re-authenticating to the other
// brokers (new partition leaders, a new group coordinator), with nothing lost.
#include <doctest/doctest.h>

#include <algorithm>
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

constexpr int kVictim = 2;
constexpr int kBatch = 30;

template <class Config>
Config configured(const kfk_test::SecureClient& client) {
    Config config;
    for (const auto& [key, value] : client.sdk_properties()) config.set(key, value);
    return config;
}

bool every_isr_is(kfk::Admin& admin, const std::string& topic, std::size_t size) {
    const auto d = admin.describe_topics({topic}, 10s);
    if (d.size() != 1 || d[0].error || d[0].partitions.empty()) return false;
    return std::all_of(
        d[0].partitions.begin(), d[0].partitions.end(), [&](const kfk::PartitionInfo& p) {
            return p.isr.size() == size && p.leader >= 0 &&
                   (size == 3 || std::find(p.isr.begin(), p.isr.end(), kVictim) == p.isr.end());
        });
}

// For failure messages: never throws.
std::string isr_summary(kfk::Admin& admin, const std::string& topic) {
    try {
        std::string s;
        for (const auto& p : admin.describe_topics({topic}, 10s).at(0).partitions) {
            s += "p" + std::to_string(p.id) + " leader " + std::to_string(p.leader) + " isr [";
            for (auto r : p.isr) s += std::to_string(r) + " ";
            s += "] ";
        }
        return s;
    } catch (const std::exception& e) {
        return std::string{"(describe failed: "} + e.what() + ")";
    }
}

void produce_batch(kfk::BytesProducer& producer, const std::string& topic, const std::string& tag,
                   std::set<std::string>& sent) {
    std::vector<std::future<kfk::DeliveryReport>> pending;
    for (int i = 0; i < kBatch; ++i) {
        const std::string value = tag + "-" + std::to_string(i);
        sent.insert(value);
        pending.push_back(producer.send({.topic = topic, .key = value, .value = value}));
    }
    for (auto& f : pending) {
        REQUIRE(f.wait_for(90s) == std::future_status::ready);
        const auto report = f.get();
        REQUIRE_MESSAGE(report.ok(), tag << ": " << report.error.to_string());
    }
}

// Polls until every value in `want` was received (duplicates are fine: at-least-once).
void consume_until(kfk::BytesConsumer& consumer, const std::set<std::string>& want,
                   std::set<std::string>& got, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!std::includes(got.begin(), got.end(), want.begin(), want.end()) &&
           std::chrono::steady_clock::now() < deadline) {
        auto msg = consumer.poll(200ms);
        if (!msg || msg->is_partition_eof()) continue;
        // Transport errors while a broker is down are expected and retried by librdkafka;
        // authentication or authorization errors are not.
        if (msg->is_error()) {
            const auto text = msg->error().to_string();
            REQUIRE_MESSAGE(text.find("uthenticat") == std::string::npos, text);
            REQUIRE_MESSAGE(text.find("uthoriz") == std::string::npos, text);
            MESSAGE("consumer event (retried): " << text);
            continue;
        }
        if (msg->value()) got.insert(std::string{*msg->value()});
    }
    std::size_t missing = 0;
    for (const auto& v : want) missing += got.count(v) == 0;
    REQUIRE_MESSAGE(missing == 0, missing << " of " << want.size() << " records not consumed");
}

}  // namespace

TEST_CASE("SASL_SSL/SCRAM-SHA-512 produce and consume while a broker is killed and restarted") {
    const auto client = kfk_test::secure_client(Security::sasl_ssl_scram_sha_512, "admin");
    INFO("client: ", client.description, " at ", client.bootstrap);
    const auto topic = kfk_test::unique_name("secure-failover");

    kfk::Admin admin{configured<kfk::AdminConfig>(client)};
    auto created = admin.create_topics({{topic, 3, 3, {{"min.insync.replicas", "2"}}}}, 30s);
    REQUIRE_MESSAGE(created.at(0).ok(), created.at(0).error.to_string());
    REQUIRE_MESSAGE(kfk_test::eventually([&] { return every_isr_is(admin, topic, 3); }, 60s),
                    isr_summary(admin, topic));

    kfk::BytesProducer producer{
        configured<kfk::ProducerConfig>(client).linger(5ms).delivery_timeout(90s)};
    kfk::BytesConsumer consumer{configured<kfk::ConsumerConfig>(client)
                                    .group_id(kfk_test::unique_name("secure-failover-g"))
                                    .auto_offset_reset(kfk::OffsetReset::earliest)};
    consumer.subscribe({topic});

    std::set<std::string> sent, got;
    produce_batch(producer, topic, "before", sent);
    consume_until(consumer, sent, got, 90s);

    REQUIRE(kfk_test::harness({"kill-node", std::to_string(kVictim), "--signal", "KILL"}) == 0);
    CHECK_MESSAGE(kfk_test::eventually([&] { return every_isr_is(admin, topic, 2); }, 60s),
                  isr_summary(admin, topic));
    // acks=all with 2 of 3 in sync (min.insync.replicas=2).
    produce_batch(producer, topic, "during", sent);
    consume_until(consumer, sent, got, 120s);

    REQUIRE(kfk_test::harness({"start-node", std::to_string(kVictim)}) == 0);
    CHECK_MESSAGE(kfk_test::eventually([&] { return every_isr_is(admin, topic, 3); }, 120s),
                  isr_summary(admin, topic));
    produce_batch(producer, topic, "after", sent);
    consume_until(consumer, sent, got, 90s);

    CHECK(got == sent);
    producer.close(10s);
    consumer.close(10s);
}
