// Read what a topic received in the last N minutes, without joining a consumer group:
// assign every partition, seek each one to the first record at or after "now - N minutes",
// and read up to the end of each partition.
//
//   example_assign_seek_time [bootstrap] [topic] [minutes]
//     bootstrap: argv[1], else $KFK_BOOTSTRAP, else 127.0.0.1:9092
//     defaults:  kfk-example-orders, 15
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "kfk/kfk.hpp"

using namespace std::chrono_literals;

namespace {

std::string bootstrap_from(int argc, char** argv) {
    if (argc > 1 && *argv[1]) return argv[1];
    if (const char* env = std::getenv("KFK_BOOTSTRAP"); env && *env) return env;
    return "127.0.0.1:9092";
}

}  // namespace

int main(int argc, char** argv) try {
    const std::string bootstrap = bootstrap_from(argc, argv);
    const std::string topic = argc > 2 ? argv[2] : "kfk-example-orders";
    const auto minutes = std::chrono::minutes{argc > 3 ? std::atoi(argv[3]) : 15};

    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};
    const auto described = admin.describe_topics({topic}, 10s).at(0);
    if (described.error) {
        std::cerr << "topic " << topic << ": " << described.error.to_string() << "\n";
        return 1;
    }

    // No group_id: an assign-only consumer (it cannot commit, and needs no group).
    kfk::BytesConsumer consumer{kfk::ConsumerConfig{}.bootstrap_servers(bootstrap)};
    kfk::TopicPartitionOffsets start;
    for (const auto& p : described.partitions) start.push_back({topic, p.id, kfk::offset::end});
    consumer.assign(start);

    // Where "now - N minutes" falls in each partition (offset::end where nothing is that new),
    // then seek there right after assign(). (assign_at(partitions, time, timeout) does both
    // in one call.)
    const auto since = std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now() - minutes);
    kfk::TopicPartitionOffsets query;
    for (const auto& tpo : start)
        query.push_back({topic, tpo.partition, since.time_since_epoch().count()});
    const auto positions = consumer.offsets_for_times(query, 10s);
    consumer.seek(positions, 10s);
    // Read up to the end each partition has now (its high watermark).
    std::map<std::int32_t, std::int64_t> end_of;
    std::set<std::int32_t> finished;
    for (const auto& p : positions) {
        const auto w = consumer.watermark_offsets(topic, p.partition, 10s);
        const auto from = p.offset == kfk::offset::end ? w.high : p.offset;
        std::cout << "partition " << p.partition << ": offsets " << from << " to " << w.high
                  << "\n";
        end_of[p.partition] = w.high;
        if (from >= w.high) finished.insert(p.partition);
    }

    std::size_t count = 0;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (finished.size() < end_of.size() && std::chrono::steady_clock::now() < deadline) {
        auto m = consumer.poll(500ms);
        if (!m || m->is_partition_eof()) continue;
        if (m->is_error()) {
            std::cerr << "consume error: " << m->error().to_string() << "\n";
            continue;
        }
        const auto age = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now() - m->timestamp().time);
        std::cout << "[" << m->partition() << "@" << m->offset() << ", " << age.count()
                  << " s ago] " << m->key().value_or("(null)") << " = "
                  << m->value().value_or("(null)") << "\n";
        ++count;
        if (m->offset() + 1 >= end_of[m->partition()]) finished.insert(m->partition());
    }
    std::cout << count << " record(s) from the last " << minutes.count() << " minute(s)\n";
    consumer.close();
    return 0;
} catch (const kfk::Exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
