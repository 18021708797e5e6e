// kfk vs raw librdkafka, same workload, same process, alternating runs.
//
//   sdk_bench [--bootstrap host:port | --mock] [--count N] [--size BYTES] [--rounds R]
//             [--side produce|consume|both]
//   sdk_bench --mock --callgrind IMPL --count N --size BYTES
//   sdk_bench [--mock] --only IMPL --count N --size BYTES    (one produce run, for perf)
//
// Produce: N records of BYTES each (unkeyed, sticky partitioning, acks=all, idempotence on:
// kfk's defaults, set explicitly for the raw side) with a per-record delivery callback:
//   raw        rd_kafka_producev() + dr_msg_cb, rd_kafka_poll() on the sending thread
//   kfk-bytes  BytesProducer::send(record, callback), reports served by kfk's thread
//   kfk-typed  Producer<std::string_view, std::string_view>::send(record, callback)
//   kfk-manual BytesProducer::send(record, callback) with DeliveryPolling::manual: reports
//              served by poll() on the sending thread, like the raw loop
// Consume: N records from the beginning of the topic with a manually assigned consumer:
//   raw        rd_kafka_consumer_poll()
//   kfk-bytes  BytesConsumer::poll()
// Throughput is wall time from the first send (or poll) until the last report (or record);
// CPU time is the whole process's (getrusage), so kfk's delivery thread counts too.
//
// --callgrind IMPL runs one produce loop only (IMPL: raw, raw-rkt, kfk-bytes, kfk-typed), for
// `valgrind --tool=callgrind --toggle-collect='bench_loop_*'`: the loops are the functions
// bench_loop_<impl>, and the reports are served after the loop, outside the measured part.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kfk/kfk.hpp"

// librdkafka's RD_KAFKA_V_* varargs macros are C casts.
#pragma GCC diagnostic ignored "-Wold-style-cast"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string bootstrap = "127.0.0.1:9092";
    bool mock = false;
    long count = 0;  // 0: both standard workloads
    std::size_t size = 100;
    int rounds = 3;
    bool produce = true;
    bool consume = true;
    std::string callgrind;  // run only this produce loop
    std::string only;       // one measured produce run of this impl (for perf record/stat)
};

constexpr int partitions = 3;

// The producer properties both sides use (kfk's defaults, spelled out for the raw side).
const std::vector<std::pair<std::string, std::string>> producer_props{
    {"acks", "all"},
    {"enable.idempotence", "true"},
    {"partitioner", "murmur2_random"},
    {"linger.ms", "5"},
    {"queue.buffering.max.messages", "100000"},
};

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Measure {
    Clock::time_point wall0 = Clock::now();
    double cpu0 = cpu_seconds();
};

struct Result {
    double wall = 0;  // seconds
    double cpu = 0;   // seconds, whole process
};

Result finish(const Measure& m) {
    return {std::chrono::duration<double>(Clock::now() - m.wall0).count(), cpu_seconds() - m.cpu0};
}

[[noreturn]] void die(const std::string& what) {
    std::cerr << "sdk_bench: " << what << "\n";
    std::exit(2);
}

// ---------------------------------------------------------------- the cluster

class Cluster {
  public:
    explicit Cluster(const Options& o) {
        if (!o.mock) {
            bootstrap_ = o.bootstrap;
            admin_ = std::make_unique<kfk::Admin>(
                kfk::AdminConfig{}.bootstrap_servers(bootstrap_).log_sink(kfk::null_log_sink()));
            return;
        }
        char err[256];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
        host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
        if (!host_) die(err);
        mock_ = rd_kafka_mock_cluster_new(host_, 1);
        if (!mock_) die("rd_kafka_mock_cluster_new failed");
        bootstrap_ = rd_kafka_mock_cluster_bootstraps(mock_);
    }
    ~Cluster() {
        if (mock_) rd_kafka_mock_cluster_destroy(mock_);
        if (host_) rd_kafka_destroy(host_);
    }
    const std::string& bootstrap() const { return bootstrap_; }
    bool mock() const { return mock_ != nullptr; }

