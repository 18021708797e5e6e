// kfk group list [-q]
#include "commands/command.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct GroupListOptions {
    const GlobalFlags* globals = nullptr;
    bool names_only = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_group_list(const GroupListOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto result = admin.list_groups(session.timeout());
    for (const auto& e : result.errors) {
        std::fprintf(stderr, "kfk: warning: a broker did not answer: %s (the list is partial)\n",
                     e.to_string().c_str());
    }
    const ExitCode code = result.errors.empty() ? ExitCode::ok : ExitCode::partial;
    if (o.names_only) {
        std::string text;
        for (const auto& g : result.groups) text += g.group_id + "\n";
        write_stdout(text);
        return code;
    }
    Json list = Json::array();
    Table table{{"GROUP", "STATE", "TYPE"}};
    for (const auto& g : result.groups) {
        Json j;
        j["group"] = g.group_id;
        j["state"] = std::string{kfk::to_string(g.state)};
        j["type"] = std::string{kfk::to_string(g.type)};
        j["simple"] = g.is_simple;
        list.push_back(j);
        table.add({g.group_id, std::string{kfk::to_string(g.state)},
                   std::string{kfk::to_string(g.type)} + (g.is_simple ? " (simple)" : "")});
    }
    Json errors = Json::array();
    for (const auto& e : result.errors) errors.push_back(e.to_string());
    Json doc;
    doc["groups"] = list;
    doc["errors"] = errors;
    print_document(o.output, doc, result.groups.empty() ? "No consumer groups.\n" : table.render());
    return code;
}

}  // namespace

void setup_group_list(CLI::App& group, const GlobalFlags& g) {
    auto opts = std::make_shared<GroupListOptions>();
    opts->globals = &g;
    auto* sub = group.add_subcommand("list", "List consumer groups with state and type");
    sub->alias("ls");
    sub->add_flag("-q,--names-only", opts->names_only, "Only the group ids, one per line");
    add_output_option(sub, opts->output);
    set_examples(
        sub,
        "  kfk group list\n"
        "  kfk group list -o json | jq -r '.groups[] | select(.state==\"Empty\") | .group'\n");
    bind(sub, opts, &run_group_list);
}

}  // namespace kfk::cli
