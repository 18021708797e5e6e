// Request and result types of the admin client (kfk/admin.hpp): topics, partitions, configs,
// cluster, consumer groups, group offsets, records.
//
// Every multi-item operation returns one result per item, each with its own kfk::Error: one
// topic failing does not hide the others.
//
// Thread-safety: plain value types.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kfk/error.hpp"
#include "kfk/timestamp.hpp"
#include "kfk/topic_partition.hpp"

namespace kfk {

// The outcome for one named item (topic, group, ...) of a multi-item call.
struct ItemResult {
    std::string name;
    Error error;
    bool ok() const noexcept { return !error; }
};

// ---------------------------------------------------------------------------------------------
// Configs

enum class ConfigResourceType { topic, broker, group };
[[nodiscard]] std::string_view to_string(ConfigResourceType type) noexcept;

struct ConfigResource {
    ConfigResourceType type = ConfigResourceType::topic;
    std::string name;  // topic name, broker id ("1"), or group id

    static ConfigResource topic(std::string name) {
        return {ConfigResourceType::topic, std::move(name)};
    }
    static ConfigResource broker(std::int32_t id) {
        return {ConfigResourceType::broker, std::to_string(id)};
    }
    static ConfigResource group(std::string name) {
        return {ConfigResourceType::group, std::move(name)};
    }
    friend bool operator==(const ConfigResource&, const ConfigResource&) = default;
};

// Where a config's effective value comes from.
enum class ConfigSource {
    unknown,
    dynamic_topic,           // set for this topic
    dynamic_broker,          // set dynamically for this broker
    dynamic_default_broker,  // set dynamically as the cluster-wide broker default
    static_broker,           // server.properties
    default_config,          // Kafka's built-in default
    group,                   // set for this group
};
[[nodiscard]] std::string_view to_string(ConfigSource source) noexcept;

struct ConfigSynonym {
    std::string name;
    std::optional<std::string> value;  // nullopt for sensitive or unset values
    ConfigSource source = ConfigSource::unknown;
};

struct ConfigEntry {
    std::string name;
    // nullopt when the broker withholds it (is_sensitive) or the config has no value.
    std::optional<std::string> value;
    ConfigSource source = ConfigSource::unknown;
    bool is_default = false;
    bool is_read_only = false;
    // Passwords, keys and the like: the broker never returns their value, and kfk never
    // prints one (display_value() and to_string() show "[sensitive]").
    bool is_sensitive = false;
    std::vector<ConfigSynonym> synonyms;  // highest precedence first (Kafka >= 1.1)

    // What to print: "[sensitive]" for sensitive entries, "null" without a value.
    std::string display_value() const;
    // "name=value (source[, read-only][, default])", redacted like display_value().
    [[nodiscard]] std::string to_string() const;
};

struct ConfigDescription {
    ConfigResource resource;
    std::vector<ConfigEntry> entries;  // sorted by name
    Error error;                       // e.g. unknown_topic_or_partition