    std::string create_topic(const std::string& prefix) {
        const std::string name =
            prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++seq_);
        if (mock_) {
            if (rd_kafka_mock_topic_create(mock_, name.c_str(), partitions, 1)) die("mock topic");
        } else {
            const auto r = admin_->create_topics({{name, partitions, 1, {}}}, 30s);
            if (!r.at(0).ok()) die("create topic: " + r[0].error.to_string());
            std::this_thread::sleep_for(500ms);  // let the new partitions' leaders settle
        }
        return name;
    }
    void delete_topic(const std::string& name) {
        if (admin_) static_cast<void>(admin_->delete_topics({name}, 30s));
    }

  private:
    std::string bootstrap_;
    rd_kafka_t* host_ = nullptr;
    rd_kafka_mock_cluster_t* mock_ = nullptr;
    std::unique_ptr<kfk::Admin> admin_;
    int seq_ = 0;
};

// ---------------------------------------------------------------- produce: raw librdkafka

// Written by whichever thread serves delivery reports: a cache line of its own, so that it does
// not share one with the sending thread's stack.
struct alignas(64) Counter {
    std::atomic<long> ok{0};
    std::atomic<long> failed{0};
    char pad[64 - 2 * sizeof(std::atomic<long>)];
};

void raw_dr(rd_kafka_t*, const rd_kafka_message_t* msg, void*) {
    auto* c = static_cast<Counter*>(msg->_private);
    (msg->err ? c->failed : c->ok).fetch_add(1, std::memory_order_relaxed);
}

rd_kafka_t* raw_producer(const std::string& bootstrap) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    auto set = [&](const std::string& k, const std::string& v) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err)) die(err);
    };
    set("bootstrap.servers", bootstrap);
    for (const auto& [k, v] : producer_props) set(k, v);
    rd_kafka_conf_set_dr_msg_cb(conf, raw_dr);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die(err);
    return rk;
}

}  // namespace

