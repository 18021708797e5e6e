// kfk user create USER --mechanism M (--password-file F | --password-stdin | --generate)
//                      [--iterations N]
// kfk user alter  USER --mechanism M (--password-file F | --password-stdin | --generate)
//                      [--iterations N]
#include <optional>

#include "commands/acl_common.hpp"
#include "commands/command.hpp"
#include "commands/user_common.hpp"
#include "core/new_password.hpp"
#include "core/session.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::cli {
namespace {

struct UserSetOptions {
    const GlobalFlags* globals = nullptr;
    bool alter = false;
    std::string user;
    std::optional<kfk::ScramMechanism> mechanism;
    PasswordArgs password;
    int iterations = kfk::scram_min_iterations;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_user_set(const UserSetOptions& o) {
    if (o.user.empty()) throw CliError(ExitCode::usage, "the user name is empty");
    check_password_args(o.password);
    if (o.iterations < kfk::scram_min_iterations || o.iterations > kfk::scram_max_iterations) {
        throw CliError(ExitCode::usage, "--iterations must be between " +
                                            std::to_string(kfk::scram_min_iterations) + " and " +
                                            std::to_string(kfk::scram_max_iterations) +
                                            " (Kafka's bounds)");
    }
    const kfk::ScramMechanism mechanism = *o.mechanism;
    const std::string mech{to_string(mechanism)};
    const auto password = read_new_password(o.password, read_password_file, read_password_stdin);

    Session session{*o.globals};
    auto admin = session.admin();
    const std::string action = std::string{o.alter ? "alter" : "create"} + " user '" + o.user + "'";
    std::optional<kfk::ScramCredentialInfo> existing;
    try {
        existing = credential_of(admin, o.user, mechanism, session.timeout());
    } catch (const kfk::KafkaError& e) {
        if (e.code() != kfk::ErrorCode::cluster_authorization_failed) throw;
        throw CliError(ExitCode::auth, acl_error_text(e.error(), action));
    }
    if (!o.alter && existing) {
        throw CliError(
            ExitCode::already_exists, "user '" + o.user + "' already has a " + mech + " credential",
            "kfk user alter " + o.user + " --mechanism " + mech + " ... changes its password");
    }
    if (o.alter && !existing) {
        throw CliError(ExitCode::not_found, "user '" + o.user + "' has no " + mech + " credential",
                       "kfk user create " + o.user + " --mechanism " + mech + " ... creates it");
    }
    kfk::ScramUpsertion upsertion;
    upsertion.user = o.user;
    upsertion.mechanism = mechanism;
    upsertion.password = password.value;
    upsertion.iterations = o.iterations;
    const auto results = admin.upsert_scram_credentials({upsertion}, session.timeout());
    const kfk::Error error = results.empty() ? kfk::Error{} : results.front().error;
    if (error) {
        throw CliError(exit_code_for(error), acl_error_text(error, action));
    }
    if (!o.alter) (void)wait_for_credential(admin, o.user, mechanism, true, session.timeout());

    const std::string status = o.alter ? "altered" : "created";
    Json doc;
    doc["user"] = o.user;
    doc["mechanism"] = mech;
    doc["iterations"] = o.iterations;
    doc["status"] = status;
    doc["generated_password"] = password.generated ? Json(password.value) : Json(nullptr);
    const std::string what = std::string{o.alter ? "Changed the " : "Created a "} + mech +
                             " credential for user " + o.user + " (" +
                             std::to_string(o.iterations) + " iterations)";
    if (o.output == OutputFormat::table && password.generated) {
        // stdout holds only the password, for `pw=$(kfk user create ... --generate)`.
        std::fprintf(stderr,
                     "%s. The generated password follows on stdout, once: kfk keeps no copy.\n",
                     what.c_str());
        write_stdout(password.value + "\n");
    } else {
        print_document(o.output, doc, what + ".\n");
    }
    return ExitCode::ok;
}

void setup_user_set(CLI::App& user, const GlobalFlags& g, bool alter) {
    auto opts = std::make_shared<UserSetOptions>();
    opts->globals = &g;
    opts->alter = alter;
    auto* sub = user.add_subcommand(
        alter ? "alter" : "create",
        alter ? "Change a user's SCRAM password (the credential must exist)"
              : "Create a SCRAM credential for a user (refused if it exists: use alter)");
    sub->add_option("user", opts->user, "User name")->required();
    add_mechanism_option(sub, opts->mechanism, "SCRAM-SHA-256 or SCRAM-SHA-512")->required();
    const char* src = "Password (exactly one; never on the command line)";
    sub->add_option("--password-file", opts->password.file,
                    "Read the password from FILE (one trailing newline is dropped)")
        ->group(src);
    sub->add_flag("--password-stdin", opts->password.from_stdin,
                  "Read the password from stdin (a terminal is asked, without echo)")
        ->group(src);
    sub->add_flag("--generate", opts->password.generate,
                  "Generate a random password (32 characters) and print it once, on stdout")
        ->group(src);
    sub->add_option("--iterations", opts->iterations, "SCRAM iterations (4096 to 16384)")
        ->capture_default_str();
    // Refused with a hint: a password in argv is readable by every local user.
    sub->add_option_function<std::string>(
           "--password",
           [](const std::string&) {
               throw CliError(ExitCode::usage,
                              "refusing --password: a password on the command line is visible "
                              "to every local user (ps, /proc) and lands in shell history",
                              "use --password-file FILE, --password-stdin or --generate");
           })
        ->group("");
    add_output_option(sub, opts->output);
    const std::string cmd = alter ? "alter" : "create";
    set_examples(sub, "  kfk user " + cmd +
                          " alice --mechanism SCRAM-SHA-512 --password-file alice.pw\n"
                          "  printf '%s' \"$PW\" | kfk user " +
                          cmd +
                          " alice --mechanism SCRAM-SHA-256 --password-stdin\n"
                          "  PW=$(kfk user " +
                          cmd +
                          " alice --mechanism SCRAM-SHA-512 --generate)\n"
                          "Needs ALTER on the cluster. Brokers apply the change within moments.\n");
    bind(sub, opts, &run_user_set);
}

}  // namespace

void setup_user_create(CLI::App& user, const GlobalFlags& g) {
    setup_user_set(user, g, false);
}

void setup_user_alter(CLI::App& user, const GlobalFlags& g) {
    setup_user_set(user, g, true);
}

}  // namespace kfk::cli
