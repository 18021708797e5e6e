// The admin client's private side: request plumbing shared by the admin_*.cpp files, and the
// start/parse halves of the requests that composite operations (lag, offset reset, partition
// growth) run concurrently.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/client_core.hpp"
#include "core/deadline.hpp"
#include "kfk/admin.hpp"

namespace kfk::detail {

using AdminDuration = std::chrono::milliseconds;

class AdminImpl final : public ClientCore {
  public:
    using Duration = AdminDuration;

    explicit AdminImpl(const AdminConfig& config);
    ~AdminImpl() override;

    // What Admin offers, one to one (kfk/admin.hpp documents the semantics and
    // holds the default arguments). Each area has its
    // file: admin_topics.cpp, admin_configs.cpp, admin_cluster.cpp, admin_groups.cpp,
    // admin_offsets.cpp, admin_reset.cpp, admin_records.cpp, lag/lag.cpp.
    std::vector<ItemResult> create_topics(const std::vector<NewTopic>& topics, Duration timeout,
                                          bool validate_only);
    std::vector<ItemResult> delete_topics(const std::vector<std::string>& topics, Duration timeout);
    std::vector<std::string> list_topics(Duration timeout, bool include_internal);
    std::vector<TopicDescription> describe_topics(const std::vector<std::string>& topics,
                                                  Duration timeout,
                                                  const DescribeTopicsOptions& options);
    TopicPartitions topic_partitions(const std::vector<std::string>& topics, Duration timeout);
    std::vector<ItemResult> create_partitions(const std::vector<NewPartitions>& partitions,
                                              Duration timeout, bool validate_only);
    std::vector<ConfigDescription> describe_configs(const std::vector<ConfigResource>& resources,
                                                    Duration timeout);
    std::vector<ConfigResourceResult> incremental_alter_configs(
        const std::vector<AlterConfigsRequest>& requests, Duration timeout, bool validate_only);
    ClusterDescription describe_cluster(Duration timeout);
    GroupListResult list_groups(Duration timeout, const ListGroupsOptions& options);
    std::vector<GroupDescription> describe_groups(const std::vector<std::string>& groups,
                                                  Duration timeout);
    std::vector<ItemResult> delete_groups(const std::vector<std::string>& groups, Duration timeout);
    TopicPartitionOffsets list_group_offsets(const std::string& group, Duration timeout,
                                             const TopicPartitions& partitions,
                                             bool require_stable);
    TopicPartitionOffsets alter_group_offsets(const std::string& group,
                                              const TopicPartitionOffsets& offsets,
                                              Duration timeout);
    TopicPartitionOffsets delete_group_offsets(const std::string& group,
                                               const TopicPartitions& partitions, Duration timeout);
    OffsetResetPlan plan_offset_reset(const std::string& group, const TopicPartitions& partitions,
                                      const ResetStrategy& strategy, Duration timeout);
    TopicPartitionOffsets execute_offset_reset(const OffsetResetPlan& plan, Duration timeout);
    TopicPartitionOffsets delete_records(const TopicPartitionOffsets& before, Duration timeout);
    std::vector<ListedOffset> list_offsets(const std::vector<OffsetQuery>& queries,
                                           Duration timeout, IsolationLevel isolation);
    GroupLag group_lag(const std::string& group, Duration timeout, IsolationLevel isolation);
    // admin_acls.cpp
    std::vector<AclCreateResult> create_acls(const std::vector<AclBinding>& bindings,
                                             Duration timeout);
    std::vector<AclBinding> describe_acls(const AclBindingFilter& filter, Duration timeout);
    std::vector<AclDeleteResult> delete_acls(const std::vector<AclBindingFilter>& filters,
                                             Duration timeout);
    // admin_scram.cpp
    std::vector<UserScramCredentials> describe_scram_credentials(
        const std::vector<std::string>& users, Duration timeout);
    std::vector<ItemResult> upsert_scram_credentials(const std::vector<ScramUpsertion>& upsertions,
                                                     Duration timeout);
    std::vector<ItemResult> delete_scram_credentials(const std::vector<ScramDeletion>& deletions,
                                                     Duration timeout);

    // The plumbing those share.

