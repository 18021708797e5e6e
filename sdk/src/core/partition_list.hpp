// Conversions between kfk's partition/offset vectors and librdkafka's partition lists.
#pragma once

#include <librdkafka/rdkafka.h>

#include "core/handles.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk::detail {

PartitionListPtr to_list(const TopicPartitions& partitions);
PartitionListPtr to_list(const TopicPartitionOffsets& offsets);
TopicPartitions partitions_of(const rd_kafka_topic_partition_list_t* list);
TopicPartitionOffsets offsets_of(const rd_kafka_topic_partition_list_t* list);

}  // namespace kfk::detail
