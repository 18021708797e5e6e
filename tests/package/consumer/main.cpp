// Compiled against an installed kfk (find_package and pkg-config): the umbrella header, both
// JSON serializers, a client built and destroyed, librdkafka linked.
#include <kfk/kfk.hpp>
#include <kfk/serde/json_nlohmann.hpp>
#include <kfk/serde/json_rapid.hpp>

#include <chrono>
#include <iostream>

int main() {
    using namespace std::chrono_literals;
    kfk::BytesProducer producer{
        kfk::ProducerConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    producer.close(0ms);
    std::cout << "kfk " << kfk::version() << " on librdkafka " << kfk::librdkafka_version() << "\n";
    return 0;
}
