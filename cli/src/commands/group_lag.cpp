// kfk group lag GROUP [--watch INTERVAL [--samples N]] — lag per partition and in total, with
// the Burrow-style status (kfk/lag_watch.hpp) once there are samples to compare.
#include <unistd.h>

#include <map>
#include <optional>
#include <thread>

#include "commands/command.hpp"
#include "commands/group_common.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {
namespace {

struct GroupLagOptions {
    const GlobalFlags* globals = nullptr;
    std::string group;
    std::optional<std::chrono::milliseconds> watch;  // --watch INTERVAL
    std::int64_t samples = -1;
    kfk::IsolationLevel isolation = kfk::IsolationLevel::read_uncommitted;
    OutputFormat output = OutputFormat::table;
};

Json lag_document(const kfk::GroupLag& lag, const kfk::GroupStatus& status) {
    std::map<kfk::TopicPartition, const kfk::PartitionStatus*> by_tp;
    for (const auto& p : status.partitions) by_tp[{p.topic, p.partition}] = &p;
    Json partitions = Json::array();
    for (const auto& p : lag.partitions) {
        const auto it = by_tp.find(p.topic_partition());
        partitions.push_back(partition_lag_json(p, it == by_tp.end() ? nullptr : it->second));
    }
    Json topics = Json::array();
    for (const auto& t : lag.topics) {
        Json j;
        j["topic"] = t.topic;
        j["lag"] = t.lag;
        j["partitions"] = t.partitions;
        j["partitions_without_commit"] = t.partitions_without_commit;
        topics.push_back(j);
    }
    Json doc;
    doc["group"] = lag.group;
    doc["state"] = std::string{kfk::to_string(lag.state)};
    doc["type"] = std::string{kfk::to_string(lag.type)};
    doc["isolation"] = lag.isolation == kfk::IsolationLevel::read_committed ? "read_committed"
                                                                            : "read_uncommitted";
    doc["sampled_at"] = format_iso8601(lag.sampled_at.time_since_epoch().count());
    doc["status"] = std::string{kfk::to_string(status.status)};
    doc["status_complete"] = status.complete;
    doc["samples"] = status.samples;
    doc["total_lag"] = lag.total_lag;
    doc["partitions_without_commit"] = lag.partitions_without_commit;
    doc["topics"] = topics;
    doc["partitions"] = partitions;
    return doc;
}

std::string lag_table(const kfk::GroupLag& lag, const kfk::GroupStatus& status) {
    std::map<kfk::TopicPartition, const kfk::PartitionStatus*> by_tp;
    for (const auto& p : status.partitions) by_tp[{p.topic, p.partition}] = &p;
    Table table{{"TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG", "STATUS", "OWNER"}};
    for (const auto& p : lag.partitions) {
        const auto it = by_tp.find(p.topic_partition());
        table.add({p.topic, std::to_string(p.partition), opt_text(p.committed),
                   p.log_end >= 0 ? std::to_string(p.log_end) : std::string{kMissing}, lag_text(p),
                   it == by_tp.end() ? std::string{kMissing}
                                     : std::string{kfk::to_string(it->second->status)},
                   p.owner ? p.owner->client_id + "@" + p.owner->host : std::string{kMissing}});
    }
    std::string text = "Group: " + lag.group +
                       "  state: " + std::string{kfk::to_string(lag.state)} +
                       "  status: " + std::string{kfk::to_string(status.status)} +
                       (status.samples < 2 ? " (one sample; --watch compares samples)" : "") +
                       "  total lag: " + std::to_string(lag.total_lag);
    if (lag.partitions_without_commit) {
        text += "  partitions without a commit: " + std::to_string(lag.partitions_without_commit);
    }
    text += "\n\n";
    text += lag.partitions.empty() ? "(no committed offsets, no assigned partitions)\n"
                                   : table.render();
    return text;
}

void sleep_interruptibly(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (!signals::stop_requested() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
}

ExitCode run_group_lag(const GroupLagOptions& o) {
    const bool watching = o.watch.has_value();
    const auto interval = o.watch.value_or(std::chrono::milliseconds{0});
    if (watching && interval < std::chrono::milliseconds{100}) {
        throw CliError(ExitCode::usage, "--watch interval must be at least 100ms");
    }
    const auto format = o.output;
    const auto isolation = o.isolation;
    Session session{*o.globals};
    auto admin = session.admin();
    kfk::LagEvaluator evaluator;
    const bool tty = ::isatty(STDOUT_FILENO);
    std::int64_t taken = 0;
    for (;;) {
        kfk::GroupLag lag;
        try {
            lag = admin.group_lag(o.group, session.timeout(), isolation);
            evaluator.add(lag);
        } catch (const kfk::Exception& e) {
            if (exit_code_for(e.error()) != ExitCode::not_found) throw;
            if (!watching) group_not_found(o.group);
            evaluator.add_not_found(o.group,
                                    kfk::TimePoint{std::chrono::milliseconds{now_epoch_ms()}});
            lag.group = o.group;
            lag.state = kfk::GroupState::dead;
            lag.sampled_at = kfk::TimePoint{std::chrono::milliseconds{now_epoch_ms()}};
        }
        const kfk::GroupStatus status = evaluator.evaluate();
        const Json doc = lag_document(lag, status);
        if (watching && format == OutputFormat::json) {
            write_stdout(doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
        } else if (watching && format == OutputFormat::yaml) {
            write_stdout("---\n" + to_yaml(doc));
        } else {
            std::string text = lag_table(lag, status);
            if (watching) {
                text = (tty ? "\033[H\033[2J" : "\n") + format_iso8601(now_epoch_ms()) +
                       "  every " + format_duration(interval) + " (Ctrl-C stops)\n" + text;
            }
            print_document(format, doc, text);
        }
        ++taken;
        if (!watching || (o.samples > 0 && taken >= o.samples)) break;
        sleep_interruptibly(interval);
        if (signals::stop_requested()) break;
    }
    return ExitCode::ok;
}

}  // namespace

void setup_group_lag(CLI::App& group, const GlobalFlags& g) {
    auto opts = std::make_shared<GroupLagOptions>();
    opts->globals = &g;
    auto* sub = group.add_subcommand(
        "lag", "Lag per partition and in total, with a Burrow-style status (--watch)");
    sub->add_option("group", opts->group, "Group id")->required();
    // Parsed at parse time: a bad interval is parse_duration's usage error.
    sub->add_option_function<std::string>(
        "-w,--watch",
        [opts](const std::string& v) {
            if (!v.empty()) opts->watch = parse_duration(v);
        },
        "Sample every INTERVAL (e.g. 5s) and evaluate the trend: OK, WARN, ERR "
        "(STOP, STALL, REWIND)");
    sub->add_option("--samples", opts->samples, "With --watch: stop after N samples");
    add_isolation_option(sub, opts->isolation,
                         "Lag against the high watermark (read_uncommitted, default) or the last "
                         "stable offset (read_committed)");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk group lag order-processor\n"
                 "  kfk group lag order-processor --watch 5s\n"
                 "  kfk group lag order-processor -o json | jq .total_lag\n"
                 "  kfk group lag order-processor --watch 10s --samples 6 -o json   # JSON lines\n"
                 "\nLag = log end - committed offset (counted from the log start when the commit "
                 "is older);\na partition without a commit shows '-' (it is not zero lag).\n");
    bind(sub, opts, &run_group_lag);
}

}  // namespace kfk::cli
