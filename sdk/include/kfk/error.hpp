// kfk::Error — the one error value of the SDK.
//
// Thread-safety: Error is a plain value type; distinct objects may be used from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace kfk {

// Error codes share librdkafka's numbering (rd_kafka_resp_err_t): negative values are
// client-local conditions, positive ones come from the broker (Kafka protocol error codes).
// Any code librdkafka reports fits, including ones not named here.
enum class ErrorCode : int {
    no_error = 0,
    // Client-local conditions.
    bad_message = -199,
    bad_compression = -198,
    destroy = -197,
    fail = -196,
    transport = -195,
    resolve = -193,
    message_timed_out = -192,
    partition_eof = -191,
    unknown_partition = -190,
    unknown_topic = -188,
    all_brokers_down = -187,
    invalid_arg = -186,
    timed_out = -185,
    queue_full = -184,
    ssl = -181,
    in_progress = -178,
    state = -172,
    not_implemented = -170,
    authentication = -169,
    no_offset = -168,
    unsupported_feature = -165,
    key_serialization = -162,
    value_serialization = -161,
    key_deserialization = -160,
    value_deserialization = -159,
    partial = -158,
    purge_queue = -152,
    purge_inflight = -151,
    fatal = -150,
    fenced = -144,
    application = -143,
    assignment_lost = -142,
    auto_offset_reset = -140,
    wakeup = -100,  // kfk's own: a blocked poll was woken by wakeup() (librdkafka's _END slot)
    // Broker-reported errors (Kafka protocol codes).
    unknown = -1,
    offset_out_of_range = 1,
    unknown_topic_or_partition = 3,
    leader_not_available = 5,
    not_leader_for_partition = 6,
    request_timed_out = 7,
    message_size_too_large = 10,
    coordinator_not_available = 15,
    not_coordinator = 16,
    invalid_topic = 17,
    record_list_too_large = 18,
    not_enough_replicas = 19,
    not_enough_replicas_after_append = 20,
    illegal_generation = 22,
    invalid_group_id = 24,
    unknown_member_id = 25,
    rebalance_in_progress = 27,
    topic_authorization_failed = 29,
    group_authorization_failed = 30,
    cluster_authorization_failed = 31,
    unsupported_version = 35,
    topic_already_exists = 36,
    invalid_partitions = 37,
    invalid_replication_factor = 38,
    invalid_config = 40,
    invalid_request = 42,
    policy_violation = 44,
    invalid_producer_epoch = 47,
    invalid_txn_state = 48,
    transactional_id_authorization_failed = 53,
    security_disabled = 54,  // e.g. ACL requests to a broker without an authorizer
    sasl_authentication_failed = 58,
    non_empty_group = 68,
    group_id_not_found = 69,
    producer_fenced = 90,
    resource_not_found = 91,       // e.g. a SCRAM credential that does not exist
    duplicate_resource = 92,       // e.g. the same SCRAM credential twice in one request
    unacceptable_credential = 93,  // e.g. SCRAM iterations out of bounds
    unknown_topic_id = 100,
};

// What the caller can do about an error.
struct ErrorFlags {
    bool retriable = false;           // the same operation may succeed if tried again
    bool fatal = false;               // the client is unusable: destroy and recreate it
    bool txn_requires_abort = false;  // abort the current transaction, then retry it
};

// A failure as librdkafka or the broker reported it, plus what the caller can do about it.
// A default-constructed Error means success; `if (err)` tests for failure.
class Error {
  public:
    using Flags = ErrorFlags;

    Error() noexcept = default;
    explicit Error(ErrorCode code, std::string message = {}, Flags flags = {});

    ErrorCode code() const noexcept { return code_; }
    int raw_code() const noexcept { return static_cast<int>(code_); }
    // librdkafka's symbolic name, e.g. "_TIMED_OUT" or "TOPIC_ALREADY_EXISTS".
    std::string_view name() const noexcept;
    // The detailed message when there is one, else librdkafka's description of the code.
    std::string message() const;
    bool is_retriable() const noexcept { return flags_.retriable; }
    bool is_fatal() const noexcept { return flags_.fatal; }
    bool txn_requires_abort() const noexcept { return flags_.txn_requires_abort; }
    explicit operator bool() const noexcept { return code_ != ErrorCode::no_error; }
    std::error_code error_code() const noexcept;
    // "NAME: message" — what logs and exceptions print.
    std::string to_string() const;

  private:
    ErrorCode code_ = ErrorCode::no_error;
    Flags flags_{};
    std::string detail_;
};

const std::error_category& kafka_category() noexcept;
std::error_code make_error_code(ErrorCode code) noexcept;

}  // namespace kfk

template <>
struct std::is_error_code_enum<kfk::ErrorCode> : std::true_type {};
