// kfk: topics, produce, consume, consumer groups and cluster from the command line.
// main wires every subcommand (one file each in commands/), parses, and maps failures to the
// documented exit codes (core/exit_codes.hpp, docs/cli.md).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "commands/command.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"
#include "kfk/exceptions.hpp"
#include "kfk/version.hpp"

namespace {

using namespace kfk::cli;

void add_global_options(CLI::App& app, GlobalFlags& g) {
    const char* conn =
        "Connection (flags > KFK_* environment > properties file > context > 127.0.0.1:9092)";
    app.add_option("-b,--bootstrap", g.bootstrap,
                   "Bootstrap servers host:port[,host:port] [KFK_BOOTSTRAP]")
        ->group(conn);
    app.add_option("--context", g.context, "Context of the contexts file to use [KFK_CONTEXT]")
        ->group(conn);
    app.add_option("--config", g.config_path,
                   "Contexts file (default ~/.config/kfk/config.yml) [KFK_CONFIG]")
        ->group(conn);
    app.add_option("--timeout", g.timeout, "Deadline for requests, e.g. 10s, 500ms [KFK_TIMEOUT]")
        ->group(conn);
    app.add_option("-X", g.properties, "Any librdkafka property key=value (repeatable)")
        ->group(conn)
        ->allow_extra_args(false);
    app.add_option("--client-id", g.client_id, "Client id [KFK_CLIENT_ID]")->group(conn);
    const char* sec = "Security (secrets only by reference, never in argv)";
    app.add_option("--security-protocol", g.security_protocol,
                   "plaintext, ssl, sasl_plaintext, sasl_ssl [KFK_SECURITY_PROTOCOL]")
        ->group(sec);
    app.add_option("--sasl-mechanism", g.sasl_mechanism,
                   "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, ... [KFK_SASL_MECHANISM]")
        ->group(sec);
    app.add_option("--sasl-username", g.sasl_username, "SASL user [KFK_SASL_USERNAME]")->group(sec);
    app.add_option("--sasl-password-file", g.sasl_password_file,
                   "File holding the SASL password [KFK_SASL_PASSWORD, KFK_SASL_PASSWORD_FILE]")
        ->group(sec);
    app.add_flag("--sasl-password-stdin", g.sasl_password_stdin,
                 "Read the SASL password from the first line of stdin (not with commands that "
                 "read records from stdin)")
        ->group(sec);
    app.add_option("--command-config", g.command_config,
                   "Java client properties file (as Kafka's tools take): security.protocol, "
                   "sasl.jaas.config, ssl.* ...; flags and KFK_* beat it, it beats the context")
        ->group(sec);
    app.add_option("--ssl-ca-location", g.ssl_ca_location,
                   "CA certificate(s) [KFK_SSL_CA_LOCATION]")
        ->group(sec);
    app.add_option("--ssl-certificate-location", g.ssl_certificate_location,
                   "Client certificate [KFK_SSL_CERTIFICATE_LOCATION]")
        ->group(sec);
    app.add_option("--ssl-key-location", g.ssl_key_location, "Client key [KFK_SSL_KEY_LOCATION]")
        ->group(sec);
    app.add_option(
           "--ssl-key-password-file", g.ssl_key_password_file,
           "File holding the key password [KFK_SSL_KEY_PASSWORD, KFK_SSL_KEY_PASSWORD_FILE]")
        ->group(sec);
    // Refused with a hint: a password in argv is readable by every local user.
    auto refuse = [](const std::string& flag) {
        return [flag](const std::string&) {
            throw CliError(ExitCode::usage,
                           "refusing " + flag +
                               ": a password on the command line is visible to every local user "
                               "(ps, /proc) and lands in shell history",
                           "use --sasl-password-file FILE, --sasl-password-stdin, "
                           "KFK_SASL_PASSWORD (or KFK_SASL_PASSWORD_FILE), or "
                           "sasl-password-file in the contexts file");
        };
    };
    app.add_option_function<std::string>("--sasl-password", refuse("--sasl-password"))->group("");
    app.add_option_function<std::string>("--password", refuse("--password"))->group("");
    app.add_flag("-v,--verbose", g.verbose, "librdkafka's log and client errors on stderr");
    app.add_flag_callback(
        "--no-headers", [] { Table::show_headers(false); },
        "Tables without their header line (for cut, awk, sort)");
}

void print_error(const std::string& message, const std::string& hint) {
    std::fprintf(stderr, "kfk: error: %s\n", message.c_str());
    if (!hint.empty()) std::fprintf(stderr, "kfk: hint: %s\n", hint.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    signals::install();

    CLI::App app{
        "kfk: Apache Kafka from the command line — topics, produce, consume, consumer "
        "groups, cluster, ACLs and SCRAM users, for people and for CI."};
    app.name("kfk");
    app.set_version_flag(
        "--version", "kfk " + kfk::version() + " (librdkafka " + kfk::librdkafka_version() + ")",
        "Show the kfk and librdkafka versions");
    app.fallthrough();
    app.require_subcommand(1);
    app.footer(
        "\nExit codes: 0 ok, 1 usage or invalid request, 2 not found, 3 already exists,\n"
        "4 partial failure, 5 cluster unreachable or timeout, 6 authentication/authorization.\n"
        "Data goes to stdout, diagnostics to stderr. Reference: docs/cli.md\n"
        "\nExamples:\n"
        "  kfk topic create orders --partitions 3\n"
        "  printf 'k1\\t{\"id\":1}\\n' | kfk produce orders --key-delimiter '\\t'\n"
        "  kfk consume orders --from beginning --exit --output json\n"
        "  kfk group lag billing\n");

    GlobalFlags globals;
    add_global_options(app, globals);

    auto* topic = app.add_subcommand(
        "topic", "Create, list, describe, alter and delete topics; read their offsets");
    topic->require_subcommand(1);
    setup_topic_create(*topic, globals);
    setup_topic_list(*topic, globals);
    setup_topic_describe(*topic, globals);
    setup_topic_alter(*topic, globals);
    setup_topic_add_partitions(*topic, globals);
    setup_topic_delete(*topic, globals);
    setup_topic_offsets(*topic, globals);

    setup_produce(app, globals);
    setup_consume(app, globals);

    auto* group =
        app.add_subcommand("group", "Consumer groups: list, describe, lag, reset, delete");
    group->require_subcommand(1);
    setup_group_list(*group, globals);
    setup_group_describe(*group, globals);
    setup_group_lag(*group, globals);
    setup_group_reset_offsets(*group, globals);
    setup_group_delete(*group, globals);

    auto* cluster = app.add_subcommand("cluster", "The cluster: id, controller, brokers");
    cluster->require_subcommand(1);
    setup_cluster_describe(*cluster, globals);

    auto* acl = app.add_subcommand(
        "acl", "ACLs: list, create, delete, and apply a YAML file of bindings (with a diff)");
    acl->require_subcommand(1);
    setup_acl_list(*acl, globals);
    setup_acl_create(*acl, globals);
    setup_acl_delete(*acl, globals);
    setup_acl_apply(*acl, globals);

    auto* user =
        app.add_subcommand("user", "SCRAM users: list, describe, create, alter (password), delete");
    user->require_subcommand(1);
    setup_user_list(*user, globals);
    setup_user_describe(*user, globals);
    setup_user_create(*user, globals);
    setup_user_alter(*user, globals);
    setup_user_delete(*user, globals);

    setup_config(app, globals);
    setup_completion(app);
    setup_version(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11's own codes (105, 106, ...) are not ours: every parse error is a usage error.
        print_error(e.what(), "run '" + std::string{argv[0]} + " --help' (or '<command> --help')");
        return to_int(ExitCode::usage);
    } catch (const CliError& e) {
        print_error(e.what(), e.hint());
        return to_int(e.code());
    } catch (const kfk::Exception& e) {
        const CliError err = explain(e);
        print_error(err.what(), err.hint());
        return to_int(err.code());
    } catch (const std::exception& e) {
        print_error(e.what(), {});
        return to_int(ExitCode::usage);
    }
    return command_result();
}
