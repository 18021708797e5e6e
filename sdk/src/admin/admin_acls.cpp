// Admin: ACLs (CreateAcls, DescribeAcls, DeleteAcls).
#include <algorithm>

#include "admin/admin_impl.hpp"
#include "admin/admin_security.hpp"
#include "core/error_map.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

// Filters are AclBinding objects in librdkafka too.
using AclBindingPtr = std::unique_ptr<rd_kafka_AclBinding_t, Deleter<rd_kafka_AclBinding_destroy>>;

// librdkafka's resource types are Kafka's wire values; its BROKER (4) is Kafka's CLUSTER in
// ACLs. It has no DELEGATION_TOKEN (6): RD_KAFKA_RESOURCE__CNT is 6 and it refuses anything
// from there on.
rd_kafka_ResourceType_t rd_resource_type(AclResourceType t) noexcept {
    switch (t) {
        case AclResourceType::any:
            return RD_KAFKA_RESOURCE_ANY;
        case AclResourceType::topic:
            return RD_KAFKA_RESOURCE_TOPIC;
        case AclResourceType::group:
            return RD_KAFKA_RESOURCE_GROUP;
        case AclResourceType::cluster:
            return RD_KAFKA_RESOURCE_BROKER;
        case AclResourceType::transactional_id:
            return RD_KAFKA_RESOURCE_TRANSACTIONAL_ID;
        case AclResourceType::delegation_token:
        case AclResourceType::unknown:
            break;
    }
    return RD_KAFKA_RESOURCE_UNKNOWN;
}

AclResourceType acl_resource_type_of(rd_kafka_ResourceType_t t) noexcept {
    switch (t) {
        case RD_KAFKA_RESOURCE_ANY:
            return AclResourceType::any;
        case RD_KAFKA_RESOURCE_TOPIC:
            return AclResourceType::topic;
        case RD_KAFKA_RESOURCE_GROUP:
            return AclResourceType::group;
        case RD_KAFKA_RESOURCE_BROKER:
            return AclResourceType::cluster;
        case RD_KAFKA_RESOURCE_TRANSACTIONAL_ID:
            return AclResourceType::transactional_id;
        default:
            return AclResourceType::unknown;
    }
}

rd_kafka_ResourcePatternType_t rd_pattern_type(AclPatternType t) noexcept {
    switch (t) {
        case AclPatternType::any:
            return RD_KAFKA_RESOURCE_PATTERN_ANY;
        case AclPatternType::match:
            return RD_KAFKA_RESOURCE_PATTERN_MATCH;
        case AclPatternType::literal:
            return RD_KAFKA_RESOURCE_PATTERN_LITERAL;
        case AclPatternType::prefixed:
            return RD_KAFKA_RESOURCE_PATTERN_PREFIXED;
        case AclPatternType::unknown:
            break;
    }
    return RD_KAFKA_RESOURCE_PATTERN_UNKNOWN;
}

AclPatternType acl_pattern_type_of(rd_kafka_ResourcePatternType_t t) noexcept {
    switch (t) {
        case RD_KAFKA_RESOURCE_PATTERN_ANY:
            return AclPatternType::any;
        case RD_KAFKA_RESOURCE_PATTERN_MATCH:
            return AclPatternType::match;
        case RD_KAFKA_RESOURCE_PATTERN_LITERAL:
            return AclPatternType::literal;
        case RD_KAFKA_RESOURCE_PATTERN_PREFIXED:
            return AclPatternType::prefixed;
        default:
            return AclPatternType::unknown;
    }
}

rd_kafka_AclOperation_t rd_operation(AclOperation op) noexcept {
    switch (op) {
        case AclOperation::any:
            return RD_KAFKA_ACL_OPERATION_ANY;
        case AclOperation::all:
            return RD_KAFKA_ACL_OPERATION_ALL;
        case AclOperation::read:
            return RD_KAFKA_ACL_OPERATION_READ;
        case AclOperation::write:
            return RD_KAFKA_ACL_OPERATION_WRITE;
        case AclOperation::create:
            return RD_KAFKA_ACL_OPERATION_CREATE;
        case AclOperation::remove:
            return RD_KAFKA_ACL_OPERATION_DELETE;
        case AclOperation::alter:
            return RD_KAFKA_ACL_OPERATION_ALTER;
        case AclOperation::describe:
            return RD_KAFKA_ACL_OPERATION_DESCRIBE;
        case AclOperation::cluster_action:
            return RD_KAFKA_ACL_OPERATION_CLUSTER_ACTION;
        case AclOperation::describe_configs:
            return RD_KAFKA_ACL_OPERATION_DESCRIBE_CONFIGS;
        case AclOperation::alter_configs:
            return RD_KAFKA_ACL_OPERATION_ALTER_CONFIGS;
        case AclOperation::idempotent_write:
            return RD_KAFKA_ACL_OPERATION_IDEMPOTENT_WRITE;
        case AclOperation::unknown:
            break;
    }
    return RD_KAFKA_ACL_OPERATION_UNKNOWN;
}

