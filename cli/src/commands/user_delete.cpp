// kfk user delete USER... [--mechanism M] [--if-exists]
#include <optional>

#include "commands/acl_common.hpp"
#include "commands/command.hpp"
#include "commands/user_common.hpp"
#include "core/args.hpp"
#include "core/session.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::cli {
namespace {

struct UserDeleteOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> users;
    std::optional<kfk::ScramMechanism> mechanism;  // nullopt: every mechanism the user has
    bool if_exists = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_user_delete(const UserDeleteOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    std::vector<kfk::UserScramCredentials> described;
    try {
        described = admin.describe_scram_credentials(o.users, session.timeout());
    } catch (const kfk::KafkaError& e) {
        if (e.code() != kfk::ErrorCode::cluster_authorization_failed) throw;
        throw CliError(ExitCode::auth, acl_error_text(e.error(), "delete users"));
    }
    Json list = Json::array();
    std::string text;
    std::vector<ExitCode> failures;
    for (const auto& d : described) {
        const auto fail = [&](const kfk::Error& error, const std::string& msg) {
            failures.push_back(exit_code_for(error));
            std::fprintf(stderr, "kfk: error: %s\n", msg.c_str());
            Json j;
            j["user"] = d.user;
            j["status"] = "failed";
            j["mechanisms"] = Json::array();
            j["error"] = error_json(error);
            list.push_back(j);
        };
        if (d.error && d.error.code() != kfk::ErrorCode::resource_not_found) {
            fail(d.error, acl_error_text(d.error, "describe user '" + d.user + "'", "DESCRIBE"));
            continue;
        }
        std::vector<kfk::ScramDeletion> deletions;
        for (const auto& c : d.credentials) {
            if (!o.mechanism || c.mechanism == *o.mechanism)
                deletions.push_back({d.user, c.mechanism});
        }
        if (deletions.empty()) {
            const std::string what =
                o.mechanism ? "no " + std::string{to_string(*o.mechanism)} + " credential"
                            : "no SCRAM credentials";
            if (o.if_exists) {
                Json j;
                j["user"] = d.user;
                j["status"] = "absent";
                j["mechanisms"] = Json::array();
                j["error"] = nullptr;
                list.push_back(j);
                text += "User " + d.user + " has " + what + " (--if-exists).\n";
            } else {
                fail(kfk::Error{kfk::ErrorCode::resource_not_found, "user has " + what},
                     "user '" + d.user + "' has " + what);
            }
            continue;
        }
        // Kafka alters a user once per request: one deletion per mechanism.
        kfk::Error error;
        for (const auto& del : deletions) {
            const auto results = admin.delete_scram_credentials({del}, session.timeout());
            error = results.empty() ? kfk::Error{} : results.front().error;
            if (error) break;
        }
        if (error) {
            fail(error, acl_error_text(error, "delete user '" + d.user + "'"));
            continue;
        }
        Json mechs = Json::array();
        std::string names;
        for (const auto& del : deletions) {
            mechs.push_back(std::string{to_string(del.mechanism)});
            names += (names.empty() ? "" : ", ") + std::string{to_string(del.mechanism)};
            (void)wait_for_credential(admin, d.user, del.mechanism, false, session.timeout());
        }
        Json j;
        j["user"] = d.user;
        j["status"] = "deleted";
        j["mechanisms"] = mechs;
        j["error"] = nullptr;
        list.push_back(j);
        text += "Deleted the " + names + " credential" + (deletions.size() > 1 ? "s" : "") +
                " of user " + d.user + ".\n";
    }
    Json doc;
    doc["users"] = list;
    print_document(o.output, doc, text);
    return combine(o.users.size(), failures);
}

}  // namespace

void setup_user_delete(CLI::App& user, const GlobalFlags& g) {
    auto opts = std::make_shared<UserDeleteOptions>();
    opts->globals = &g;
    auto* sub = user.add_subcommand("delete", "Delete users' SCRAM credentials");
    sub->alias("rm");
    sub->add_option("users", opts->users, "User name(s)")->required();
    add_mechanism_option(sub, opts->mechanism,
                         "Only this mechanism (default: every credential the user has)");
    sub->add_flag("--if-exists", opts->if_exists,
                  "Succeed (exit 0) for users without such a credential");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk user delete alice\n"
                 "  kfk user delete alice --mechanism SCRAM-SHA-256\n"
                 "Needs ALTER on the cluster. A user without credentials exits 2.\n");
    bind(sub, opts, &run_user_delete);
}

}  // namespace kfk::cli
