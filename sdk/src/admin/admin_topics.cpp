// Admin: topics and partitions.
#include <algorithm>
#include <map>
#include <numeric>

#include "admin/admin_impl.hpp"
#include "core/error_map.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

using TopicCollectionPtr =
    std::unique_ptr<rd_kafka_TopicCollection_t, Deleter<rd_kafka_TopicCollection_destroy>>;
using NewTopicPtr = std::unique_ptr<rd_kafka_NewTopic_t, Deleter<rd_kafka_NewTopic_destroy>>;
using DeleteTopicPtr =
    std::unique_ptr<rd_kafka_DeleteTopic_t, Deleter<rd_kafka_DeleteTopic_destroy>>;
using NewPartitionsPtr =
    std::unique_ptr<rd_kafka_NewPartitions_t, Deleter<rd_kafka_NewPartitions_destroy>>;

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

// Results in the order the caller asked for (librdkafka may answer in another).
std::vector<ItemResult> in_order(const std::vector<std::string>& names,
                                 std::vector<ItemResult> results) {
    std::map<std::string, ItemResult> by_name;
    for (auto& r : results) by_name.emplace(r.name, std::move(r));
    std::vector<ItemResult> out;
    out.reserve(names.size());
    for (const auto& name : names) {
        auto it = by_name.find(name);
        if (it != by_name.end()) {
            out.push_back(std::move(it->second));
            by_name.erase(it);
        } else {
            out.push_back({name, Error{ErrorCode::unknown, "no result from the broker"}});
        }
    }
    return out;
}

std::vector<std::int32_t> node_ids(const rd_kafka_Node_t** nodes, size_t n) {
    std::vector<std::int32_t> ids;
    ids.reserve(n);
    for (size_t i = 0; i < n; ++i) ids.push_back(rd_kafka_Node_id(nodes[i]));
    return ids;
}

std::string shrink_message(const std::string& topic, std::int32_t current, std::int32_t wanted) {
    std::string text = "topic '" + topic + "' has " + std::to_string(current) + " partitions; ";
    if (wanted == current) {
        text += "it already has that many. Kafka partitions only grow: ask for more than " +
                std::to_string(current);
    } else {
        text += "it cannot shrink to " + std::to_string(wanted) +
                ": Kafka partitions only grow. To have fewer, create a new topic and copy the "
                "records";
    }
    text +=
        ". Note that growing re-maps keys too: the default partitioner sends a key to "
        "murmur2(key) % partition count, so most keys move to another partition and per-key "
        "ordering across the change is lost";
    return text;
}

}  // namespace

QueuePtr AdminImpl::start_describe_topics(const std::vector<std::string>& topics,
                                          bool authorized_ops, Duration timeout) {
    std::vector<const char*> names;
    names.reserve(topics.size());
    for (const auto& t : topics) names.push_back(t.c_str());
    TopicCollectionPtr collection{
        rd_kafka_TopicCollection_of_topic_names(names.data(), names.size())};
    auto opts = options(RD_KAFKA_ADMIN_OP_DESCRIBETOPICS, timeout);
    if (authorized_ops) {
        if (Error err = take_error(
                rd_kafka_AdminOptions_set_include_authorized_operations(opts.get(), 1))) {
            throw UsageError(err, "describe topics");
        }
    }
    return start([&](rd_kafka_queue_t* q) {
        rd_kafka_DescribeTopics(rk(), collection.get(), opts.get(), q);
    });
}

