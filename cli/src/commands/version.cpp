// kfk version [-o json|yaml]: kfk's and librdkafka's versions, for scripts (`--version` prints
// the same as one line of text).
#include "kfk/version.hpp"
#include "commands/command.hpp"

namespace kfk::cli {
namespace {

struct VersionOptions {
    OutputFormat output = OutputFormat::table;
};

ExitCode run_version(const VersionOptions& o) {
    Json doc;
    doc["kfk"] = kfk::version();
    doc["librdkafka"] = kfk::librdkafka_version();
    print_document(o.output, doc,
                   "kfk " + kfk::version() + " (librdkafka " + kfk::librdkafka_version() + ")\n");
    return ExitCode::ok;
}

}  // namespace

void setup_version(CLI::App& app) {
    auto opts = std::make_shared<VersionOptions>();
    auto* sub = app.add_subcommand("version", "Show the kfk and librdkafka versions");
    add_output_option(sub, opts->output);
    set_examples(sub, "  kfk version\n  kfk version -o json | jq -r .librdkafka\n");
    bind(sub, opts, &run_version);
}

}  // namespace kfk::cli
