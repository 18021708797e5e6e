// kfk acl delete [--principal P] [--topic T | --group G | --transactional-id X | --cluster]
//                [--prefixed | --match] [--operation OP...] [--allow | --deny] [--host H]
//                [--execute]
#include <algorithm>

#include "commands/acl_common.hpp"
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct AclDeleteOptions {
    const GlobalFlags* globals = nullptr;
    AclFilterArgs filter;
    bool execute = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_acl_delete(const AclDeleteOptions& o) {
    if (o.filter.principal.empty() && !o.filter.names_resource()) {
        throw CliError(ExitCode::usage, "refusing a filter that matches every ACL of the cluster",
                       "name a --principal or a resource (--topic, --group, "
                       "--transactional-id, --cluster)");
    }
    const auto filters = filters_for(o.filter);
    Session session{*o.globals};
    auto admin = session.admin();

    Json list = Json::array();
    std::vector<ExitCode> failures;
    std::vector<kfk::AclBinding> shown;
    std::vector<kfk::AclBinding> deleted;
    std::size_t items = 0;
    if (!o.execute) {
        for (const auto& f : filters) {
            auto found = admin.describe_acls(f, session.timeout());
            shown.insert(shown.end(), found.begin(), found.end());
        }
        std::sort(shown.begin(), shown.end());
        shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
        for (const auto& b : shown) list.push_back(acl_outcome_json(b, "matched", {}));
    } else {
        const auto results = admin.delete_acls(filters, session.timeout());
        for (const auto& r : results) {
            if (r.error) {
                ++items;
                failures.push_back(exit_code_for(r.error));
                std::fprintf(stderr, "kfk: error: %s\n",
                             acl_error_text(r.error, "delete ACLs").c_str());
            }
            for (const auto& d : r.deleted) {
                ++items;
                if (d.error) {
                    failures.push_back(exit_code_for(d.error));
                    std::fprintf(
                        stderr, "kfk: error: %s\n",
                        acl_error_text(d.error, "delete ACL " + d.binding.to_string()).c_str());
                } else {
                    deleted.push_back(d.binding);
                }
                shown.push_back(d.binding);
                list.push_back(
                    acl_outcome_json(d.binding, d.error ? "failed" : "deleted", d.error));
            }
        }
        (void)wait_for_acls(admin, deleted, false, session.timeout());
    }
    Json filters_json = Json::array();
    for (const auto& f : filters) filters_json.push_back(acl_filter_json(f));
    Json doc;
    doc["executed"] = o.execute;
    doc["filters"] = filters_json;
    doc["acls"] = list;

    std::string summary;
    if (shown.empty()) {
        summary = "No ACLs match; nothing to delete.";
    } else if (!o.execute) {
        summary = "Dry run: " + plural(shown.size(), "ACL matches", "ACLs match") +
                  "; nothing deleted (--execute deletes them).";
    } else {
        summary = "Deleted " + plural(deleted.size(), "ACL", "ACLs") + ".";
    }
    if (o.output == OutputFormat::table && failures.empty()) {
        std::fprintf(stderr, "%s\n", summary.c_str());
    }
    print_document(o.output, doc, shown.empty() ? std::string{} : acl_table(shown));
    return combine(std::max<std::size_t>(items, 1), failures);
}

}  // namespace

void setup_acl_delete(CLI::App& acl, const GlobalFlags& g) {
    auto opts = std::make_shared<AclDeleteOptions>();
    opts->globals = &g;
    auto* sub = acl.add_subcommand(
        "delete", "Delete the ACL bindings a filter matches (shows them only, without --execute)");
    sub->alias("rm");
    add_acl_filter_options(sub, opts->filter, true);
    sub->add_flag("--execute", opts->execute,
                  "Delete them (without it, kfk prints what the filter matches and changes "
                  "nothing)");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk acl delete --principal User:alice                 # shows what matches\n"
                 "  kfk acl delete --principal User:alice --execute\n"
                 "  kfk acl delete --topic orders --operation Write --deny --execute\n"
                 "Needs ALTER on the cluster (the dry run: DESCRIBE); without it exits 6.\n");
    bind(sub, opts, &run_acl_delete);
}

}  // namespace kfk::cli
