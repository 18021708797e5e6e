// kfk topic offsets NAME... [--at earliest|latest|max-timestamp|@TIME] [-p P,...]
// [--isolation read_committed]: per partition, the offset Kafka answers for a point of the log
// (what kafka-get-offsets --time and kcat -Q answer), through Admin::list_offsets, which asks
// again while a new topic's leaders are being elected.
#include <algorithm>
#include <set>

#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/session.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {
namespace {

struct At {
    kfk::OffsetSpec spec;
    std::string label;  // as the output names it
};

At parse_at(const std::string& text) {
    if (text == "earliest" || text == "beginning") return {kfk::OffsetSpec::earliest(), "earliest"};
    if (text == "latest" || text == "end") return {kfk::OffsetSpec::latest(), "latest"};
    if (text == "max-timestamp") return {kfk::OffsetSpec::max_timestamp(), "max-timestamp"};
    if (text.size() > 1 && text.front() == '@') {
        const auto ms = parse_time(std::string_view{text}.substr(1), now_epoch_ms());
        return {kfk::OffsetSpec::at(kfk::TimePoint{std::chrono::milliseconds{ms}}),
                "@" + format_iso8601(ms)};
    }
    throw CliError(ExitCode::usage, "--at '" + text + "' is not a point of the log",
                   "use earliest, latest, max-timestamp, or @TIME (@2024-05-01T11:00:00Z, "
                   "@1714561200000, @-15m)");
}

struct TopicOffsetsOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> names;
    At at{kfk::OffsetSpec::latest(), "latest"};
    std::vector<std::int32_t> partitions;
    kfk::IsolationLevel isolation = kfk::IsolationLevel::read_uncommitted;
    OutputFormat output = OutputFormat::table;
};

Json offset_json(const kfk::ListedOffset& l) {
    Json j;
    j["partition"] = l.partition;
    // A time or max-timestamp query that matched no record answers -1: no offset, not an error.
    j["offset"] = !l.error && l.offset >= 0 ? Json(l.offset) : Json(nullptr);
    j["timestamp"] =
        l.timestamp ? Json(format_iso8601(l.timestamp->time_since_epoch().count())) : Json(nullptr);
    j["leader_epoch"] = l.leader_epoch ? Json(*l.leader_epoch) : Json(nullptr);
    j["error"] = error_json(l.error);
    return j;
}

ExitCode run_topic_offsets(const TopicOffsetsOptions& o) {
    const At& at = o.at;
    const auto isolation = o.isolation;
    Session session{*o.globals};
    auto admin = session.admin();
    const auto topics = admin.describe_topics(o.names, session.timeout());

    std::vector<ExitCode> failures;
    std::vector<kfk::OffsetQuery> queries;
    std::vector<const kfk::TopicDescription*> found;
    for (const auto& t : topics) {
        if (t.error) {
            failures.push_back(report_topic_error(t.name, t.error));
            continue;
        }
        std::set<std::int32_t> ids;
        for (const auto& p : t.partitions) ids.insert(p.id);
        for (auto p : o.partitions) {
            if (!ids.contains(p)) {
                throw CliError(ExitCode::usage,
                               "topic '" + t.name + "' has no partition " + std::to_string(p) +
                                   " (it has " + std::to_string(ids.size()) + ": 0.." +
                                   std::to_string(static_cast<int>(ids.size()) - 1) + ")",
                               "see kfk topic describe " + t.name);
            }
        }
        found.push_back(&t);
        for (const auto id : ids) {
            if (o.partitions.empty() ||
                std::find(o.partitions.begin(), o.partitions.end(), id) != o.partitions.end()) {
                queries.push_back({{t.name, id}, at.spec});
            }
        }
    }
    const auto listed = queries.empty() ? std::vector<kfk::ListedOffset>{}
                                        : admin.list_offsets(queries, session.timeout(), isolation);

    Json list = Json::array();
    Table table{{"TOPIC", "PARTITION", "OFFSET", "TIMESTAMP"}};
    std::size_t next = 0;
    for (const auto* t : found) {
        Json parts = Json::array();
        for (; next < listed.size() && listed[next].topic == t->name; ++next) {
            const auto& l = listed[next];
            if (l.error) failures.push_back(exit_code_for(l.error));
            parts.push_back(offset_json(l));
            table.add(
                {t->name, std::to_string(l.partition),
                 l.error         ? l.error.to_string()
                 : l.offset >= 0 ? std::to_string(l.offset)
                                 : "-",
                 l.timestamp ? format_iso8601(l.timestamp->time_since_epoch().count()) : "-"});
        }
        Json j;
        j["topic"] = t->name;
        j["partitions"] = parts;
        list.push_back(j);
    }
    Json doc;
    doc["at"] = at.label;
    doc["isolation"] = o.isolation;
    doc["topics"] = list;
    if (!list.empty() || o.output != OutputFormat::table) {
        std::string text = table.render();
        if (at.spec.kind == kfk::OffsetSpec::Kind::timestamp ||
            at.spec.kind == kfk::OffsetSpec::Kind::max_timestamp) {
            text += "(- : no record at or after that time in the partition)\n";
        }
        print_document(o.output, doc, text);
    }
    // Items: the missing topics and the partitions asked. A partition's own failure (e.g. a
    // leader that stayed unavailable past the timeout) counts like a missing topic: the others
    // are printed, the exit code says "partial".
    return combine(o.names.size() - found.size() + listed.size(), failures);
}

}  // namespace

void setup_topic_offsets(CLI::App& topic, const GlobalFlags& g) {
    auto opts = std::make_shared<TopicOffsetsOptions>();
    opts->globals = &g;
    auto* sub = topic.add_subcommand(
        "offsets", "Per partition, the earliest, latest, or first offset at a time");
    sub->add_option("names", opts->names, "Topic names")->required();
    // Parsed at parse time: a bad point is parse_at's usage error.
    sub->add_option_function<std::string>(
           "--at", [opts](const std::string& v) { opts->at = parse_at(v); },
           "earliest, latest (the default; the last stable offset with "
           "--isolation read_committed), max-timestamp, or @TIME")
        ->default_str("latest");
    sub->add_option("-p,--partition", opts->partitions, "Only these partitions (repeatable)")
        ->delimiter(',');
    add_isolation_option(sub, opts->isolation, "read_uncommitted or read_committed")
        ->default_str("read_uncommitted");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk topic offsets orders\n"
                 "  kfk topic offsets orders --at earliest -o json\n"
                 "  kfk topic offsets orders --at @2024-05-01T11:00:00Z -p 0,1\n"
                 "  kfk topic offsets orders --at @-15m\n");
    bind(sub, opts, &run_topic_offsets);
}

}  // namespace kfk::cli
