// The first end-to-end slice: a real broker, a 3-partition topic, 1,000 keyed records out and
// back in. Keys must stay on one partition each and every partition must keep send order.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;

namespace {

constexpr int record_count = 1000;
constexpr int key_count = 37;

void create_topic(const std::string& bootstrap, const std::string& topic, int partitions) {
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};
    auto results = admin.create_topics({{topic, partitions, 1, {}}}, 30s);
    REQUIRE(results.size() == 1);
    REQUIRE_MESSAGE(results[0].ok(), results[0].error.to_string());
}

}  // namespace

TEST_CASE("1,000 keyed records round trip with per-key partitions and per-partition order") {
    const auto bootstrap = kfk_test::bootstrap();
    const auto topic = kfk_test::unique_name("slice");
    create_topic(bootstrap, topic, 3);

    // Produce: key k-N, value "N" (the send sequence number).
    std::map<int, std::string> key_of_seq;
    {
        kfk::Producer<std::string, std::string> producer{
            kfk::ProducerConfig{}.bootstrap_servers(bootstrap).linger(5ms)};
        std::vector<std::future<kfk::DeliveryReport>> pending;
        for (int seq = 0; seq < record_count; ++seq) {
            key_of_seq[seq] = "k-" + std::to_string(seq % key_count);
            pending.push_back(producer.send(topic, key_of_seq[seq], std::to_string(seq)));
        }
        for (auto& f : pending) {
            auto report = f.get();
            REQUIRE_MESSAGE(report.ok(), report.error.to_string());
            CHECK(report.status == kfk::PersistedStatus::persisted);
            CHECK(report.topic == topic);
            CHECK(report.offset >= 0);
        }
        producer.close(10s);
    }

    // Consume everything back from the beginning of all three partitions.
    kfk::Consumer<std::string, std::string> consumer{
        kfk::ConsumerConfig{}.bootstrap_servers(bootstrap).group_id(kfk_test::unique_name("slice-g"))};
    consumer.assign({{topic, 0, kfk::offset::beginning},
                     {topic, 1, kfk::offset::beginning},
                     {topic, 2, kfk::offset::beginning}});
    std::map<std::string, std::set<int>> partitions_of_key;
    std::map<int, std::vector<int>> seqs_by_partition;
    int received = 0;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (received < record_count && std::chrono::steady_clock::now() < deadline) {
        auto rec = consumer.poll(500ms);
        if (!rec) continue;
        REQUIRE_MESSAGE(!rec->is_error(), rec->error().to_string());
        REQUIRE(rec->key());
        REQUIRE(rec->value());
        partitions_of_key[*rec->key()].insert(rec->partition());
        seqs_by_partition[rec->partition()].push_back(std::stoi(*rec->value()));
        ++received;
    }
    REQUIRE_MESSAGE(received == record_count, "received " << received << " of " << record_count);

    for (const auto& [key, partitions] : partitions_of_key) {
        CHECK_MESSAGE(partitions.size() == 1, "key " << key << " landed on " << partitions.size()
                                                     << " partitions");
    }
    CHECK(partitions_of_key.size() == key_count);
    CHECK_MESSAGE(seqs_by_partition.size() == 3, "keys should spread over all 3 partitions");
    for (const auto& [partition, seqs] : seqs_by_partition) {
        for (std::size_t i = 1; i < seqs.size(); ++i) {
            REQUIRE_MESSAGE(seqs[i - 1] < seqs[i], "partition " << partition << " out of order at "
                                                                << i << ": " << seqs[i - 1]
                                                                << " then " << seqs[i]);
        }
    }
    consumer.close(10s);
}
