// What every subcommand file shares: the CLI11 wiring (an Options struct per subcommand,
// bound in setup_x, run by run_x) and the declarations of every setup_x.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/connection.hpp"
#include "core/exit_codes.hpp"
#include "core/output.hpp"
#include "kfk/config.hpp"

namespace kfk::cli {

// The exit code of the subcommand that ran (main returns it).
int& command_result();

// Makes `sub` run `run(*opts)` after parsing and keep its exit code.
template <class Options>
void bind(CLI::App* sub, std::shared_ptr<Options> opts, ExitCode (*run)(const Options&)) {
    sub->callback([opts, run] { command_result() = to_int(run(*opts)); });
}

// -o/--output table|json|yaml (default table), stored as `format` once parsed; the value is
// checked first, so a bad one is a usage error with parse_output_format's hint.
void add_output_option(CLI::App* sub, OutputFormat& format);

// An option whose values name an enum's values: checked with IsMember (the message lists
// them) and stored as the enum at parse time. Not CLI::CheckedTransformer: it also accepts
// the enum's numeric values (--acks 2) and words its error differently.
template <class Enum>
CLI::Option* add_enum_option(CLI::App* sub, const std::string& name, Enum& target,
                             std::vector<std::pair<std::string, Enum>> names,
                             const std::string& description) {
    std::vector<std::string> words;
    for (const auto& [word, value] : names) words.push_back(word);
    return sub
        ->add_option_function<std::string>(
            name,
            [&target, names](const std::string& word) {
                for (const auto& [w, value] : names) {
                    if (w == word) target = value;
                }
            },
            description)
        ->check(CLI::IsMember(words));
}

// --isolation read_uncommitted|read_committed.
CLI::Option* add_isolation_option(CLI::App* sub, kfk::IsolationLevel& level,
                                  const std::string& description);

// Adds "Examples:" to a subcommand's --help.
void set_examples(CLI::App* sub, const std::string& examples);

// Every subcommand; main.cpp calls them all.
void setup_topic_create(CLI::App& topic, const GlobalFlags& g);
void setup_topic_list(CLI::App& topic, const GlobalFlags& g);
void setup_topic_describe(CLI::App& topic, const GlobalFlags& g);
void setup_topic_alter(CLI::App& topic, const GlobalFlags& g);
void setup_topic_add_partitions(CLI::App& topic, const GlobalFlags& g);
void setup_topic_delete(CLI::App& topic, const GlobalFlags& g);
void setup_topic_offsets(CLI::App& topic, const GlobalFlags& g);
void setup_produce(CLI::App& app, const GlobalFlags& g);
void setup_consume(CLI::App& app, const GlobalFlags& g);
void setup_group_list(CLI::App& group, const GlobalFlags& g);
void setup_group_describe(CLI::App& group, const GlobalFlags& g);
void setup_group_lag(CLI::App& group, const GlobalFlags& g);
void setup_group_delete(CLI::App& group, const GlobalFlags& g);
void setup_group_reset_offsets(CLI::App& group, const GlobalFlags& g);
void setup_cluster_describe(CLI::App& cluster, const GlobalFlags& g);
void setup_acl_list(CLI::App& acl, const GlobalFlags& g);
void setup_acl_create(CLI::App& acl, const GlobalFlags& g);
void setup_acl_delete(CLI::App& acl, const GlobalFlags& g);
void setup_acl_apply(CLI::App& acl, const GlobalFlags& g);
void setup_user_list(CLI::App& user, const GlobalFlags& g);
void setup_user_describe(CLI::App& user, const GlobalFlags& g);
void setup_user_create(CLI::App& user, const GlobalFlags& g);
void setup_user_alter(CLI::App& user, const GlobalFlags& g);
void setup_user_delete(CLI::App& user, const GlobalFlags& g);
void setup_config(CLI::App& app, const GlobalFlags& g);
void setup_completion(CLI::App& app);
void setup_version(CLI::App& app);

}  // namespace kfk::cli
