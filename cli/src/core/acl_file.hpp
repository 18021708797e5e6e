// `kfk acl apply -f acls.yaml`: the declarative file of bindings, and the plan that brings a
// cluster's ACLs to it (docs/cli.md has the format).
//
//   principals:                 # optional: principals whose ACLs the file owns even with no
//     - User:retired-service    #           binding below (with --prune, all of theirs go)
//   acls:
//     - principal: User:alice   # or a list
//       topic: orders           # exactly one of topic / group / transactional-id (a name or
//       pattern: literal        # a list), or cluster: true;  pattern: literal | prefixed
//       operations: [Write, Describe, Create]
//       permission: allow       # allow (default) | deny
//       host: "*"               # default "*" (quote it: a bare * is YAML syntax)
//
// The principals the file names (in `principals:` or in a binding) are the scope of
// --prune: only their bindings are compared, and only theirs are ever removed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/acl.hpp"

namespace kfk::cli {

struct AclFile {
    std::vector<kfk::AclBinding> bindings;  // sorted, unique
    std::vector<std::string> principals;    // every principal the file names, sorted, unique
};

// Throws CliError(usage) "<path>:<line>: <what is wrong>" for YAML errors, unknown keys,
// bad principals, operations a resource type does not take, ...
AclFile parse_acl_file(std::string_view text, const std::string& path);
// Reads `path` ("-": stdin) and parses it; CliError(usage) when it cannot be read.
AclFile load_acl_file(const std::string& path);

struct AclPlan {
    std::vector<kfk::AclBinding> to_add;     // in the file, not on the cluster
    std::vector<kfk::AclBinding> to_remove;  // with prune: on the cluster, not in the file
    std::vector<kfk::AclBinding> kept;       // without prune: on the cluster, not in the file
    std::size_t unchanged = 0;               // in both
    bool empty() const noexcept { return to_add.empty() && to_remove.empty(); }
};

// `current`: the cluster's bindings of file.principals (others are ignored, so a wider
// listing does no harm). Everything sorted.
AclPlan plan_acls(const AclFile& file, const std::vector<kfk::AclBinding>& current, bool prune);

}  // namespace kfk::cli