std::vector<TopicDescription> describe_topics_result(rd_kafka_event_t* ev,
                                                     const std::vector<std::string>& topics) {
    size_t n = 0;
    const auto** descs =
        rd_kafka_DescribeTopics_result_topics(rd_kafka_event_DescribeTopics_result(ev), &n);
    std::map<std::string, TopicDescription> by_name;
    for (size_t i = 0; i < n; ++i) {
        const auto* td = descs[i];
        TopicDescription d;
        d.name = rd_kafka_TopicDescription_name(td);
        d.error = copy_error(rd_kafka_TopicDescription_error(td));
        d.internal = rd_kafka_TopicDescription_is_internal(td) != 0;
        if (const auto* id = rd_kafka_TopicDescription_topic_id(td)) {
            // librdkafka reports the all-zero id ("AAAAAAAAAAAAAAAAAAAAAA") for "none".
            if (const char* b64 = rd_kafka_Uuid_base64str(id)) {
                std::string s = b64;
                if (s.find_first_not_of('A') != std::string::npos) d.topic_id = std::move(s);
            }
        }
        size_t ops_n = 0;
        const auto* ops = rd_kafka_TopicDescription_authorized_operations(td, &ops_n);
        d.authorized_operations = acl_operations_of(ops, ops_n);
        size_t pn = 0;
        const auto** parts = rd_kafka_TopicDescription_partitions(td, &pn);
        for (size_t p = 0; p < pn; ++p) {
            PartitionInfo info;
            info.id = rd_kafka_TopicPartitionInfo_partition(parts[p]);
            if (const auto* leader = rd_kafka_TopicPartitionInfo_leader(parts[p])) {
                info.leader = rd_kafka_Node_id(leader);
            }
            size_t rn = 0;
            const auto** replicas = rd_kafka_TopicPartitionInfo_replicas(parts[p], &rn);
            info.replicas = node_ids(replicas, rn);
            size_t in = 0;
            const auto** isr = rd_kafka_TopicPartitionInfo_isr(parts[p], &in);
            info.isr = node_ids(isr, in);
            d.partitions.push_back(std::move(info));
        }
        std::sort(d.partitions.begin(), d.partitions.end(),
                  [](const PartitionInfo& a, const PartitionInfo& b) { return a.id < b.id; });
        by_name[d.name] = std::move(d);
    }
    std::vector<TopicDescription> out;
    out.reserve(topics.size());
    for (const auto& name : topics) {
        auto it = by_name.find(name);
        if (it != by_name.end()) {
            out.push_back(it->second);
        } else {
            TopicDescription d;
            d.name = name;
            d.error =
                Error{ErrorCode::unknown_topic_or_partition, "topic '" + name + "' does not exist"};
            out.push_back(std::move(d));
        }
    }
    return out;
}

}  // namespace detail

double keys_remapped_fraction(std::int32_t from, std::int32_t to) noexcept {
    if (from <= 0 || to <= 0 || from == to) return 0.0;
    // hash % from == hash % to exactly for the min(from, to) residues of each lcm-long period.
    const double kept =
        static_cast<double>(std::min(from, to)) / static_cast<double>(std::lcm(from, to));
    return 1.0 - kept;
}

std::vector<ItemResult> detail::AdminImpl::create_topics(const std::vector<NewTopic>& topics,
                                                         Duration timeout, bool validate_only) {
    if (topics.empty()) return {};
    std::vector<detail::NewTopicPtr> owned;
    std::vector<rd_kafka_NewTopic_t*> raw;
    std::vector<std::string> names;
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
        names.push_back(t.name);
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout, validate_only);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_CreateTopics(rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, "create topics");
    size_t n = 0;
    const auto* res = rd_kafka_event_CreateTopics_result(ev.get());
    const auto** results = rd_kafka_CreateTopics_result_topics(res, &n);
    return detail::in_order(names, detail::topic_results(results, n));
}

