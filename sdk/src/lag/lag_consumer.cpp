// A consumer's own lag for its assignment, through the public BytesConsumer API.
#include "kfk/bytes_consumer.hpp"
#include "kfk/exceptions.hpp"
#include "kfk/lag.hpp"

namespace kfk {

std::vector<ConsumerPartitionLag> consumer_lag(BytesConsumer& consumer,
                                               std::chrono::milliseconds timeout) {
    const auto assigned = consumer.assignment();
    std::vector<ConsumerPartitionLag> out;
    if (assigned.empty()) return out;
    const auto positions = consumer.position(assigned);

    // Before its first fetch a partition has no position yet; it will start at the commit.
    TopicPartitions unpositioned;
    for (const auto& p : positions) {
        if (p.offset < 0) unpositioned.push_back(p.topic_partition());
    }
    TopicPartitionOffsets committed;
    if (!unpositioned.empty()) {
        try {
            committed = consumer.committed(unpositioned, timeout);
        } catch (const Exception&) {
            // No group (assign-only) or no answer: those positions stay unknown.
        }
    }

    out.reserve(positions.size());
    for (const auto& p : positions) {
        ConsumerPartitionLag l;
        l.topic = p.topic;
        l.partition = p.partition;
        if (p.offset >= 0) {
            l.position = p.offset;
        } else {
            for (const auto& c : committed) {
                if (c.topic == p.topic && c.partition == p.partition && c.offset >= 0) {
                    l.position = c.offset;
                    l.from_committed = true;
                }
            }
        }
        try {
            const auto w = consumer.watermark_offsets(p.topic, p.partition, timeout);
            l.log_start = w.low;
            l.log_end = w.high;
        } catch (const Exception& e) {
            l.error = e.error();
        }
        const auto figure = compute_lag(l.position, l.log_start, l.log_end);
        l.lag = figure.lag;
        l.position_before_log_start = figure.committed_before_log_start;
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace kfk
