// Per-item retries of admin requests: what the Java AdminClient retries inside a call's
// timeout, kfk retries too, so that a `topic create` followed at once by a read of the new
// topic's offsets does not fail on the moment its leaders are being elected, and a group
// question asked while its coordinator is loading (or moving) gets an answer. librdkafka
// retries only the coordinator lookup itself, not the errors inside the group's response.
#include <algorithm>
#include <thread>

#include "admin/admin_impl.hpp"
#include "core/timeout_ms.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {

// Answers that mean "not yet" rather than "no".
bool worth_retrying(const Error& e) {
    if (!e) return false;
    switch (static_cast<rd_kafka_resp_err_t>(e.raw_code())) {
        case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
        case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:  // metadata not propagated after a create
        case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        case RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH:
        case RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH:
        case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
        case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
        case RD_KAFKA_RESP_ERR__TRANSPORT:
        // librdkafka's own leader lookup for the whole request ("Failed to query partition
        // leaders: No leaders found") right after a create.
        case RD_KAFKA_RESP_ERR__NOENT:
            return true;
        default:
            return false;
    }
}

namespace {

void back_off(AdminDuration& backoff) {
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, AdminDuration{1000});
}

// Whether another round trip fits before the deadline (a retry keeps its own request time).
bool time_for_another(const Deadline& deadline, AdminDuration backoff) {
    return !deadline.passed() && deadline.remaining() > backoff;
}

}  // namespace

void AdminImpl::refresh_leaders(const std::vector<OffsetQuery>& queries, const Deadline& deadline) {
    // librdkafka finds a partition's leader in its metadata cache and takes a cached "no
    // leader" (the snapshot it got right after a create, before the election) as final: the
    // ListOffsets fails with "_NOENT: No leaders found" at once, and an admin client has no
    // producer or consumer traffic that would refresh the entry. Asking for the topics'
    // metadata replaces it. Rare path: only when an answer said "not yet".
    std::vector<std::string_view> topics;
    for (const auto& q : queries) {
        if (std::find(topics.begin(), topics.end(), q.partition.topic) == topics.end()) {
            topics.push_back(q.partition.topic);
        }
    }
    for (const auto topic : topics) {
        if (deadline.passed()) return;
        TopicPtr rkt{rd_kafka_topic_new(rk(), std::string{topic}.c_str(), nullptr)};
        if (!rkt) continue;
        const rd_kafka_metadata_t* md = nullptr;
        const auto wait = std::min(deadline.remaining(), AdminDuration{1000});
        if (rd_kafka_metadata(rk(), 0, rkt.get(), &md, timeout_ms(wait)) ==
                RD_KAFKA_RESP_ERR_NO_ERROR &&
            md) {
            rd_kafka_metadata_destroy(md);
        }
    }
}

std::vector<ListedOffset> AdminImpl::collect_list_offsets(QueuePtr queue,
                                                          const std::vector<OffsetQuery>& queries,
                                                          IsolationLevel isolation,
                                                          const Deadline& deadline,
                                                          const std::string& what) {
    AdminDuration backoff{50};
    std::vector<ListedOffset> results;
    for (;;) {
        try {
            auto ev = wait(queue.get(), deadline.remaining(), what);
            results = list_offsets_result(ev.get(), queries);
            break;
        } catch (const Exception& e) {
            // The whole request failed; ask again while Kafka says "not yet".
            if (!worth_retrying(e.error()) || !time_for_another(deadline, backoff)) throw;
            log(LogLevel::debug, "RETRY", what + ": " + e.error().to_string() + "; asking again");
        }
        back_off(backoff);
        refresh_leaders(queries, deadline);
        queue = start_list_offsets(queries, isolation, deadline.remaining());
    }
    retry_list_offsets(results, queries, isolation, deadline, what);
    return results;
}

