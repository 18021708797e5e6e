// kfk config [show] | use-context NAME | get-contexts | current-context
// The effective connection settings (secrets redacted) and the contexts file.
#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/principal.hpp"
#include "core/session.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {
namespace {

struct ConfigOptions {
    const GlobalFlags* globals = nullptr;
    OutputFormat output = OutputFormat::table;
    std::string context;  // use-context
    CLI::App* self = nullptr;
};

// The stable JSON shape of "authenticates_as" (docs/cli.md).
Json principal_json(const Principal& p) {
    const auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
    Json j;
    j["text"] = p.text;
    j["kind"] = p.kind;
    j["principal"] = or_null(p.name);
    j["security_protocol"] = p.security_protocol;
    j["sasl_mechanism"] = or_null(p.sasl_mechanism);
    j["certificate"] = or_null(p.certificate);
    return j;
}

ExitCode run_config_show(const ConfigOptions& o) {
    const Environment env = Environment::process();
    const ContextsFile file = load_contexts(contexts_path(*o.globals, env));
    const Connection c = resolve_connection(*o.globals, env, file);
    for (const auto& w : c.warnings) std::fprintf(stderr, "kfk: warning: %s\n", w.c_str());
    for (const auto& n : c.notes) std::fprintf(stderr, "kfk: note: %s\n", n.c_str());
    Json settings = Json::array();
    Table table{{"SETTING", "VALUE", "SOURCE"}};
    for (const auto& s : c.settings) {
        Json j;
        j["key"] = s.key;
        j["value"] = s.shown();
        j["source"] = s.source;
        j["secret"] = s.secret;
        settings.push_back(j);
        table.add({s.key, s.shown(), s.source});
    }
    table.add({"timeout (kfk)", format_duration(c.timeout), c.timeout_source});
    Json doc;
    doc["context"] = c.context.empty() ? Json(nullptr) : Json(c.context);
    doc["context_source"] = c.context.empty() ? Json(nullptr) : Json(c.context_source);
    doc["contexts_file"] = c.contexts_path;
    doc["contexts_file_exists"] = c.contexts_file_exists;
    doc["timeout_ms"] = c.timeout.count();
    const Principal who = principal_of(c);
    doc["authenticates_as"] = principal_json(who);
    doc["properties_files"] = c.properties_files;
    doc["settings"] = settings;
    std::string files;
    for (const auto& f : c.properties_files) files += "\nProperties file: " + f;
    const std::string text =
        "Context: " +
        (c.context.empty() ? std::string{"(none)"} : c.context + " (" + c.context_source + ")") +
        "\nContexts file: " + c.contexts_path +
        (c.contexts_file_exists ? "" : " (does not exist)") + files +
        "\nAuthenticates as: " + who.text + "\n\n" + table.render();
    print_document(o.output, doc, text);
    return ExitCode::ok;
}

ExitCode run_get_contexts(const ConfigOptions& o) {
    const Environment env = Environment::process();
    const ContextsFile file = load_contexts(contexts_path(*o.globals, env));
    // Each context on its own (no KFK_* variables, no flags), and without reading a secret:
    // the listing says who each context is, not what a password is.
    Environment own = env;
    own.read_secrets = false;
    own.get = [get = env.get](const char* name) -> const char* {
        return std::string_view{name}.starts_with("KFK_") ? nullptr : get(name);
    };
    Json list = Json::array();
    Table table{{"CURRENT", "NAME", "BOOTSTRAP", "AUTHENTICATES AS"}};
    for (const auto& ctx : file.contexts) {
        const bool current = file.current_context && *file.current_context == ctx.name;
        const auto* b = ctx.setting("bootstrap");
        Json j;
        j["name"] = ctx.name;
        j["current"] = current;
        j["bootstrap"] = b ? Json(*b) : Json(nullptr);
        std::string who;
        try {
            GlobalFlags flags;
            flags.context = ctx.name;
            const Principal p = principal_of(resolve_connection(flags, own, file));
            j["authenticates_as"] = principal_json(p);
            j["error"] = nullptr;
            who = p.text;
        } catch (const CliError& e) {
            j["authenticates_as"] = nullptr;
            j["error"] = e.what();
            who = std::string{"? "} + e.what();
        }
        list.push_back(j);
        table.add({current ? "*" : "", ctx.name, b ? *b : "-", who});
    }
    Json doc;
    doc["contexts_file"] = file.path;
    doc["current_context"] = file.current_context ? Json(*file.current_context) : Json(nullptr);
    doc["contexts"] = list;
    print_document(o.output, doc,
                   file.contexts.empty() ? "No contexts in " + file.path + "\n" : table.render());
    return ExitCode::ok;
}

ExitCode run_current_context(const ConfigOptions& o) {
    const Environment env = Environment::process();
    const ContextsFile file = load_contexts(contexts_path(*o.globals, env));
    if (!file.current_context) {
        throw CliError(ExitCode::not_found, "no current context in " + file.path,
                       "set one with: kfk config use-context NAME");
    }
    write_stdout(*file.current_context + "\n");
    return ExitCode::ok;
}

ExitCode run_use_context(const ConfigOptions& o) {
    const Environment env = Environment::process();
    const std::string path = contexts_path(*o.globals, env);
    const ContextsFile file = load_contexts(path);
    if (!file.find(o.context)) {
        std::string names;
        for (const auto& c : file.contexts) names += (names.empty() ? "" : ", ") + c.name;
        throw CliError(ExitCode::not_found, "no context '" + o.context + "' in " + path,
                       names.empty() ? "add it under 'contexts:' first (see docs/cli.md)"
                                     : "contexts: " + names);
    }
    write_current_context(path, o.context);
    std::fprintf(stderr, "Switched to context %s (%s).\n", o.context.c_str(), path.c_str());
    return ExitCode::ok;
}

}  // namespace

