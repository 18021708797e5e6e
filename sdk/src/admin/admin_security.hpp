// What the ACL and SCRAM requests (admin_acls.cpp, admin_scram.cpp) share.
#pragma once

#include <optional>

#include "admin/admin_impl.hpp"

namespace kfk::detail {

// Whether the client's principal may DESCRIBE the cluster (DESCRIBE, ALTER or ALL among the
// cluster's authorized operations, one DescribeCluster request); nullopt when the broker
// does not say (Kafka < 2.3). A broker without an authorizer reports every operation.
// Throws what AdminImpl::run throws.
std::optional<bool> may_describe_cluster(AdminImpl& admin, AdminImpl::Duration timeout,
                                         const std::string& what);

}  // namespace kfk::detail
