// Admin: topics, partitions, configs, cluster, consumer groups, group offsets, records, lag,
// ACLs and SCRAM credentials.
//
// Every operation takes a timeout that bounds the whole call, including the several round
// trips some of them make (group_lag, plan_offset_reset, create_partitions): past it the call
// throws TimeoutError. Multi-item operations return one result per item with its own
// kfk::Error — one topic failing does not hide the others. Only failures of the whole call
// throw (see kfk/exceptions.hpp): TimeoutError (no broker answered in time — e.g. none is
// reachable), KafkaError (e.g. not authorized), UsageError (an invalid request, refused before
// anything is sent), AuthenticationError (the cluster refuses the client's SASL credentials or
// TLS identity, or its certificate is not trusted: thrown as soon as every broker has refused,
// not at the timeout).
//
// The Admin's error, statistics and OAUTHBEARER token-refresh events are served on
// librdkafka's background thread: on_error and on_statistics run there, without polling.
//
// Broker versions: each operation names the Kafka version it needs; against an older broker it
// fails with unsupported_feature (UsageError) or, per item, unsupported_version.
//
// Thread-safety: all member functions may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/acl.hpp"
#include "kfk/admin_types.hpp"
#include "kfk/config.hpp"
#include "kfk/error.hpp"
#include "kfk/lag.hpp"
#include "kfk/scram.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

namespace detail {
class AdminImpl;
}

class Admin {
  public:
    using Duration = std::chrono::milliseconds;

    // Throws ConfigError if librdkafka rejects a property. Connects lazily.
    explicit Admin(AdminConfig config);
    ~Admin();
    Admin(Admin&&) noexcept;
    Admin& operator=(Admin&&) noexcept;

    // ---- Topics --------------------------------------------------------------------------

    // validate_only: the broker checks the request (name, partitions, replication factor,
    // configs) and creates nothing — a dry run. Per topic: topic_already_exists,
    // invalid_replication_factor, invalid_config, invalid_topic, policy_violation, ...
    // A topic name or config librdkafka rejects locally throws UsageError before sending.
    // Kafka >= 0.10.1 (CreateTopics); -1 partitions / replication factor need Kafka >= 2.4.
    [[nodiscard]] std::vector<ItemResult> create_topics(const std::vector<NewTopic>& topics,
                                                        Duration timeout,
                                                        bool validate_only = false);
    // Per topic: unknown_topic_or_partition if it does not exist. Kafka >= 0.10.1.
    [[nodiscard]] std::vector<ItemResult> delete_topics(const std::vector<std::string>& topics,
                                                        Duration timeout);
    // Topic names, sorted. Internal topics (__consumer_offsets, __transaction_state, ...) only
    // with include_internal. Any Kafka version (Metadata).
    [[nodiscard]] std::vector<std::string> list_topics(Duration timeout,
                                                       bool include_internal = false);
    // Partitions with leader, replicas and ISR, the topic id and internal flag; with options,
    // the topic's configs and the caller's authorized operations. An unknown topic comes back
    // with error unknown_topic_or_partition. Kafka >= 0.10 (Metadata); topic ids need >= 2.8,
    // authorized operations >= 2.3, configs >= 0.11.
    [[nodiscard]] std::vector<TopicDescription> describe_topics(
        const std::vector<std::string>& topics, Duration timeout,
        const DescribeTopicsOptions& options = {});
    // Every partition of `topics`, sorted. Throws KafkaError (unknown_topic_or_partition)
    // naming the first topic that does not exist.
    [[nodiscard]] TopicPartitions topic_partitions(const std::vector<std::string>& topics,
                                                   Duration timeout);

    // Grows topics to NewPartitions::total_count partitions.
    // Kafka partitions only grow: a count at or below the current one is refused per item
    // with invalid_partitions before any CreatePartitions request (an unknown topic gets
    // unknown_topic_or_partition). Growing re-maps keys: the default partitioner sends a key
    // to murmur2(key) % count, so after the change most keys land on a different partition
    // (keys_remapped_fraction() says how many) and per-key ordering across the change is lost.
    // validate_only: a dry run. Kafka >= 1.0 (CreatePartitions).
    [[nodiscard]] std::vector<ItemResult> create_partitions(
        const std::vector<NewPartitions>& partitions, Duration timeout, bool validate_only = false);

    // ---- Configs -------------------------------------------------------------------------

    // Every config of each resource with value, source, default/read-only/sensitive flags and
    // synonyms. Sensitive values are never returned (value = nullopt). Per resource errors,
    // e.g. unknown_topic_or_partition, or the request's own error for a broker resource whose
    // broker is down or unknown (each broker resource goes to its broker in a request of its
    // own); the call throws only when every request failed. Kafka >= 0.11 (DescribeConfigs);
    // synonyms >= 1.1; group configs >= 4.0.
    [[nodiscard]] std::vector<ConfigDescription> describe_configs(
        const std::vector<ConfigResource>& resources, Duration timeout);
    // Set / remove (revert to default) / append / subtract individual configs, leaving the
    // others alone. validate_only: the broker checks and changes nothing. Per resource:
    // invalid_config (unknown key or bad value), unknown_topic_or_partition, a failed request
    // to a broker resource's broker, ... (as describe_configs: throws only when every request
    // failed). Kafka >= 2.3 (IncrementalAlterConfigs).
    [[nodiscard]] std::vector<ConfigResourceResult> incremental_alter_configs(
        const std::vector<AlterConfigsRequest>& requests, Duration timeout,
        bool validate_only = false);

