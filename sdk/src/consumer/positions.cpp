// Where the consumer is and where it goes: seek (with the retry a just-assigned partition
// needs), positions, watermarks, offsets for times, pause and resume.
#include <algorithm>
#include <thread>

#include "consumer/consumer_impl.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {

void ConsumerImpl::seek(const TopicPartitionOffsets& positions, Duration timeout) {
    if (positions.empty()) return;
    seeked(positions);
    const Deadline deadline{timeout};
    auto pending = positions;
    Duration backoff{2};
    for (;;) {
        auto list = to_list(pending);
        // A zero timeout makes librdkafka seek asynchronously without reporting the outcome;
        // remaining() keeps at least 1 ms so that refusals are seen.
        throw_if(rd_kafka_seek_partitions(rk(), list.get(), timeout_ms(deadline.remaining())),
                 "seek");
        TopicPartitionOffsets retry;
        for (int i = 0; i < list->cnt; ++i) {
            const auto& e = list->elems[i];
            if (!e.err) continue;
            const bool not_started_yet =
                e.err == RD_KAFKA_RESP_ERR__STATE || e.err == RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS;
            if (!not_started_yet || deadline.passed()) {
                throw_error(make_error(e.err), "seek " + partition_name(e.topic, e.partition));
            }
            // librdkafka#3959: right after an assignment the partition's fetcher waits for
            // the committed offset (or for the previous assignment to stop), and a seek in
            // that window is refused. It starts on its own; try again shortly.
            retry.push_back(pending[static_cast<std::size_t>(i)]);
        }
        if (retry.empty()) return;
        // Only partitions that are still assigned will ever start.
        rd_kafka_topic_partition_list_t* raw = nullptr;
        throw_if(rd_kafka_assignment(rk(), &raw), "assignment");
        PartitionListPtr assigned{raw};
        for (const auto& tpo : retry) {
            if (!rd_kafka_topic_partition_list_find(assigned.get(), tpo.topic.c_str(),
                                                    tpo.partition)) {
                throw UsageError(Error{ErrorCode::state, "partition is not assigned"},
                                 "seek " + partition_name(tpo.topic.c_str(), tpo.partition));
            }
        }
        log(LogLevel::debug, "SEEK",
            std::to_string(retry.size()) + " partition(s) not fetching yet; seeking again");
        pending = std::move(retry);
        std::this_thread::sleep_for(std::min(backoff, deadline.remaining()));
        backoff = std::min(backoff * 2, Duration{50});
    }
}

void ConsumerImpl::seek_to(const TopicPartitions& partitions, std::int64_t logical,
                           Duration timeout) {
    TopicPartitionOffsets positions;
    positions.reserve(partitions.size());
    for (const auto& tp : partitions) positions.push_back({tp.topic, tp.partition, logical});
    seek(positions, timeout);
}

TopicPartitionOffsets ConsumerImpl::position(const TopicPartitions& partitions) {
    auto list = to_list(partitions);
    throw_if(rd_kafka_position(rk(), list.get()), "position");
    return offsets_of(list.get());
}

Watermarks ConsumerImpl::watermark_offsets(const std::string& topic, std::int32_t partition,
                                           Duration timeout) {
    Watermarks w;
    throw_if(rd_kafka_query_watermark_offsets(rk(), topic.c_str(), partition, &w.low, &w.high,
                                              timeout_ms(timeout)),
             "watermark_offsets");
    return w;
}

Watermarks ConsumerImpl::cached_watermark_offsets(const std::string& topic,
                                                  std::int32_t partition) {
    Watermarks w;
    throw_if(rd_kafka_get_watermark_offsets(rk(), topic.c_str(), partition, &w.low, &w.high),
             "cached_watermark_offsets");
    return w;
}

TopicPartitionOffsets ConsumerImpl::offsets_for_times(const TopicPartitionOffsets& timestamps,
                                                      Duration timeout) {
    if (timestamps.empty()) return {};
    auto list = to_list(timestamps);
    throw_if(rd_kafka_offsets_for_times(rk(), list.get(), timeout_ms(timeout)),
             "offsets_for_times");
    throw_first_partition_error(list.get(), "offsets_for_times");
    auto out = offsets_of(list.get());
    for (auto& tpo : out) {
        if (tpo.offset < 0) tpo.offset = offset::end;  // no record that late
    }
    return out;
}

void ConsumerImpl::pause(const TopicPartitions& partitions) {
    auto list = to_list(partitions);
    throw_if(rd_kafka_pause_partitions(rk(), list.get()), "pause");
    throw_first_partition_error(list.get(), "pause");
}

void ConsumerImpl::resume(const TopicPartitions& partitions) {
    auto list = to_list(partitions);
    throw_if(rd_kafka_resume_partitions(rk(), list.get()), "resume");
    throw_first_partition_error(list.get(), "resume");
}

}  // namespace kfk::detail
