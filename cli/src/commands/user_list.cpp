// kfk user list
// kfk user describe USER...
#include "commands/command.hpp"
#include "commands/user_common.hpp"
#include "core/args.hpp"
#include "core/session.hpp"

namespace kfk::cli {
namespace {

struct UserListOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> users;  // describe; empty for list
    bool quiet = false;
    OutputFormat output = OutputFormat::table;
};

ExitCode run_user_list(const UserListOptions& o) {
    Session session{*o.globals};
    auto admin = session.admin();
    const auto users = admin.describe_scram_credentials(o.users, session.timeout());
    Json list = Json::array();
    std::vector<ExitCode> failures;
    std::string names;
    for (const auto& u : users) {
        list.push_back(user_json(u));
        if (!u.error) {
            names += u.user + "\n";
            continue;
        }
        failures.push_back(exit_code_for(u.error));
        const std::string msg = u.error.code() == kfk::ErrorCode::resource_not_found
                                    ? "user '" + u.user + "' has no SCRAM credentials"
                                    : "describe user '" + u.user + "': " + u.error.to_string();
        std::fprintf(stderr, "kfk: error: %s\n", msg.c_str());
    }
    Json doc;
    doc["users"] = list;
    if (o.quiet && o.output == OutputFormat::table) {
        write_stdout(names);
    } else {
        if (users.empty() && o.output == OutputFormat::table) {
            std::fprintf(stderr, "No user has SCRAM credentials.\n");
        }
        print_document(o.output, doc, users.empty() ? std::string{} : users_table(users));
    }
    return combine(o.users.empty() ? users.size() : o.users.size(), failures);
}

}  // namespace

void setup_user_list(CLI::App& user, const GlobalFlags& g) {
    auto opts = std::make_shared<UserListOptions>();
    opts->globals = &g;
    auto* sub = user.add_subcommand("list", "Users with SCRAM credentials: mechanisms, iterations");
    sub->alias("ls");
    sub->add_flag("-q,--quiet", opts->quiet, "User names only, one per line");
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk user list\n"
                 "  kfk user list -o json\n"
                 "Needs DESCRIBE on the cluster. Passwords are never shown: Kafka does not "
                 "return them.\n");
    bind(sub, opts, &run_user_list);
}

void setup_user_describe(CLI::App& user, const GlobalFlags& g) {
    auto opts = std::make_shared<UserListOptions>();
    opts->globals = &g;
    auto* sub = user.add_subcommand("describe", "The SCRAM credentials of users");
    sub->add_option("users", opts->users, "User name(s)")->required();
    add_output_option(sub, opts->output);
    set_examples(sub,
                 "  kfk user describe alice\n"
                 "  kfk user describe alice bob -o json\n"
                 "A user without credentials exits 2.\n");
    bind(sub, opts, &run_user_list);
}

}  // namespace kfk::cli
