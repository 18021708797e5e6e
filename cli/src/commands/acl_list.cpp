// kfk acl list [--principal P] [--topic T | --group G | --transactional-id X | --cluster]
//              [--prefixed | --match]
#include <algorithm>

#include "commands/acl_common.hpp"
#include "commands/command.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct AclListOptions {
    const GlobalFlags* globals = nullptr;
    AclFilterArgs filter;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_acl_list(const AclListOptions& o) {
    const auto filters = filters_for(o.filter);
    Session session{*o.globals};
    auto admin = session.admin();
    std::vector<kfk::AclBinding> acls;
    for (const auto& f : filters) {
        auto found = admin.describe_acls(f, session.timeout());
        acls.insert(acls.end(), found.begin(), found.end());
    }
    std::sort(acls.begin(), acls.end());
    acls.erase(std::unique(acls.begin(), acls.end()), acls.end());
    Json list = Json::array();
    for (const auto& b : acls) list.push_back(acl_json(b));
    Json doc;
    doc["acls"] = list;
    if (acls.empty() && o.output == OutputFormat::table) {
        std::fprintf(stderr, "No ACLs match.\n");
    }
    print_document(o.output, doc, acls.empty() ? std::string{} : acl_table(acls));
    return ExitCode::ok;
}

}  // namespace

void setup_acl_list(CLI::App& acl, const GlobalFlags& g) {
    auto opts = std::make_shared<AclListOptions>();
    opts->globals = &g;
    auto* sub = acl.add_subcommand("list", "List ACL bindings (all, or those a filter selects)");
    sub->alias("ls");
    add_acl_filter_options(sub, opts->filter, false);
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk acl list\n"
                 "  kfk acl list --principal User:alice -o json\n"
                 "  kfk acl list --topic orders             # bindings on exactly 'orders'\n"
                 "  kfk acl list --topic orders --match     # everything that applies to it\n"
                 "  kfk acl list --prefixed                 # every prefixed binding\n"
                 "Needs DESCRIBE on the cluster; without it exits 6.\n");
    bind(sub, opts, &run_acl_list);
}

}  // namespace kfk::cli