rd_kafka_AclPermissionType_t rd_permission(AclPermission p) noexcept {
    switch (p) {
        case AclPermission::any:
            return RD_KAFKA_ACL_PERMISSION_TYPE_ANY;
        case AclPermission::deny:
            return RD_KAFKA_ACL_PERMISSION_TYPE_DENY;
        case AclPermission::allow:
            return RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW;
        case AclPermission::unknown:
            break;
    }
    return RD_KAFKA_ACL_PERMISSION_TYPE_UNKNOWN;
}

AclPermission acl_permission_of(rd_kafka_AclPermissionType_t p) noexcept {
    switch (p) {
        case RD_KAFKA_ACL_PERMISSION_TYPE_ANY:
            return AclPermission::any;
        case RD_KAFKA_ACL_PERMISSION_TYPE_DENY:
            return AclPermission::deny;
        case RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW:
            return AclPermission::allow;
        default:
            return AclPermission::unknown;
    }
}

AclBinding binding_of(const rd_kafka_AclBinding_t* b) {
    AclBinding out;
    out.resource_type = acl_resource_type_of(rd_kafka_AclBinding_restype(b));
    if (const char* name = rd_kafka_AclBinding_name(b)) out.resource_name = name;
    out.pattern_type = acl_pattern_type_of(rd_kafka_AclBinding_resource_pattern_type(b));
    if (const char* principal = rd_kafka_AclBinding_principal(b)) out.principal = principal;
    if (const char* host = rd_kafka_AclBinding_host(b)) out.host = host;
    const rd_kafka_AclOperation_t op = rd_kafka_AclBinding_operation(b);
    out.operation = acl_operations_of(&op, 1).front();
    out.permission = acl_permission_of(rd_kafka_AclBinding_permission_type(b));
    return out;
}

void refuse_delegation_tokens(AclResourceType type, const std::string& what) {
    if (type == AclResourceType::delegation_token) {
        throw UsageError(
            Error{ErrorCode::invalid_arg, "librdkafka " + std::string{rd_kafka_version_str()} +
                                              " cannot express ACLs on DELEGATION_TOKEN resources"},
            what);
    }
}

AclBindingPtr new_binding(const AclBinding& b, const std::string& what) {
    refuse_delegation_tokens(b.resource_type, what);
    char errstr[256] = "";
    AclBindingPtr out{rd_kafka_AclBinding_new(
        rd_resource_type(b.resource_type), b.resource_name.c_str(), rd_pattern_type(b.pattern_type),
        b.principal.c_str(), b.host.c_str(), rd_operation(b.operation), rd_permission(b.permission),
        errstr, sizeof errstr)};
    if (!out) {
        throw UsageError(
            Error{ErrorCode::invalid_arg, std::string{errstr} + " in " + b.to_string()}, what);
    }
    return out;
}

const char* optional_c_str(const std::optional<std::string>& s) noexcept {
    return s ? s->c_str() : nullptr;
}

AclBindingPtr new_filter(const AclBindingFilter& f, const std::string& what) {
    refuse_delegation_tokens(f.resource_type, what);
    char errstr[256] = "";
    AclBindingPtr out{rd_kafka_AclBindingFilter_new(
        rd_resource_type(f.resource_type), optional_c_str(f.resource_name),
        rd_pattern_type(f.pattern_type), optional_c_str(f.principal), optional_c_str(f.host),
        rd_operation(f.operation), rd_permission(f.permission), errstr, sizeof errstr)};
    if (!out) throw UsageError(Error{ErrorCode::invalid_arg, errstr}, what);
    return out;
}

std::vector<AclBinding> sorted_bindings(const rd_kafka_AclBinding_t** acls, size_t n) {
    std::vector<AclBinding> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(binding_of(acls[i]));
    std::sort(out.begin(), out.end());
    return out;
}

// Whole-call failures come back per item as client-local errors (e.g. _TIMED_OUT).
template <class Results>
void throw_if_all_local(const Results& results, const char* what) {
    const bool all_local =
        !results.empty() && std::all_of(results.begin(), results.end(), [](const auto& r) {
            return r.error && r.error.raw_code() < 0;
        });
    if (all_local) throw_error(results.front().error, what);
}

}  // namespace