    // ---- Cluster -------------------------------------------------------------------------

    // Cluster id, controller and brokers. Kafka >= 0.10.1 (Metadata v2) for the cluster id.
    [[nodiscard]] ClusterDescription describe_cluster(Duration timeout);

    // ---- Consumer groups -----------------------------------------------------------------

    // Groups with state and type (classic / consumer), optionally filtered. Brokers that
    // could not answer are listed in GroupListResult::errors. Kafka >= 0.9 (ListGroups);
    // states >= 2.6; types >= 3.8.
    [[nodiscard]] GroupListResult list_groups(Duration timeout,
                                              const ListGroupsOptions& options = {});
    // State, type, assignor, coordinator, and members with client id, host and assigned
    // partitions. Consumer-protocol groups (KIP-848) are described with ConsumerGroupDescribe
    // (Kafka >= 4.0), classic ones with DescribeGroups (Kafka >= 0.9). An unknown group comes
    // back with error group_id_not_found.
    [[nodiscard]] std::vector<GroupDescription> describe_groups(
        const std::vector<std::string>& groups, Duration timeout);
    // Deletes groups with their committed offsets. Per group: non_empty_group while the group
    // has members (stop its consumers first), group_id_not_found if it does not exist.
    // Kafka >= 1.1 (DeleteGroups).
    [[nodiscard]] std::vector<ItemResult> delete_groups(const std::vector<std::string>& groups,
                                                        Duration timeout);

    // ---- Group offsets -------------------------------------------------------------------

    // The group's committed offsets: for `partitions`, or every partition it has a commit for
    // when empty (sorted). A requested partition without a commit has offset::invalid.
    // An unknown group has no commits (empty result). require_stable: wait for pending
    // transactional commits (Kafka >= 2.5). Kafka >= 0.8.2 (OffsetFetch).
    [[nodiscard]] TopicPartitionOffsets list_group_offsets(const std::string& group,
                                                           Duration timeout,
                                                           const TopicPartitions& partitions = {},
                                                           bool require_stable = false);
    // Commits `offsets` (the next offset to read) for the group; per partition errors in
    // TopicPartitionOffset::error — e.g. unknown_member_id while the group has active members
    // subscribed to the topic. Kafka >= 0.8.2 (OffsetCommit).
    [[nodiscard]] TopicPartitionOffsets alter_group_offsets(const std::string& group,
                                                            const TopicPartitionOffsets& offsets,
                                                            Duration timeout);
    // Removes the group's commits for `partitions`; per partition errors, e.g.
    // group_subscribed_to_topic (86) while members consume the topic. Throws KafkaError
    // (group_id_not_found) when the group does not exist. Kafka >= 2.4 (OffsetDelete).
    [[nodiscard]] TopicPartitionOffsets delete_group_offsets(const std::string& group,
                                                             const TopicPartitions& partitions,
                                                             Duration timeout);
    // Works out, without changing anything, where `strategy` would move the group's offsets
    // on `partitions` (see Admin::topic_partitions for "all partitions of a topic"): per
    // partition the committed offset, log start and end, and the target clamped to
    // [log start, log end]. Kafka >= 0.10.1; max/time lookups as list_offsets.
    [[nodiscard]] OffsetResetPlan plan_offset_reset(const std::string& group,
                                                    const TopicPartitions& partitions,
                                                    const ResetStrategy& strategy,
                                                    Duration timeout);
    // Commits the plan's targets (entries without an error). Refuses — UsageError with code
    // state, nothing changed — unless the group is Empty or Dead now: a member would overwrite
    // the new offsets with its own commits (stop the consumers first). Per partition results.
    [[nodiscard]] TopicPartitionOffsets execute_offset_reset(const OffsetResetPlan& plan,
                                                             Duration timeout);

    // ---- Records -------------------------------------------------------------------------

    // Deletes every record before each entry's offset (offset::end: everything), moving the
    // log start. Returns per partition the new log start (low watermark) or the error, e.g.
    // offset_out_of_range beyond the log end. Kafka >= 0.11 (DeleteRecords).
    [[nodiscard]] TopicPartitionOffsets delete_records(const TopicPartitionOffsets& before,
                                                       Duration timeout);
    // Earliest / latest / by timestamp / max-timestamp offsets per partition. `isolation`
    // read_committed makes `latest` the last stable offset. Kafka >= 0.10.1 (ListOffsets v1);
    // max_timestamp needs >= 3.0.
    [[nodiscard]] std::vector<ListedOffset> list_offsets(
        const std::vector<OffsetQuery>& queries, Duration timeout,
        IsolationLevel isolation = IsolationLevel::read_uncommitted);

