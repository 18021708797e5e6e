// Printable names of the admin enums (Kafka's own spelling where Kafka has one).
#include "kfk/admin_types.hpp"

namespace kfk {

std::string_view to_string(AclOperation op) noexcept {
    switch (op) {
        case AclOperation::unknown:
            return "UNKNOWN";
        case AclOperation::any:
            return "ANY";
        case AclOperation::all:
            return "ALL";
        case AclOperation::read:
            return "READ";
        case AclOperation::write:
            return "WRITE";
        case AclOperation::create:
            return "CREATE";
        case AclOperation::remove:
            return "DELETE";
        case AclOperation::alter:
            return "ALTER";
        case AclOperation::describe:
            return "DESCRIBE";
        case AclOperation::cluster_action:
            return "CLUSTER_ACTION";
        case AclOperation::describe_configs:
            return "DESCRIBE_CONFIGS";
        case AclOperation::alter_configs:
            return "ALTER_CONFIGS";
        case AclOperation::idempotent_write:
            return "IDEMPOTENT_WRITE";
    }
    return "UNKNOWN";
}

std::string_view to_string(ConfigResourceType type) noexcept {
    switch (type) {
        case ConfigResourceType::topic:
            return "topic";
        case ConfigResourceType::broker:
            return "broker";
        case ConfigResourceType::group:
            return "group";
    }
    return "unknown";
}

std::string_view to_string(ConfigSource source) noexcept {
    switch (source) {
        case ConfigSource::unknown:
            return "UNKNOWN";
        case ConfigSource::dynamic_topic:
            return "DYNAMIC_TOPIC_CONFIG";
        case ConfigSource::dynamic_broker:
            return "DYNAMIC_BROKER_CONFIG";
        case ConfigSource::dynamic_default_broker:
            return "DYNAMIC_DEFAULT_BROKER_CONFIG";
        case ConfigSource::static_broker:
            return "STATIC_BROKER_CONFIG";
        case ConfigSource::default_config:
            return "DEFAULT_CONFIG";
        case ConfigSource::group:
            return "GROUP_CONFIG";
    }
    return "UNKNOWN";
}

std::string_view to_string(AlterConfigOp op) noexcept {
    switch (op) {
        case AlterConfigOp::set:
            return "SET";
        case AlterConfigOp::remove:
            return "DELETE";
        case AlterConfigOp::append:
            return "APPEND";
        case AlterConfigOp::subtract:
            return "SUBTRACT";
    }
    return "SET";
}

std::string_view to_string(GroupState state) noexcept {
    switch (state) {
        case GroupState::unknown:
            return "Unknown";
        case GroupState::preparing_rebalance:
            return "PreparingRebalance";
        case GroupState::completing_rebalance:
            return "CompletingRebalance";
        case GroupState::stable:
            return "Stable";
        case GroupState::dead:
            return "Dead";
        case GroupState::empty:
            return "Empty";
    }
    return "Unknown";
}

std::string_view to_string(GroupType type) noexcept {
    switch (type) {
        case GroupType::unknown:
            return "unknown";
        case GroupType::consumer:
            return "consumer";
        case GroupType::classic:
            return "classic";
    }
    return "unknown";
}

}  // namespace kfk