std::vector<AclCreateResult> AdminImpl::create_acls(const std::vector<AclBinding>& bindings,
                                                    Duration timeout) {
    if (bindings.empty()) return {};
    const std::string what = "create ACLs";
    std::vector<AclBindingPtr> owned;
    std::vector<rd_kafka_AclBinding_t*> raw;
    owned.reserve(bindings.size());
    for (const auto& b : bindings) {
        owned.push_back(new_binding(b, what));
        raw.push_back(owned.back().get());
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_CREATEACLS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_CreateAcls(rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, what);
    size_t n = 0;
    const auto** results =
        rd_kafka_CreateAcls_result_acls(rd_kafka_event_CreateAcls_result(ev.get()), &n);
    // CreateAcls answers in request order (librdkafka checks the count).
    std::vector<AclCreateResult> out;
    out.reserve(bindings.size());
    for (size_t i = 0; i < bindings.size(); ++i) {
        out.push_back({bindings[i], i < n
                                        ? copy_error(rd_kafka_acl_result_error(results[i]))
                                        : Error{ErrorCode::unknown, "no result from the broker"}});
    }
    throw_if_all_local(out, "create ACLs");
    return out;
}

std::vector<AclBinding> AdminImpl::describe_acls(const AclBindingFilter& filter, Duration timeout) {
    const std::string what = "describe ACLs";
    const Deadline deadline{timeout};
    auto rd_filter = new_filter(filter, what);
    auto opts = options(RD_KAFKA_ADMIN_OP_DESCRIBEACLS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) { rd_kafka_DescribeAcls(rk(), rd_filter.get(), opts.get(), q); },
        timeout, what);
    size_t n = 0;
    const auto** acls =
        rd_kafka_DescribeAcls_result_acls(rd_kafka_event_DescribeAcls_result(ev.get()), &n);
    auto out = sorted_bindings(acls, n);
    if (!out.empty()) return out;

    // librdkafka (2.14) reads DescribeAcls' error code and drops it: "not authorized" comes
    // back as an empty success. The broker authorizes DescribeAcls with DESCRIBE on the
    // cluster, which it also reports among the cluster's authorized operations.
    if (may_describe_cluster(*this, deadline.remaining(), what) == false) {
        throw_error(Error{ErrorCode::cluster_authorization_failed,
                          "not authorized: describing ACLs needs DESCRIBE (or ALTER) on the "
                          "CLUSTER resource kafka-cluster"},
                    what);
    }
    return out;
}

std::vector<AclDeleteResult> AdminImpl::delete_acls(const std::vector<AclBindingFilter>& filters,
                                                    Duration timeout) {
    if (filters.empty()) return {};
    const std::string what = "delete ACLs";
    std::vector<AclBindingPtr> owned;
    std::vector<rd_kafka_AclBinding_t*> raw;
    owned.reserve(filters.size());
    for (const auto& f : filters) {
        owned.push_back(new_filter(f, what));
        raw.push_back(owned.back().get());
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_DELETEACLS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_DeleteAcls(rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, what);
    size_t n = 0;
    const auto** responses =
        rd_kafka_DeleteAcls_result_responses(rd_kafka_event_DeleteAcls_result(ev.get()), &n);
    // DeleteAcls answers one response per filter, in request order.
    std::vector<AclDeleteResult> out;
    out.reserve(filters.size());
    for (size_t i = 0; i < filters.size(); ++i) {
        AclDeleteResult r;
        r.filter = filters[i];
        if (i >= n) {
            r.error = Error{ErrorCode::unknown, "no result from the broker"};
            out.push_back(std::move(r));
            continue;
        }
        r.error = copy_error(rd_kafka_DeleteAcls_result_response_error(responses[i]));
        size_t m = 0;
        const auto** matching = rd_kafka_DeleteAcls_result_response_matching_acls(responses[i], &m);
        for (size_t j = 0; j < m; ++j) {
            r.deleted.push_back(
                {binding_of(matching[j]), copy_error(rd_kafka_AclBinding_error(matching[j]))});
        }
        std::sort(r.deleted.begin(), r.deleted.end(),
                  [](const DeletedAcl& a, const DeletedAcl& b) { return a.binding < b.binding; });
        out.push_back(std::move(r));
    }
    throw_if_all_local(out, "delete ACLs");
    return out;
}

}  // namespace detail
}  // namespace kfk
