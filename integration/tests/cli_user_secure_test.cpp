// kfk user against the secured broker: a SCRAM user created with kfk logs in over SASL/SCRAM
// (credential changes reach the broker asynchronously: logins are retried within a deadline);
// alter replaces the password (the old one stops working, the new one works); delete locks
// the user out. --generate prints the password once, on stdout; no other output of any
// command shows a password; --password in argv is refused without echoing it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "security_it_support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using security_it::can_log_in;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct SecretFile {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / (kfk_test::unique_name("kfk-pw") + ".txt");
    explicit SecretFile(const std::string& text) {
        std::ofstream{path} << text;
        std::filesystem::permissions(
            path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
    ~SecretFile() { std::filesystem::remove(path); }
};

// No output of `r` contains `secret`.
void check_secret_kept(const cli_it::Result& r, const std::string& secret) {
    CHECK_MESSAGE(!has(r.out, secret), (std::string{"stdout shows the password\n"} + describe(r)));
    CHECK_MESSAGE(!has(r.err, secret), (std::string{"stderr shows the password\n"} + describe(r)));
}

}  // namespace

TEST_CASE("kfk user create --generate logs in; alter replaces the password; delete locks out") {
    const std::string user = kfk_test::unique_name("cli-user");

    auto r = run_kfk({"user", "create", user, "--mechanism", "SCRAM-SHA-512", "--generate"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    // stdout is the password alone, for PW=$(kfk user create ... --generate).
    REQUIRE_MESSAGE((r.out.size() == 33 && r.out.back() == '\n'), describe(r));
    const std::string generated = r.out.substr(0, 32);
    CHECK_MESSAGE(!has(r.err, generated), describe(r));
    CHECK_MESSAGE(has(r.err, "Created a SCRAM-SHA-512 credential for user " + user), describe(r));
    CHECK(kfk_test::eventually([&] { return can_log_in(user, generated); }, 60s));

    // Created once: a second create is refused with exit 3 and points at alter.
    r = run_kfk({"user", "create", user, "--mechanism", "SCRAM-SHA-512", "--generate"});
    CHECK_MESSAGE(r.code == 3, describe(r));
    CHECK_MESSAGE(has(r.err, "kfk user alter"), describe(r));
    CHECK_MESSAGE(r.out.empty(), describe(r));

    r = run_kfk({"user", "describe", user, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto described = r.json()["users"];
    REQUIRE(described.size() == 1);
    CHECK(described[0]["user"] == user);
    CHECK(described[0]["error"].is_null());
    CHECK(described[0]["credentials"] ==
          nlohmann::json::parse(R"([{"mechanism":"SCRAM-SHA-512","iterations":4096}])"));
    check_secret_kept(r, generated);
    r = run_kfk({"user", "list", "-q"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(has(r.out, user + "\n"), describe(r));
    check_secret_kept(r, generated);

    // A second mechanism, from stdin, with more iterations.
    const std::string piped = "piped-" + kfk_test::unique_name("pw");
    r = run_kfk({"user", "create", user, "--mechanism", "scram-sha-256", "--password-stdin",
                 "--iterations", "8192", "-o", "json"},
                piped + "\n");
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["status"] == "created");
    CHECK(r.json()["iterations"] == 8192);
    CHECK(r.json()["generated_password"].is_null());
    check_secret_kept(r, piped);
    CHECK(kfk_test::eventually([&] { return can_log_in(user, piped, "SCRAM-SHA-256"); }, 60s));

    // alter: the new password works, the old one stops working.
    const std::string changed = "changed-" + kfk_test::unique_name("pw");
    const SecretFile file{changed + "\n"};
    r = run_kfk({"user", "alter", user, "--mechanism", "SCRAM-SHA-512", "--password-file",
                 file.path.string(), "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["status"] == "altered");
    check_secret_kept(r, changed);
    CHECK(kfk_test::eventually(
        [&] { return can_log_in(user, changed) && !can_log_in(user, generated); }, 60s));

    // delete: every mechanism goes; the user cannot log in any more.
    r = run_kfk({"user", "delete", user, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto deleted = r.json()["users"];
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0]["status"] == "deleted");
    CHECK(deleted[0]["mechanisms"] ==
          nlohmann::json::parse(R"(["SCRAM-SHA-256","SCRAM-SHA-512"])"));
    CHECK(kfk_test::eventually(
        [&] { return !can_log_in(user, changed) && !can_log_in(user, piped, "SCRAM-SHA-256"); },
        60s));
    r = run_kfk({"user", "describe", user});
    CHECK_MESSAGE(r.code == 2, describe(r));
    r = run_kfk({"user", "delete", user});
    CHECK_MESSAGE(r.code == 2, describe(r));
    r = run_kfk({"user", "delete", user, "--if-exists"});
    CHECK_MESSAGE(r.code == 0, describe(r));
}

TEST_CASE(
    "kfk user: alter of a missing credential exits 2; passwords in argv are refused unechoed") {
    const std::string user = kfk_test::unique_name("cli-user-missing");
    auto r = run_kfk({"user", "alter", user, "--mechanism", "SCRAM-SHA-512", "--generate"});
    CHECK_MESSAGE(r.code == 2, describe(r));
    CHECK_MESSAGE(has(r.err, "kfk user create"), describe(r));
    CHECK_MESSAGE(r.out.empty(), describe(r));

    const std::string secret = "argv-" + kfk_test::unique_name("pw");
    r = run_kfk({"user", "create", user, "--mechanism", "SCRAM-SHA-512", "--password", secret});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "--password-file"), describe(r));
    check_secret_kept(r, secret);
    r = run_kfk({"user", "create", user, "--mechanism", "SCRAM-SHA-512"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "exactly one of --password-file"), describe(r));
    r = run_kfk({"user", "create", user, "--mechanism", "SCRAM-SHA-512", "--generate",
                 "--iterations", "100"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    r = run_kfk({"user", "create", user, "--mechanism", "PLAIN", "--generate"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    // None of these created anything.
    r = run_kfk({"user", "describe", user});
    CHECK_MESSAGE(r.code == 2, describe(r));
}

TEST_CASE("kfk user without DESCRIBE or ALTER on the cluster exits 6 naming what is missing") {
    const auto env = security_it::user_env();
    auto r = run_kfk(security_it::as_user_args("alice", {"user", "list"}), {}, env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE((has(r.err, "DESCRIBE") && has(r.err, "CLUSTER")), describe(r));
    const std::string user = kfk_test::unique_name("cli-user-denied");
    r = run_kfk(security_it::as_user_args("alice", {"user", "create", user, "--mechanism",
                                                    "SCRAM-SHA-512", "--generate"}),
                {}, env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE((has(r.err, "ALTER") && has(r.err, "CLUSTER")), describe(r));
    CHECK_MESSAGE(r.out.empty(), describe(r));
}