    const ConfigEntry* find(std::string_view name) const noexcept;
};

// Kafka's IncrementalAlterConfigs operations. append/subtract work on list-valued configs
// (e.g. cleanup.policy) only.
enum class AlterConfigOp {
    set,       // set the value
    remove,    // Kafka's DELETE: drop the override, reverting to the default
    append,    // add the value to a list config
    subtract,  // remove the value from a list config
};
[[nodiscard]] std::string_view to_string(AlterConfigOp op) noexcept;

struct ConfigAlteration {
    std::string name;
    AlterConfigOp op = AlterConfigOp::set;
    std::string value;  // ignored for remove
};

struct AlterConfigsRequest {
    ConfigResource resource;
    std::vector<ConfigAlteration> alterations;
};

struct ConfigResourceResult {
    ConfigResource resource;
    Error error;
    bool ok() const noexcept { return !error; }
};

// ---------------------------------------------------------------------------------------------
// Topics and partitions

struct NewTopic {
    std::string name;
    std::int32_t partitions = -1;          // -1: the broker's num.partitions
    std::int16_t replication_factor = -1;  // -1: the broker's default.replication.factor
    std::vector<std::pair<std::string, std::string>> configs;  // e.g. {"retention.ms", "3600000"}
};

// What a principal may do with a resource (Kafka's AclOperation).
enum class AclOperation {
    unknown,
    any,
    all,
    read,
    write,
    create,
    remove,  // Kafka's DELETE
    alter,
    describe,
    cluster_action,
    describe_configs,
    alter_configs,
    idempotent_write,
};
[[nodiscard]] std::string_view to_string(AclOperation op) noexcept;

struct PartitionInfo {
    std::int32_t id = 0;
    std::int32_t leader = -1;  // -1: no leader (offline)
    std::vector<std::int32_t> replicas;
    std::vector<std::int32_t> isr;
    Error error;
    bool under_replicated() const noexcept { return isr.size() < replicas.size(); }
    bool offline() const noexcept { return leader < 0; }
};

struct TopicDescription {
    std::string name;
    bool internal = false;
    std::vector<PartitionInfo> partitions;  // sorted by id
    Error error;                            // e.g. unknown_topic_or_partition
    std::string topic_id;                   // base64 UUID (Kafka >= 2.8), empty if unknown
    // Filled when DescribeTopicsOptions::include_configs is set: every config of the topic,
    // sorted by name (ConfigEntry::is_default tells overrides apart).
    std::vector<ConfigEntry> configs;
    // Why `configs` is empty although they were asked for, e.g. topic_authorization_failed
    // when the principal may Describe the topic but not DescribeConfigs it (the standard
    // producer ACLs). The partitions are still described.
    Error configs_error;
    // Filled when DescribeTopicsOptions::include_authorized_operations is set.
    std::vector<AclOperation> authorized_operations;
};

struct DescribeTopicsOptions {
    bool include_configs = false;                // one extra DescribeConfigs round trip
    bool include_authorized_operations = false;  // Kafka >= 2.3
};

// Grow `topic` to `total_count` partitions (the new total, not the number to add).
struct NewPartitions {
    std::string topic;
    std::int32_t total_count = 0;
};

// The fraction of keys whose partition changes when a topic goes from `from` to `to`
// partitions, for the default (murmur2(key) % count) partitioner and uniformly spread hashes:
// a key keeps its partition only if hash % from == hash % to, which holds for min/lcm of all
// hashes. E.g. 3 -> 4 moves 75% of keys, 3 -> 6 moves 50%. 0 when from == to.
[[nodiscard]] double keys_remapped_fraction(std::int32_t from, std::int32_t to) noexcept;

// ---------------------------------------------------------------------------------------------
// Cluster

struct BrokerInfo {
    std::int32_t id = -1;
    std::string host;
    int port = 0;
    std::optional<std::string> rack;
};

struct ClusterDescription {
    std::string cluster_id;
    std::int32_t controller_id = -1;
    std::vector<BrokerInfo> brokers;  // sorted by id
};

// ---------------------------------------------------------------------------------------------
// Consumer groups

// The classic protocol's states. Consumer-protocol groups (KIP-848) report Empty, Stable and
// Dead the same way; their transitional states (Assigning, Reconciling) come out as one of the
// rebalance states or unknown, depending on what librdkafka maps them to.
enum class GroupState {
    unknown,
    preparing_rebalance,
    completing_rebalance,
    stable,
    dead,   // the group does not exist (or is being deleted)
    empty,  // no members; committed offsets may remain
};
[[nodiscard]] std::string_view to_string(GroupState state) noexcept;

// classic: JoinGroup/SyncGroup with client-side assignors; consumer: KIP-848 (Kafka >= 4.0,
// group.protocol=consumer).
enum class GroupType { unknown, consumer, classic };
[[nodiscard]] std::string_view to_string(GroupType type) noexcept;

struct GroupListing {
    std::string group_id;
    GroupState state = GroupState::unknown;
    GroupType type = GroupType::unknown;
    bool is_simple = false;  // no members ever joined: offsets committed with assign()
};

struct ListGroupsOptions {
    std::vector<GroupState> states{};  // empty: any state (filter needs Kafka >= 2.6)
    std::vector<GroupType> types{};    // empty: any type (filter needs Kafka >= 3.8)
};

struct GroupListResult {
    std::vector<GroupListing> groups;  // sorted by group id
    // Brokers that could not answer (the listing is then partial).
    std::vector<Error> errors;
};

struct GroupMember {
    std::string member_id;
    std::optional<std::string> group_instance_id;  // static membership
    std::string client_id;
    std::string host;
    TopicPartitions assignment;  // sorted
    // Consumer-protocol groups only: what the broker is moving the member towards.
    std::optional<TopicPartitions> target_assignment;
};

struct GroupDescription {
    std::string group_id;
    GroupState state = GroupState::unknown;
    GroupType type = GroupType::unknown;
    bool is_simple = false;
    std::string partition_assignor;  // e.g. "range", "cooperative-sticky", "uniform"
    std::optional<BrokerInfo> coordinator;
    std::vector<GroupMember> members;  // sorted by member id
    std::vector<AclOperation> authorized_operations;
    // group_id_not_found when the group does not exist (the broker reports it as Dead with no
    // members; kfk turns that into this error).
    Error error;