// The measured loops: extern "C" and never inlined, so callgrind can toggle on their names.
extern "C" __attribute__((noinline)) void bench_loop_raw(rd_kafka_t* rk, const char* topic,
                                                         const std::string* payload, long n,
                                                         Counter* counter, bool poll) {
    for (long i = 0; i < n; ++i) {
        rd_kafka_resp_err_t err;
        while ((err = rd_kafka_producev(
                    rk, RD_KAFKA_V_TOPIC(topic),
                    RD_KAFKA_V_VALUE(const_cast<char*>(payload->data()), payload->size()),
                    RD_KAFKA_V_OPAQUE(counter), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(rk, 1);
        }
        if (err) die(rd_kafka_err2str(err));
        if (poll && (i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
}

// The classic fast path with a topic handle (no topic lookup per record), for reference.
extern "C" __attribute__((noinline)) void bench_loop_raw_rkt(rd_kafka_topic_t* rkt,
                                                             const std::string* payload, long n,
                                                             Counter* counter) {
    for (long i = 0; i < n; ++i) {
        if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                             const_cast<char*>(payload->data()), payload->size(), nullptr, 0,
                             counter) != 0) {
            die(rd_kafka_err2str(rd_kafka_last_error()));
        }
    }
}

extern "C" __attribute__((noinline)) void bench_loop_kfk_bytes(kfk::BytesProducer* producer,
                                                               const std::string* topic,
                                                               const std::string* payload, long n,
                                                               Counter* counter) {
    const kfk::RawRecord record{.topic = *topic, .value = *payload};
    for (long i = 0; i < n; ++i) {
        producer->send(record, [counter](const kfk::DeliveryReport& r) {
            (r.ok() ? counter->ok : counter->failed).fetch_add(1, std::memory_order_relaxed);
        });
    }
}

// DeliveryPolling::manual: the sending thread serves the reports, as the raw loop does.
extern "C" __attribute__((noinline)) void bench_loop_kfk_manual(kfk::BytesProducer* producer,
                                                                const std::string* topic,
                                                                const std::string* payload, long n,
                                                                Counter* counter) {
    const kfk::RawRecord record{.topic = *topic, .value = *payload};
    for (long i = 0; i < n; ++i) {
        producer->send(record, [counter](const kfk::DeliveryReport& r) {
            (r.ok() ? counter->ok : counter->failed).fetch_add(1, std::memory_order_relaxed);
        });
        if ((i & 1023) == 0) producer->poll();
    }
}

extern "C" __attribute__((noinline)) void bench_loop_kfk_typed(
    kfk::Producer<std::string_view, std::string_view>* producer, const std::string* topic,
    const std::string* payload, long n, Counter* counter) {
    const kfk::ProducerRecord<std::string_view, std::string_view> record{.topic = *topic,
                                                                         .value = *payload};
    for (long i = 0; i < n; ++i) {
        producer->send(record, [counter](const kfk::DeliveryReport& r) {
            (r.ok() ? counter->ok : counter->failed).fetch_add(1, std::memory_order_relaxed);
        });
    }
}

namespace {

kfk::ProducerConfig kfk_producer_config(const std::string& bootstrap) {
    kfk::ProducerConfig config;
    config.bootstrap_servers(bootstrap).log_sink(kfk::null_log_sink());
    for (const auto& [k, v] : producer_props) config.set(k, v);
    return config;
}

void check(const Counter& c, long n, const char* impl) {
    if (c.ok.load() != n || c.failed.load() != 0) {
        die(std::string{impl} + ": " + std::to_string(c.ok.load()) + " delivered, " +
            std::to_string(c.failed.load()) + " failed of " + std::to_string(n));
    }
}

// One record first, so that no measured run pays for connecting and fetching metadata.
void warm_up(const std::function<void()>& send_one_and_flush) {
    send_one_and_flush();
}

Result produce_raw(const std::string& bootstrap, const std::string& topic, long n,
                   const std::string& payload) {
    rd_kafka_t* rk = raw_producer(bootstrap);
    Counter warm;
    warm_up([&] {
        bench_loop_raw(rk, topic.c_str(), &payload, 1, &warm, false);
        rd_kafka_flush(rk, 30000);
    });
    Counter c;
    Measure m;
    bench_loop_raw(rk, topic.c_str(), &payload, n, &c, true);
    if (rd_kafka_flush(rk, 120000)) die("raw flush timed out");
    const Result r = finish(m);
    check(c, n, "raw");
    rd_kafka_destroy(rk);
    return r;
}

Result produce_kfk_bytes(const std::string& bootstrap, const std::string& topic, long n,
                         const std::string& payload) {
    kfk::BytesProducer producer{kfk_producer_config(bootstrap)};
    Counter warm;
    warm_up([&] {
        bench_loop_kfk_bytes(&producer, &topic, &payload, 1, &warm);
        static_cast<void>(producer.flush(30s));
    });
    Counter c;
    Measure m;
    bench_loop_kfk_bytes(&producer, &topic, &payload, n, &c);
    if (producer.flush(120s)) die("kfk flush timed out");
    const Result r = finish(m);
    check(c, n, "kfk-bytes");
    producer.close();
    return r;
}

Result produce_kfk_manual(const std::string& bootstrap, const std::string& topic, long n,
                          const std::string& payload) {
    kfk::BytesProducer producer{
        kfk_producer_config(bootstrap).delivery_polling(kfk::DeliveryPolling::manual)};
    Counter warm;
    warm_up([&] {
        bench_loop_kfk_manual(&producer, &topic, &payload, 1, &warm);
        static_cast<void>(producer.flush(30s));
    });
    Counter c;
    Measure m;
    bench_loop_kfk_manual(&producer, &topic, &payload, n, &c);
    if (producer.flush(120s)) die("kfk flush timed out");
    const Result r = finish(m);
    check(c, n, "kfk-manual");
    producer.close();
    return r;
}

Result produce_kfk_typed(const std::string& bootstrap, const std::string& topic, long n,
                         const std::string& payload) {
    kfk::Producer<std::string_view, std::string_view> producer{kfk_producer_config(bootstrap)};
    Counter warm;
    warm_up([&] {
        bench_loop_kfk_typed(&producer, &topic, &payload, 1, &warm);
        static_cast<void>(producer.flush(30s));
    });
    Counter c;
    Measure m;
    bench_loop_kfk_typed(&producer, &topic, &payload, n, &c);
    if (producer.flush(120s)) die("kfk flush timed out");
    const Result r = finish(m);
    check(c, n, "kfk-typed");
    producer.close();
    return r;
}

// ---------------------------------------------------------------- consume

// Writes n records spread evenly over the partitions (the topic the consumers read).
void fill(const std::string& bootstrap, const std::string& topic, long n,
          const std::string& payload) {
    rd_kafka_t* rk = raw_producer(bootstrap);
    Counter c;
    for (long i = 0; i < n; ++i) {
        while (
            rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()),
                              RD_KAFKA_V_PARTITION(static_cast<std::int32_t>(i % partitions)),
                              RD_KAFKA_V_VALUE(const_cast<char*>(payload.data()), payload.size()),
                              RD_KAFKA_V_OPAQUE(&c), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(rk, 10);
        }
    }
    if (rd_kafka_flush(rk, 120000)) die("fill: flush timed out");
    check(c, n, "fill");
    rd_kafka_destroy(rk);
}

// fetch.queue.backoff.ms: librdkafka pauses fetching for this long (default 1 s) when its
// pre-fetch queue is full, which at these rates stalls either side at random; the benchmark is
// about the client code, not that pause.
const std::vector<std::pair<std::string, std::string>> consumer_props{
    {"enable.auto.commit", "false"},
    {"auto.offset.reset", "earliest"},
    {"fetch.queue.backoff.ms", "10"},
};

Result consume_raw(const std::string& bootstrap, const std::string& topic, long n) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    auto set = [&](const std::string& k, const std::string& v) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err)) die(err);
    };
    set("bootstrap.servers", bootstrap);
    set("group.id", "sdk-bench-raw");
    for (const auto& [k, v] : consumer_props) set(k, v);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) die(err);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    std::optional<Measure> m;  // from the first record: connecting is not consuming
    long got = 0;
    std::size_t bytes = 0;
    while (got < n) {
        rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk, 100);
        if (!msg) continue;
        if (!m) m.emplace();
        if (!msg->err) {
            ++got;
            bytes += msg->len;
        }
        rd_kafka_message_destroy(msg);
    }
    const Result r = finish(*m);
    if (bytes == 0) die("raw consume: empty payloads");
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return r;
}

