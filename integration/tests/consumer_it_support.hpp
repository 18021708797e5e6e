// Helpers shared by the consumer integration tests (integration/tests/consumer_*_test.cpp):
// topics, producing test data, and driving several group members from one thread.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

namespace kfk_consumer_it {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Warnings and worse go to stderr, so a failing test shows what librdkafka complained about.
inline kfk::LogSink warning_sink() {
    return [](kfk::LogLevel level, std::string_view facility, std::string_view client,
              std::string_view message) {
        if (level > kfk::LogLevel::warning) return;
        std::cerr << "[" << client << "] " << facility << ": " << message << "\n";
    };
}

inline void create_topic(const std::string& topic, int partitions) {
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(kfk_test::bootstrap())};
    auto results = admin.create_topics({{topic, partitions, 1, {}}}, 30s);
    REQUIRE(results.size() == 1);
    REQUIRE_MESSAGE(results[0].ok(), "create " << topic << ": " << results[0].error.to_string());
}

inline std::string new_topic(std::string_view prefix, int partitions) {
    auto topic = kfk_test::unique_name(prefix);
    create_topic(topic, partitions);
    return topic;
}

// Consumer settings for tests. group.protocol=consumer (KIP-848) takes its timeouts from the
// broker, so the classic-only knobs are set only for the classic protocol.
inline kfk::ConsumerConfig config(const std::string& group,
                                  kfk::GroupProtocol protocol = kfk::GroupProtocol::classic) {
    auto c = kfk::ConsumerConfig{}
                 .bootstrap_servers(kfk_test::bootstrap())
                 .auto_offset_reset(kfk::OffsetReset::earliest)
                 .log_sink(warning_sink());
    if (!group.empty()) c.group_id(group);
    if (protocol == kfk::GroupProtocol::classic) {
        c.session_timeout(10s).heartbeat_interval(1s);
    } else {
        c.group_protocol(protocol);
    }
    return c;
}

struct Sent {
    std::int32_t partition;
    std::int64_t offset;
};

// Values "<prefix><i>" for i in [first, first + count), keys "k<i>", into `partition`.
inline std::vector<Sent> produce(const std::string& topic, int count, std::int32_t partition,
                                 int first = 0, std::string_view prefix = "v",
                                 std::optional<kfk::TimePoint> first_timestamp = std::nullopt,
                                 std::chrono::milliseconds timestamp_step = 0ms) {
    kfk::BytesProducer producer{
        kfk::ProducerConfig{}.bootstrap_servers(kfk_test::bootstrap()).log_sink(warning_sink())};
    std::vector<std::future<kfk::DeliveryReport>> pending;
    std::vector<std::string> keys;
    std::vector<std::string> values;
    keys.reserve(static_cast<std::size_t>(count));
    values.reserve(static_cast<std::size_t>(count));
    for (int i = first; i < first + count; ++i) {
        keys.push_back("k" + std::to_string(i));
        values.push_back(std::string{prefix} + std::to_string(i));
        kfk::RawRecord r;
        r.topic = topic;
        r.key = keys.back();
        r.value = values.back();
        r.partition = partition;
        if (first_timestamp) r.timestamp = *first_timestamp + timestamp_step * (i - first);
        pending.push_back(producer.send(r));
    }
    std::vector<Sent> sent;
    for (auto& f : pending) {
        auto report = f.get();
        REQUIRE_MESSAGE(report.ok(), report.error.to_string());
        sent.push_back({report.partition, report.offset});
    }
    return sent;
}

// A group member driven from the test thread; tracks its assignment through the listener,
// whatever the protocol (eager lists everything, incremental only the changes).
struct Member {
    explicit Member(kfk::ConsumerConfig c, std::string name_ = "member")
        : consumer(std::make_unique<kfk::BytesConsumer>(std::move(c))), name(std::move(name_)) {}

    // The consumer goes first: its close() runs the listener, which uses the members below
    // and `consumer` itself (so it must still be set while closing).
    ~Member() {
        try {
            consumer->close(10s);
        } catch (const std::exception& e) {
            std::cerr << name << ": close: " << e.what() << "\n";
        }
        consumer.reset();
    }
    Member(const Member&) = delete;
    Member& operator=(const Member&) = delete;

