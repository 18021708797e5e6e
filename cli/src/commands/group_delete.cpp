// kfk group delete GROUP... [--if-exists]
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct GroupDeleteOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> groups;
    bool if_exists = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_group_delete(const GroupDeleteOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto results = admin.delete_groups(o.groups, session.timeout());
    Json list = Json::array();
    std::string text;
    std::vector<ExitCode> failures;
    for (const auto& r : results) {
        const bool missing = exit_code_for(r.error) == ExitCode::not_found;
        std::string status = "deleted";
        if (r.error && !(missing && o.if_exists)) {
            status = "failed";
            failures.push_back(exit_code_for(r.error));
            std::string msg = missing ? "consumer group '" + r.name + "' does not exist"
                                      : "delete group '" + r.name + "': " + r.error.to_string();
            if (r.error.code() == kfk::ErrorCode::non_empty_group) {
                msg = "consumer group '" + r.name +
                      "' has active members; stop its consumers first (" + r.error.to_string() +
                      ")";
            }
            std::fprintf(stderr, "kfk: error: %s\n", msg.c_str());
        } else if (missing) {
            status = "absent";
        }
        Json j;
        j["group"] = r.name;
        j["status"] = status;
        j["error"] = status == "failed" ? error_json(r.error) : Json(nullptr);
        list.push_back(j);
        if (status == "deleted") text += "Deleted consumer group " + r.name + ".\n";
        if (status == "absent")
            text += "Consumer group " + r.name + " does not exist (--if-exists).\n";
    }
    Json doc;
    doc["groups"] = list;
    print_document(o.output, doc, text);
    return combine(o.groups.size(), failures);
}

}  // namespace

void setup_group_delete(CLI::App& group, const GlobalFlags& g) {
    auto opts = std::make_shared<GroupDeleteOptions>();
    opts->globals = &g;
    auto* sub =
        group.add_subcommand("delete", "Delete consumer groups and their committed offsets");
    sub->alias("rm");
    sub->add_option("groups", opts->groups, "Group id(s)")->required();
    sub->add_flag("--if-exists", opts->if_exists, "Succeed (exit 0) for groups that do not exist");
    add_output_option(sub, opts->output);
    set_examples(sub, "  kfk group delete order-processor\n");
    bind(sub, opts, &run_group_delete);
}

}  // namespace kfk::cli