    // ---- Lag -----------------------------------------------------------------------------

    // The group's lag (definition in kfk/lag.hpp) per partition, topic and in total, with the
    // member owning each partition. Partitions: those with a commit plus those assigned to a
    // member. read_committed measures against the last stable offset. Throws KafkaError
    // (group_id_not_found) when the group does not exist. Four requests, two at a time:
    // DescribeConsumerGroups + ListConsumerGroupOffsets, then ListOffsets earliest + latest.
    // Kafka >= 0.10.1; consumer-protocol groups need 4.0.
    [[nodiscard]] GroupLag group_lag(const std::string& group, Duration timeout,
                                     IsolationLevel isolation = IsolationLevel::read_uncommitted);

    // ---- ACLs (kfk/acl.hpp) ---------------------------------------------------------------
    // The broker needs an authorizer (authorizer.class.name); without one each binding or
    // filter fails with security_disabled. A binding or filter librdkafka cannot express
    // (`any`/`match`/`unknown` values in a binding, delegation_token) throws UsageError
    // before anything is sent. Kafka >= 0.11 (prefixed patterns: >= 2.0).

    // One result per binding, in order; one binding failing does not stop the others.
    // Creating a binding that exists succeeds (Kafka's CreateAcls is idempotent). Needs ALTER
    // on the cluster: without it every binding fails with cluster_authorization_failed.
    [[nodiscard]] std::vector<AclCreateResult> create_acls(const std::vector<AclBinding>& bindings,
                                                           Duration timeout);
    // The bindings matching `filter`, sorted. Needs DESCRIBE on the cluster (ALTER implies
    // it): without it throws KafkaError (cluster_authorization_failed). librdkafka drops
    // DescribeAcls' own error code; kfk tells "not authorized" from "no ACLs" by asking for
    // the cluster's authorized operations when the answer is empty.
    [[nodiscard]] std::vector<AclBinding> describe_acls(const AclBindingFilter& filter,
                                                        Duration timeout);
    // One result per filter, in order: the bindings it matched and deleted. Needs ALTER on
    // the cluster (else each filter fails with cluster_authorization_failed).
    [[nodiscard]] std::vector<AclDeleteResult> delete_acls(
        const std::vector<AclBindingFilter>& filters, Duration timeout);

    // ---- SCRAM credentials (kfk/scram.hpp) -----------------------------------------------
    // Kafka >= 2.7 (KIP-554); needs DESCRIBE (describe) or ALTER (upsert, delete) on the
    // cluster. A changed credential takes effect asynchronously: the brokers learn it from
    // the metadata log, so a login right after an upsert may still fail for a moment.

    // The credentials of `users`, one entry per user in order (resource_not_found for a user
    // without any), or of every user that has one (sorted) when `users` is empty.
    [[nodiscard]] std::vector<UserScramCredentials> describe_scram_credentials(
        const std::vector<std::string>& users, Duration timeout);
    // Creates or replaces credentials. One result per distinct user, in order of first
    // appearance: Kafka answers per user, e.g. unacceptable_credential (iterations outside
    // [scram_min_iterations, scram_max_iterations]), duplicate_resource (Kafka alters a user
    // once per request: a user named twice in one call, even for two mechanisms, is refused;
    // make one call per mechanism). An empty user or password, or a mechanism `unknown`,
    // throws UsageError before sending.
    [[nodiscard]] std::vector<ItemResult> upsert_scram_credentials(
        const std::vector<ScramUpsertion>& upsertions, Duration timeout);
    // Removes credentials; per user as upsert_scram_credentials, e.g. resource_not_found
    // when the user has no credential for that mechanism.
    [[nodiscard]] std::vector<ItemResult> delete_scram_credentials(
        const std::vector<ScramDeletion>& deletions, Duration timeout);

    [[nodiscard]] std::string name() const;

    // SASL credential rotation: the username and password that connections made from now on
    // authenticate with (rd_kafka_sasl_set_credentials). Connections that already
    // authenticated keep the old credentials until they close (librdkafka does not
    // reconnect them); a connection refused with the old ones is retried with the new ones
    // at librdkafka's next reconnect (reconnect.backoff.ms, growing to
    // reconnect.backoff.max.ms). A refusal of the old credentials is forgotten, so that
    // waits no longer end with AuthenticationError because of it, and the new password is
    // scrubbed from logs and errors like sasl.password. Only for SASL PLAIN and SCRAM
    // (UsageError otherwise, e.g. OAUTHBEARER: see ClientConfig::oauthbearer_token_provider).
    // Thread-safe like every Admin call.
    void set_sasl_credentials(std::string_view username, std::string_view password);

  private:
    detail::AdminImpl& impl() const;  // UsageError on a moved-from Admin
    std::unique_ptr<detail::AdminImpl> impl_;
};

}  // namespace kfk
