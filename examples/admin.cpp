// Topic administration with kfk::Admin: create a topic with configs (dry run first),
// describe it with its configs, then grow its partitions.
//
//   example_admin [bootstrap] [topic]      (defaults: 127.0.0.1:9092, kfk-example-admin)
#include <chrono>
#include <iostream>
#include <string>

#include "kfk/kfk.hpp"

using namespace std::chrono_literals;

int main(int argc, char** argv) try {
    const std::string bootstrap = argc > 1 ? argv[1] : "127.0.0.1:9092";
    const std::string topic = argc > 2 ? argv[2] : "kfk-example-admin";
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};

    const kfk::NewTopic spec{
        topic, 3, 1, {{"retention.ms", "86400000"}, {"cleanup.policy", "delete"}}};
    // Dry run: the broker validates everything and creates nothing.
    if (auto dry = admin.create_topics({spec}, 30s, /*validate_only=*/true); !dry[0].ok()) {
        std::cerr << "validation failed: " << dry[0].error.to_string() << "\n";
        return 1;
    }
    auto created = admin.create_topics({spec}, 30s);
    if (!created[0].ok() && created[0].error.code() != kfk::ErrorCode::topic_already_exists) {
        std::cerr << "create failed: " << created[0].error.to_string() << "\n";
        return 1;
    }
    std::cout << "topic " << topic << (created[0].ok() ? " created\n" : " already exists\n");

    const auto d = admin.describe_topics({topic}, 10s, {.include_configs = true}).at(0);
    if (d.error) {
        std::cerr << "describe failed: " << d.error.to_string() << "\n";
        return 1;
    }
    std::cout << "id " << d.topic_id << ", " << d.partitions.size() << " partitions\n";
    for (const auto& p : d.partitions) {
        std::cout << "  partition " << p.id << " leader " << p.leader << " replicas "
                  << p.replicas.size() << " isr " << p.isr.size()
                  << (p.under_replicated() ? " UNDER-REPLICATED" : "") << "\n";
    }
    std::cout << "non-default configs:\n";
    for (const auto& c : d.configs) {
        if (!c.is_default) std::cout << "  " << c.to_string() << "\n";  // secrets redacted
    }

    // Grow by one partition. Keys re-map: tell the operator how many.
    const auto from = static_cast<std::int32_t>(d.partitions.size());
    const auto to = from + 1;
    std::cout << "growing " << from << " -> " << to << " partitions moves about "
              << static_cast<int>(kfk::keys_remapped_fraction(from, to) * 100)
              << "% of keys to another partition\n";
    auto grown = admin.create_partitions({{topic, to}}, 30s);
    if (!grown[0].ok()) {
        std::cerr << "grow failed: " << grown[0].error.to_string() << "\n";
        return 1;
    }
    // Shrinking is refused before anything is sent, with the reason.
    auto shrink = admin.create_partitions({{topic, 1}}, 30s);
    std::cout << "shrink to 1: " << shrink[0].error.to_string() << "\n";
    return 0;
} catch (const kfk::Exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
