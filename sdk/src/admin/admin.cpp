// AdminImpl's construction and the request plumbing the areas share; each area lives in its
// own file (admin_topics.cpp, admin_configs.cpp, admin_cluster.cpp, admin_groups.cpp,
// admin_offsets.cpp, admin_reset.cpp, admin_records.cpp, lag/lag.cpp), the facade in
// admin_facade.cpp.
#include "kfk/admin.hpp"

#include <algorithm>

#include "admin/admin_impl.hpp"
#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {

// A consumer handle with a group id of its own, never subscribed: librdkafka's admin
// ListConsumerGroupOffsets answers a NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE response by
// asking the handle's consumer group to look up its coordinator again, and dereferences a
// null group on any other handle (librdkafka#5040, open in 2.14.2: a segfault in
// `kfk group lag` while a coordinator moves). The group is only looked up, never joined.
AdminImpl::AdminImpl(const AdminConfig& config)
    : ClientCore(config, RD_KAFKA_CONSUMER, [](rd_kafka_conf_t* conf) {
          char errstr[256];
          rd_kafka_conf_set(conf, "group.id", "kfk-admin", errstr, sizeof errstr);
          rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof errstr);
      }) {
    // Nobody polls an admin handle: its results come on private queues. Its main queue gets
    // the error, statistics and OAUTHBEARER token-refresh events, which would pile up unserved
    // for the Admin's lifetime (and the first token would never be fetched). librdkafka's
    // background thread serves them instead, running the same callbacks a poll would.
    QueuePtr main_queue{rd_kafka_queue_get_main(rk())};
    QueuePtr background{rd_kafka_queue_get_background(rk())};
    if (!background) {
        throw ConfigError(Error{ErrorCode::fail, "cannot start librdkafka's background thread"});
    }
    rd_kafka_queue_forward(main_queue.get(), background.get());
}

AdminImpl::~AdminImpl() {
    destroy_handle();
}

AdminOptionsPtr AdminImpl::options(rd_kafka_admin_op_t op, Duration timeout, bool validate_only) {
    AdminOptionsPtr opts{rd_kafka_AdminOptions_new(rk(), op)};
    char errstr[256];
    const int ms = std::clamp(timeout_ms(timeout), 1, admin_timeout_max_ms);
    rd_kafka_AdminOptions_set_request_timeout(opts.get(), ms, errstr, sizeof errstr);
    // Only some ops take an operation timeout; the others refuse it harmlessly.
    rd_kafka_AdminOptions_set_operation_timeout(opts.get(), ms, errstr, sizeof errstr);
    if (validate_only) {
        if (rd_kafka_AdminOptions_set_validate_only(opts.get(), 1, errstr, sizeof errstr)) {
            throw UsageError(Error{ErrorCode::invalid_arg, errstr});
        }
    }
    return opts;
}

QueuePtr AdminImpl::start(const std::function<void(rd_kafka_queue_t*)>& start_request) {
    QueuePtr queue{rd_kafka_queue_new(rk())};
    start_request(queue.get());
    return queue;
}

EventPtr AdminImpl::await_result(rd_kafka_queue_t* queue, Duration timeout,
                                 const std::string& what) {
    // librdkafka enforces the request timeout itself and then emits a _TIMED_OUT result; the
    // margin only covers its scheduling.
    const Deadline deadline{std::min(timeout, AdminDuration{admin_timeout_max_ms}) +
                            AdminDuration{2000}};
    EventPtr ev;
    // In slices, so that a refusal of the credentials ends the wait instead of the timeout.
    while (!(ev = EventPtr{rd_kafka_queue_poll(queue, std::min(100, deadline.left_ms()))})) {
        throw_if_refused(what);
        if (deadline.passed()) {
            throw TimeoutError(
                Error{ErrorCode::timed_out,
                      what + ": no answer within " + std::to_string(timeout.count()) + " ms"});
        }
    }
    const auto err = rd_kafka_event_error(ev.get());
    // A broker's answer, even a refusal (> 0), proves a working connection; librdkafka's own
    // errors (< 0: timed out, transport) do not.
    if (err >= 0) credentials().note_working();
    if (err < 0) throw_if_refused(what);  // "timed out" would hide the cause
    return ev;
}