Result consume_kfk(const std::string& bootstrap, const std::string& topic, long n) {
    kfk::ConsumerConfig config;
    config.bootstrap_servers(bootstrap).group_id("sdk-bench-kfk").log_sink(kfk::null_log_sink());
    for (const auto& [k, v] : consumer_props) config.set(k, v);
    kfk::BytesConsumer consumer{config};
    kfk::TopicPartitionOffsets from;
    for (int p = 0; p < partitions; ++p) from.emplace_back(topic, p, kfk::offset::beginning);
    consumer.assign(from);
    std::optional<Measure> m;  // from the first record: connecting is not consuming
    long got = 0;
    std::size_t bytes = 0;
    while (got < n) {
        auto msg = consumer.poll(100ms);
        if (!msg) continue;
        if (!m) m.emplace();
        if (msg->is_error() || msg->is_partition_eof()) continue;
        ++got;
        bytes += msg->value() ? msg->value()->size() : 0;
    }
    const Result r = finish(*m);
    if (bytes == 0) die("kfk consume: empty payloads");
    consumer.close();
    return r;
}

// ---------------------------------------------------------------- reporting

struct Row {
    std::string side, impl;
    long count = 0;
    std::size_t size = 0;
    std::vector<Result> runs;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void print_rows(const std::string& target, const std::vector<Row>& rows) {
    std::printf(
        "\n| target | side | workload | impl | runs | msgs/s | MB/s | CPU µs/msg | "
        "throughput kfk/raw | CPU kfk/raw |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    std::map<std::string, std::pair<double, double>> raw;  // side+workload -> (rate, cpu/msg)
    for (const auto& row : rows) {
        std::vector<double> rate, cpu;
        for (const auto& r : row.runs) {
            rate.push_back(static_cast<double>(row.count) / r.wall);
            cpu.push_back(r.cpu * 1e6 / static_cast<double>(row.count));
        }
        const double msgs = median(rate);
        const double cpu_per = median(cpu);
        const std::string key =
            row.side + std::to_string(row.count) + "x" + std::to_string(row.size);
        std::string ratio_rate = "-", ratio_cpu = "-";
        if (row.impl == "raw") {
            raw[key] = {msgs, cpu_per};
        } else if (raw.count(key)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.3f", msgs / raw[key].first);
            ratio_rate = buf;
            std::snprintf(buf, sizeof buf, "%.3f", cpu_per / raw[key].second);
            ratio_cpu = buf;
        }
        std::printf("| %s | %s | %ld × %zu B | %s | %zu | %.0f | %.1f | %.3f | %s | %s |\n",
                    target.c_str(), row.side.c_str(), row.count, row.size, row.impl.c_str(),
                    row.runs.size(), msgs, msgs * static_cast<double>(row.size) / 1e6, cpu_per,
                    ratio_rate.c_str(), ratio_cpu.c_str());
    }
    std::fflush(stdout);
}

void run_workload(Cluster& cluster, const Options& o, long n, std::size_t size,
                  std::vector<Row>& rows) {
    const std::string payload(size, 'x');
    const auto& b = cluster.bootstrap();
    if (o.produce) {
        Row raw{"produce", "raw", n, size, {}};
        Row bytes{"produce", "kfk-bytes", n, size, {}};
        Row typed{"produce", "kfk-typed", n, size, {}};
        Row manual{"produce", "kfk-manual", n, size, {}};
        for (int round = 0; round < o.rounds; ++round) {
            // raw before each kfk run: the pairs see the same machine state.
            for (Row* row : {&raw, &bytes, &raw, &typed, &raw, &manual}) {
                const auto topic = cluster.create_topic("sdk-bench-p");
                Result r = row == &raw     ? produce_raw(b, topic, n, payload)
                           : row == &bytes ? produce_kfk_bytes(b, topic, n, payload)
                           : row == &typed ? produce_kfk_typed(b, topic, n, payload)
                                           : produce_kfk_manual(b, topic, n, payload);
                row->runs.push_back(r);
                std::fprintf(stderr, "  produce %-9s %ld x %zu B: %.2f s wall, %.2f s CPU\n",
                             row->impl.c_str(), n, size, r.wall, r.cpu);
                cluster.delete_topic(topic);
            }
        }
        rows.push_back(raw);
        rows.push_back(bytes);
        rows.push_back(typed);
        rows.push_back(manual);
    }
    if (o.consume) {
        // The mock cluster keeps at most 5 MiB per partition: consume what it can hold.
        const long per_partition = static_cast<long>((4u << 20) / (size + 80));
        const long cn = cluster.mock() ? std::min(n, per_partition * partitions) : n;
        const auto topic = cluster.create_topic("sdk-bench-c");
        fill(b, topic, cn, payload);
        Row raw{"consume", "raw", cn, size, {}};
        Row kfk{"consume", "kfk-bytes", cn, size, {}};
        for (int round = 0; round < o.rounds; ++round) {
            for (Row* row : {&raw, &kfk}) {
                Result r = row == &raw ? consume_raw(b, topic, cn) : consume_kfk(b, topic, cn);
                row->runs.push_back(r);
                std::fprintf(stderr, "  consume %-9s %ld x %zu B: %.2f s wall, %.2f s CPU\n",
                             row->impl.c_str(), cn, size, r.wall, r.cpu);
            }
        }
        cluster.delete_topic(topic);
        rows.push_back(raw);
        rows.push_back(kfk);
    }
}

// One produce loop under callgrind; reports are served after the measured loop. A first,
// unmeasured pass of the same size warms everything up (kfk's delivery-state pool included), so
// the measured pass shows the steady state.
int run_callgrind(Cluster& cluster, const Options& o) {
    const long n = o.count > 0 ? o.count : 20000;
    const std::string payload(o.size, 'x');
    const auto topic = cluster.create_topic("sdk-bench-cg");
    const auto& b = cluster.bootstrap();
    Counter warm, c;
    if (o.callgrind == "raw" || o.callgrind == "raw-rkt") {
        rd_kafka_t* rk = raw_producer(b);
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
        for (long i = 0; i < n; ++i) {
            rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()),
                              RD_KAFKA_V_VALUE(const_cast<char*>(payload.data()), payload.size()),
                              RD_KAFKA_V_OPAQUE(&warm), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_END);
        }
        rd_kafka_flush(rk, 120000);
        if (o.callgrind == "raw") {
            bench_loop_raw(rk, topic.c_str(), &payload, n, &c, false);
        } else {
            bench_loop_raw_rkt(rkt, &payload, n, &c);
        }
        rd_kafka_flush(rk, 120000);
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(rk);
    } else if (o.callgrind == "kfk-bytes" || o.callgrind == "kfk-typed") {
        kfk::Producer<std::string_view, std::string_view> typed{kfk_producer_config(b)};
        kfk::BytesProducer& bytes = typed.bytes();
        for (long i = 0; i < n; ++i) {
            bytes.send({.topic = topic, .value = payload}, [&warm](const kfk::DeliveryReport&) {
                warm.ok.fetch_add(1, std::memory_order_relaxed);
            });
        }
        static_cast<void>(bytes.flush(120s));
        if (o.callgrind == "kfk-bytes") {
            bench_loop_kfk_bytes(&bytes, &topic, &payload, n, &c);
        } else {
            bench_loop_kfk_typed(&typed, &topic, &payload, n, &c);
        }
        static_cast<void>(bytes.flush(120s));
    } else {
        die("unknown --callgrind impl " + o.callgrind);
    }
    check(c, n, o.callgrind.c_str());
    return 0;
}

