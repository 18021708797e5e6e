// Sending records with kfk: blocking, with a callback, with a future; keys and headers.
//
//   example_producer [bootstrap]     (default: $KFK_BOOTSTRAP, else 127.0.0.1:9092)
#include <kfk/kfk.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
    const char* env = std::getenv("KFK_BOOTSTRAP");
    const std::string bootstrap = argc > 1 ? argv[1] : env ? env : "127.0.0.1:9092";
    const std::string topic = "kfk-example-orders";

    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};
    for (const auto& r : admin.create_topics({{topic, 3, 1, {}}}, 30s)) {
        if (!r.ok() && r.error.code() != kfk::ErrorCode::topic_already_exists) {
            std::cerr << "create topic: " << r.error.to_string() << "\n";
            return 1;
        }
    }

    // Defaults: acks=all, idempotence on, Java-compatible key -> partition mapping.
    kfk::Producer<std::string, std::string> producer{
        kfk::ProducerConfig{}.bootstrap_servers(bootstrap).client_id("example-producer")};

    // 1. Blocking: wait for the broker's answer (here up to 10 s).
    const kfk::DeliveryReport report = producer.send_sync(topic, "order-1", "created", 10s);
    if (!report.ok()) {
        std::cerr << "send failed: " << report.error.to_string() << "\n";
        return 1;
    }
    std::cout << "order-1 stored at partition " << report.partition << ", offset " << report.offset
              << "\n";

    // 2. Callback: runs on the SDK's delivery thread once the broker answered.
    producer.send(topic, "order-2", "created", [](const kfk::DeliveryReport& r) {
        if (r.ok()) {
            std::cout << "order-2 stored at partition " << r.partition << ", offset " << r.offset
                      << "\n";
        } else {
            std::cerr << "order-2 failed: " << r.error.to_string() << "\n";
        }
    });

    // 3. Future, for a record with headers (a header value may also be null: std::nullopt).
    const kfk::Header headers[] = {{"source", "example"}, {"trace-id", "4bf92f3577b34da6"}};
    auto future =
        producer.send({.topic = topic, .key = "order-1", .value = "paid", .headers = headers});
    const kfk::DeliveryReport paid = future.get();
    // Same key, same partition: the records of one order stay in order.
    std::cout << "order-1 paid: partition " << paid.partition << ", offset " << paid.offset << " ("
              << (paid.ok() ? "ok" : paid.error.to_string()) << ")\n";

    // Every record gets its report before close() returns; what the broker has not confirmed
    // within the deadline is reported failed, never dropped silently.
    producer.close(10s);
    return 0;
}
