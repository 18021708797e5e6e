// kfk topic add-partitions NAME --partitions TOTAL [--dry-run]
#include <cmath>

#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct TopicAddPartitionsOptions {
    const GlobalFlags* globals = nullptr;
    std::string name;
    int partitions = 0;
    bool dry_run = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_topic_add_partitions(const TopicAddPartitionsOptions& o) {
    if (o.partitions < 1) throw CliError(ExitCode::usage, "--partitions must be at least 1");
    Session session{*o.globals};
    auto admin = session.admin();
    const auto described = admin.describe_topics({o.name}, session.timeout());
    if (described.empty() || described.front().error) {
        const auto err = described.empty() ? kfk::Error{kfk::ErrorCode::unknown_topic_or_partition}
                                           : described.front().error;
        if (err.code() == kfk::ErrorCode::unknown_topic_or_partition) {
            throw CliError(ExitCode::not_found, "topic '" + o.name + "' does not exist");
        }
        throw explain(err, "describe topic '" + o.name + "'");
    }
    const auto before = static_cast<std::int32_t>(described.front().partitions.size());
    if (o.partitions < before) {
        throw CliError(ExitCode::usage,
                       "topic '" + o.name + "' has " + std::to_string(before) +
                           " partitions; Kafka cannot remove partitions (asked for " +
                           std::to_string(o.partitions) + ")",
                       "--partitions is the new total; recreate the topic to have fewer");
    }
    if (o.partitions == before) {
        throw CliError(
            ExitCode::usage,
            "topic '" + o.name + "' already has " + std::to_string(before) + " partitions",
            "--partitions is the new total, not the number to add");
    }
    const auto results =
        admin.create_partitions({{o.name, o.partitions}}, session.timeout(), o.dry_run);
    for (const auto& r : results) {
        if (r.error) throw explain(r.error, "add partitions to '" + o.name + "'");
    }
    const double moved = kfk::keys_remapped_fraction(before, o.partitions);
    std::fprintf(stderr,
                 "kfk: note: going from %d to %d partitions sends about %.0f%% of keys to a "
                 "different partition; per-key ordering does not hold across the change\n",
                 before, o.partitions, std::round(moved * 100));
    Json doc;
    doc["name"] = o.name;
    doc["status"] = o.dry_run ? "valid" : "altered";
    doc["dry_run"] = o.dry_run;
    doc["partitions_before"] = before;
    doc["partitions"] = o.partitions;
    doc["keys_remapped_fraction"] = moved;
    const std::string text = std::string{o.dry_run ? "Dry run: topic " : "Topic "} + o.name +
                             (o.dry_run ? " would grow from " : " grew from ") +
                             std::to_string(before) + " to " + std::to_string(o.partitions) +
                             " partitions.\n";
    print_document(o.output, doc, text);
    return ExitCode::ok;
}

}  // namespace

void setup_topic_add_partitions(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicAddPartitionsOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand("add-partitions", "Grow a topic to a new partition count");
    sub->add_option("name", opts->name, "Topic name")->required();
    sub->add_option("-p,--partitions", opts->partitions, "The new total number of partitions")
        ->required();
    sub->add_flag("--dry-run", opts->dry_run, "Let the broker validate without changing anything");
    add_output_option(sub, opts->output);
    set_examples(sub, "  kfk topic add-partitions orders --partitions 6\n");
    bind(sub, opts, &run_topic_add_partitions);
}

}  // namespace kfk::cli
