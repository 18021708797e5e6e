// Issue 8 point 1 on the real broker: after reading a transactional topic to the end, every
// commit model commits the position after the commit marker, so the group's lag is 0 in kfk
// and in Kafka's own ConsumerGroupCommand (the Java console consumer commits the same).
#include "consumer_it_support.hpp"

using namespace kfk_consumer_it;

namespace {

constexpr int records = 10;

// `records` values in one committed transaction into partition 0: offsets 0..9 plus the
// commit marker at 10, so the log end is 11.
void produce_transaction(const std::string& topic) {
    kfk::BytesProducer producer{kfk::ProducerConfig{}
                                    .bootstrap_servers(kfk_test::bootstrap())
                                    .transactional_id(kfk_test::unique_name("lag-txn"))
                                    .transaction_timeout(30s)
                                    .log_sink(warning_sink())};
    producer.init_transactions(60s);
    producer.begin_transaction();
    for (int i = 0; i < records; ++i) {
        const std::string value = "v" + std::to_string(i);
        (void)producer.send(kfk::RawRecord{.topic = topic, .value = value, .partition = 0});
    }
    producer.commit_transaction(60s);
    producer.close();
}

enum class Model { auto_commit, commit_sync, batch_commit_async };

const char* name_of(Model m) {
    switch (m) {
        case Model::auto_commit:
            return "auto commit + close()";
        case Model::commit_sync:
            return "manual commit_sync()";
        case Model::batch_commit_async:
            return "poll_batch() + commit_async()";
    }
    return "?";
}

// Reads the whole topic in group `group` with `model`, then commits as the model does.
void consume_to_end(const std::string& topic, const std::string& group, Model model) {
    auto c = config(group).isolation_level(kfk::IsolationLevel::read_committed);
    c.set("enable.partition.eof", "true");
    if (model != Model::auto_commit) c.enable_auto_commit(false);
    kfk::BytesConsumer consumer{c};
    consumer.subscribe({topic});
    int read = 0;
    bool eof = false;
    const auto deadline = Clock::now() + 60s;
    std::vector<kfk::Message> batch;
    while (!(eof && read == records) && Clock::now() < deadline) {
        if (model == Model::batch_commit_async) {
            consumer.poll_batch(batch, 100, 100ms);
        } else {
            batch.clear();
            if (auto m = consumer.poll(100ms)) batch.push_back(std::move(*m));
        }
        for (const auto& m : batch) {
            REQUIRE_MESSAGE(!m.is_error(), m.error().to_string());
            if (m.is_partition_eof()) {
                eof = read == records;
            } else {
                ++read;
            }
        }
    }
    REQUIRE_MESSAGE(read == records, "read " << read << " of " << records);
    REQUIRE(eof);
    // Lag as the consumer itself sees it.
    const auto own = kfk::consumer_lag(consumer, 10s);
    REQUIRE(own.size() == 1);
    CHECK_MESSAGE(own[0].lag == std::optional<std::int64_t>{0},
                  "position " << own[0].position.value_or(-1) << ", log end " << own[0].log_end);
    if (model == Model::commit_sync) consumer.commit_sync(10s);
    if (model == Model::batch_commit_async) {
        bool done = false;
        kfk::Error result;
        consumer.commit_async([&](const kfk::Error& e, const kfk::TopicPartitionOffsets&) {
            done = true;
            result = e;
        });
        for (const auto until = Clock::now() + 30s; !done && Clock::now() < until;) {
            (void)consumer.poll(100ms);
        }
        REQUIRE(done);
        REQUIRE_MESSAGE(!result, result.to_string());
    }
    consumer.close(30s);
}

// CURRENT-OFFSET/LOG-END-OFFSET/LAG of ConsumerGroupCommand for partition 0 of `topic`.
std::string lag_by_kafka_tool(const std::string& group, const std::string& topic) {
    const auto o = offsets_by_kafka_tool(group, topic);
    return o ? o->current + "/" + o->log_end + "/" + o->lag : "";
}

}  // namespace

TEST_CASE("a fully read transactional topic has lag 0 in every commit model") {
    const auto topic = new_topic("txn-lag", 1);
    produce_transaction(topic);
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(kfk_test::bootstrap())};
    for (Model model : {Model::auto_commit, Model::commit_sync, Model::batch_commit_async}) {
        CAPTURE(name_of(model));
        const auto group = kfk_test::unique_name("txn-lag-g");
        consume_to_end(topic, group, model);
        const auto lag = admin.group_lag(group, 30s);
        REQUIRE(lag.partitions.size() == 1);
        const auto& p = lag.partitions[0];
        CHECK_MESSAGE(p.committed == std::optional<std::int64_t>{records + 1},
                      "committed " << p.committed.value_or(-1) << ", log end " << p.log_end);
        CHECK(lag.total_lag == 0);
        // Kafka's own tool: CURRENT-OFFSET / LOG-END-OFFSET / LAG.
        CHECK(lag_by_kafka_tool(group, topic) == "11/11/0");
    }
}
