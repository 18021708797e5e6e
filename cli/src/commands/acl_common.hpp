// What the acl subcommands share: the filter options of `acl list` / `acl delete`, the
// messages for failed bindings (naming the permission the request needs), and the JSON of a
// binding with its outcome.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/acl_spec.hpp"
#include "core/output.hpp"
#include "kfk/acl.hpp"
#include "kfk/admin.hpp"
#include "kfk/error.hpp"

namespace kfk::cli {

// --principal, --host, --topic | --group | --transactional-id | --cluster, --prefixed,
// --match; with `operations`: --operation, --allow, --deny.
void add_acl_filter_options(CLI::App* sub, AclFilterArgs& args, bool operations);

// What `action` ("create ACL ...", "delete ACLs ...") failing with `error` means, e.g.
// "...: CLUSTER_AUTHORIZATION_FAILED: ... (ACL changes need ALTER on the CLUSTER resource
// kafka-cluster)".
std::string acl_error_text(const kfk::Error& error, std::string_view action,
                           std::string_view needs = "ALTER");

// acl_json(binding) plus "status" and "error" (null or {"code","message"}).
Json acl_outcome_json(const kfk::AclBinding& binding, std::string_view status,
                      const kfk::Error& error);

// The bindings of `principals` (one DescribeAcls each), sorted.
std::vector<kfk::AclBinding> acls_of(kfk::Admin& admin, const std::vector<std::string>& principals,
                                     std::chrono::milliseconds timeout);

// Brokers apply ACL changes from the metadata log asynchronously: waits (up to `timeout`)
// until the broker lists every one of `bindings` (present) or none of them (!present), so
// that `kfk acl create ... && kfk produce ...` works in scripts. Warns on stderr and
// returns false when the time runs out.
bool wait_for_acls(kfk::Admin& admin, const std::vector<kfk::AclBinding>& bindings, bool present,
                   std::chrono::milliseconds timeout);

}  // namespace kfk::cli
