// Admin: cluster id, controller and brokers.
#include <algorithm>

#include "admin/admin_impl.hpp"

namespace kfk {

ClusterDescription detail::AdminImpl::describe_cluster(Duration timeout) {
    auto opts = options(RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeout);
    auto ev = run([&](rd_kafka_queue_t* q) { rd_kafka_DescribeCluster(rk(), opts.get(), q); },
                  timeout, "describe cluster");
    const auto* res = rd_kafka_event_DescribeCluster_result(ev.get());
    ClusterDescription out;
    if (const char* id = rd_kafka_DescribeCluster_result_cluster_id(res)) out.cluster_id = id;
    if (const auto* ctrl = rd_kafka_DescribeCluster_result_controller(res)) {
        out.controller_id = rd_kafka_Node_id(ctrl);
    }
    size_t n = 0;
    const auto** nodes = rd_kafka_DescribeCluster_result_nodes(res, &n);
    for (size_t i = 0; i < n; ++i) out.brokers.push_back(detail::broker_of(nodes[i]));
    std::sort(out.brokers.begin(), out.brokers.end(),
              [](const BrokerInfo& a, const BrokerInfo& b) { return a.id < b.id; });
    return out;
}

}  // namespace kfk