void AdminImpl::retry_list_offsets(std::vector<ListedOffset>& results,
                                   const std::vector<OffsetQuery>& queries,
                                   IsolationLevel isolation, const Deadline& deadline,
                                   const std::string& what) {
    AdminDuration backoff{50};
    for (;;) {
        std::vector<std::size_t> again;
        for (std::size_t i = 0; i < results.size() && i < queries.size(); ++i) {
            if (worth_retrying(results[i].error)) again.push_back(i);
        }
        if (again.empty()) return;
        if (!time_for_another(deadline, backoff)) return;
        log(LogLevel::debug, "RETRY",
            what + ": " + std::to_string(again.size()) + " partition(s) answered " +
                results[again.front()].error.to_string() + "; asking again");
        back_off(backoff);
        std::vector<OffsetQuery> subset;
        subset.reserve(again.size());
        for (auto i : again) subset.push_back(queries[i]);
        refresh_leaders(subset, deadline);
        const auto left = deadline.remaining();
        std::vector<ListedOffset> fresh;
        try {
            auto queue = start_list_offsets(subset, isolation, left);
            auto ev = wait(queue.get(), left, what);
            fresh = list_offsets_result(ev.get(), subset);
        } catch (const Exception& e) {
            if (!worth_retrying(e.error())) throw;
            continue;  // the whole retry failed "not yet": the items keep their errors
        }
        for (std::size_t k = 0; k < again.size(); ++k) results[again[k]] = std::move(fresh[k]);
    }
}

std::vector<GroupDescription> AdminImpl::collect_describe_groups(QueuePtr queue,
                                                                 const Deadline& deadline,
                                                                 const std::string& what) {
    auto ev = wait(queue.get(), deadline.remaining(), what);
    auto results = describe_groups_result(ev.get());
    AdminDuration backoff{50};
    for (;;) {
        std::vector<std::string> again;
        Error not_yet;
        for (const auto& d : results) {
            if (!worth_retrying(d.error)) continue;
            again.push_back(d.group_id);
            not_yet = d.error;
        }
        if (again.empty() || !time_for_another(deadline, backoff)) return results;
        log(LogLevel::debug, "RETRY",
            what + ": " + std::to_string(again.size()) + " group(s) answered " +
                not_yet.to_string() + "; asking again");
        back_off(backoff);
        std::vector<GroupDescription> fresh;
        try {
            auto retry = start_describe_groups(again, deadline.remaining());
            auto retry_ev = wait(retry.get(), deadline.remaining(), what);
            fresh = describe_groups_result(retry_ev.get());
        } catch (const Exception& e) {
            if (!worth_retrying(e.error())) throw;
            continue;  // the groups keep their last answer
        }
        for (auto& f : fresh) {
            auto it = std::find_if(results.begin(), results.end(), [&](const GroupDescription& d) {
                return d.group_id == f.group_id;
            });
            if (it != results.end()) *it = std::move(f);
        }
    }
}

TopicPartitionOffsets AdminImpl::collect_list_group_offsets(
    QueuePtr queue, const std::string& group, const TopicPartitions& partitions,
    bool require_stable, const Deadline& deadline, const std::string& what) {
    // UNSTABLE_OFFSET_COMMIT: a transaction of the group is still open; Java waits it out.
    const auto retry_this = [&](const Error& e) {
        return worth_retrying(e) ||
               (require_stable && e.raw_code() == RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT);
    };
    AdminDuration backoff{50};
    for (;;) {
        Error not_yet;
        try {
            auto ev = wait(queue.get(), deadline.remaining(), what);
            auto results = list_group_offsets_result(ev.get(), group, partitions.empty());
            for (const auto& tpo : results) {
                if (retry_this(tpo.error)) not_yet = tpo.error;
            }
            if (!not_yet || !time_for_another(deadline, backoff)) return results;
        } catch (const Exception& e) {
            if (!retry_this(e.error()) || !time_for_another(deadline, backoff)) throw;
            not_yet = e.error();
        }
        log(LogLevel::debug, "RETRY",
            what + ": group '" + group + "' answered " + not_yet.to_string() + "; asking again");
        back_off(backoff);
        queue = start_list_group_offsets(group, partitions, require_stable, deadline.remaining());
    }
}

}  // namespace kfk::detail