void AdminImpl::throw_if_failed(rd_kafka_event_t* ev, Duration timeout, const std::string& what) {
    const auto err = rd_kafka_event_error(ev);
    if (!err) return;
    const char* msg = rd_kafka_event_error_string(ev);
    std::string text = msg ? msg : "";
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        text += " (no broker answered within " + std::to_string(timeout.count()) + " ms)";
    }
    throw_error(make_error(err, text), what);
}

EventPtr AdminImpl::wait(rd_kafka_queue_t* queue, Duration timeout, const std::string& what) {
    auto ev = await_result(queue, timeout, what);
    throw_if_failed(ev.get(), timeout, what);
    return ev;
}

EventPtr AdminImpl::run(const std::function<void(rd_kafka_queue_t*)>& start_request,
                        Duration timeout, const std::string& what) {
    auto queue = start(start_request);
    return wait(queue.get(), timeout, what);
}

BrokerInfo broker_of(const rd_kafka_Node_t* node) {
    BrokerInfo b;
    if (!node) return b;
    b.id = rd_kafka_Node_id(node);
    if (const char* host = rd_kafka_Node_host(node)) b.host = host;
    b.port = rd_kafka_Node_port(node);
    if (const char* rack = rd_kafka_Node_rack(node)) b.rack = rack;
    return b;
}

std::vector<AclOperation> acl_operations_of(const rd_kafka_AclOperation_t* ops, size_t n) {
    std::vector<AclOperation> out;
    if (!ops) return out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        switch (ops[i]) {
            case RD_KAFKA_ACL_OPERATION_ANY:
                out.push_back(AclOperation::any);
                break;
            case RD_KAFKA_ACL_OPERATION_ALL:
                out.push_back(AclOperation::all);
                break;
            case RD_KAFKA_ACL_OPERATION_READ:
                out.push_back(AclOperation::read);
                break;
            case RD_KAFKA_ACL_OPERATION_WRITE:
                out.push_back(AclOperation::write);
                break;
            case RD_KAFKA_ACL_OPERATION_CREATE:
                out.push_back(AclOperation::create);
                break;
            case RD_KAFKA_ACL_OPERATION_DELETE:
                out.push_back(AclOperation::remove);
                break;
            case RD_KAFKA_ACL_OPERATION_ALTER:
                out.push_back(AclOperation::alter);
                break;
            case RD_KAFKA_ACL_OPERATION_DESCRIBE:
                out.push_back(AclOperation::describe);
                break;
            case RD_KAFKA_ACL_OPERATION_CLUSTER_ACTION:
                out.push_back(AclOperation::cluster_action);
                break;
            case RD_KAFKA_ACL_OPERATION_DESCRIBE_CONFIGS:
                out.push_back(AclOperation::describe_configs);
                break;
            case RD_KAFKA_ACL_OPERATION_ALTER_CONFIGS:
                out.push_back(AclOperation::alter_configs);
                break;
            case RD_KAFKA_ACL_OPERATION_IDEMPOTENT_WRITE:
                out.push_back(AclOperation::idempotent_write);
                break;
            default:
                out.push_back(AclOperation::unknown);
                break;
        }
    }
    return out;
}

GroupState group_state_of(rd_kafka_consumer_group_state_t state) noexcept {
    switch (state) {
        case RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE:
            return GroupState::preparing_rebalance;
        case RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE:
            return GroupState::completing_rebalance;
        case RD_KAFKA_CONSUMER_GROUP_STATE_STABLE:
            return GroupState::stable;
        case RD_KAFKA_CONSUMER_GROUP_STATE_DEAD:
            return GroupState::dead;
        case RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY:
            return GroupState::empty;
        default:
            return GroupState::unknown;
    }
}

