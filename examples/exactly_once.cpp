// Exactly-once consume-transform-produce: read orders, write them upper-cased to another topic,
// and commit the consumed offsets in the same transaction as the output. A crash at any point
// leaves either both (output visible to read_committed consumers, input marked consumed) or
// neither: running the example again never duplicates or loses a record.
//
//   example_exactly_once [bootstrap]     (default: $KFK_BOOTSTRAP, else 127.0.0.1:9092)
#include <kfk/kfk.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

const std::string input = "kfk-example-eos-in";
const std::string output = "kfk-example-eos-out";
const std::string group = "kfk-example-eos";

// After an abort the consumer has moved past records whose output was thrown away: go back to
// the last committed offsets and process them again.
void rewind(kfk::Consumer<std::string, std::string>& consumer) {
    for (const auto& tp : consumer.committed(consumer.assignment(), 10s)) {
        const auto from = tp.offset >= 0 ? tp.offset : kfk::offset::beginning;
        consumer.seek({tp.topic, tp.partition, from}, 10s);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const char* env = std::getenv("KFK_BOOTSTRAP");
    const std::string bootstrap = argc > 1 ? argv[1] : env ? env : "127.0.0.1:9092";

    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};
    for (const auto& created : admin.create_topics({{input, 3, 1, {}}, {output, 3, 1, {}}}, 30s)) {
        // A topic left by an earlier run is fine; anything else is not.
        if (!created.ok() && created.error.code() != kfk::ErrorCode::topic_already_exists) {
            std::cerr << "cannot create " << created.name << ": " << created.error.to_string()
                      << "\n";
            return 1;
        }
    }

    {  // Some work for this run.
        kfk::Producer<std::string, std::string> seed{
            kfk::ProducerConfig{}.bootstrap_servers(bootstrap)};
        for (int i = 0; i < 10; ++i) {
            if (kfk::Error err = seed.produce(input, "order-" + std::to_string(i), "new order")) {
                std::cerr << "seed record not sent: " << err.to_string() << "\n";
            }
        }
        seed.close(10s);
    }

    kfk::Consumer<std::string, std::string> consumer{
        kfk::ConsumerConfig{}
            .bootstrap_servers(bootstrap)
            .group_id(group)
            .enable_auto_commit(false)  // offsets are committed by the transaction
            .isolation_level(kfk::IsolationLevel::read_committed)
            .auto_offset_reset(kfk::OffsetReset::earliest)};
    consumer.subscribe({input});

    // One transactional.id per input partition set / instance; a restarted instance with the
    // same id fences the old one (whose next call then throws FatalError).
    kfk::Producer<std::string, std::string> producer{
        kfk::ProducerConfig{}.bootstrap_servers(bootstrap).transactional_id("kfk-example-eos-1")};
    producer.init_transactions(30s);

    std::vector<kfk::Consumer<std::string, std::string>::Record> batch;
    int transformed = 0;
    for (auto idle_since = std::chrono::steady_clock::now();
         std::chrono::steady_clock::now() - idle_since < 10s;) {
        if (consumer.poll_batch(batch, 500, 500ms) == 0) continue;
        idle_since = std::chrono::steady_clock::now();

        producer.begin_transaction();
        try {
            std::map<std::pair<std::string, std::int32_t>, std::int64_t> next_offsets;
            for (const auto& record : batch) {
                std::string value = record.value().value_or("");
                std::transform(value.begin(), value.end(), value.begin(),
                               [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
                // A failed delivery makes commit_transaction() fail; a record refused at once
                // (e.g. queue full) must abort the transaction here.
                if (kfk::Error err =
                        producer.produce({.topic = output, .key = record.key(), .value = value})) {
                    throw kfk::TxnAbortRequired(err, "produce");
                }
                next_offsets[{std::string{record.topic()}, record.partition()}] =
                    record.offset() + 1;
            }
            kfk::TopicPartitionOffsets offsets;
            for (const auto& [tp, offset] : next_offsets)
                offsets.emplace_back(tp.first, tp.second, offset);
            producer.send_offsets_to_transaction(offsets, consumer.group_metadata(), 30s);
            producer.commit_transaction(30s);
            transformed += static_cast<int>(batch.size());
        } catch (const kfk::TxnAbortRequired& e) {
            std::cerr << "aborting: " << e.what() << "\n";
            producer.abort_transaction(30s);
            rewind(consumer);
        }
        // kfk::FatalError (e.g. fenced by a newer instance) ends the program: the aborted or
        // unfinished transaction leaves nothing visible, and a restart resumes exactly here.
    }
    std::cout << "transformed " << transformed << " records exactly once into " << output << "\n";
    producer.close(10s);
    consumer.close();
    return 0;
}
