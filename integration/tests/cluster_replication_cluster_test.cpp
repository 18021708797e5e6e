// Replication on the 3-node harness cluster: a topic with replication factor 3 has three
// in-sync replicas; killing one broker (SIGKILL) drops it from every ISR; restarting it
// (same data, no reformat) brings it back.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;

namespace {

kfk::TopicDescription describe(kfk::Admin& admin, const std::string& topic) {
    auto d = admin.describe_topics({topic}, 10s);
    REQUIRE(d.size() == 1);
    return d[0];
}

bool every_isr_is(kfk::Admin& admin, const std::string& topic, std::size_t size,
                  int excluded_node = -1) {
    const auto d = describe(admin, topic);
    if (d.error || d.partitions.empty()) return false;
    return std::all_of(d.partitions.begin(), d.partitions.end(), [&](const kfk::PartitionInfo& p) {
        const bool excluded =
            std::find(p.isr.begin(), p.isr.end(), excluded_node) == p.isr.end();
        return p.isr.size() == size && (excluded_node < 0 || excluded) && p.leader >= 0;
    });
}

// For failure messages: never throws (it runs while a failure is being reported).
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

}  // namespace

TEST_CASE("a killed broker leaves the ISR and rejoins after a restart") {
    const auto bootstrap = kfk_test::bootstrap();
    const auto topic = kfk_test::unique_name("replicated");
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};
    auto created = admin.create_topics({{topic, 3, 3, {{"min.insync.replicas", "2"}}}}, 30s);
    REQUIRE_MESSAGE(created.at(0).ok(), created.at(0).error.to_string());

    REQUIRE_MESSAGE(kfk_test::eventually([&] { return every_isr_is(admin, topic, 3); }, 30s),
                    isr_summary(admin, topic));
    for (const auto& p : describe(admin, topic).partitions) CHECK(p.replicas.size() == 3);

    // acks=all writes succeed with the full ISR.
    kfk::Producer<std::string, std::string> producer{
        kfk::ProducerConfig{}.bootstrap_servers(bootstrap).delivery_timeout(60s)};
    auto before = producer.send_sync(topic, "k", "before", 30s);
    REQUIRE_MESSAGE(before.ok(), before.error.to_string());

    const int victim = 2;
    REQUIRE(kfk_test::harness({"kill-node", std::to_string(victim), "--signal", "KILL"}) == 0);
    CHECK_MESSAGE(
        kfk_test::eventually([&] { return every_isr_is(admin, topic, 2, victim); }, 60s),
        isr_summary(admin, topic));

    // With 2 of 3 in sync and min.insync.replicas=2, acks=all still succeeds.
    auto during = producer.send_sync(topic, "k", "during", 30s);
    CHECK_MESSAGE(during.ok(), during.error.to_string());

    REQUIRE(kfk_test::harness({"start-node", std::to_string(victim)}) == 0);
    CHECK_MESSAGE(kfk_test::eventually([&] { return every_isr_is(admin, topic, 3); }, 90s),
                  isr_summary(admin, topic));
    producer.close(10s);
}
