// JSON and table pieces shared by the group subcommands, so that `group describe` and
// `group lag` print the same lag (kfk::GroupLag, the SDK's one lag definition) the same way.
#pragma once

#include <optional>
#include <string>

#include "core/output.hpp"
#include "kfk/admin.hpp"
#include "kfk/lag.hpp"
#include "kfk/lag_watch.hpp"

namespace kfk::cli {

// null for a missing value.
Json opt_json(const std::optional<std::int64_t>& v);
std::string opt_text(const std::optional<std::int64_t>& v);
Json owner_json(const std::optional<kfk::PartitionOwner>& owner);

// One partition of a GroupLag, with the Burrow status when `status` is given.
Json partition_lag_json(const kfk::PartitionLag& p, const kfk::PartitionStatus* status);

// "-" or the lag; "-" plus a marker when the commit fell behind the log start.
std::string lag_text(const kfk::PartitionLag& p);

// Throws CliError(not_found) naming the group, for group_id_not_found.
[[noreturn]] void group_not_found(const std::string& group);

}  // namespace kfk::cli
