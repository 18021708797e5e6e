// kfk group reset-offsets GROUP (--topic T[:P,P] ... | --all-topics) STRATEGY [--execute]
// Shows the plan and changes nothing unless --execute (then only an Empty/Dead group).
#include <charconv>

#include "commands/command.hpp"
#include "commands/group_common.hpp"
#include "core/args.hpp"
#include "core/session.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {
namespace {

struct GroupResetOptions {
    const GlobalFlags* globals = nullptr;
    std::string group;
    std::vector<std::string> topics;
    bool all_topics = false;
    bool to_earliest = false;
    bool to_latest = false;
    std::optional<std::int64_t> to_offset;
    std::optional<std::int64_t> to_datetime_ms;  // --to-datetime, epoch ms
    std::optional<std::int64_t> shift_by;
    std::optional<std::chrono::milliseconds> by_duration;
    bool execute = false;
    OutputFormat output = OutputFormat::table;
};

kfk::ResetStrategy strategy_of(const GroupResetOptions& o) {
    std::vector<kfk::ResetStrategy> chosen;
    if (o.to_earliest) chosen.push_back(kfk::ResetStrategy::to_earliest());
    if (o.to_latest) chosen.push_back(kfk::ResetStrategy::to_latest());
    if (o.to_offset) chosen.push_back(kfk::ResetStrategy::to_offset(*o.to_offset));
    if (o.to_datetime_ms) {
        chosen.push_back(kfk::ResetStrategy::to_datetime(
            kfk::TimePoint{std::chrono::milliseconds{*o.to_datetime_ms}}));
    }
    if (o.shift_by) chosen.push_back(kfk::ResetStrategy::shift_by(*o.shift_by));
    if (o.by_duration) chosen.push_back(kfk::ResetStrategy::by_duration(*o.by_duration));
    if (chosen.size() != 1) {
        throw CliError(
            ExitCode::usage,
            chosen.empty() ? "no reset strategy given" : "give exactly one reset strategy",
            "one of --to-earliest, --to-latest, --to-offset N, --to-datetime TIME, "
            "--shift-by N, --by-duration D");
    }
    return chosen.front();
}

// "orders" -> every partition; "orders:0,2" -> those.
kfk::TopicPartitions partitions_of(kfk::Admin& admin, const GroupResetOptions& o,
                                   std::chrono::milliseconds timeout) {
    kfk::TopicPartitions out;
    if (o.all_topics) {
        for (const auto& c : admin.list_group_offsets(o.group, timeout))
            out.push_back(c.topic_partition());
        if (out.empty()) {
            throw CliError(ExitCode::not_found,
                           "consumer group '" + o.group + "' has no committed offsets",
                           "name the topics with --topic T");
        }
        return out;
    }
    for (const auto& spec : o.topics) {
        const auto colon = spec.find(':');
        const std::string topic = spec.substr(0, colon);
        if (colon == std::string::npos) {
            try {
                for (auto& tp : admin.topic_partitions({topic}, timeout))
                    out.push_back(std::move(tp));
            } catch (const kfk::Exception& e) {
                if (exit_code_for(e.error()) == ExitCode::not_found) {
                    throw CliError(ExitCode::not_found, "topic '" + topic + "' does not exist");
                }
                throw;
            }
            continue;
        }
        std::string_view rest{spec};
        rest.remove_prefix(colon + 1);
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto item = rest.substr(0, comma);
            std::int32_t p = -1;
            const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), p);
            if (ec != std::errc{} || end != item.data() + item.size() || p < 0) {
                throw CliError(ExitCode::usage, "invalid --topic '" + spec + "'",
                               "use TOPIC or TOPIC:0,1,2");
            }
            out.push_back({topic, p});
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    return out;
}

