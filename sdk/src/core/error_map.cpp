#include "core/error_map.hpp"

#include "core/handles.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::detail {
namespace {

// Kafka's RetriableException family plus librdkafka's transient local conditions.
bool is_retriable_code(rd_kafka_resp_err_t err) noexcept {
    // INCONSISTENT_TOPIC_ID (Java: InvalidMetadataException) has no name in rdkafka.h yet.
    constexpr int inconsistent_topic_id = 103;
    if (static_cast<int>(err) == inconsistent_topic_id) return true;
    switch (err) {
        case RD_KAFKA_RESP_ERR__TRANSPORT:
        case RD_KAFKA_RESP_ERR__RESOLVE:
        case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
        case RD_KAFKA_RESP_ERR__TIMED_OUT:
        case RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
        case RD_KAFKA_RESP_ERR__WAIT_COORD:
        case RD_KAFKA_RESP_ERR__RETRY:
        case RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS:
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
        case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
        case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        case RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
        case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
        case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
        case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
        case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
        case RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS:
        case RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR:
        case RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH:
        case RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH:
        case RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT:
        case RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED:
        case RD_KAFKA_RESP_ERR_ELIGIBLE_LEADERS_NOT_AVAILABLE:
        // The rest of the Java client's RetriableException family (REBALANCE_IN_PROGRESS is
        // not in it: the caller must rejoin, retrying the same call cannot succeed).
        case RD_KAFKA_RESP_ERR_INVALID_MSG:  // CORRUPT_MESSAGE
        case RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_NOT_CONTROLLER:
        case RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND:
        case RD_KAFKA_RESP_ERR_INVALID_FETCH_SESSION_EPOCH:
        case RD_KAFKA_RESP_ERR_LISTENER_NOT_FOUND:
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_ID:
            return true;
        default:
            return false;
    }
}

}  // namespace

Error make_error(rd_kafka_resp_err_t err, std::string message) {
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return {};
    Error::Flags flags;
    flags.retriable = is_retriable_code(err);
    flags.fatal = err == RD_KAFKA_RESP_ERR__FATAL;
    return Error{static_cast<ErrorCode>(err), std::move(message), flags};
}

Error take_error(rd_kafka_error_t* error) {
    ErrorPtr owned{error};
    return copy_error(error);
}

Error copy_error(const rd_kafka_error_t* error) {
    if (!error) return {};
    Error::Flags flags;
    flags.retriable = rd_kafka_error_is_retriable(error) != 0;
    flags.fatal = rd_kafka_error_is_fatal(error) != 0;
    flags.txn_requires_abort = rd_kafka_error_txn_requires_abort(error) != 0;
    const char* msg = rd_kafka_error_string(error);
    return Error{static_cast<ErrorCode>(rd_kafka_error_code(error)), msg ? msg : "", flags};
}

Error fatal_error_of(rd_kafka_t* rk) {
    char buf[512];
    rd_kafka_resp_err_t code = rd_kafka_fatal_error(rk, buf, sizeof buf);
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR) return {};
    Error::Flags flags;
    flags.fatal = true;
    return Error{static_cast<ErrorCode>(code), buf, flags};
}

void throw_if(rd_kafka_resp_err_t err, const char* what) {
    if (err) throw_error(make_error(err), what);
}

void throw_if(rd_kafka_error_t* error, const char* what) {
    if (Error err = take_error(error)) throw_error(err, what);
}

std::string partition_name(const char* topic, std::int32_t partition) {
    return std::string{topic} + " [" + std::to_string(partition) + "]";
}

void throw_first_partition_error(const rd_kafka_topic_partition_list_t* list, const char* what) {
    for (int i = 0; list && i < list->cnt; ++i) {
        const auto& e = list->elems[i];
        if (e.err) {
            throw_error(make_error(e.err),
                        std::string{what} + " " + partition_name(e.topic, e.partition));
        }
    }
}

}  // namespace kfk::detail