std::vector<ItemResult> detail::AdminImpl::delete_topics(const std::vector<std::string>& topics,
                                                         Duration timeout) {
    if (topics.empty()) return {};
    std::vector<detail::DeleteTopicPtr> owned;
    std::vector<rd_kafka_DeleteTopic_t*> raw;
    for (const auto& t : topics) {
        owned.emplace_back(rd_kafka_DeleteTopic_new(t.c_str()));
        raw.push_back(owned.back().get());
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_DeleteTopics(rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, "delete topics");
    size_t n = 0;
    const auto* res = rd_kafka_event_DeleteTopics_result(ev.get());
    const auto** results = rd_kafka_DeleteTopics_result_topics(res, &n);
    return detail::in_order(topics, detail::topic_results(results, n));
}

std::vector<std::string> detail::AdminImpl::list_topics(Duration timeout, bool include_internal) {
    detail::Deadline deadline{timeout};
    const rd_kafka_metadata_t* md = nullptr;
    // rd_kafka_metadata blocks for its whole timeout: asked in growing slices, a refusal of
    // the credentials ends the wait (a slow answer only costs a repeated request).
    for (int slice_ms = 500;; slice_ms = std::min(slice_ms * 2, 8000)) {
        const auto err =
            rd_kafka_metadata(rk(), 1, nullptr, &md, std::min(slice_ms, deadline.left_ms()));
        if (!err) break;
        throw_if_refused("list topics");
        if (err != RD_KAFKA_RESP_ERR__TIMED_OUT || deadline.passed()) {
            throw_error(detail::make_error(err), "list topics");
        }
    }
    credentials().note_working();
    detail::MetadataPtr owned{md};
    std::vector<std::string> names;
    std::vector<std::string> maybe_internal;
    for (int i = 0; i < md->topic_cnt; ++i) {
        std::string name = md->topics[i].topic;
        // Metadata does not carry the internal flag; only "__"-prefixed names can be internal,
        // so only those are asked about.
        if (!include_internal && name.starts_with("__")) {
            maybe_internal.push_back(std::move(name));
        } else {
            names.push_back(std::move(name));
        }
    }
    if (!maybe_internal.empty()) {
        for (auto& d : describe_topics(maybe_internal, deadline.remaining(), {})) {
            if (!d.internal) names.push_back(std::move(d.name));
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<TopicDescription> detail::AdminImpl::describe_topics(
    const std::vector<std::string>& topics, Duration timeout, const DescribeTopicsOptions& wanted) {
    if (topics.empty()) return {};
    detail::Deadline deadline{timeout};
    auto queue = start_describe_topics(topics, wanted.include_authorized_operations, timeout);
    auto ev = wait(queue.get(), timeout, "describe topics");
    auto out = detail::describe_topics_result(ev.get(), topics);
    if (wanted.include_configs) {
        std::vector<ConfigResource> resources;
        for (const auto& d : out) {
            if (!d.error) resources.push_back(ConfigResource::topic(d.name));
        }
        if (!resources.empty()) {
            auto configs = describe_configs(resources, deadline.remaining());
            for (auto& c : configs) {
                for (auto& d : out) {
                    if (d.name != c.resource.name) continue;
                    if (c.error) {
                        d.configs_error = c.error;
                    } else {
                        d.configs = std::move(c.entries);
                    }
                }
            }
        }
    }
    return out;
}

TopicPartitions detail::AdminImpl::topic_partitions(const std::vector<std::string>& topics,
                                                    Duration timeout) {
    TopicPartitions out;
    for (const auto& d : describe_topics(topics, timeout, {})) {
        if (d.error) throw_error(d.error, "topic '" + d.name + "'");
        for (const auto& p : d.partitions) out.push_back({d.name, p.id});
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<ItemResult> detail::AdminImpl::create_partitions(
    const std::vector<NewPartitions>& partitions, Duration timeout, bool validate_only) {
    if (partitions.empty()) return {};
    detail::Deadline deadline{timeout};
    std::vector<std::string> names;
    for (const auto& p : partitions) names.push_back(p.topic);
    // The current counts, so that a shrink is refused before anything is sent.
    const auto current = describe_topics(names, deadline.remaining(), {});

    std::vector<ItemResult> out(partitions.size());
    std::vector<detail::NewPartitionsPtr> owned;
    std::vector<rd_kafka_NewPartitions_t*> raw;
    std::vector<std::string> sent;
    char errstr[512];
    for (size_t i = 0; i < partitions.size(); ++i) {
        const auto& want = partitions[i];
        out[i].name = want.topic;
        if (current[i].error) {
            out[i].error = current[i].error;
            continue;
        }
        const auto have = static_cast<std::int32_t>(current[i].partitions.size());
        if (want.total_count <= have) {
            out[i].error = Error{ErrorCode::invalid_partitions,
                                 detail::shrink_message(want.topic, have, want.total_count)};
            continue;
        }
        auto* np = rd_kafka_NewPartitions_new(
            want.topic.c_str(), static_cast<size_t>(want.total_count), errstr, sizeof errstr);
        if (!np) {
            out[i].error = Error{ErrorCode::invalid_arg, errstr};
            continue;
        }
        owned.emplace_back(np);
        raw.push_back(np);
        sent.push_back(want.topic);
    }
    if (raw.empty()) return out;

    const auto left = deadline.remaining();
    auto opts = options(RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, left, validate_only);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_CreatePartitions(rk(), raw.data(), raw.size(), opts.get(), q);
        },
        left, "create partitions");
    size_t n = 0;
    const auto* res = rd_kafka_event_CreatePartitions_result(ev.get());
    const auto** topics = rd_kafka_CreatePartitions_result_topics(res, &n);
    auto results = detail::in_order(sent, detail::topic_results(topics, n));
    size_t next = 0;
    for (auto& item : out) {
        if (item.error) continue;
        item = std::move(results[next++]);
    }
    return out;
}

}  // namespace kfk
