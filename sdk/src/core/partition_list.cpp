#include "core/partition_list.hpp"

#include <cstdlib>
#include <cstring>

#include "core/error_map.hpp"

namespace kfk::detail {

PartitionListPtr to_list(const TopicPartitions& partitions) {
    auto list = make_partition_list(static_cast<int>(partitions.size()));
    for (const auto& tp : partitions) {
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
    }
    return list;
}

PartitionListPtr to_list(const TopicPartitionOffsets& offsets) {
    auto list = make_partition_list(static_cast<int>(offsets.size()));
    for (const auto& tpo : offsets) {
        auto* e = rd_kafka_topic_partition_list_add(list.get(), tpo.topic.c_str(), tpo.partition);
        e->offset = tpo.offset;
        if (tpo.leader_epoch) rd_kafka_topic_partition_set_leader_epoch(e, *tpo.leader_epoch);
        if (!tpo.metadata.empty()) {
            // librdkafka frees metadata with free(); hand it a malloc'd copy.
            e->metadata = std::malloc(tpo.metadata.size());
            std::memcpy(e->metadata, tpo.metadata.data(), tpo.metadata.size());
            e->metadata_size = tpo.metadata.size();
        }
    }
    return list;
}

TopicPartitions partitions_of(const rd_kafka_topic_partition_list_t* list) {
    TopicPartitions out;
    if (!list) return out;
    out.reserve(static_cast<std::size_t>(list->cnt));
    for (int i = 0; i < list->cnt; ++i) {
        out.push_back({list->elems[i].topic, list->elems[i].partition});
    }
    return out;
}

TopicPartitionOffsets offsets_of(const rd_kafka_topic_partition_list_t* list) {
    TopicPartitionOffsets out;
    if (!list) return out;
    out.reserve(static_cast<std::size_t>(list->cnt));
    for (int i = 0; i < list->cnt; ++i) {
        const auto& e = list->elems[i];
        TopicPartitionOffset tpo;
        tpo.topic = e.topic;
        tpo.partition = e.partition;
        tpo.offset = e.offset;
        const auto epoch = rd_kafka_topic_partition_get_leader_epoch(&e);
        if (epoch >= 0) tpo.leader_epoch = epoch;
        if (e.metadata && e.metadata_size > 0) {
            tpo.metadata.assign(static_cast<const char*>(e.metadata), e.metadata_size);
        }
        tpo.error = make_error(e.err);
        out.push_back(std::move(tpo));
    }
    return out;
}

}  // namespace kfk::detail