void setup_config(CLI::App& app, const GlobalFlags& g) {
    auto opts = std::make_shared<ConfigOptions>();
    opts->globals = &g;
    auto* sub = app.add_subcommand(
        "config", "Show the effective connection settings (secrets redacted); manage contexts");
    opts->self = sub;
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk config                       # what kfk would connect with, and why\n"
                 "  kfk config get-contexts\n"
                 "  kfk config use-context prod\n"
                 "  kfk --context prod config -o json\n"
                 "\nContexts file (~/.config/kfk/config.yml, or --config / KFK_CONFIG):\n"
                 "  current-context: local\n"
                 "  contexts:\n"
                 "    local:\n"
                 "      bootstrap: 127.0.0.1:9092\n"
                 "    prod:\n"
                 "      bootstrap: kafka-1:9093,kafka-2:9093\n"
                 "      security-protocol: sasl_ssl\n"
                 "      sasl-mechanism: SCRAM-SHA-512\n"
                 "      sasl-username: alice\n"
                 "      sasl-password-file: ~/.config/kfk/prod.password\n"
                 "      properties:\n"
                 "        ssl.ca.location: /etc/ssl/certs/ca.pem\n"
                 "    cloud:\n"
                 "      properties-file: cloud.properties   # Java client properties\n");

    auto* show = sub->add_subcommand("show", "The effective settings (the default)");
    add_output_option(show, opts->output);
    show->callback([opts] { command_result() = to_int(run_config_show(*opts)); });

    auto* get = sub->add_subcommand("get-contexts", "List the contexts of the contexts file");
    add_output_option(get, opts->output);
    get->callback([opts] { command_result() = to_int(run_get_contexts(*opts)); });

    auto* current = sub->add_subcommand("current-context", "Print the current context's name");
    current->callback([opts] { command_result() = to_int(run_current_context(*opts)); });

    auto* use = sub->add_subcommand("use-context", "Make NAME the current context");
    use->add_option("name", opts->context, "Context name")->required();
    use->callback([opts] { command_result() = to_int(run_use_context(*opts)); });

    sub->callback([opts] {
        if (opts->self->get_subcommands().empty()) {
            command_result() = to_int(run_config_show(*opts));
        }
    });
}

}  // namespace kfk::cli
