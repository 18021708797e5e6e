// Keyed records land on the same partition as with Kafka's own Java producer: the same keys
// go through Kafka's ConsoleProducer into one topic and through kfk into another with the same
// partition count, and the key -> partition maps must be identical.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "producer_it_support.hpp"

using namespace std::chrono_literals;
using kfk_producer_it::new_topic;
using kfk_producer_it::producer_config;
using kfk_producer_it::read_all;

namespace {

constexpr int partitions = 6;

// The literal table of tests/unit/producer_mock_test.cpp, checked here against Java.
const std::vector<std::pair<std::string, int>> unit_table{{"", 3},
                                                          {"a", 4},
                                                          {"key", 1},
                                                          {"order-1", 4},
                                                          {"order-2", 3},
                                                          {"order-42", 0},
                                                          {"user:1001", 5},
                                                          {"hello world", 1},
                                                          {"kfk", 2},
                                                          {"Apache Kafka", 4},
                                                          {"\xc3\xa9t\xc3\xa9", 1},
                                                          {"0", 2},
                                                          {"12345678", 0},
                                                          {"abc", 3},
                                                          {"abcd", 2},
                                                          {"abcde", 1}};

std::vector<std::string> test_keys() {
    std::vector<std::string> keys;
    for (const auto& [key, partition] : unit_table) keys.push_back(key);
    for (int i = 0; i < 200; ++i) keys.push_back("key-" + std::to_string(i * 7919));
    return keys;
}

// Produces "key|index" lines with Kafka's ConsoleProducer (Java client, default partitioner).
void produce_with_java(const std::string& topic, const std::vector<std::string>& keys) {
    const char* harness = std::getenv("KFK_HARNESS");
    REQUIRE_MESSAGE(harness, "KFK_HARNESS is not set (run under ctest)");
    const std::string command =
        std::string{"'"} + harness +
        "' tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server " +
        kfk_test::bootstrap() + " --topic " + topic +
        " --reader-property parse.key=true"
        " --reader-property key.separator='|'";
    FILE* in = ::popen(command.c_str(), "w");
    REQUIRE_MESSAGE(in, "cannot run " << command);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        std::fprintf(in, "%s|%zu\n", keys[i].c_str(), i);
    }
    const int status = ::pclose(in);
    REQUIRE_MESSAGE(status == 0, command << " exited with " << status);
}

std::map<std::string, int> partition_by_key(const std::string& topic, std::size_t count) {
    std::map<std::string, int> out;
    for (const auto& r : read_all(topic, partitions, count)) {
        REQUIRE(r.key);
        out[*r.key] = r.partition;
    }
    return out;
}

}  // namespace

TEST_CASE("producer: key -> partition matches the Java producer for 216 keys") {
    const auto keys = test_keys();
    const auto java_topic = new_topic("p-part-java", partitions);
    const auto kfk_topic = new_topic("p-part-kfk", partitions);

    produce_with_java(java_topic, keys);
    {
        kfk::Producer<std::string, std::string> producer{producer_config()};
        std::vector<std::future<kfk::DeliveryReport>> reports;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            reports.push_back(producer.send(kfk_topic, keys[i], std::to_string(i)));
        }
        for (auto& f : reports) {
            const auto r = f.get();
            REQUIRE_MESSAGE(r.ok(), kfk_producer_it::describe(r));
        }
        producer.close();
    }

    const auto java = partition_by_key(java_topic, keys.size());
    const auto ours = partition_by_key(kfk_topic, keys.size());
    REQUIRE(java.size() == keys.size());
    REQUIRE(ours.size() == keys.size());
    std::set<int> used;
    for (const auto& key : keys) {
        CAPTURE(key);
        CHECK(ours.at(key) == java.at(key));
        used.insert(java.at(key));
    }
    CHECK(used.size() == partitions);  // the keys exercise every partition
    for (const auto& [key, partition] : unit_table) {
        CAPTURE(key);
        CHECK(java.at(key) == partition);
    }
}