    void subscribe(const std::vector<std::string>& topics) {
        kfk::RebalanceListener listener;
        listener.on_assigned = [this](const kfk::TopicPartitions& tps) {
            ++assigned_calls;
            for (const auto& tp : tps) owned.insert(tp);
            if (extra.on_assigned) extra.on_assigned(tps);
        };
        listener.on_revoked = [this](const kfk::TopicPartitions& tps) {
            ++revoked_calls;
            struct Forget {  // also when `extra` throws
                Member* self;
                const kfk::TopicPartitions& tps;
                ~Forget() {
                    for (const auto& tp : tps) self->owned.erase(tp);
                }
            } forget{this, tps};
            if (extra.on_revoked) extra.on_revoked(tps);
        };
        listener.on_lost = [this](const kfk::TopicPartitions& tps) {
            for (const auto& tp : tps) owned.erase(tp);
            if (extra.on_lost) extra.on_lost(tps);
        };
        consumer->subscribe(topics, std::move(listener));
    }

    // One short poll; records go to `values` and `records`.
    void poll_once(std::chrono::milliseconds timeout = 20ms) {
        auto m = consumer->poll(timeout);
        if (!m) return;
        if (m->is_partition_eof()) {
            ++eofs;
            return;
        }
        REQUIRE_MESSAGE(!m->is_error(), name << ": " << m->error().to_string());
        values.emplace_back(m->value().value_or(""));
        by_partition[m->partition()].push_back(m->offset());
    }

    std::size_t owned_count() const { return owned.size(); }

    std::unique_ptr<kfk::BytesConsumer> consumer;
    std::string name;
    kfk::RebalanceListener extra;  // called from inside the tracking listener
    std::set<kfk::TopicPartition> owned;
    std::vector<std::string> values;
    std::map<std::int32_t, std::vector<std::int64_t>> by_partition;
    int assigned_calls = 0;
    int revoked_calls = 0;
    int eofs = 0;  // with ConsumerConfig::enable_partition_eof(true)
};

// Polls every member in turn until `done()` or the timeout; returns done()'s final value.
inline bool pump(const std::vector<Member*>& members, const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = 60s) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (done()) return true;
        for (auto* m : members) m->poll_once();
    }
    return done();
}

inline std::string describe(const std::vector<Member*>& members) {
    std::string s;
    for (const auto* m : members) {
        s += m->name + "{";
        for (const auto& tp : m->owned) s += std::to_string(tp.partition) + " ";
        s += "} ";
    }
    return s;
}

// Reads until `want` records arrived or `timeout`; returns their values in order.
inline std::vector<std::string> drain(kfk::BytesConsumer& consumer, std::size_t want,
                                      std::chrono::milliseconds timeout = 30s) {
    std::vector<std::string> values;
    const auto deadline = Clock::now() + timeout;
    while (values.size() < want && Clock::now() < deadline) {
        auto m = consumer.poll(100ms);
        if (!m || m->is_partition_eof()) continue;
        REQUIRE_MESSAGE(!m->is_error(), m->error().to_string());
        values.emplace_back(m->value().value_or(""));
    }
    return values;
}

template <class F>
double seconds_taken(F&& f) {
    const auto start = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// One row of `kafka-consumer-groups.sh --describe --group G --offsets` (Kafka's own view).
struct ToolOffsets {
    std::string current;  // CURRENT-OFFSET
    std::string log_end;  // LOG-END-OFFSET
    std::string lag;      // LAG
};

// The row of `topic` partition 0, or nullopt (with a failed check) if the tool lists none.
inline std::optional<ToolOffsets> offsets_by_kafka_tool(const std::string& group,
                                                        const std::string& topic) {
    auto r = kfk_test::kafka_tool(
        "ConsumerGroupCommand",
        {"--bootstrap-server", kfk_test::bootstrap(), "--describe", "--group", group, "--offsets"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    std::istringstream lines{r.out};
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields{line};
        std::string g, t, partition;
        ToolOffsets o;
        fields >> g >> t >> partition >> o.current >> o.log_end >> o.lag;
        if (g == group && t == topic && partition == "0") return o;
    }
    FAIL_CHECK("no offsets for " << topic << " in:\n" << r.out);
    return std::nullopt;
}

}  // namespace kfk_consumer_it
