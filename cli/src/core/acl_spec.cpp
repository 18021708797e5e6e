#include "core/acl_spec.hpp"

#include <algorithm>

#include "core/exit_codes.hpp"
#include "core/output.hpp"

namespace kfk::cli {
namespace {

using kfk::AclOperation;
using kfk::AclResourceType;

constexpr const char* kPrincipalHint =
    "principals are Type:name, e.g. User:alice (a SASL or mTLS user), User:* for every user";

std::string operation_names(const std::vector<AclOperation>& ops) {
    std::string s;
    for (auto op : ops) {
        if (!s.empty()) s += ", ";
        s += std::string{to_string(op)};
    }
    return s;
}

const std::vector<AclOperation>& every_operation() {
    static const std::vector<AclOperation> ops{AclOperation::all,
                                               AclOperation::read,
                                               AclOperation::write,
                                               AclOperation::create,
                                               AclOperation::remove,
                                               AclOperation::alter,
                                               AclOperation::describe,
                                               AclOperation::cluster_action,
                                               AclOperation::describe_configs,
                                               AclOperation::alter_configs,
                                               AclOperation::idempotent_write};
    return ops;
}

void add_unique(std::vector<kfk::AclBinding>& out, kfk::AclBinding b) {
    if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(std::move(b));
}

// One resource of `acl create`, with the operations it gets.
struct Grant {
    AclResourceType type;
    std::string name;
    kfk::AclPatternType pattern;
    std::vector<AclOperation> operations;
};

}  // namespace

void check_principal(std::string_view principal) {
    const auto colon = principal.find(':');
    if (principal.empty()) {
        throw CliError(ExitCode::usage, "the principal is empty", kPrincipalHint);
    }
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == principal.size()) {
        throw CliError(ExitCode::usage,
                       "invalid principal '" + std::string{principal} + "': expected Type:name",
                       kPrincipalHint);
    }
}

kfk::AclOperation parse_operation_arg(std::string_view word, bool allow_any) {
    const auto op = kfk::parse_acl_operation(word);
    if (!op || (*op == AclOperation::any && !allow_any)) {
        throw CliError(ExitCode::usage, "unknown ACL operation '" + std::string{word} + "'",
                       "operations: " + operation_names(every_operation()) +
                           " (any case; e.g. Read, IdempotentWrite, describe-configs)");
    }
    return *op;
}

const std::vector<kfk::AclOperation>& valid_operations(kfk::AclResourceType type) {
    using O = AclOperation;
    static const std::vector<O> topic{O::read,   O::write, O::create,           O::describe,
                                      O::remove, O::alter, O::describe_configs, O::alter_configs,
                                      O::all};
    static const std::vector<O> group{O::read, O::describe, O::remove, O::all};
    static const std::vector<O> cluster{
        O::create,           O::cluster_action, O::describe_configs, O::alter_configs,
        O::idempotent_write, O::alter,          O::describe,         O::all};
    static const std::vector<O> transactional_id{O::describe, O::write, O::all};
    static const std::vector<O> delegation_token{O::describe, O::all};
    static const std::vector<O> none{};
    switch (type) {
        case AclResourceType::topic:
            return topic;
        case AclResourceType::group:
            return group;
        case AclResourceType::cluster:
            return cluster;
        case AclResourceType::transactional_id:
            return transactional_id;
        case AclResourceType::delegation_token:
            return delegation_token;
        default:
            return none;
    }
}

void check_operation(kfk::AclResourceType type, kfk::AclOperation op) {
    const auto& valid = valid_operations(type);
    if (std::find(valid.begin(), valid.end(), op) == valid.end()) {
        throw CliError(
            ExitCode::usage,
            "a " + std::string{to_string(type)} + " ACL cannot grant " + std::string{to_string(op)},
            std::string{to_string(type)} + " takes " + operation_names(valid));
    }
}

