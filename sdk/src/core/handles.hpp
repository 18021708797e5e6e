// RAII owners for librdkafka handles. Private to the SDK: rdkafka.h never reaches users.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

namespace kfk::detail {

template <auto DestroyFn>
struct Deleter {
    template <class T>
    void operator()(T* p) const noexcept {
        if (p) DestroyFn(p);
    }
};

using ConfPtr = std::unique_ptr<rd_kafka_conf_t, Deleter<rd_kafka_conf_destroy>>;
using TopicPtr = std::unique_ptr<rd_kafka_topic_t, Deleter<rd_kafka_topic_destroy>>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, Deleter<rd_kafka_queue_destroy>>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, Deleter<rd_kafka_event_destroy>>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, Deleter<rd_kafka_error_destroy>>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t,
                                         Deleter<rd_kafka_topic_partition_list_destroy>>;
using GroupMetadataPtr = std::unique_ptr<rd_kafka_consumer_group_metadata_t,
                                         Deleter<rd_kafka_consumer_group_metadata_destroy>>;
using AdminOptionsPtr =
    std::unique_ptr<rd_kafka_AdminOptions_t, Deleter<rd_kafka_AdminOptions_destroy>>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, Deleter<rd_kafka_metadata_destroy>>;

// rd_kafka_destroy blocks until librdkafka's threads are gone; consumers are closed before.
struct KafkaDeleter {
    void operator()(rd_kafka_t* rk) const noexcept {
        if (rk) rd_kafka_destroy(rk);
    }
};
using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

inline PartitionListPtr make_partition_list(int size_hint) {
    return PartitionListPtr{rd_kafka_topic_partition_list_new(size_hint)};
}

}  // namespace kfk::detail
