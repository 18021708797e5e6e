// kfk topic describe NAME... [--all-configs]
#include <map>

#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct TopicDescribeOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> names;
    bool all_configs = false;
    OutputFormat output = OutputFormat::table;
};

using Offsets = std::map<kfk::TopicPartition, std::pair<std::int64_t, std::int64_t>>;

// Log start and end of every partition (two ListOffsets requests for all of them).
Offsets fetch_offsets(kfk::Admin& admin, const std::vector<kfk::TopicDescription>& topics,
                      std::chrono::milliseconds timeout) {
    std::vector<kfk::OffsetQuery> queries;
    for (const auto& t : topics) {
        if (t.error) continue;
        for (const auto& p : t.partitions) {
            queries.push_back({{t.name, p.id}, kfk::OffsetSpec::earliest()});
            queries.push_back({{t.name, p.id}, kfk::OffsetSpec::latest()});
        }
    }
    Offsets out;
    if (queries.empty()) return out;
    const auto listed = admin.list_offsets(queries, timeout);
    for (std::size_t i = 0; i + 1 < listed.size(); i += 2) {
        out[listed[i].topic_partition()] = {listed[i].error ? -1 : listed[i].offset,
                                            listed[i + 1].error ? -1 : listed[i + 1].offset};
    }
    return out;
}

ExitCode run_topic_describe(const TopicDescribeOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    kfk::DescribeTopicsOptions options;
    options.include_configs = true;
    const auto topics = admin.describe_topics(o.names, session.timeout(), options);
    const Offsets offsets = fetch_offsets(admin, topics, session.timeout());

    Json list = Json::array();
    std::string text;
    std::vector<ExitCode> failures;
    for (const auto& t : topics) {
        if (t.error) {
            failures.push_back(report_topic_error(t.name, t.error));
            continue;
        }
        Json parts = Json::array();
        Table table{{"PARTITION", "LEADER", "REPLICAS", "ISR", "LOG-START", "LOG-END", "STATUS"}};
        std::size_t under_replicated = 0;
        for (const auto& p : t.partitions) {
            const auto it = offsets.find({t.name, p.id});
            const std::int64_t start = it == offsets.end() ? -1 : it->second.first;
            const std::int64_t end = it == offsets.end() ? -1 : it->second.second;
            const bool under = p.under_replicated();
            if (under) ++under_replicated;
            Json j;
            j["partition"] = p.id;
            j["leader"] = p.leader >= 0 ? Json(p.leader) : Json(nullptr);
            j["replicas"] = p.replicas;
            j["isr"] = p.isr;
            j["under_replicated"] = under;
            j["offline"] = p.offline();
            j["log_start"] = start >= 0 ? Json(start) : Json(nullptr);
            j["log_end"] = end >= 0 ? Json(end) : Json(nullptr);
            parts.push_back(j);
            table.add({std::to_string(p.id), p.leader >= 0 ? std::to_string(p.leader) : "none",
                       join_ints(p.replicas), join_ints(p.isr),
                       start >= 0 ? std::to_string(start) : "-",
                       end >= 0 ? std::to_string(end) : "-",
                       p.offline() ? "OFFLINE"
                       : under     ? "UNDER-REPLICATED"
                                   : "ok"});
        }
        Json configs = Json::array();
        Table config_table{{"CONFIG", "VALUE", "SOURCE"}};
        for (const auto& c : t.configs) {
            if (!o.all_configs && c.source != kfk::ConfigSource::dynamic_topic) continue;
            Json j;
            j["name"] = c.name;
            j["value"] = c.is_sensitive || !c.value ? Json(nullptr) : Json(*c.value);
            j["source"] = std::string{kfk::to_string(c.source)};
            j["default"] = c.is_default;
            j["read_only"] = c.is_read_only;
            j["sensitive"] = c.is_sensitive;
            configs.push_back(j);
            config_table.add({c.name, c.display_value(), std::string{kfk::to_string(c.source)}});
        }
        const std::size_t rf = t.partitions.empty() ? 0 : t.partitions.front().replicas.size();
        Json j;
        j["name"] = t.name;
        j["id"] = t.topic_id.empty() ? Json(nullptr) : Json(t.topic_id);
        j["internal"] = t.internal;
        j["partition_count"] = t.partitions.size();
        j["replication_factor"] = rf;
        j["under_replicated_partitions"] = under_replicated;
        j["partitions"] = parts;
        // Describe on the topic without DescribeConfigs (the standard producer ACLs): the
        // partitions are still worth showing; the configs are marked, not silently empty.
        const bool configs_unreadable = static_cast<bool>(t.configs_error);
        const std::string configs_why =
            exit_code_for(t.configs_error) == ExitCode::auth
                ? "not authorized (DescribeConfigs on topic " + t.name + ")"
                : t.configs_error.to_string();
        j["configs"] = configs_unreadable ? Json(nullptr) : configs;
        if (configs_unreadable) j["configs_error"] = configs_why;
        list.push_back(j);

        if (!text.empty()) text += "\n";
        text +=
            "Topic: " + t.name + "  partitions: " + std::to_string(t.partitions.size()) +
            "  replication factor: " + std::to_string(rf) +
            (t.topic_id.empty() ? "" : "  id: " + t.topic_id) +
            (under_replicated ? "  UNDER-REPLICATED: " + std::to_string(under_replicated) : "") +
            "\n\n" + table.render();
        if (configs_unreadable) {
            text += "\nconfigs: " + configs_why + "\n";
        } else if (!config_table.empty()) {
            text += "\n" + config_table.render();
        } else {
            text +=
                "\n(no configs set for this topic: all broker defaults; --all-configs lists "
                "them)\n";
        }
    }
    Json doc;
    doc["topics"] = list;
    if (!list.empty() || o.output != OutputFormat::table) {
        print_document(o.output, doc, text);
    }
    return combine(o.names.size(), failures);
}

}  // namespace

void setup_topic_describe(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicDescribeOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand(
        "describe", "Partitions (leader, replicas, ISR, offsets, under-replicated) and configs");
    sub->add_option("names", opts->names, "Topic name(s)")->required();
    sub->add_flag("--all-configs", opts->all_configs,
                  "List every config, not only the ones set for the topic");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk topic describe orders\n"
                 "  kfk topic describe orders -o json | jq '.topics[0].partitions[] | "
                 "select(.under_replicated)'\n");
    bind(sub, opts, &run_topic_describe);
}

}  // namespace kfk::cli
