#include "kfk/admin.hpp"

#include <algorithm>

#include "detail/admin_impl.hpp"
#include "detail/error_map.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {

AdminImpl::AdminImpl(const AdminConfig& config) : ClientCore(config, RD_KAFKA_PRODUCER) {}

AdminImpl::~AdminImpl() {
    destroy_handle();
}

AdminOptionsPtr AdminImpl::options(rd_kafka_admin_op_t op, Duration timeout, bool validate_only) {
    AdminOptionsPtr opts{rd_kafka_AdminOptions_new(rk(), op)};
    char errstr[256];
    const int ms = static_cast<int>(timeout.count());
    rd_kafka_AdminOptions_set_request_timeout(opts.get(), ms, errstr, sizeof errstr);
    // Not every op accepts these; librdkafka refuses harmlessly where they do not apply.
    rd_kafka_AdminOptions_set_operation_timeout(opts.get(), ms, errstr, sizeof errstr);
    if (validate_only) {
        if (rd_kafka_AdminOptions_set_validate_only(opts.get(), 1, errstr, sizeof errstr)) {
            throw UsageError(Error{ErrorCode::invalid_arg, errstr});
        }
    }
    return opts;
}

EventPtr AdminImpl::run(const std::function<void(rd_kafka_queue_t*)>& start, Duration timeout,
                        const char* what) {
    QueuePtr queue{rd_kafka_queue_new(rk())};
    start(queue.get());
    // librdkafka enforces the request timeout itself; the margin covers its scheduling.
    EventPtr ev{rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count()) + 2000)};
    if (!ev) {
        throw TimeoutError(Error{
            ErrorCode::timed_out,
            std::string{what} + ": no answer within " + std::to_string(timeout.count()) + " ms"});
    }
    if (auto err = rd_kafka_event_error(ev.get())) {
        throw_error(make_error(err, rd_kafka_event_error_string(ev.get())), what);
    }
    return ev;
}

namespace {

std::vector<ItemResult> topic_results(const rd_kafka_topic_result_t** results, size_t n) {
    std::vector<ItemResult> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const char* msg = rd_kafka_topic_result_error_string(results[i]);
        out.push_back({rd_kafka_topic_result_name(results[i]),
                       make_error(rd_kafka_topic_result_error(results[i]), msg ? msg : "")});
    }
    return out;
}

}  // namespace
}  // namespace detail

Admin::Admin(AdminConfig config) : impl_(std::make_unique<detail::AdminImpl>(config)) {}
Admin::~Admin() = default;
Admin::Admin(Admin&&) noexcept = default;
Admin& Admin::operator=(Admin&&) noexcept = default;

std::string Admin::name() const {
    return impl_->name();
}

std::vector<ItemResult> Admin::create_topics(const std::vector<NewTopic>& topics, Duration timeout,
                                             bool validate_only) {
    std::vector<std::unique_ptr<rd_kafka_NewTopic_t, detail::Deleter<rd_kafka_NewTopic_destroy>>>
        owned;
    std::vector<rd_kafka_NewTopic_t*> raw;
    char errstr[512];
    for (const auto& t : topics) {
        auto* nt = rd_kafka_NewTopic_new(t.name.c_str(), t.partitions, t.replication_factor, errstr,
                                         sizeof errstr);
        if (!nt) {
            throw UsageError(Error{ErrorCode::invalid_arg, "topic '" + t.name + "': " + errstr});
        }
        owned.emplace_back(nt);
        for (const auto& [k, v] : t.configs) {
            if (auto err = rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str())) {
                throw UsageError(detail::make_error(err, "topic '" + t.name + "' config " + k));
            }
        }
        raw.push_back(nt);
    }
    auto opts = impl_->options(RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout, validate_only);
    auto ev = impl_->run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_CreateTopics(impl_->rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, "create topics");
    size_t n = 0;
    const auto* res = rd_kafka_event_CreateTopics_result(ev.get());
    const auto** results = rd_kafka_CreateTopics_result_topics(res, &n);
    return detail::topic_results(results, n);
}