ExitCode run_group_reset(const GroupResetOptions& o) {
    if (o.topics.empty() == !o.all_topics) {
        throw CliError(ExitCode::usage, "give --topic T (repeatable) or --all-topics");
    }
    const auto strategy = strategy_of(o);
    Session session{*o.globals};
    auto admin = session.admin();
    const auto tps = partitions_of(admin, o, session.timeout());
    const auto plan = admin.plan_offset_reset(o.group, tps, strategy, session.timeout());

    std::map<kfk::TopicPartition, kfk::TopicPartitionOffset> results;
    bool executed = false;
    if (o.execute) {
        try {
            for (auto& r : admin.execute_offset_reset(plan, session.timeout())) {
                results[r.topic_partition()] = r;
            }
            executed = true;
        } catch (const kfk::UsageError& e) {
            if (e.code() == kfk::ErrorCode::state) {
                throw CliError(ExitCode::usage,
                               "consumer group '" + o.group + "' is " +
                                   std::string{kfk::to_string(plan.group_state)} +
                                   ": its members would overwrite the new offsets; nothing changed",
                               "stop the group's consumers (state Empty), then run again");
            }
            throw;
        }
    }

    Json partitions = Json::array();
    Table table{{"TOPIC", "PARTITION", "CURRENT", "TARGET", "LOG-START", "LOG-END", "NOTE"}};
    std::vector<ExitCode> failures;
    for (const auto& e : plan.partitions) {
        kfk::Error error = e.error;
        if (executed && !error) {
            if (auto it = results.find(e.topic_partition()); it != results.end())
                error = it->second.error;
        }
        if (error) failures.push_back(exit_code_for(error));
        Json j;
        j["topic"] = e.topic;
        j["partition"] = e.partition;
        j["current"] = opt_json(e.current);
        j["target"] = e.error ? Json(nullptr) : Json(e.target);
        j["log_start"] = e.log_start >= 0 ? Json(e.log_start) : Json(nullptr);
        j["log_end"] = e.log_end >= 0 ? Json(e.log_end) : Json(nullptr);
        j["clamped"] = e.clamped;
        j["error"] = error_json(error);
        partitions.push_back(j);
        table.add({e.topic, std::to_string(e.partition), opt_text(e.current),
                   e.error ? std::string{kMissing} : std::to_string(e.target),
                   e.log_start >= 0 ? std::to_string(e.log_start) : std::string{kMissing},
                   e.log_end >= 0 ? std::to_string(e.log_end) : std::string{kMissing},
                   error       ? error.to_string()
                   : e.clamped ? "clamped to the log"
                               : ""});
    }
    Json doc;
    doc["group"] = o.group;
    doc["strategy"] = strategy.to_string();
    doc["state"] = std::string{kfk::to_string(plan.group_state)};
    doc["executed"] = executed;
    doc["partitions"] = partitions;
    const std::string text = "Group: " + o.group +
                             "  state: " + std::string{kfk::to_string(plan.group_state)} +
                             "  strategy: " + strategy.to_string() + "\n\n" + table.render();
    print_document(o.output, doc, text);
    if (!executed) {
        std::fprintf(
            stderr, "Dry run: nothing changed. Add --execute to commit the TARGET offsets%s.\n",
            plan.group_state == kfk::GroupState::empty || plan.group_state == kfk::GroupState::dead
                ? ""
                : " (the group must be Empty: stop its consumers first)");
    } else {
        std::fprintf(stderr, "Committed new offsets for group %s.\n", o.group.c_str());
    }
    return combine(plan.partitions.size(), failures);
}

}  // namespace

void setup_group_reset_offsets(CLI::App& group, const GlobalFlags& g) {
    auto opts = std::make_shared<GroupResetOptions>();
    opts->globals = &g;
    auto* sub = group.add_subcommand(
        "reset-offsets", "Move a group's committed offsets (shows the plan; --execute applies it)");
    sub->add_option("group", opts->group, "Group id")->required();
    sub->add_option("-t,--topic", opts->topics, "TOPIC or TOPIC:0,1 (repeatable)")
        ->allow_extra_args(false);
    sub->add_flag("--all-topics", opts->all_topics, "Every partition the group has a commit for");
    const char* s = "Strategy (exactly one)";
    sub->add_flag("--to-earliest", opts->to_earliest, "The log start")->group(s);
    sub->add_flag("--to-latest", opts->to_latest, "The log end (skip everything)")->group(s);
    sub->add_option("--to-offset", opts->to_offset, "An absolute offset")->group(s);
    // TIME and D are parsed at parse time: a bad one is parse_time's / parse_duration's
    // usage error.
    sub->add_option_function<std::string>(
           "--to-datetime",
           [opts](const std::string& v) {
               if (!v.empty()) opts->to_datetime_ms = parse_time(v, now_epoch_ms());
           },
           "The first record at or after TIME (ISO-8601, epoch ms, -1h)")
        ->group(s);
    sub->add_option("--shift-by", opts->shift_by, "The committed offset plus N (negative: back)")
        ->group(s);
    sub->add_option_function<std::string>(
           "--by-duration",
           [opts](const std::string& v) {
               if (!v.empty()) opts->by_duration = parse_duration(v);
           },
           "The first record at or after now minus D (e.g. 30m)")
        ->group(s);
    sub->add_flag("--execute", opts->execute, "Commit the plan (the group must be Empty)");
    add_output_option(sub, opts->output);
    set_examples(
        sub,
        "  kfk group reset-offsets billing --topic orders --to-earliest\n"
        "  kfk group reset-offsets billing --topic orders:0,1 --shift-by -100 --execute\n"
        "  kfk group reset-offsets billing --all-topics --to-datetime 2024-05-01T10:00:00Z\n");
    bind(sub, opts, &run_group_reset);
}

}  // namespace kfk::cli
