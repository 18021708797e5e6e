// kfk topic delete NAME... [--if-exists]
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct TopicDeleteOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> names;
    bool if_exists = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_topic_delete(const TopicDeleteOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto results = admin.delete_topics(o.names, session.timeout());
    Json list = Json::array();
    std::string text;
    std::vector<ExitCode> failures;
    for (const auto& r : results) {
        const bool missing = r.error.code() == kfk::ErrorCode::unknown_topic_or_partition;
        std::string status = "deleted";
        if (r.error && !(missing && o.if_exists)) {
            status = "failed";
            failures.push_back(exit_code_for(r.error));
            std::fprintf(stderr, "kfk: error: %s\n",
                         (missing ? "topic '" + r.name + "' does not exist"
                                  : "delete topic '" + r.name + "': " + r.error.to_string())
                             .c_str());
        } else if (missing) {
            status = "absent";
        }
        Json j;
        j["name"] = r.name;
        j["status"] = status;
        j["error"] = status == "failed" ? error_json(r.error) : Json(nullptr);
        list.push_back(j);
        if (status == "deleted") text += "Deleted topic " + r.name + ".\n";
        if (status == "absent") text += "Topic " + r.name + " does not exist (--if-exists).\n";
    }
    Json doc;
    doc["topics"] = list;
    print_document(o.output, doc, text);
    return combine(o.names.size(), failures);
}

}  // namespace

void setup_topic_delete(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicDeleteOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand("delete", "Delete topics and all their records");
    sub->alias("rm");
    sub->add_option("names", opts->names, "Topic name(s)")->required();
    sub->add_flag("--if-exists", opts->if_exists, "Succeed (exit 0) for topics that do not exist");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk topic delete orders\n"
                 "  kfk topic delete tmp-1 tmp-2 --if-exists   # idempotent, for CI\n");
    bind(sub, opts, &run_topic_delete);
}

}  // namespace kfk::cli
