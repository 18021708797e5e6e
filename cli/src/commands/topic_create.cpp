// kfk topic create NAME [--partitions N] [--replication-factor R] [--config k=v]...
//                       [--if-not-exists] [--dry-run]
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

// Brokers learn of a new topic asynchronously (KRaft metadata propagation): wait until every
// partition has a leader, so that `kfk topic create T && kfk produce T` works in scripts.
void wait_until_usable(kfk::Admin& admin, const std::string& name,
                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            const auto d = admin.describe_topics({name}, std::chrono::milliseconds{5000});
            if (!d.empty() && !d.front().error && !d.front().partitions.empty() &&
                std::all_of(d.front().partitions.begin(), d.front().partitions.end(),
                            [](const kfk::PartitionInfo& p) { return p.leader >= 0; })) {
                return;
            }
        } catch (const kfk::Exception&) {
            // Not visible yet: try again until the deadline.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    std::cerr << "kfk: warning: topic " << name << " was created, but not every partition had a "
              << "leader within the timeout; it may take a moment before it can be used\n";
}

struct TopicCreateOptions {
    const GlobalFlags* globals = nullptr;
    std::string name;
    int partitions = -1;
    int replication_factor = -1;
    std::vector<std::string> configs;
    bool if_not_exists = false;
    bool dry_run = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_topic_create(const TopicCreateOptions& o) {
    check_topic_name(o.name);
    if (o.partitions == 0 || o.partitions < -1) {
        throw CliError(ExitCode::usage, "--partitions must be at least 1");
    }
    if (o.replication_factor == 0 || o.replication_factor < -1 || o.replication_factor > 32767) {
        throw CliError(ExitCode::usage, "--replication-factor must be at least 1");
    }
    kfk::NewTopic topic;
    topic.name = o.name;
    topic.partitions = o.partitions;
    topic.replication_factor = static_cast<std::int16_t>(o.replication_factor);
    topic.configs = parse_assignments(o.configs, "--config");

    Session session{*o.globals};
    auto admin = session.admin();
    const auto results = admin.create_topics({topic}, session.timeout(), o.dry_run);
    const kfk::Error error = results.empty() ? kfk::Error{} : results.front().error;

    std::string status = o.dry_run ? "valid" : "created";
    ExitCode code = ExitCode::ok;
    if (error) {
        if (error.code() == kfk::ErrorCode::topic_already_exists && o.if_not_exists) {
            status = "exists";
        } else {
            throw explain(error, "create topic '" + o.name + "'");
        }
    }
    if (status == "created" && !o.dry_run) wait_until_usable(admin, o.name, session.timeout());
    Json doc;
    doc["name"] = o.name;
    doc["status"] = status;
    doc["dry_run"] = o.dry_run;
    doc["partitions"] = o.partitions > 0 ? Json(o.partitions) : Json(nullptr);
    doc["replication_factor"] =
        o.replication_factor > 0 ? Json(o.replication_factor) : Json(nullptr);
    Json configs = Json::object();
    for (const auto& [k, v] : topic.configs) configs[k] = v;
    doc["configs"] = configs;

    std::string text;
    if (status == "exists") {
        text = "Topic " + o.name + " already exists (--if-not-exists: nothing to do).\n";
    } else {
        text =
            std::string{o.dry_run ? "Dry run: the broker would create topic " : "Created topic "} +
            o.name + " (" +
            (o.partitions > 0
                 ? plural(static_cast<std::uint64_t>(o.partitions), "partition", "partitions")
                 : std::string{"the broker's default partitions"}) +
            ", replication factor " +
            (o.replication_factor > 0 ? std::to_string(o.replication_factor)
                                      : std::string{"default"}) +
            ").\n";
    }
    print_document(o.output, doc, text);
    return code;
}

}  // namespace

void setup_topic_create(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicCreateOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand("create", "Create a topic");
    sub->add_option("name", opts->name, "Topic name")->required();
    sub->add_option("-p,--partitions", opts->partitions,
                    "Number of partitions (default: the broker's num.partitions)");
    sub->add_option("-r,--replication-factor", opts->replication_factor,
                    "Replicas per partition (default: the broker's default.replication.factor)");
    sub->add_option("-c,--config", opts->configs, "Topic config key=value (repeatable)")
        ->allow_extra_args(false);
    sub->add_flag("--if-not-exists", opts->if_not_exists,
                  "Succeed (exit 0) if the topic already exists");
    sub->add_flag("--dry-run", opts->dry_run,
                  "Let the broker validate the request without creating anything");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk topic create orders --partitions 3 --replication-factor 1\n"
                 "  kfk topic create audit -p 6 --config retention.ms=604800000 --config "
                 "cleanup.policy=compact\n"
                 "  kfk topic create orders -p 3 --if-not-exists -o json   # idempotent, for CI\n");
    bind(sub, opts, &run_topic_create);
}

}  // namespace kfk::cli