Options parse(int argc, char** argv) {
    Options o;
    if (const char* env = std::getenv("KFK_BOOTSTRAP")) o.bootstrap = env;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) die("missing value for " + a);
            return argv[++i];
        };
        if (a == "--bootstrap") {
            o.bootstrap = value();
        } else if (a == "--mock") {
            o.mock = true;
        } else if (a == "--count") {
            o.count = std::stol(value());
        } else if (a == "--size") {
            o.size = std::stoul(value());
        } else if (a == "--rounds") {
            o.rounds = std::stoi(value());
        } else if (a == "--side") {
            const auto s = value();
            o.produce = s != "consume";
            o.consume = s != "produce";
        } else if (a == "--callgrind") {
            o.callgrind = value();
        } else if (a == "--version") {
            std::printf("%s\n", rd_kafka_version_str());
            std::exit(0);
        } else if (a == "--only") {
            o.only = value();
        } else {
            die("unknown argument " + a + " (see the comment at the top of bench/sdk_bench.cpp)");
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    Cluster cluster{o};
    if (!o.callgrind.empty()) return run_callgrind(cluster, o);
    if (!o.only.empty()) {
        const long n = o.count > 0 ? o.count : 1'000'000;
        const std::string payload(o.size, 'x');
        const auto topic = cluster.create_topic("sdk-bench-only");
        const auto& b = cluster.bootstrap();
        const Result r = o.only == "raw"          ? produce_raw(b, topic, n, payload)
                         : o.only == "kfk-bytes"  ? produce_kfk_bytes(b, topic, n, payload)
                         : o.only == "kfk-typed"  ? produce_kfk_typed(b, topic, n, payload)
                         : o.only == "kfk-manual" ? produce_kfk_manual(b, topic, n, payload)
                                                  : (die("unknown --only " + o.only), Result{});
        std::printf("%s %ld x %zu B: %.3f s wall, %.3f s CPU\n", o.only.c_str(), n, o.size, r.wall,
                    r.cpu);
        cluster.delete_topic(topic);
        return 0;
    }

    const std::string target = o.mock ? "mock" : "broker";
    std::vector<Row> rows;
    if (o.count > 0) {
        run_workload(cluster, o, o.count, o.size, rows);
    } else {
        run_workload(cluster, o, 1'000'000, 100, rows);
        run_workload(cluster, o, 200'000, 1000, rows);
    }
    print_rows(target, rows);
    return 0;
}
