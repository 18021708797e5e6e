// librdkafka's statistics (STATISTICS.md), with the fields people graph parsed into types and
// the whole JSON kept for everything else. Delivered every statistics interval to the callback
// set with ClientConfig::on_statistics, on librdkafka's thread that serves the client's events.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kfk {

struct Statistics {
    struct Broker {
        std::string name;  // "host:port/id"
        std::int32_t node_id = -1;
        std::string state;  // "UP", "DOWN", ...
        std::chrono::microseconds rtt_avg{0};
        std::chrono::microseconds rtt_p99{0};
        std::int64_t outbuf_msg_cnt = 0;  // requests waiting to be sent
        std::int64_t waitresp_cnt = 0;    // requests in flight
    };
    struct Partition {
        std::string topic;
        std::int32_t partition = 0;
        std::int64_t msgq_cnt = 0;       // producer: records waiting in the partition queue
        std::int64_t consumer_lag = -1;  // consumer: high watermark - position; -1 unknown
        std::int64_t committed_offset = -1001;
        std::int64_t hi_offset = -1;
        std::int64_t ls_offset = -1;
    };

    std::string name;  // client instance name
    std::string client_id;
    std::string type;           // "producer" or "consumer"
    std::int64_t ts_us = 0;     // librdkafka's monotonic clock
    std::int64_t msg_cnt = 0;   // records in the producer queues
    std::int64_t msg_size = 0;  // bytes in the producer queues
    std::int64_t msg_max = 0;
    std::int64_t tx_msgs = 0;  // records sent, total
    std::int64_t rx_msgs = 0;  // records consumed, total
    std::vector<Broker> brokers;
    std::vector<Partition> partitions;  // excluding librdkafka's internal -1 partition
    std::string raw_json;

    // Never throws: unparsable input yields raw_json only.
    static Statistics parse(std::string_view json);
};

}  // namespace kfk