    // The member whose current assignment holds `tp`, if any.
    const GroupMember* owner_of(const TopicPartition& tp) const noexcept;
    // Empty or Dead: no member can commit, so offsets may be changed.
    bool inactive() const noexcept {
        return state == GroupState::empty || state == GroupState::dead;
    }
};

// ---------------------------------------------------------------------------------------------
// Records and offsets

// Which offset ListOffsets looks up.
struct OffsetSpec {
    enum class Kind {
        earliest,       // the log start offset
        latest,         // the log end offset (high watermark, or LSO under read_committed)
        max_timestamp,  // the record with the largest timestamp (Kafka >= 3.0)
        timestamp,      // the first record with timestamp >= time
    };
    Kind kind = Kind::latest;
    TimePoint time{};  // for Kind::timestamp

    static OffsetSpec earliest() { return {Kind::earliest, {}}; }
    static OffsetSpec latest() { return {Kind::latest, {}}; }
    static OffsetSpec max_timestamp() { return {Kind::max_timestamp, {}}; }
    static OffsetSpec at(TimePoint t) { return {Kind::timestamp, t}; }
};

struct OffsetQuery {
    TopicPartition partition;
    OffsetSpec spec;
};

struct ListedOffset {
    std::string topic;
    std::int32_t partition = 0;
    // offset::end (-1) when a timestamp query matched no record (all are older).
    std::int64_t offset = offset::invalid;
    std::optional<TimePoint> timestamp;  // of the record at `offset`, when the broker says
    std::optional<std::int32_t> leader_epoch;
    Error error;

    TopicPartition topic_partition() const { return {topic, partition}; }
};

// ---------------------------------------------------------------------------------------------
// Offset reset (the strategies of kafka-consumer-groups --reset-offsets)

struct ResetStrategy {
    enum class Kind {
        to_earliest,  // the log start
        to_latest,    // the log end
        to_offset,    // an absolute offset
        to_datetime,  // the first record at or after a time
        shift_by,     // the committed offset plus or minus N
        by_duration,  // the first record at or after now - duration
    };
    Kind kind = Kind::to_earliest;
    std::int64_t offset = 0;             // to_offset: the offset; shift_by: the delta
    TimePoint time{};                    // to_datetime
    std::chrono::milliseconds period{};  // by_duration

    static ResetStrategy to_earliest() { return {Kind::to_earliest, 0, {}, {}}; }
    static ResetStrategy to_latest() { return {Kind::to_latest, 0, {}, {}}; }
    static ResetStrategy to_offset(std::int64_t o) { return {Kind::to_offset, o, {}, {}}; }
    static ResetStrategy to_datetime(TimePoint t) { return {Kind::to_datetime, 0, t, {}}; }
    static ResetStrategy shift_by(std::int64_t delta) { return {Kind::shift_by, delta, {}, {}}; }
    static ResetStrategy by_duration(std::chrono::milliseconds d) {
        return {Kind::by_duration, 0, {}, d};
    }
    // e.g. "to-earliest", "shift-by -5", "to-datetime 2024-05-01T10:00:00.000Z".
    [[nodiscard]] std::string to_string() const;
};

struct OffsetResetEntry {
    std::string topic;
    std::int32_t partition = 0;
    std::optional<std::int64_t> current;  // committed offset; nullopt: no commit
    std::int64_t log_start = offset::invalid;
    std::int64_t log_end = offset::invalid;
    std::int64_t target = offset::invalid;  // within [log_start, log_end] when error is unset
    bool clamped = false;  // the strategy asked for an offset outside [log_start, log_end]
    Error error;           // e.g. shift_by with no committed offset, unknown partition

    TopicPartition topic_partition() const { return {topic, partition}; }
};

// What execute_offset_reset() would commit. Changes nothing by itself (a dry run).
struct OffsetResetPlan {
    std::string group;
    ResetStrategy strategy;
    GroupState group_state = GroupState::unknown;  // when planned
    std::vector<OffsetResetEntry> partitions;      // sorted by topic, partition

    // Entries without an error.
    std::size_t executable_count() const noexcept;
};

}  // namespace kfk
