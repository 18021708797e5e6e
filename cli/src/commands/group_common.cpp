#include "commands/group_common.hpp"

#include "core/exit_codes.hpp"

namespace kfk::cli {

Json opt_json(const std::optional<std::int64_t>& v) {
    return v ? Json(*v) : Json(nullptr);
}

std::string opt_text(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string{kMissing};
}

Json owner_json(const std::optional<kfk::PartitionOwner>& owner) {
    if (!owner) return nullptr;
    Json j;
    j["member_id"] = owner->member_id;
    j["client_id"] = owner->client_id;
    j["host"] = owner->host;
    j["group_instance_id"] =
        owner->group_instance_id ? Json(*owner->group_instance_id) : Json(nullptr);
    return j;
}

Json partition_lag_json(const kfk::PartitionLag& p, const kfk::PartitionStatus* status) {
    Json j;
    j["topic"] = p.topic;
    j["partition"] = p.partition;
    j["committed"] = opt_json(p.committed);
    j["log_start"] = p.log_start >= 0 ? Json(p.log_start) : Json(nullptr);
    j["log_end"] = p.log_end >= 0 ? Json(p.log_end) : Json(nullptr);
    j["lag"] = opt_json(p.lag);
    j["committed_before_log_start"] = p.committed_before_log_start;
    if (status) {
        j["status"] = std::string{kfk::to_string(status->status)};
        j["reason"] = status->reason;
    }
    j["owner"] = owner_json(p.owner);
    j["error"] = p.error ? Json(p.error.to_string()) : Json(nullptr);
    return j;
}

std::string lag_text(const kfk::PartitionLag& p) {
    if (!p.lag) return std::string{kMissing};
    return std::to_string(*p.lag) + (p.committed_before_log_start ? " (commit < log start)" : "");
}

void group_not_found(const std::string& group) {
    throw CliError(ExitCode::not_found, "consumer group '" + group + "' does not exist",
                   "kfk group list shows the groups");
}

}  // namespace kfk::cli
