// Per-item retries of admin requests: what the Java AdminClient retries inside a call's
// timeout, kfk retries too, so that a `topic create` followed at once by a read of the new
// topic's offsets does not fail on the moment its leaders are being elected.
#include <algorithm>
#include <thread>

#include "detail/admin_impl.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {
namespace {

// Per-partition answers that mean "not yet" rather than "no".
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

}  // namespace

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
            if (!worth_retrying(e.error()) || deadline.passed() ||
                deadline.remaining() <= backoff) {
                throw;
            }
            log(LogLevel::debug, "RETRY", what + ": " + e.error().to_string() + "; asking again");
        }
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, AdminDuration{1000});
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
        // Keep a retry's own request time: stop when less than a backoff is left.
        if (deadline.passed() || deadline.remaining() <= backoff) return;
        log(LogLevel::debug, "RETRY",
            what + ": " + std::to_string(again.size()) + " partition(s) answered " +
                results[again.front()].error.to_string() + "; asking again");
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, AdminDuration{1000});
        std::vector<OffsetQuery> subset;
        subset.reserve(again.size());
        for (auto i : again) subset.push_back(queries[i]);
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

}  // namespace kfk::detail
