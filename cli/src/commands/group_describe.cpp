// kfk group describe GROUP... — state, protocol, members, and per partition the committed
// offset, log end and lag with the member owning it (kafka-consumer-groups --describe).
#include "commands/command.hpp"
#include "commands/group_common.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct GroupDescribeOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> groups;
    kfk::IsolationLevel isolation = kfk::IsolationLevel::read_uncommitted;
    OutputFormat output = OutputFormat::table;
};

std::string tp_list(const kfk::TopicPartitions& tps) {
    std::string s;
    for (const auto& tp : tps)
        s += (s.empty() ? "" : ",") + tp.topic + ":" + std::to_string(tp.partition);
    return s.empty() ? std::string{kMissing} : s;
}

Json tp_json(const kfk::TopicPartitions& tps) {
    Json a = Json::array();
    for (const auto& tp : tps) {
        Json j;
        j["topic"] = tp.topic;
        j["partition"] = tp.partition;
        a.push_back(j);
    }
    return a;
}

ExitCode run_group_describe(const GroupDescribeOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto isolation = o.isolation;
    const auto described = admin.describe_groups(o.groups, session.timeout());
    Json list = Json::array();
    std::string text;
    std::vector<ExitCode> failures;
    for (const auto& d : described) {
        if (d.error) {
            if (exit_code_for(d.error) == ExitCode::not_found) {
                std::fprintf(stderr, "kfk: error: consumer group '%s' does not exist\n",
                             d.group_id.c_str());
            } else {
                std::fprintf(stderr, "kfk: error: group '%s': %s\n", d.group_id.c_str(),
                             d.error.to_string().c_str());
            }
            failures.push_back(exit_code_for(d.error));
            continue;
        }
        const kfk::GroupLag lag = admin.group_lag(d.group_id, session.timeout(), isolation);

        Json members = Json::array();
        Table member_table{{"MEMBER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"}};
        for (const auto& m : d.members) {
            Json j;
            j["member_id"] = m.member_id;
            j["group_instance_id"] =
                m.group_instance_id ? Json(*m.group_instance_id) : Json(nullptr);
            j["client_id"] = m.client_id;
            j["host"] = m.host;
            j["assignment"] = tp_json(m.assignment);
            j["target_assignment"] =
                m.target_assignment ? tp_json(*m.target_assignment) : Json(nullptr);
            members.push_back(j);
            member_table.add({m.member_id, m.host, m.client_id, std::to_string(m.assignment.size()),
                              tp_list(m.assignment)});
        }
        Json partitions = Json::array();
        Table table{{"TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
                     "HOST", "CLIENT-ID"}};
        for (const auto& p : lag.partitions) {
            partitions.push_back(partition_lag_json(p, nullptr));
            table.add({p.topic, std::to_string(p.partition), opt_text(p.committed),
                       p.log_end >= 0 ? std::to_string(p.log_end) : std::string{kMissing},
                       lag_text(p), p.owner ? p.owner->member_id : std::string{kMissing},
                       p.owner ? p.owner->host : std::string{kMissing},
                       p.owner ? p.owner->client_id : std::string{kMissing}});
        }
        Json coordinator = nullptr;
        if (d.coordinator) {
            coordinator = Json::object();
            coordinator["id"] = d.coordinator->id;
            coordinator["host"] = d.coordinator->host;
            coordinator["port"] = d.coordinator->port;
        }
        Json j;
        j["group"] = d.group_id;
        j["state"] = std::string{kfk::to_string(d.state)};
        j["type"] = std::string{kfk::to_string(d.type)};
        j["simple"] = d.is_simple;
        j["assignor"] = d.partition_assignor.empty() ? Json(nullptr) : Json(d.partition_assignor);
        j["coordinator"] = coordinator;
        j["members"] = members;
        j["partitions"] = partitions;
        j["total_lag"] = lag.total_lag;
        j["partitions_without_commit"] = lag.partitions_without_commit;
        list.push_back(j);

        if (!text.empty()) text += "\n";
        text += "Group: " + d.group_id + "  state: " + std::string{kfk::to_string(d.state)} +
                "  type: " + std::string{kfk::to_string(d.type)} +
                "  assignor: " + (d.partition_assignor.empty() ? "-" : d.partition_assignor) +
                "  coordinator: " +
                (d.coordinator ? std::to_string(d.coordinator->id) + " (" + d.coordinator->host +
                                     ":" + std::to_string(d.coordinator->port) + ")"
                               : std::string{"-"}) +
                "\nMembers: " + std::to_string(d.members.size()) +
                "  total lag: " + std::to_string(lag.total_lag) +
                (lag.partitions_without_commit ? "  partitions without a commit: " +
                                                     std::to_string(lag.partitions_without_commit)
                                               : "") +
                "\n\n" +
                (lag.partitions.empty() ? "(no committed offsets, no assigned partitions)\n"
                                        : table.render());
        if (!d.members.empty()) text += "\n" + member_table.render();
        if (d.members.empty() && d.state == kfk::GroupState::empty) {
            std::fprintf(stderr, "Consumer group '%s' has no active members.\n",
                         d.group_id.c_str());
        }
        if (d.state == kfk::GroupState::preparing_rebalance ||
            d.state == kfk::GroupState::completing_rebalance) {
            std::fprintf(stderr, "kfk: warning: consumer group '%s' is rebalancing\n",
                         d.group_id.c_str());
        }
    }
    Json doc;
    doc["groups"] = list;
    if (!list.empty() || o.output != OutputFormat::table) {
        print_document(o.output, doc, text);
    }
    return combine(o.groups.size(), failures);
}

}  // namespace

void setup_group_describe(CLI::App& group, const GlobalFlags& g) {
    auto opts = std::make_shared<GroupDescribeOptions>();
    opts->globals = &g;
    auto* sub = group.add_subcommand(
        "describe", "State, protocol, members and per-partition offsets, lag and owner");
    sub->add_option("groups", opts->groups, "Group id(s)")->required();
    add_isolation_option(
        sub, opts->isolation,
        "Measure lag against the high watermark (read_uncommitted, default) or the "
        "last stable offset (read_committed)");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk group describe order-processor\n"
                 "  kfk group describe order-processor -o json | jq '.groups[0].partitions[] | "
                 "{partition, lag}'\n"
                 "\nLAG is log end minus the committed offset (from the log start if the commit is "
                 "older);\n'-' means the group has no commit for that partition.\n");
    bind(sub, opts, &run_group_describe);
}

}  // namespace kfk::cli
