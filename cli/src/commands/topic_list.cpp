// kfk topic list [--internal] [-q]
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct TopicListOptions {
    const GlobalFlags* globals = nullptr;
    bool internal = false;
    bool names_only = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_topic_list(const TopicListOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto names = admin.list_topics(session.timeout(), o.internal);
    if (o.names_only) {
        std::string text;
        for (const auto& n : names) text += n + "\n";
        write_stdout(text);
        return ExitCode::ok;
    }
    const auto topics = names.empty() ? std::vector<kfk::TopicDescription>{}
                                      : admin.describe_topics(names, session.timeout());
    Json list = Json::array();
    Table table{{"TOPIC", "PARTITIONS", "REPLICATION", "INTERNAL"}};
    for (const auto& t : topics) {
        if (t.error) continue;  // deleted between the two calls
        const std::size_t rf = t.partitions.empty() ? 0 : t.partitions.front().replicas.size();
        Json j;
        j["name"] = t.name;
        j["partitions"] = t.partitions.size();
        j["replication_factor"] = rf;
        j["internal"] = t.internal;
        list.push_back(j);
        table.add({t.name, std::to_string(t.partitions.size()), std::to_string(rf),
                   t.internal ? "yes" : "no"});
    }
    Json doc;
    doc["topics"] = list;
    print_document(o.output, doc, table.render());
    return ExitCode::ok;
}

}  // namespace

void setup_topic_list(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicListOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand("list", "List topics with partition counts");
    sub->alias("ls");
    sub->add_flag("--internal", opts->internal,
                  "Include internal topics (__consumer_offsets, ...)");
    sub->add_flag("-q,--names-only", opts->names_only, "Only the names, one per line");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk topic list\n"
                 "  kfk topic list -o json | jq -r '.topics[].name'\n"
                 "  kfk topic list -q | grep ^orders\n");
    bind(sub, opts, &run_topic_list);
}

}  // namespace kfk::cli
