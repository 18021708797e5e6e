// What the `kfk acl` commands ask for, built from their options without a broker: principals
// and operations checked as kafka-acls checks them, the bindings `acl create` makes (with
// kafka-acls' --producer / --consumer sets), the filter `acl list` / `acl delete` use, and
// how bindings print (table rows, JSON objects with stable field names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/yaml.hpp"
#include "kfk/acl.hpp"

namespace kfk::cli {

// "Type:name" with both parts non-empty ("User:alice", "User:*"), as Kafka parses principals.
// Throws CliError(usage) with a hint.
void check_principal(std::string_view principal);

// Kafka's operation names in any case, '-' or '_' between words ("Read", "idempotent-write",
// "DESCRIBE_CONFIGS"); `any` only when `allow_any` (filters). Throws CliError(usage) listing
// the accepted names.
kfk::AclOperation parse_operation_arg(std::string_view word, bool allow_any = false);

// The operations Kafka accepts on a resource type (kafka-acls' table): e.g. a GROUP takes
// READ, DESCRIBE, DELETE and ALL.
const std::vector<kfk::AclOperation>& valid_operations(kfk::AclResourceType type);
// Throws CliError(usage) naming the resource type, the operation and the valid ones.
void check_operation(kfk::AclResourceType type, kfk::AclOperation op);

// --topic / --group / --transactional-id / --cluster, --prefixed.
struct AclResourceArgs {
    std::vector<std::string> topics;
    std::vector<std::string> groups;
    std::vector<std::string> transactional_ids;
    bool cluster = false;
    bool prefixed = false;

    bool empty() const noexcept {
        return topics.empty() && groups.empty() && transactional_ids.empty() && !cluster;
    }
};

// `kfk acl create`.
struct AclCreateArgs {
    std::vector<std::string> principals;
    std::vector<std::string> hosts;  // empty: "*"
    bool allow = false;
    bool deny = false;
    std::vector<std::string> operations;
    bool producer = false;
    bool consumer = false;
    bool idempotent = false;
    AclResourceArgs resources;
};

// The bindings to create, sorted and without duplicates: every principal x host x
// (resource, operation) pair. With --producer: WRITE, DESCRIBE, CREATE on each topic, WRITE
// and DESCRIBE on each transactional id, IDEMPOTENT_WRITE on the cluster with --idempotent;
// with --consumer: READ, DESCRIBE on each topic and READ on each group (both may be given,
// as with kafka-acls). Otherwise every --operation on every resource, each checked against
// the resource type. The cluster binding is always literal. Throws CliError(usage).
std::vector<kfk::AclBinding> bindings_for_create(const AclCreateArgs& args);

// `kfk acl list` / `kfk acl delete`: at most one resource (a topic, group, transactional id
// or the cluster). A named resource matches literally, with --prefixed the prefixed
// bindings of that name, with --match every binding that applies to it (literal, "*",
// prefixes); without a resource every binding (--prefixed: every prefixed one).
struct AclFilterArgs {
    std::string principal;
    std::string host;
    std::vector<std::string> operations;  // empty: any; several: one filter each
    bool allow = false;
    bool deny = false;
    std::string topic;
    std::string group;
    std::string transactional_id;
    bool cluster = false;
    bool prefixed = false;
    bool match = false;

    bool names_resource() const noexcept {
        return !topic.empty() || !group.empty() || !transactional_id.empty() || cluster;
    }
};

// Throws CliError(usage) for two resources, --prefixed with --match, a bad principal, ...
std::vector<kfk::AclBindingFilter> filters_for(const AclFilterArgs& args);

// {"principal","permission","operation","host","resource_type","resource_name","pattern_type"}
// with Kafka's spellings ("ALLOW", "WRITE", "TOPIC", "LITERAL").
Json acl_json(const kfk::AclBinding& binding);
// The same fields, null where the filter matches anything.
Json acl_filter_json(const kfk::AclBindingFilter& filter);
// RESOURCE NAME PATTERN PRINCIPAL HOST OPERATION PERMISSION, one row per binding.
std::string acl_table(const std::vector<kfk::AclBinding>& bindings);

}  // namespace kfk::cli
