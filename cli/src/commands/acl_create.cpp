// kfk acl create --principal P (--allow | --deny) (--operation OP... | --producer | --consumer)
//                (--topic T | --group G | --transactional-id X | --cluster)... [--prefixed]
//                [--host H] [--idempotent]
#include <algorithm>

#include "commands/acl_common.hpp"
#include "commands/command.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct AclCreateOptions {
    const GlobalFlags* globals = nullptr;
    AclCreateArgs args;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_acl_create(const AclCreateOptions& o) {
    const auto bindings = bindings_for_create(o.args);
    Session session{*o.globals};
    auto admin = session.admin();

    // Kafka creates an existing binding again without a word; ask first to say which existed.
    std::vector<kfk::AclBinding> existing;
    try {
        existing = acls_of(admin, o.args.principals, session.timeout());
    } catch (const kfk::KafkaError& e) {
        if (e.code() != kfk::ErrorCode::cluster_authorization_failed) throw;
        throw CliError(ExitCode::auth, acl_error_text(e.error(), "create ACLs"));
    }
    std::vector<kfk::AclBinding> missing;
    for (const auto& b : bindings) {
        if (!std::binary_search(existing.begin(), existing.end(), b)) missing.push_back(b);
    }
    const auto results = admin.create_acls(missing, session.timeout());

    Json list = Json::array();
    std::string text;
    std::vector<ExitCode> failures;
    std::vector<kfk::AclBinding> created;
    for (const auto& b : bindings) {
        const auto it = std::find_if(results.begin(), results.end(),
                                     [&](const kfk::AclCreateResult& r) { return r.binding == b; });
        std::string status = "exists";
        kfk::Error error;
        if (it != results.end()) {
            error = it->error;
            status = error ? "failed" : "created";
        }
        if (error) {
            failures.push_back(exit_code_for(error));
            std::fprintf(stderr, "kfk: error: %s\n",
                         acl_error_text(error, "create ACL " + b.to_string()).c_str());
        } else if (status == "created") {
            created.push_back(b);
            text += "Created " + b.to_string() + "\n";
        } else {
            text += "Exists  " + b.to_string() + " (nothing to do)\n";
        }
        list.push_back(acl_outcome_json(b, status, error));
    }
    if (!created.empty()) (void)wait_for_acls(admin, created, true, session.timeout());
    Json doc;
    doc["acls"] = list;
    print_document(o.output, doc, text);
    return combine(bindings.size(), failures);
}

}  // namespace

void setup_acl_create(CLI::App& acl, const GlobalFlags& g) {
    auto opts = std::make_shared<AclCreateOptions>();
    opts->globals = &g;
    auto& a = opts->args;
    auto* sub = acl.add_subcommand(
        "create",
        "Create ACL bindings (idempotent: an existing binding is reported, not an error)");
    sub->alias("add");
    sub->add_option("--principal", a.principals, "Type:name, e.g. User:alice (repeatable)")
        ->allow_extra_args(false);
    sub->add_flag("--allow", a.allow, "Grant the operations");
    sub->add_flag("--deny", a.deny, "Deny the operations (deny wins over allow)");
    sub->add_option("--operation", a.operations,
                    "Read, Write, Create, Delete, Alter, Describe, ClusterAction, "
                    "DescribeConfigs, AlterConfigs, IdempotentWrite, All (repeatable, or a,b)")
        ->delimiter(',');
    sub->add_option("--host", a.hosts, "Host (IP) the binding applies to (default \"*\")")
        ->allow_extra_args(false);
    const char* sets = "Sets (as kafka-acls)";
    sub->add_flag("--producer", a.producer,
                  "WRITE, DESCRIBE, CREATE on each --topic; WRITE, DESCRIBE on each "
                  "--transactional-id")
        ->group(sets);
    sub->add_flag("--idempotent", a.idempotent,
                  "With --producer: IDEMPOTENT_WRITE on the cluster too")
        ->group(sets);
    sub->add_flag("--consumer", a.consumer, "READ, DESCRIBE on each --topic; READ on each --group")
        ->group(sets);
    const char* res = "Resources (repeatable)";
    auto& r = a.resources;
    sub->add_option("--topic", r.topics, "Topic (\"*\": every topic)")
        ->allow_extra_args(false)
        ->group(res);
    sub->add_option("--group", r.groups, "Consumer group")->allow_extra_args(false)->group(res);
    sub->add_option("--transactional-id", r.transactional_ids, "Transactional id")
        ->allow_extra_args(false)
        ->group(res);
    sub->add_flag("--cluster", r.cluster, "The cluster (kafka-cluster)")->group(res);
    sub->add_flag("--prefixed", r.prefixed,
                  "The names are prefixes: the binding covers every resource whose name "
                  "starts with them")
        ->group(res);
    add_output_option(sub, opts->output);
    set_examples(
        sub,
        "  kfk acl create --principal User:alice --allow --operation Read,Describe --topic orders\n"
        "  kfk acl create --principal User:alice --allow --producer --topic orders\n"
        "  kfk acl create --principal User:alice --allow --producer --idempotent \\\n"
        "      --topic orders --transactional-id orders-tx\n"
        "  kfk acl create --principal User:bob --allow --consumer --topic orders --group billing\n"
        "  kfk acl create --principal User:bob --allow --consumer --topic orders- --prefixed \\\n"
        "      --group billing-\n"
        "Needs ALTER on the cluster; without it exits 6.\n");
    bind(sub, opts, &run_acl_create);
}

}  // namespace kfk::cli
