// ACL value types of the admin client (Admin::create_acls / describe_acls / delete_acls in
// kfk/admin.hpp): a binding says that a principal may (allow) or may not (deny) perform an
// operation on a resource pattern from a host; a filter selects bindings.
//
// Names are Kafka's (AclCommand, the Java AdminClient): to_string() gives Kafka's spelling
// ("TOPIC", "PREFIXED", "IDEMPOTENT_WRITE", "ALLOW"); the parse_* functions accept it in any
// case and with '_' or '-' or nothing between words ("IdempotentWrite", "idempotent-write",
// "IDEMPOTENT_WRITE"), and return nullopt for anything else.
//
// Thread-safety: plain value types.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/admin_types.hpp"
#include "kfk/error.hpp"

namespace kfk {

// What an ACL protects. `any` is for filters only.
// delegation_token: Kafka has it, but librdkafka (up to 2.14 at least) cannot express it —
// a binding or filter naming it is refused with UsageError before anything is sent, and
// bindings on delegation tokens that other tools created are described as `unknown`.
enum class AclResourceType {
    unknown,
    any,
    topic,
    group,
    cluster,
    transactional_id,
    delegation_token
};
[[nodiscard]] std::string_view to_string(AclResourceType type) noexcept;
[[nodiscard]] std::optional<AclResourceType> parse_acl_resource_type(
    std::string_view text) noexcept;

// How a binding's resource name is read.
//   literal   the exact name; "*" is every resource of the type
//   prefixed  every resource whose name starts with the name
//   any       (filters) a binding of either kind whose name is the filter's name exactly
//   match     (filters) every binding that applies to the filter's name: the literal name,
//             the literal "*" and every prefix of it
enum class AclPatternType { unknown, any, match, literal, prefixed };
[[nodiscard]] std::string_view to_string(AclPatternType type) noexcept;
[[nodiscard]] std::optional<AclPatternType> parse_acl_pattern_type(std::string_view text) noexcept;

// Deny wins over allow. `any` is for filters only.
enum class AclPermission { unknown, any, deny, allow };
[[nodiscard]] std::string_view to_string(AclPermission permission) noexcept;
[[nodiscard]] std::optional<AclPermission> parse_acl_permission(std::string_view text) noexcept;

// AclOperation (with its to_string) is in kfk/admin_types.hpp; `any` is for filters only,
// `all` grants every operation. Kafka's implications apply on the broker: READ, WRITE,
// DELETE and ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS.
[[nodiscard]] std::optional<AclOperation> parse_acl_operation(std::string_view text) noexcept;

// The one name the cluster resource has.
inline constexpr std::string_view acl_cluster_name = "kafka-cluster";

// One ACL. Principals are "Type:name" ("User:alice"; "User:*" is every user); host "*" is
// every host (else one IP address, as Kafka compares it with the client's).
struct AclBinding {
    AclResourceType resource_type = AclResourceType::topic;
    std::string resource_name;  // acl_cluster_name for the cluster
    AclPatternType pattern_type = AclPatternType::literal;
    std::string principal;
    std::string host = "*";
    AclOperation operation = AclOperation::all;
    AclPermission permission = AclPermission::allow;

    // Ordered by resource, then principal, host, operation, permission (describe results
    // come sorted so).
    friend bool operator==(const AclBinding&, const AclBinding&) = default;
    friend std::strong_ordering operator<=>(const AclBinding&, const AclBinding&) = default;

    // e.g. "ALLOW User:alice WRITE on TOPIC orders (LITERAL) from host *".
    [[nodiscard]] std::string to_string() const;
};

// Selects bindings; every unset field matches anything.
struct AclBindingFilter {
    AclResourceType resource_type = AclResourceType::any;
    std::optional<std::string> resource_name;  // nullopt: any name
    AclPatternType pattern_type = AclPatternType::any;
    std::optional<std::string> principal;
    std::optional<std::string> host;
    AclOperation operation = AclOperation::any;
    AclPermission permission = AclPermission::any;

    // Every binding.
    static AclBindingFilter any() { return {}; }
    // Exactly `binding` (every field set, the pattern type literal or prefixed as it is).
    static AclBindingFilter exactly(const AclBinding& binding);

    friend bool operator==(const AclBindingFilter&, const AclBindingFilter&) = default;
};

// The outcome of creating one binding. Kafka creates an existing binding again without an
// error (there is no "already exists").
struct AclCreateResult {
    AclBinding binding;
    Error error;  // e.g. cluster_authorization_failed, security_disabled (no authorizer)
    bool ok() const noexcept { return !error; }
};

// A binding a delete filter matched; `error` set when this one could not be deleted.
struct DeletedAcl {
    AclBinding binding;
    Error error;
};

// The outcome of one delete filter: the bindings it matched (and deleted, unless their
// own error says otherwise), or the filter's error.
struct AclDeleteResult {
    AclBindingFilter filter;
    std::vector<DeletedAcl> deleted;  // sorted by binding
    Error error;                      // e.g. cluster_authorization_failed
    // No error, for the filter or any binding it matched.
    bool ok() const noexcept;
};

}  // namespace kfk
