// The ACL and SCRAM value types (kfk/acl.hpp, kfk/scram.hpp): Kafka's names, parsing, printing.
// No librdkafka here.
#include <algorithm>
#include <array>
#include <utility>

#include "kfk/acl.hpp"
#include "kfk/scram.hpp"

namespace kfk {
namespace {

// "IdempotentWrite", "idempotent-write", "IDEMPOTENT_WRITE" -> "idempotentwrite".
std::string folded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '_' || c == '-') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_folded(std::string_view text, const std::array<Enum, N>& values) {
    const std::string key = folded(text);
    if (key.empty()) return std::nullopt;
    for (Enum v : values) {
        if (folded(to_string(v)) == key) return v;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(AclResourceType type) noexcept {
    switch (type) {
        case AclResourceType::unknown:
            return "UNKNOWN";
        case AclResourceType::any:
            return "ANY";
        case AclResourceType::topic:
            return "TOPIC";
        case AclResourceType::group:
            return "GROUP";
        case AclResourceType::cluster:
            return "CLUSTER";
        case AclResourceType::transactional_id:
            return "TRANSACTIONAL_ID";
        case AclResourceType::delegation_token:
            return "DELEGATION_TOKEN";
    }
    return "UNKNOWN";
}

std::string_view to_string(AclPatternType type) noexcept {
    switch (type) {
        case AclPatternType::unknown:
            return "UNKNOWN";
        case AclPatternType::any:
            return "ANY";
        case AclPatternType::match:
            return "MATCH";
        case AclPatternType::literal:
            return "LITERAL";
        case AclPatternType::prefixed:
            return "PREFIXED";
    }
    return "UNKNOWN";
}

std::string_view to_string(AclPermission permission) noexcept {
    switch (permission) {
        case AclPermission::unknown:
            return "UNKNOWN";
        case AclPermission::any:
            return "ANY";
        case AclPermission::deny:
            return "DENY";
        case AclPermission::allow:
            return "ALLOW";
    }
    return "UNKNOWN";
}

std::optional<AclResourceType> parse_acl_resource_type(std::string_view text) noexcept {
    try {
        return parse_folded(
            text, std::array{AclResourceType::any, AclResourceType::topic, AclResourceType::group,
                             AclResourceType::cluster, AclResourceType::transactional_id,
                             AclResourceType::delegation_token});
    } catch (...) {  // std::bad_alloc while folding
        return std::nullopt;
    }
}

std::optional<AclPatternType> parse_acl_pattern_type(std::string_view text) noexcept {
    try {
        return parse_folded(text, std::array{AclPatternType::any, AclPatternType::match,
                                             AclPatternType::literal, AclPatternType::prefixed});
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<AclPermission> parse_acl_permission(std::string_view text) noexcept {
    try {
        return parse_folded(
            text, std::array{AclPermission::any, AclPermission::deny, AclPermission::allow});
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<AclOperation> parse_acl_operation(std::string_view text) noexcept {
    try {
        return parse_folded(
            text, std::array{AclOperation::any, AclOperation::all, AclOperation::read,
                             AclOperation::write, AclOperation::create, AclOperation::remove,
                             AclOperation::alter, AclOperation::describe,
                             AclOperation::cluster_action, AclOperation::describe_configs,
                             AclOperation::alter_configs, AclOperation::idempotent_write});
    } catch (...) {
        return std::nullopt;
    }
}

std::string AclBinding::to_string() const {
    std::string s{kfk::to_string(permission)};
    s += ' ';
    s += principal;
    s += ' ';
    s += kfk::to_string(operation);
    s += " on ";
    s += kfk::to_string(resource_type);
    s += ' ';
    s += resource_name;
    s += " (";
    s += kfk::to_string(pattern_type);
    s += ") from host ";
    s += host;
    return s;
}

AclBindingFilter AclBindingFilter::exactly(const AclBinding& b) {
    AclBindingFilter f;
    f.resource_type = b.resource_type;
    f.resource_name = b.resource_name;
    f.pattern_type = b.pattern_type;
    f.principal = b.principal;
    f.host = b.host;
    f.operation = b.operation;
    f.permission = b.permission;
    return f;
}

bool AclDeleteResult::ok() const noexcept {
    return !error && std::none_of(deleted.begin(), deleted.end(),
                                  [](const DeletedAcl& d) { return static_cast<bool>(d.error); });
}

std::string_view to_string(ScramMechanism mechanism) noexcept {
    switch (mechanism) {
        case ScramMechanism::unknown:
            return "UNKNOWN";
        case ScramMechanism::sha_256:
            return "SCRAM-SHA-256";
        case ScramMechanism::sha_512:
            return "SCRAM-SHA-512";
    }
    return "UNKNOWN";
}

std::optional<ScramMechanism> parse_scram_mechanism(std::string_view text) noexcept {
    try {
        return parse_folded(text, std::array{ScramMechanism::sha_256, ScramMechanism::sha_512});
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace kfk
