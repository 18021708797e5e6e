// kfk cluster describe
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct ClusterDescribeOptions {
    const GlobalFlags* globals = nullptr;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_cluster_describe(const ClusterDescribeOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto c = admin.describe_cluster(session.timeout());
    Json brokers = Json::array();
    Table table{{"BROKER", "HOST", "PORT", "RACK", "CONTROLLER"}};
    for (const auto& b : c.brokers) {
        Json j;
        j["id"] = b.id;
        j["host"] = b.host;
        j["port"] = b.port;
        j["rack"] = b.rack ? Json(*b.rack) : Json(nullptr);
        j["controller"] = b.id == c.controller_id;
        brokers.push_back(j);
        table.add({std::to_string(b.id), b.host, std::to_string(b.port), b.rack.value_or("-"),
                   b.id == c.controller_id ? "yes" : ""});
    }
    Json doc;
    doc["cluster_id"] = c.cluster_id.empty() ? Json(nullptr) : Json(c.cluster_id);
    doc["controller_id"] = c.controller_id >= 0 ? Json(c.controller_id) : Json(nullptr);
    doc["brokers"] = brokers;
    const std::string text =
        "Cluster id: " + (c.cluster_id.empty() ? "-" : c.cluster_id) +
        "\nController: " + (c.controller_id >= 0 ? std::to_string(c.controller_id) : "-") + "\n\n" +
        table.render();
    print_document(o.output, doc, text);
    return ExitCode::ok;
}

}  // namespace

void setup_cluster_describe(CLI::App& cluster, const GlobalFlags& g) {
    auto opts = std::make_shared<ClusterDescribeOptions>();
    opts->globals = &g;
    auto* sub = cluster.add_subcommand("describe", "Cluster id, controller and brokers");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk cluster describe\n"
                 "  kfk cluster describe -o json | jq -r .cluster_id\n");
    bind(sub, opts, &run_cluster_describe);
}

}  // namespace kfk::cli
