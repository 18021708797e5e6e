// The kfk binary over each secured listener of the harness broker (kafka.sh start --secure), as
// the super user admin: topic create, topic describe, cluster describe, produce, consume back.
// Connection settings are -b and -X key=value as a user would type them; the password comes
// from --sasl-password-file (kfk refuses passwords in argv). Then the secrecy check: with
// -X debug=all, no output of kfk (stdout or stderr) contains the password.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using kfk_test::Security;
using namespace std::chrono_literals;

namespace {

constexpr int kRecords = 10;

// kfk's environment: what the client's arguments refer to, and no KFK_BOOTSTRAP that could
// point kfk at the PLAINTEXT listener behind the test's back.
std::vector<std::string> env_for(const kfk_test::SecureClient& client) {
    auto env = client.cli_env();
    env.insert(env.begin(), "KFK_BOOTSTRAP=");
    return env;
}

std::vector<std::string> with(const kfk_test::SecureClient& client, std::vector<std::string> args) {
    const auto conn = client.cli_args();
    args.insert(args.end(), conn.begin(), conn.end());
    return args;
}

std::string numbered(int count) {
    std::string s;
    for (int i = 0; i < count; ++i) s += "secure-" + std::to_string(i) + "\n";
    return s;
}

void round_trip(Security security) {
    const auto client = kfk_test::secure_client(security, "admin");
    INFO("client: ", client.description, " at ", client.bootstrap);
    const auto topic = kfk_test::unique_name("secure-cli");
    const auto env = env_for(client);

    auto r = run_kfk(
        with(client, {"topic", "create", topic, "--partitions", "2", "--replication-factor", "1"}),
        {}, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.out.find("Created topic " + topic) != std::string::npos, describe(r));

    // The broker applies the new topic to its metadata asynchronously.
    REQUIRE(kfk_test::eventually(
        [&] {
            r = run_kfk(with(client, {"topic", "describe", topic, "-o", "json"}), {}, env);
            return r.code == 0;
        },
        30s));
    const auto doc = r.json();
    REQUIRE_MESSAGE(doc["topics"].size() == 1, describe(r));
    CHECK(doc["topics"][0]["name"] == topic);
    CHECK_MESSAGE(doc["topics"][0]["partitions"].size() == 2, describe(r));

    r = run_kfk(with(client, {"cluster", "describe", "-o", "json"}), {}, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    // The broker advertises the listener the client came in on.
    CHECK_MESSAGE(
        client.bootstrap.find(":" + std::to_string(r.json()["brokers"][0]["port"].get<int>())) !=
            std::string::npos,
        describe(r));

    r = run_kfk(with(client, {"produce", topic}), numbered(kRecords), env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(
        r.err.find("Produced " + std::to_string(kRecords) + " records") != std::string::npos,
        describe(r));

    r = run_kfk(with(client, {"consume", topic, "--from", "beginning", "--exit"}), {}, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto lines = r.lines();
    const std::set<std::string> got(lines.begin(), lines.end());
    std::set<std::string> want;
    for (int i = 0; i < kRecords; ++i) want.insert("secure-" + std::to_string(i));
    CHECK_MESSAGE(got == want, describe(r));
}

}  // namespace

TEST_CASE("kfk over SSL (server authentication only)") {
    round_trip(Security::ssl);
}
TEST_CASE("kfk over SSL with a client certificate (mTLS)") {
    round_trip(Security::mtls);
}
TEST_CASE("kfk over SASL_PLAINTEXT with PLAIN") {
    round_trip(Security::sasl_plain);
}
TEST_CASE("kfk over SASL_PLAINTEXT with SCRAM-SHA-256") {
    round_trip(Security::scram_sha_256);
}
TEST_CASE("kfk over SASL_PLAINTEXT with SCRAM-SHA-512") {
    round_trip(Security::scram_sha_512);
}
TEST_CASE("kfk over SASL_SSL with SCRAM-SHA-512") {
    round_trip(Security::sasl_ssl_scram_sha_512);
}
TEST_CASE("kfk over SASL_PLAINTEXT with OAUTHBEARER (unsecured JWT)") {
    round_trip(Security::oauthbearer);
}

TEST_CASE("no kfk output contains the SASL password, even with -v -X debug=all") {
    for (const auto security :
         {Security::sasl_plain, Security::scram_sha_256, Security::sasl_ssl_scram_sha_512}) {
        const auto client = kfk_test::secure_client(security, "admin");
        const std::string password = client.password();
        REQUIRE(password.size() >= 16);
        INFO("client: ", client.description);
        const auto env = env_for(client);
        // librdkafka's log reaches stderr only with -v; debug=all logs every SASL step.
        const std::vector<std::string> debug{"-v", "-X", "debug=all"};
        for (const bool verbose : {true, false}) {
            const auto topic = kfk_test::unique_name("secure-secret");
            const std::vector<std::vector<std::string>> commands{
                {"topic", "create", topic, "--partitions", "1"},
                {"cluster", "describe"},
                {"topic", "describe", topic},
                {"produce", topic},
                {"consume", topic, "--from", "beginning", "--exit"},
                {"config"},
                {"config", "-o", "json"},
            };
            for (auto command : commands) {
                const bool config = command[0] == "config";
                if (verbose) command.insert(command.end(), debug.begin(), debug.end());
                const auto r =
                    run_kfk(with(client, command), command[0] == "produce" ? "x\n" : "", env, 60s);
                std::string shown;
                for (const auto& a : command) shown += a + " ";
                INFO("kfk ", shown);
                // describe(r) could show the password: only its position is printed.
                CHECK_MESSAGE(r.out.find(password) == std::string::npos,
                              "password on stdout at byte " << r.out.find(password));
                CHECK_MESSAGE(r.err.find(password) == std::string::npos,
                              "password on stderr at byte " << r.err.find(password));
                if (r.out.find(password) != std::string::npos ||
                    r.err.find(password) != std::string::npos) {
                    continue;
                }
                CHECK_MESSAGE(r.code == 0, describe(r));
                if (config) {
                    CHECK_MESSAGE(r.out.find("[redacted]") != std::string::npos, describe(r));
                } else if (verbose) {
                    // Or the check would prove little.
                    CHECK_MESSAGE(r.err.find("SASL") != std::string::npos,
                                  "no SASL debug lines on stderr (" << r.err.size() << " bytes)");
                }
            }
        }
    }
}