rd_kafka_consumer_group_state_t to_rd(GroupState state) noexcept {
    switch (state) {
        case GroupState::preparing_rebalance:
            return RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE;
        case GroupState::completing_rebalance:
            return RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE;
        case GroupState::stable:
            return RD_KAFKA_CONSUMER_GROUP_STATE_STABLE;
        case GroupState::dead:
            return RD_KAFKA_CONSUMER_GROUP_STATE_DEAD;
        case GroupState::empty:
            return RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY;
        case GroupState::unknown:
            break;
    }
    return RD_KAFKA_CONSUMER_GROUP_STATE_UNKNOWN;
}

GroupType group_type_of(rd_kafka_consumer_group_type_t type) noexcept {
    switch (type) {
        case RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER:
            return GroupType::consumer;
        case RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC:
            return GroupType::classic;
        default:
            return GroupType::unknown;
    }
}

rd_kafka_consumer_group_type_t to_rd(GroupType type) noexcept {
    switch (type) {
        case GroupType::consumer:
            return RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER;
        case GroupType::classic:
            return RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC;
        case GroupType::unknown:
            break;
    }
    return RD_KAFKA_CONSUMER_GROUP_TYPE_UNKNOWN;
}

ConfigSource config_source_of(rd_kafka_ConfigSource_t source) noexcept {
    switch (source) {
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG:
            return ConfigSource::dynamic_topic;
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG:
            return ConfigSource::dynamic_broker;
        case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG:
            return ConfigSource::dynamic_default_broker;
        case RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG:
            return ConfigSource::static_broker;
        case RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG:
            return ConfigSource::default_config;
        case RD_KAFKA_CONFIG_SOURCE_GROUP_CONFIG:
            return ConfigSource::group;
        default:
            return ConfigSource::unknown;
    }
}

rd_kafka_ResourceType_t to_rd(ConfigResourceType type) noexcept {
    switch (type) {
        case ConfigResourceType::topic:
            return RD_KAFKA_RESOURCE_TOPIC;
        case ConfigResourceType::broker:
            return RD_KAFKA_RESOURCE_BROKER;
        case ConfigResourceType::group:
            return RD_KAFKA_RESOURCE_GROUP;
    }
    return RD_KAFKA_RESOURCE_UNKNOWN;
}

std::optional<ConfigResourceType> resource_type_of(rd_kafka_ResourceType_t type) noexcept {
    switch (type) {
        case RD_KAFKA_RESOURCE_TOPIC:
            return ConfigResourceType::topic;
        case RD_KAFKA_RESOURCE_BROKER:
            return ConfigResourceType::broker;
        case RD_KAFKA_RESOURCE_GROUP:
            return ConfigResourceType::group;
        default:
            return std::nullopt;
    }
}

rd_kafka_AlterConfigOpType_t to_rd(AlterConfigOp op) noexcept {
    switch (op) {
        case AlterConfigOp::set:
            return RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET;
        case AlterConfigOp::remove:
            return RD_KAFKA_ALTER_CONFIG_OP_TYPE_DELETE;
        case AlterConfigOp::append:
            return RD_KAFKA_ALTER_CONFIG_OP_TYPE_APPEND;
        case AlterConfigOp::subtract:
            return RD_KAFKA_ALTER_CONFIG_OP_TYPE_SUBTRACT;
    }
    return RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET;
}

void sort_partitions(TopicPartitionOffsets& offsets) {
    std::sort(offsets.begin(), offsets.end(),
              [](const TopicPartitionOffset& a, const TopicPartitionOffset& b) {
                  return a.topic_partition() < b.topic_partition();
              });
}

}  // namespace detail

}  // namespace kfk