std::vector<ItemResult> Admin::delete_topics(const std::vector<std::string>& topics,
                                             Duration timeout) {
    std::vector<
        std::unique_ptr<rd_kafka_DeleteTopic_t, detail::Deleter<rd_kafka_DeleteTopic_destroy>>>
        owned;
    std::vector<rd_kafka_DeleteTopic_t*> raw;
    for (const auto& t : topics) {
        owned.emplace_back(rd_kafka_DeleteTopic_new(t.c_str()));
        raw.push_back(owned.back().get());
    }
    auto opts = impl_->options(RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout);
    auto ev = impl_->run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_DeleteTopics(impl_->rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, "delete topics");
    size_t n = 0;
    const auto* res = rd_kafka_event_DeleteTopics_result(ev.get());
    const auto** results = rd_kafka_DeleteTopics_result_topics(res, &n);
    return detail::topic_results(results, n);
}

namespace {

detail::MetadataPtr fetch_metadata(rd_kafka_t* rk, rd_kafka_topic_t* only,
                                   std::chrono::milliseconds timeout) {
    const rd_kafka_metadata_t* md = nullptr;
    const auto err =
        rd_kafka_metadata(rk, only ? 0 : 1, only, &md, static_cast<int>(timeout.count()));
    if (err) throw_error(detail::make_error(err), "metadata");
    return detail::MetadataPtr{md};
}

TopicDescription describe(const rd_kafka_metadata_topic_t& t) {
    TopicDescription d;
    d.name = t.topic;
    d.error = detail::make_error(t.err);
    d.internal = d.name.starts_with("__");
    for (int i = 0; i < t.partition_cnt; ++i) {
        const auto& p = t.partitions[i];
        PartitionInfo info;
        info.id = p.id;
        info.leader = p.leader;
        info.replicas.assign(p.replicas, p.replicas + p.replica_cnt);
        info.isr.assign(p.isrs, p.isrs + p.isr_cnt);
        info.error = detail::make_error(p.err);
        d.partitions.push_back(std::move(info));
    }
    std::sort(d.partitions.begin(), d.partitions.end(),
              [](const PartitionInfo& a, const PartitionInfo& b) { return a.id < b.id; });
    return d;
}

}  // namespace

std::vector<std::string> Admin::list_topics(Duration timeout, bool include_internal) {
    auto md = fetch_metadata(impl_->rk(), nullptr, timeout);
    std::vector<std::string> names;
    for (int i = 0; i < md->topic_cnt; ++i) {
        std::string name = md->topics[i].topic;
        if (!include_internal && name.starts_with("__")) continue;
        names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<TopicDescription> Admin::describe_topics(const std::vector<std::string>& topics,
                                                     Duration timeout,
                                                     const DescribeTopicsOptions&) {
    std::vector<TopicDescription> out;
    for (const auto& name : topics) {
        detail::TopicPtr rkt{rd_kafka_topic_new(impl_->rk(), name.c_str(), nullptr)};
        auto md = fetch_metadata(impl_->rk(), rkt.get(), timeout);
        bool found = false;
        for (int i = 0; i < md->topic_cnt; ++i) {
            if (name == md->topics[i].topic) {
                out.push_back(describe(md->topics[i]));
                found = true;
            }
        }
        if (!found) {
            TopicDescription d;
            d.name = name;
            d.error = Error{ErrorCode::unknown_topic_or_partition};
            out.push_back(std::move(d));
        }
    }
    return out;
}

ClusterDescription Admin::describe_cluster(Duration timeout) {
    auto opts = impl_->options(RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeout);
    auto ev = impl_->run(
        [&](rd_kafka_queue_t* q) { rd_kafka_DescribeCluster(impl_->rk(), opts.get(), q); }, timeout,
        "describe cluster");
    const auto* res = rd_kafka_event_DescribeCluster_result(ev.get());
    ClusterDescription out;
    if (const char* id = rd_kafka_DescribeCluster_result_cluster_id(res)) out.cluster_id = id;
    if (const auto* ctrl = rd_kafka_DescribeCluster_result_controller(res)) {
        out.controller_id = rd_kafka_Node_id(ctrl);
    }
    size_t n = 0;
    const auto** nodes = rd_kafka_DescribeCluster_result_nodes(res, &n);
    for (size_t i = 0; i < n; ++i) {
        BrokerInfo b;
        b.id = rd_kafka_Node_id(nodes[i]);
        b.host = rd_kafka_Node_host(nodes[i]);
        b.port = rd_kafka_Node_port(nodes[i]);
        if (const char* rack = rd_kafka_Node_rack(nodes[i])) b.rack = rack;
        out.brokers.push_back(std::move(b));
    }
    std::sort(out.brokers.begin(), out.brokers.end(),
              [](const BrokerInfo& a, const BrokerInfo& b) { return a.id < b.id; });
    return out;
}

}  // namespace kfk
