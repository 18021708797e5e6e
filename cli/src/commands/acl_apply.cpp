// kfk acl apply -f acls.yaml [--prune] [--execute]
#include <algorithm>

#include "commands/acl_common.hpp"
#include "commands/command.hpp"
#include "core/acl_file.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct AclApplyOptions {
    const GlobalFlags* globals = nullptr;
    std::string file;
    bool prune = false;
    bool execute = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_acl_apply(const AclApplyOptions& o) {
    const AclFile file = load_acl_file(o.file);
    Session session{*o.globals};
    auto admin = session.admin();
    const auto current = acls_of(admin, file.principals, session.timeout());
    const AclPlan plan = plan_acls(file, current, o.prune);

    std::vector<ExitCode> failures;
    std::vector<std::pair<std::string, kfk::Error>> add_outcome(plan.to_add.size(),
                                                                {"planned", {}});
    std::vector<std::pair<std::string, kfk::Error>> remove_outcome(plan.to_remove.size(),
                                                                   {"planned", {}});
    if (o.execute && !plan.empty()) {
        // Additions first: a binding that moves (e.g. literal to prefixed) never leaves a gap.
        const auto created = admin.create_acls(plan.to_add, session.timeout());
        std::vector<kfk::AclBinding> done;
        for (std::size_t i = 0; i < created.size(); ++i) {
            add_outcome[i] = {created[i].error ? "failed" : "created", created[i].error};
            if (created[i].error) {
                failures.push_back(exit_code_for(created[i].error));
                std::fprintf(
                    stderr, "kfk: error: %s\n",
                    acl_error_text(created[i].error, "create ACL " + created[i].binding.to_string())
                        .c_str());
            } else {
                done.push_back(created[i].binding);
            }
        }
        std::vector<kfk::AclBindingFilter> filters;
        for (const auto& b : plan.to_remove) filters.push_back(kfk::AclBindingFilter::exactly(b));
        const auto removed = admin.delete_acls(filters, session.timeout());
        std::vector<kfk::AclBinding> gone;
        for (std::size_t i = 0; i < removed.size(); ++i) {
            kfk::Error error = removed[i].error;
            for (const auto& d : removed[i].deleted) {
                if (d.error && !error) error = d.error;
            }
            remove_outcome[i] = {error ? "failed" : "deleted", error};
            if (error) {
                failures.push_back(exit_code_for(error));
                std::fprintf(
                    stderr, "kfk: error: %s\n",
                    acl_error_text(error, "delete ACL " + plan.to_remove[i].to_string()).c_str());
            } else {
                gone.push_back(plan.to_remove[i]);
            }
        }
        (void)wait_for_acls(admin, done, true, session.timeout());
        (void)wait_for_acls(admin, gone, false, session.timeout());
    }

    Json principals = Json::array();
    for (const auto& p : file.principals) principals.push_back(p);
    Json add = Json::array();
    for (std::size_t i = 0; i < plan.to_add.size(); ++i) {
        add.push_back(
            acl_outcome_json(plan.to_add[i], add_outcome[i].first, add_outcome[i].second));
    }
    Json remove = Json::array();
    for (std::size_t i = 0; i < plan.to_remove.size(); ++i) {
        remove.push_back(
            acl_outcome_json(plan.to_remove[i], remove_outcome[i].first, remove_outcome[i].second));
    }
    Json kept = Json::array();
    for (const auto& b : plan.kept) kept.push_back(acl_json(b));
    Json doc;
    doc["file"] = o.file;
    doc["executed"] = o.execute;
    doc["prune"] = o.prune;
    doc["principals"] = principals;
    doc["to_add"] = add;
    doc["to_remove"] = remove;
    doc["kept"] = kept;
    doc["unchanged"] = plan.unchanged;

    std::string text;
    for (const auto& b : plan.to_add) text += "+ " + b.to_string() + "\n";
    for (const auto& b : plan.to_remove) text += "- " + b.to_string() + "\n";
    std::string summary;
    if (file.principals.empty()) {
        summary = "The file names no principals: nothing to compare.";
    } else if (plan.empty()) {
        summary = "Nothing to do: every binding of " + o.file + " is in place (" +
                  std::to_string(plan.unchanged) + " unchanged).";
    } else {
        summary = std::to_string(plan.to_add.size()) + " to add, " +
                  std::to_string(plan.to_remove.size()) + " to remove, " +
                  std::to_string(plan.unchanged) + " unchanged";
        summary += o.execute ? (failures.empty() ? "; applied." : "; applied with errors.")
                             : "; dry run: nothing changed (--execute applies it).";
    }
    if (!plan.kept.empty()) {
        summary += "\n" + plural(plan.kept.size(), "binding", "bindings") +
                   " of these principals not in the file kept (--prune removes them):";
        for (const auto& b : plan.kept) summary += "\n  " + b.to_string();
    }
    if (o.output == OutputFormat::table) std::fprintf(stderr, "%s\n", summary.c_str());
    print_document(o.output, doc, text);
    return combine(plan.to_add.size() + plan.to_remove.size(), failures);
}

}  // namespace

void setup_acl_apply(CLI::App& acl, const GlobalFlags& g) {
    auto opts = std::make_shared<AclApplyOptions>();
    opts->globals = &g;
    auto* sub = acl.add_subcommand(
        "apply",
        "Bring the ACLs of the principals a YAML file names to what the file says (a dry run "
        "without --execute)");
    sub->add_option("-f,--file", opts->file, "The file of bindings (\"-\": stdin)")->required();
    sub->add_flag("--prune", opts->prune,
                  "Also remove bindings that are not in the file - only bindings of the "
                  "principals the file names (in principals: or in an entry); every other "
                  "principal's ACLs are never looked at");
    sub->add_flag("--execute", opts->execute,
                  "Make the changes (without it, kfk shows the diff and changes nothing)");
    add_output_option(sub, opts->output);
    set_examples(
        sub,
        "  kfk acl apply -f acls.yaml                    # the diff: + to add, - to remove\n"
        "  kfk acl apply -f acls.yaml --execute          # add what is missing\n"
        "  kfk acl apply -f acls.yaml --prune --execute  # and remove what is not there\n"
        "acls.yaml:\n"
        "  principals: [User:retired]        # optional: managed even with no entry\n"
        "  acls:\n"
        "    - principal: User:alice\n"
        "      topic: orders                 # or group / transactional-id / cluster: true\n"
        "      operations: [Write, Describe, Create]\n"
        "    - principal: User:alice\n"
        "      group: billing-\n"
        "      pattern: prefixed             # literal (default) or prefixed\n"
        "      operations: [Read]\n"
        "      permission: allow             # allow (default) or deny; host: \"*\"\n"
        "Re-applying an applied file changes nothing (exit 0).\n");
    bind(sub, opts, &run_acl_apply);
}

}  // namespace kfk::cli