std::vector<kfk::AclBinding> bindings_for_create(const AclCreateArgs& a) {
    const auto usage = [](const std::string& msg, std::string hint = {}) {
        return CliError(ExitCode::usage, msg, std::move(hint));
    };
    if (a.principals.empty()) {
        throw usage("--principal is required", kPrincipalHint);
    }
    for (const auto& p : a.principals) check_principal(p);
    if (a.allow == a.deny) {
        throw usage(a.allow ? "--allow and --deny exclude each other" : "say --allow or --deny",
                    "deny wins over allow: a DENY binding blocks what an ALLOW grants");
    }
    const auto& r = a.resources;
    for (const auto* names : {&r.topics, &r.groups, &r.transactional_ids}) {
        for (const auto& n : *names) {
            if (n.empty()) throw usage("an empty resource name", "name a topic, group or id");
        }
    }
    const bool preset = a.producer || a.consumer;
    if (a.idempotent && !a.producer) {
        throw usage("--idempotent only goes with --producer",
                    "it adds IDEMPOTENT_WRITE on the cluster to the producer set");
    }
    if (preset && !a.operations.empty()) {
        throw usage("--operation cannot be combined with --producer or --consumer",
                    "the sets name their operations; create other bindings separately");
    }
    if (a.producer && r.topics.empty()) {
        throw usage("--producer needs --topic", "e.g. --producer --topic orders");
    }
    if (a.consumer && (r.topics.empty() || r.groups.empty())) {
        throw usage("--consumer needs --topic and --group",
                    "e.g. --consumer --topic orders --group billing");
    }
    if (preset && r.cluster) {
        throw usage("--cluster does not go with --producer / --consumer",
                    "--producer --idempotent adds IDEMPOTENT_WRITE on the cluster");
    }
    if (preset && !a.consumer && !r.groups.empty()) {
        throw usage("--group goes with --consumer (the producer set has no group ACL)");
    }
    if (preset && !a.producer && !r.transactional_ids.empty()) {
        throw usage("--transactional-id goes with --producer (the consumer set has none)");
    }
    if (!preset && a.operations.empty()) {
        throw usage("--operation is required (or --producer / --consumer)",
                    "e.g. --operation Read --operation Describe");
    }
    if (!preset && r.empty()) {
        throw usage("name a resource: --topic, --group, --transactional-id or --cluster");
    }
    if (r.prefixed && r.topics.empty() && r.groups.empty() && r.transactional_ids.empty()) {
        throw usage("--prefixed needs a --topic, --group or --transactional-id",
                    "the cluster resource has one name, kafka-cluster");
    }

    const auto pattern = r.prefixed ? kfk::AclPatternType::prefixed : kfk::AclPatternType::literal;
    std::vector<Grant> grants;
    const auto add = [&](AclResourceType type, const std::vector<std::string>& names,
                         std::vector<AclOperation> ops) {
        for (const auto& n : names) grants.push_back({type, n, pattern, ops});
    };
    if (preset) {
        using O = AclOperation;
        std::vector<O> topic_ops;
        if (a.producer) topic_ops.insert(topic_ops.end(), {O::write, O::describe, O::create});
        if (a.consumer) {
            for (O op : {O::read, O::describe}) {
                if (std::find(topic_ops.begin(), topic_ops.end(), op) == topic_ops.end()) {
                    topic_ops.push_back(op);
                }
            }
        }
        add(AclResourceType::topic, r.topics, topic_ops);
        if (a.producer)
            add(AclResourceType::transactional_id, r.transactional_ids, {O::write, O::describe});
        if (a.consumer) add(AclResourceType::group, r.groups, {O::read});
        if (a.idempotent) {
            grants.push_back({AclResourceType::cluster,
                              std::string{kfk::acl_cluster_name},
                              kfk::AclPatternType::literal,
                              {O::idempotent_write}});
        }
    } else {
        std::vector<AclOperation> ops;
        for (const auto& w : a.operations) ops.push_back(parse_operation_arg(w));
        add(AclResourceType::topic, r.topics, ops);
        add(AclResourceType::group, r.groups, ops);
        add(AclResourceType::transactional_id, r.transactional_ids, ops);
        if (r.cluster) {
            grants.push_back({AclResourceType::cluster, std::string{kfk::acl_cluster_name},
                              kfk::AclPatternType::literal, ops});
        }
        for (const auto& g : grants) {
            for (auto op : g.operations) check_operation(g.type, op);
        }
    }

    const std::vector<std::string> hosts =
        a.hosts.empty() ? std::vector<std::string>{"*"} : a.hosts;
    std::vector<kfk::AclBinding> out;
    for (const auto& principal : a.principals) {
        for (const auto& host : hosts) {
            if (host.empty()) throw usage("--host is empty", "\"*\" is every host");
            for (const auto& g : grants) {
                for (auto op : g.operations) {
                    kfk::AclBinding b;
                    b.resource_type = g.type;
                    b.resource_name = g.name;
                    b.pattern_type = g.pattern;
                    b.principal = principal;
                    b.host = host;
                    b.operation = op;
                    b.permission = a.allow ? kfk::AclPermission::allow : kfk::AclPermission::deny;
                    add_unique(out, std::move(b));
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<kfk::AclBindingFilter> filters_for(const AclFilterArgs& a) {
    const int resources = !a.topic.empty() + !a.group.empty() + !a.transactional_id.empty() +
                          static_cast<int>(a.cluster);
    if (resources > 1) {
        throw CliError(ExitCode::usage,
                       "name one resource: --topic, --group, --transactional-id or --cluster");
    }
    if (a.prefixed && a.match) {
        throw CliError(ExitCode::usage, "--prefixed and --match exclude each other",
                       "--match already includes the prefixed bindings that apply");
    }
    if (a.match && !a.names_resource()) {
        throw CliError(ExitCode::usage, "--match needs a resource (--topic, --group, ...)",
                       "it lists every binding that applies to that resource");
    }
    if (a.cluster && a.prefixed) {
        throw CliError(ExitCode::usage, "--prefixed does not go with --cluster",
                       "the cluster resource has one name, kafka-cluster");
    }
    if (a.allow && a.deny) {
        throw CliError(ExitCode::usage, "--allow and --deny exclude each other",
                       "leave both out to match either");
    }
    kfk::AclBindingFilter f;
    if (!a.principal.empty()) {
        check_principal(a.principal);
        f.principal = a.principal;
    }
    if (!a.host.empty()) f.host = a.host;
    if (a.allow) f.permission = kfk::AclPermission::allow;
    if (a.deny) f.permission = kfk::AclPermission::deny;
    if (!a.topic.empty()) {
        f.resource_type = AclResourceType::topic;
        f.resource_name = a.topic;
    } else if (!a.group.empty()) {
        f.resource_type = AclResourceType::group;
        f.resource_name = a.group;
    } else if (!a.transactional_id.empty()) {
        f.resource_type = AclResourceType::transactional_id;
        f.resource_name = a.transactional_id;
    } else if (a.cluster) {
        f.resource_type = AclResourceType::cluster;
        f.resource_name = std::string{kfk::acl_cluster_name};
    }
    if (a.prefixed) {
        f.pattern_type = kfk::AclPatternType::prefixed;
    } else if (a.match) {
        f.pattern_type = kfk::AclPatternType::match;
    } else if (a.names_resource()) {
        f.pattern_type = kfk::AclPatternType::literal;
    }
    if (a.operations.empty()) return {f};
    std::vector<kfk::AclBindingFilter> out;
    for (const auto& w : a.operations) {
        auto g = f;
        g.operation = parse_operation_arg(w, true);
        if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(std::move(g));
    }
    return out;
}

Json acl_json(const kfk::AclBinding& b) {
    Json j;
    j["principal"] = b.principal;
    j["permission"] = std::string{to_string(b.permission)};
    j["operation"] = std::string{to_string(b.operation)};
    j["host"] = b.host;
    j["resource_type"] = std::string{to_string(b.resource_type)};
    j["resource_name"] = b.resource_name;
    j["pattern_type"] = std::string{to_string(b.pattern_type)};
    return j;
}

Json acl_filter_json(const kfk::AclBindingFilter& f) {
    const auto opt = [](const std::optional<std::string>& s) {
        return s ? Json(*s) : Json(nullptr);
    };
    Json j;
    j["principal"] = opt(f.principal);
    j["permission"] = std::string{to_string(f.permission)};
    j["operation"] = std::string{to_string(f.operation)};
    j["host"] = opt(f.host);
    j["resource_type"] = std::string{to_string(f.resource_type)};
    j["resource_name"] = opt(f.resource_name);
    j["pattern_type"] = std::string{to_string(f.pattern_type)};
    return j;
}

std::string acl_table(const std::vector<kfk::AclBinding>& bindings) {
    Table t{{"RESOURCE", "NAME", "PATTERN", "PRINCIPAL", "HOST", "OPERATION", "PERMISSION"}};
    for (const auto& b : bindings) {
        t.add({std::string{to_string(b.resource_type)}, b.resource_name,
               std::string{to_string(b.pattern_type)}, b.principal, b.host,
               std::string{to_string(b.operation)}, std::string{to_string(b.permission)}});
    }
    return t.render();
}

}  // namespace kfk::cli
