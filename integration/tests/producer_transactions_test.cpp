// Transactions against the real broker: what read_committed and read_uncommitted consumers see
// after commit and abort, consumer offsets committed only with the transaction, and fencing by
// a newer producer with the same transactional.id.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "producer_it_support.hpp"

using namespace std::chrono_literals;
using kfk::DeliveryReport;
using kfk_producer_it::describe;
using kfk_producer_it::new_topic;
using kfk_producer_it::producer_config;
using kfk_producer_it::read_all;

namespace {

kfk::ProducerConfig transactional(const std::string& id) {
    return producer_config().transactional_id(id).transaction_timeout(30s);
}

void send_all(kfk::BytesProducer& producer, const std::string& topic,
              const std::vector<std::string>& values) {
    std::vector<std::future<DeliveryReport>> futures;
    for (const auto& v : values) futures.push_back(producer.send({.topic = topic, .value = v}));
    REQUIRE_FALSE(producer.flush(30s));
    for (auto& f : futures) {
        const auto r = f.get();
        INFO(describe(r));
        REQUIRE(r.ok());
    }
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

std::multiset<std::string> values_of(const std::vector<kfk_producer_it::Record>& records) {
    std::multiset<std::string> out;
    for (const auto& r : records) out.insert(r.value.value_or("<null>"));
    return out;
}

}  // namespace

TEST_CASE("transactions: read_committed sees committed records only, read_uncommitted all") {
    const auto topic = new_topic("p-txn", 2);
    kfk::BytesProducer producer{transactional(kfk_test::unique_name("txn"))};
    producer.init_transactions(60s);

    const auto first = numbered("committed-a-", 5);
    const auto aborted = numbered("aborted-", 5);
    const auto second = numbered("committed-b-", 5);
    producer.begin_transaction();
    send_all(producer, topic, first);
    producer.commit_transaction(30s);

    producer.begin_transaction();
    send_all(producer, topic, aborted);
    producer.abort_transaction(30s);

    producer.begin_transaction();
    send_all(producer, topic, second);
    producer.commit_transaction(30s);
    producer.close();

    std::multiset<std::string> committed(first.begin(), first.end());
    committed.insert(second.begin(), second.end());
    std::multiset<std::string> everything = committed;
    everything.insert(aborted.begin(), aborted.end());

    CHECK(values_of(read_all(topic, 2, committed.size(), kfk::IsolationLevel::read_committed)) ==
          committed);
    CHECK(values_of(read_all(topic, 2, everything.size(), kfk::IsolationLevel::read_uncommitted)) ==
          everything);
}

TEST_CASE("transactions: an open transaction is invisible to read_committed until commit") {
    const auto topic = new_topic("p-txn-open", 1);
    kfk::BytesProducer producer{transactional(kfk_test::unique_name("txn-open"))};
    producer.init_transactions(60s);
    producer.begin_transaction();
    send_all(producer, topic, numbered("pending-", 3));
    // Delivered (persisted) but not committed yet.
    CHECK(read_all(topic, 1, 0, kfk::IsolationLevel::read_committed, 10s).empty());
    CHECK(read_all(topic, 1, 3, kfk::IsolationLevel::read_uncommitted).size() == 3);
    producer.commit_transaction(30s);
    CHECK(read_all(topic, 1, 3, kfk::IsolationLevel::read_committed).size() == 3);
}

TEST_CASE("transactions: send_offsets_to_transaction commits the group's offsets only on commit") {
    const auto input = new_topic("p-txn-in", 1);
    const auto output = new_topic("p-txn-out", 1);
    const auto group = kfk_test::unique_name("p-txn-group");
    {
        kfk::BytesProducer seed{producer_config()};
        send_all(seed, input, numbered("in-", 10));
    }
    kfk::BytesConsumer consumer{kfk::ConsumerConfig{}
                                    .bootstrap_servers(kfk_test::bootstrap())
                                    .group_id(group)
                                    .enable_auto_commit(false)
                                    .auto_offset_reset(kfk::OffsetReset::earliest)
                                    .log_sink(kfk_producer_it::warning_sink())};
    consumer.subscribe({input});
    std::vector<kfk::Message> consumed;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (consumed.size() < 10 && std::chrono::steady_clock::now() < deadline) {
        if (auto m = consumer.poll(200ms); m && !m->is_error() && !m->is_partition_eof()) {
            consumed.push_back(std::move(*m));
        }
    }
    REQUIRE(consumed.size() == 10);
    const kfk::TopicPartitions partition{{input, 0}};
    const auto committed_offset = [&] {
        const auto c = consumer.committed(partition, 30s);
        REQUIRE(c.size() == 1);
        return c[0].offset;
    };
    REQUIRE(committed_offset() == kfk::offset::invalid);

    kfk::BytesProducer producer{transactional(kfk_test::unique_name("txn-offsets"))};
    producer.init_transactions(60s);

    // Aborted: output discarded, offsets not committed.
    producer.begin_transaction();
    send_all(producer, output, numbered("out-aborted-", 5));
    producer.send_offsets_to_transaction({{input, 0, 5}}, consumer.group_metadata(), 30s);
    producer.abort_transaction(30s);
    CHECK(committed_offset() == kfk::offset::invalid);

    // Committed: both at once.
    producer.begin_transaction();
    send_all(producer, output, numbered("out-", 10));
    producer.send_offsets_to_transaction({{input, 0, 10}}, consumer.group_metadata(), 30s);
    producer.commit_transaction(30s);
    CHECK(committed_offset() == 10);
    const auto out = values_of(read_all(output, 1, 10, kfk::IsolationLevel::read_committed));
    const auto expected = numbered("out-", 10);
    CHECK(out == std::multiset<std::string>(expected.begin(), expected.end()));
    producer.close();
    consumer.close();
}

TEST_CASE("transactions: a producer fenced by a newer instance fails with a fatal error") {
    const auto topic = new_topic("p-txn-fence", 1);
    const auto id = kfk_test::unique_name("txn-fence");
    kfk::BytesProducer old_instance{transactional(id)};
    old_instance.init_transactions(60s);
    old_instance.begin_transaction();
    send_all(old_instance, topic, numbered("old-", 3));

    // A new instance with the same transactional.id takes over (aborting the open transaction).
    kfk::BytesProducer new_instance{transactional(id)};
    new_instance.init_transactions(60s);

    bool threw_fatal = false;
    try {
        (void)old_instance.send_sync({.topic = topic, .value = "after fencing"}, 30s);
        old_instance.commit_transaction(30s);
    } catch (const kfk::FatalError& e) {
        threw_fatal = true;
        MESSAGE("old instance: " << std::string{e.what()});
        CHECK(e.error().is_fatal());
    }
    CHECK(threw_fatal);
    const kfk::Error fatal = old_instance.fatal_error();
    INFO(fatal.to_string());
    CHECK(fatal.is_fatal());
    // librdkafka reports the broker's PRODUCER_FENCED / INVALID_PRODUCER_EPOCH as its own
    // _FENCED.
    CHECK((fatal.code() == kfk::ErrorCode::fenced ||
           fatal.code() == kfk::ErrorCode::producer_fenced ||
           fatal.code() == kfk::ErrorCode::invalid_producer_epoch));
    // Every later send is refused with the fatal error.
    const auto refused = old_instance.send_sync({.topic = topic, .value = "x"}, 10s);
    INFO(describe(refused));
    CHECK(refused.error.is_fatal());
    old_instance.close(5s);

    // The new instance works, and nothing of the fenced one was committed.
    new_instance.begin_transaction();
    send_all(new_instance, topic, numbered("new-", 2));
    new_instance.commit_transaction(30s);
    const auto seen = values_of(read_all(topic, 1, 2, kfk::IsolationLevel::read_committed));
    CHECK(seen == std::multiset<std::string>{"new-0", "new-1"});
}
