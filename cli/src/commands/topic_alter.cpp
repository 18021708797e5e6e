// kfk topic alter NAME [--config k=v]... [--delete-config k]... [--append-config k=v]...
//                      [--subtract-config k=v]... [--dry-run]
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct TopicAlterOptions {
    const GlobalFlags* globals = nullptr;
    std::string name;
    std::vector<std::string> set;
    std::vector<std::string> remove;
    std::vector<std::string> append;
    std::vector<std::string> subtract;
    bool dry_run = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_topic_alter(const TopicAlterOptions& o) {
    kfk::AlterConfigsRequest request;
    request.resource = kfk::ConfigResource::topic(o.name);
    Json changes = Json::array();
    const auto add = [&](kfk::AlterConfigOp op, const std::string& k, const std::string& v) {
        request.alterations.push_back({k, op, v});
        Json j;
        j["name"] = k;
        j["op"] = std::string{kfk::to_string(op)};
        j["value"] = op == kfk::AlterConfigOp::remove ? Json(nullptr) : Json(v);
        changes.push_back(j);
    };
    for (const auto& [k, v] : parse_assignments(o.set, "--config"))
        add(kfk::AlterConfigOp::set, k, v);
    for (const auto& k : o.remove) add(kfk::AlterConfigOp::remove, k, "");
    for (const auto& [k, v] : parse_assignments(o.append, "--append-config")) {
        add(kfk::AlterConfigOp::append, k, v);
    }
    for (const auto& [k, v] : parse_assignments(o.subtract, "--subtract-config")) {
        add(kfk::AlterConfigOp::subtract, k, v);
    }
    if (request.alterations.empty()) {
        throw CliError(ExitCode::usage, "nothing to change",
                       "give --config k=v, --delete-config k, --append-config k=v or "
                       "--subtract-config k=v");
    }
    Session session{*o.globals};
    auto admin = session.admin();
    const auto results = admin.incremental_alter_configs({request}, session.timeout(), o.dry_run);
    for (const auto& r : results) {
        if (r.error) throw explain(r.error, "alter topic '" + o.name + "'");
    }
    Json doc;
    doc["name"] = o.name;
    doc["status"] = o.dry_run ? "valid" : "altered";
    doc["dry_run"] = o.dry_run;
    doc["changes"] = changes;
    std::string text = o.dry_run
                           ? "Dry run: the broker accepts these changes to topic " + o.name + ":\n"
                           : "Altered topic " + o.name + ":\n";
    for (const auto& c : request.alterations) {
        text += "  " + std::string{kfk::to_string(c.op)} + " " + c.name +
                (c.op == kfk::AlterConfigOp::remove ? "" : "=" + c.value) + "\n";
    }
    print_document(o.output, doc, text);
    return ExitCode::ok;
}

}  // namespace

void setup_topic_alter(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicAlterOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand("alter", "Change a topic's configs (only those named)");
    sub->add_option("name", opts->name, "Topic name")->required();
    sub->add_option("-c,--config", opts->set, "Set key=value (repeatable)")
        ->allow_extra_args(false);
    sub->add_option("-d,--delete-config", opts->remove,
                    "Remove the override of key, back to the default (repeatable)")
        ->allow_extra_args(false);
    sub->add_option("--append-config", opts->append, "Add value to a list config key=value")
        ->allow_extra_args(false);
    sub->add_option("--subtract-config", opts->subtract,
                    "Remove value from a list config key=value")
        ->allow_extra_args(false);
    sub->add_flag("--dry-run", opts->dry_run, "Let the broker validate without changing anything");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk topic alter orders --config retention.ms=86400000\n"
                 "  kfk topic alter orders --delete-config retention.ms\n"
                 "  kfk topic alter orders --config cleanup.policy=compact --dry-run\n");
    bind(sub, opts, &run_topic_alter);
}

}  // namespace kfk::cli