    // Options for one admin request with `timeout` as both request and operation timeout.
    AdminOptionsPtr options(rd_kafka_admin_op_t op, Duration timeout, bool validate_only = false);
    // Starts a request on a private queue via `start(queue)`; wait() for its result.
    QueuePtr start(const std::function<void(rd_kafka_queue_t*)>& start_request);
    // Waits for the result event of a request started with `timeout`; throws TimeoutError
    // when none arrives in time, or the request-level error (throw_error's mapping).
    EventPtr wait(rd_kafka_queue_t* queue, Duration timeout, const std::string& what);
    // wait()'s halves: the result event, whatever its error (TimeoutError when none comes,
    // AuthenticationError while the credentials are refused), and the throw for its error.
    EventPtr await_result(rd_kafka_queue_t* queue, Duration timeout, const std::string& what);
    void throw_if_failed(rd_kafka_event_t* ev, Duration timeout, const std::string& what);
    // start() + wait().
    EventPtr run(const std::function<void(rd_kafka_queue_t*)>& start_request, Duration timeout,
                 const std::string& what);

    // Requests composite operations start side by side.
    QueuePtr start_describe_groups(const std::vector<std::string>& groups, Duration timeout);
    QueuePtr start_list_group_offsets(const std::string& group, const TopicPartitions& partitions,
                                      bool require_stable, Duration timeout);
    QueuePtr start_list_offsets(const std::vector<OffsetQuery>& queries, IsolationLevel isolation,
                                Duration timeout);
    // Waits for a start_list_offsets() request and returns its results, asking again (whole
    // or per item) while Kafka answers "not yet", until `deadline`.
    std::vector<ListedOffset> collect_list_offsets(QueuePtr queue,
                                                   const std::vector<OffsetQuery>& queries,
                                                   IsolationLevel isolation,
                                                   const Deadline& deadline,
                                                   const std::string& what);
    // Fetches the topics' metadata into librdkafka's cache (see admin_retry.cpp for why).
    void refresh_leaders(const std::vector<OffsetQuery>& queries, const Deadline& deadline);
    // Asks again, with backoff until `deadline`, for the entries of `results` whose error
    // Kafka says to retry (a leader moving or not elected yet right after a create, ...), as
    // the Java AdminClient does inside the call's timeout. Entries still failing at the
    // deadline keep their last error.
    void retry_list_offsets(std::vector<ListedOffset>& results,
                            const std::vector<OffsetQuery>& queries, IsolationLevel isolation,
                            const Deadline& deadline, const std::string& what);
    // Waits for a start_describe_groups() request; groups answered "coordinator loading /
    // moving / not available" are described again, with backoff, until `deadline`.
    std::vector<GroupDescription> collect_describe_groups(QueuePtr queue, const Deadline& deadline,
                                                          const std::string& what);
    // Waits for a start_list_group_offsets() request, asking again while the group's
    // coordinator (or, with require_stable, an open transaction) says "not yet".
    TopicPartitionOffsets collect_list_group_offsets(QueuePtr queue, const std::string& group,
                                                     const TopicPartitions& partitions,
                                                     bool require_stable, const Deadline& deadline,
                                                     const std::string& what);
    QueuePtr start_describe_topics(const std::vector<std::string>& topics, bool authorized_ops,
                                   Duration timeout);
};

// Whether an admin answer means "not yet" (leader election, coordinator loading, transport
// blip) rather than "no": what the Java AdminClient retries inside a call's timeout.
bool worth_retrying(const Error& e);

// Result parsers, one per request kind.
std::vector<GroupDescription> describe_groups_result(rd_kafka_event_t* ev);
// `requested` empty: keep only partitions with a commit.
TopicPartitionOffsets list_group_offsets_result(rd_kafka_event_t* ev, const std::string& group,
                                                bool all_requested);
// In the order of `queries`.
std::vector<ListedOffset> list_offsets_result(rd_kafka_event_t* ev,
                                              const std::vector<OffsetQuery>& queries);
std::vector<TopicDescription> describe_topics_result(rd_kafka_event_t* ev,
                                                     const std::vector<std::string>& topics);

// Shared conversions.
BrokerInfo broker_of(const rd_kafka_Node_t* node);
std::vector<AclOperation> acl_operations_of(const rd_kafka_AclOperation_t* ops, size_t n);
GroupState group_state_of(rd_kafka_consumer_group_state_t state) noexcept;
rd_kafka_consumer_group_state_t to_rd(GroupState state) noexcept;
GroupType group_type_of(rd_kafka_consumer_group_type_t type) noexcept;
rd_kafka_consumer_group_type_t to_rd(GroupType type) noexcept;
ConfigSource config_source_of(rd_kafka_ConfigSource_t source) noexcept;
rd_kafka_ResourceType_t to_rd(ConfigResourceType type) noexcept;
std::optional<ConfigResourceType> resource_type_of(rd_kafka_ResourceType_t type) noexcept;
rd_kafka_AlterConfigOpType_t to_rd(AlterConfigOp op) noexcept;

void sort_partitions(TopicPartitionOffsets& offsets);

}  // namespace kfk::detail
