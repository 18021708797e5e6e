#include "admin/admin_security.hpp"

#include <algorithm>

#include "core/error_map.hpp"

namespace kfk::detail {

std::optional<bool> may_describe_cluster(AdminImpl& admin, AdminImpl::Duration timeout,
                                         const std::string& what) {
    auto opts = admin.options(RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeout);
    if (take_error(rd_kafka_AdminOptions_set_include_authorized_operations(opts.get(), 1))) {
        return std::nullopt;
    }
    auto ev =
        admin.run([&](rd_kafka_queue_t* q) { rd_kafka_DescribeCluster(admin.rk(), opts.get(), q); },
                  timeout, what);
    size_t n = 0;
    const auto* ops = rd_kafka_DescribeCluster_result_authorized_operations(
        rd_kafka_event_DescribeCluster_result(ev.get()), &n);
    if (!ops) return std::nullopt;  // not reported
    return std::any_of(ops, ops + n, [](rd_kafka_AclOperation_t op) {
        return op == RD_KAFKA_ACL_OPERATION_DESCRIBE || op == RD_KAFKA_ACL_OPERATION_ALTER ||
               op == RD_KAFKA_ACL_OPERATION_ALL;
    });
}

}  // namespace kfk::detail
