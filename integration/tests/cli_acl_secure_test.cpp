// kfk acl against the secured broker (StandardAuthorizer, deny by default):
//  - bindings kfk creates are the ones Kafka's AclCommand lists, and the other way round;
//    delete without --execute changes nothing;
//  - with only the --producer set alice produces (SDK over SASL/SCRAM) and is refused a
//    consume (exit 6 naming the group, then the topic); the --consumer set lets her consume;
//  - acl apply: dry run, apply, re-apply is a no-op, --prune removes only the bindings of the
//    file's principals;
//  - without DESCRIBE / ALTER on the cluster the acl commands exit 6 naming what is missing.
// The super user administers over PLAINTEXT (KFK_BOOTSTRAP); bindings are on this test's own
// principals and resources (alice's only on topics and groups made here).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli_run.hpp"
#include "security_it_support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A member of r's JSON document, by value: a range-for over r.json()["acls"] would iterate a
// member of a temporary that is gone before the loop starts.
nlohmann::json field(const cli_it::Result& r, const char* key) {
    return r.json().at(key);
}

// The bindings of `principal` as kfk lists them (JSON objects).
nlohmann::json acls_of(const std::string& principal) {
    const auto r = run_kfk({"acl", "list", "--principal", principal, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    return r.json()["acls"];
}

bool lists(const nlohmann::json& acls, const std::string& type, const std::string& name,
           const std::string& op, const std::string& pattern = "LITERAL") {
    return std::any_of(acls.begin(), acls.end(), [&](const nlohmann::json& a) {
        return a["resource_type"] == type && a["resource_name"] == name && a["operation"] == op &&
               a["pattern_type"] == pattern && a["permission"] == "ALLOW" && a["host"] == "*";
    });
}

kfk_test::ToolResult acl_tool(std::vector<std::string> args) {
    args.insert(args.begin(), {"--bootstrap-server", kfk_test::bootstrap()});
    return kfk_test::kafka_tool("org.apache.kafka.tools.AclCommand", args);
}

struct TempFile {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / (kfk_test::unique_name("kfk-acls") + ".yaml");
    explicit TempFile(const std::string& text) { std::ofstream{path} << text; }
    ~TempFile() { std::filesystem::remove(path); }
};

void create_topic(const std::string& topic) {
    auto admin = security_it::super_admin();
    const auto r = admin.create_topics({{topic, 1, 1, {}}}, 30s);
    REQUIRE_MESSAGE(r.at(0).ok(), r.at(0).error.to_string());
    REQUIRE(kfk_test::eventually([&] {
        const auto d = admin.describe_topics({topic}, 10s);
        return !d.at(0).error && d.at(0).partitions.at(0).leader >= 0;
    }));
}

}  // namespace

TEST_CASE("kfk acl and Kafka's AclCommand see each other's bindings; a dry-run delete keeps them") {
    const std::string principal = "User:" + kfk_test::unique_name("acl-cli");
    const std::string topic = kfk_test::unique_name("acl-cli-topic");
    const std::string group = kfk_test::unique_name("acl-cli-group");

    auto r = run_kfk({"acl", "create", "--principal", principal, "--allow", "--operation",
                      "Read,Describe", "--topic", topic, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    REQUIRE(r.json()["acls"].size() == 2);
    for (const auto& a : field(r, "acls")) CHECK_MESSAGE(a["status"] == "created", describe(r));
    // Creating them again: exit 0, each reported as existing.
    r = run_kfk({"acl", "create", "--principal", principal, "--allow", "--operation",
                 "Read,Describe", "--topic", topic, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    for (const auto& a : field(r, "acls")) CHECK_MESSAGE(a["status"] == "exists", describe(r));

    auto tool = acl_tool({"--list", "--principal", principal});
    REQUIRE_MESSAGE(tool.exit_code == 0, tool.out);
    CHECK_MESSAGE(has(tool.out, "resourceType=TOPIC, name=" + topic + ", patternType=LITERAL"),
                  tool.out);
    CHECK_MESSAGE(
        has(tool.out, "principal=" + principal + ", host=*, operation=READ, permissionType=ALLOW"),
        tool.out);
    CHECK_MESSAGE(has(tool.out, "operation=DESCRIBE, permissionType=ALLOW"), tool.out);

    // And the other way round: a prefixed group binding made by AclCommand.
    tool = acl_tool({"--add", "--allow-principal", principal, "--operation", "Read", "--group",
                     group, "--resource-pattern-type", "prefixed"});
    REQUIRE_MESSAGE(tool.exit_code == 0, tool.out);
    nlohmann::json acls;
    CHECK_MESSAGE(kfk_test::eventually([&] {
                      acls = acls_of(principal);
                      return lists(acls, "GROUP", group, "READ", "PREFIXED");
                  }),
                  acls.dump());
    CHECK(acls.size() == 3);
    CHECK(lists(acls, "TOPIC", topic, "READ"));
    CHECK(lists(acls, "TOPIC", topic, "DESCRIBE"));

    // Without --execute: the matching bindings are printed, none is deleted.
    r = run_kfk({"acl", "delete", "--principal", principal, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["executed"] == false);
    CHECK(r.json()["acls"].size() == 3);
    for (const auto& a : field(r, "acls")) CHECK(a["status"] == "matched");
    CHECK(acls_of(principal).size() == 3);
    r = run_kfk({"acl", "delete", "--principal", principal, "--topic", topic});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(has(r.err, "nothing deleted (--execute deletes them)"), describe(r));
    CHECK(acls_of(principal).size() == 3);

    r = run_kfk(
        {"acl", "delete", "--principal", principal, "--topic", topic, "--execute", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["executed"] == true);
    CHECK(r.json()["acls"].size() == 2);
    for (const auto& a : field(r, "acls")) CHECK(a["status"] == "deleted");
    tool = acl_tool({"--list", "--principal", principal});
    REQUIRE_MESSAGE(tool.exit_code == 0, tool.out);
    CHECK_MESSAGE(!has(tool.out, "name=" + topic + ","), tool.out);
    CHECK_MESSAGE(has(tool.out, "name=" + group + ", patternType=PREFIXED"), tool.out);

    tool = acl_tool({"--remove", "--force", "--allow-principal", principal, "--operation", "Read",
                     "--group", group, "--resource-pattern-type", "prefixed"});
    REQUIRE_MESSAGE(tool.exit_code == 0, tool.out);
    CHECK(kfk_test::eventually([&] { return acls_of(principal).empty(); }));
}

TEST_CASE("--producer set: alice produces, consuming is refused naming the group, then the topic") {
    const std::string topic = kfk_test::unique_name("acl-alice");
    const std::string group = kfk_test::unique_name("acl-alice-group");
    create_topic(topic);

    auto r = run_kfk(
        {"acl", "create", "--principal", "User:alice", "--allow", "--producer", "--topic", topic});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto acls = acls_of("User:alice");
    CHECK(lists(acls, "TOPIC", topic, "WRITE"));
    CHECK(lists(acls, "TOPIC", topic, "DESCRIBE"));
    CHECK(lists(acls, "TOPIC", topic, "CREATE"));

    // Produce as alice with the SDK over SASL/SCRAM-SHA-512.
    kfk::DeliveryReport report;
    CHECK_MESSAGE(kfk_test::eventually(
                      [&] {
                          kfk::Producer<std::string, std::string> producer{
                              security_it::as_harness_user<kfk::ProducerConfig>("alice")};
                          report = producer.send_sync(topic, "k", "from-alice", 10s);
                          return report.ok();
                      },
                      60s),
                  report.error.to_string());

    const auto consume = [&] {
        return run_kfk(
            security_it::as_user_args("alice", {"consume", topic, "--group", group, "--from",
                                                "beginning", "--exit", "--timeout", "20s"}),
            {}, security_it::user_env());
    };
    // The producer set has no READ: consuming as a group is refused, naming the group...
    r = consume();
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE(has(r.err, "GROUP_AUTHORIZATION_FAILED"), describe(r));
    CHECK_MESSAGE(has(r.err, group), describe(r));
    CHECK_MESSAGE(r.out.empty(), describe(r));
    // ... and with READ on the group alone, naming the topic.
    r = run_kfk({"acl", "create", "--principal", "User:alice", "--allow", "--operation", "Read",
                 "--group", group});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(kfk_test::eventually(
                      [&] {
                          r = consume();
                          return r.code == 6 && has(r.err, "TOPIC_AUTHORIZATION_FAILED") &&
                                 has(r.err, topic);
                      },
                      60s),
                  describe(r));
    CHECK_MESSAGE(r.out.empty(), describe(r));

    // The --consumer set completes it: READ on the topic is new, the rest was there.
    r = run_kfk({"acl", "create", "--principal", "User:alice", "--allow", "--consumer", "--topic",
                 topic, "--group", group, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    std::vector<std::string> statuses;
    for (const auto& a : field(r, "acls")) {
        statuses.push_back(a["resource_type"].get<std::string>() + " " +
                           a["operation"].get<std::string>() + " " +
                           a["status"].get<std::string>());
    }
    std::sort(statuses.begin(), statuses.end());
    const std::vector<std::string> expected{"GROUP READ exists", "TOPIC DESCRIBE exists",
                                            "TOPIC READ created"};
    CHECK_MESSAGE(statuses == expected, describe(r));

    CHECK_MESSAGE(kfk_test::eventually(
                      [&] {
                          r = consume();
                          return r.code == 0 && r.out == "from-alice\n";
                      },
                      60s),
                  describe(r));

    r = run_kfk({"acl", "delete", "--principal", "User:alice", "--topic", topic, "--execute"});
    CHECK_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"acl", "delete", "--principal", "User:alice", "--group", group, "--execute"});
    CHECK_MESSAGE(r.code == 0, describe(r));
}

TEST_CASE("acl apply: dry run, apply, re-apply is a no-op, --prune removes the file's extras") {
    const std::string p1 = "User:" + kfk_test::unique_name("apply-a");
    const std::string p2 = "User:" + kfk_test::unique_name("apply-b");
    const std::string other = "User:" + kfk_test::unique_name("apply-other");
    const std::string topic = kfk_test::unique_name("apply-topic");
    const std::string group = kfk_test::unique_name("apply-group");

    // Before: an extra binding of p1, one of p2 (named only in principals:), one of another
    // principal on the same topic.
    for (const auto& [principal, op, res] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {p1, "Alter", topic}, {p2, "Describe", topic}, {other, "Read", topic}}) {
        const auto r = run_kfk({"acl", "create", "--principal", principal, "--allow", "--operation",
                                op, "--topic", res});
        REQUIRE_MESSAGE(r.code == 0, describe(r));
    }
    const TempFile file{"principals: [" + p2 +
                        "]\n"
                        "acls:\n"
                        "  - principal: " +
                        p1 +
                        "\n"
                        "    topic: " +
                        topic +
                        "\n"
                        "    operations: [Write, Describe]\n"
                        "  - principal: " +
                        p1 +
                        "\n"
                        "    group: " +
                        group +
                        "\n"
                        "    pattern: prefixed\n"
                        "    operations: [Read]\n"};
    const std::string path = file.path.string();

    auto r = run_kfk({"acl", "apply", "-f", path, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    auto doc = r.json();
    CHECK(doc["executed"] == false);
    CHECK(doc["principals"].size() == 2);
    CHECK(doc["to_add"].size() == 3);
    for (const auto& a : doc["to_add"]) CHECK(a["status"] == "planned");
    CHECK(doc["to_remove"].empty());
    CHECK(doc["kept"].size() == 2);
    CHECK(doc["unchanged"] == 0);
    CHECK(acls_of(p1).size() == 1);  // a dry run

    r = run_kfk({"acl", "apply", "-f", path});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(has(r.out, "+ ALLOW " + p1 + " WRITE on TOPIC " + topic), describe(r));
    CHECK_MESSAGE(has(r.err, "--execute applies it"), describe(r));

    r = run_kfk({"acl", "apply", "-f", path, "--execute", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    doc = r.json();
    CHECK(doc["executed"] == true);
    REQUIRE(doc["to_add"].size() == 3);
    for (const auto& a : doc["to_add"]) CHECK_MESSAGE(a["status"] == "created", describe(r));
    auto acls = acls_of(p1);
    CHECK(acls.size() == 4);
    CHECK(lists(acls, "GROUP", group, "READ", "PREFIXED"));

    // Re-applying: nothing to do.
    r = run_kfk({"acl", "apply", "-f", path, "--execute", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    doc = r.json();
    CHECK(doc["to_add"].empty());
    CHECK(doc["to_remove"].empty());
    CHECK(doc["unchanged"] == 3);
    r = run_kfk({"acl", "apply", "-f", path, "--execute"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.out.empty());
    CHECK_MESSAGE(has(r.err, "Nothing to do"), describe(r));

    r = run_kfk({"acl", "apply", "-f", path, "--prune", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    doc = r.json();
    CHECK(doc["to_remove"].size() == 2);
    CHECK(doc["kept"].empty());
    CHECK(acls_of(p2).size() == 1);  // a dry run

    r = run_kfk({"acl", "apply", "-f", path, "--prune", "--execute", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    for (const auto& a : field(r, "to_remove"))
        CHECK_MESSAGE(a["status"] == "deleted", describe(r));
    acls = acls_of(p1);
    CHECK(acls.size() == 3);
    CHECK_FALSE(lists(acls, "TOPIC", topic, "ALTER"));
    CHECK(acls_of(p2).empty());
    // Another principal's binding on the same topic is not the file's business.
    CHECK(lists(acls_of(other), "TOPIC", topic, "READ"));

    r = run_kfk({"acl", "apply", "-f", path, "--prune", "--execute"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(has(r.err, "Nothing to do"), describe(r));

    for (const auto& p : {p1, other}) {
        r = run_kfk({"acl", "delete", "--principal", p, "--execute"});
        CHECK_MESSAGE(r.code == 0, describe(r));
    }
}

TEST_CASE("without DESCRIBE or ALTER on the cluster the acl commands exit 6 naming them") {
    const auto env = security_it::user_env();
    auto r = run_kfk(security_it::as_user_args("alice", {"acl", "list"}), {}, env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE((has(r.err, "DESCRIBE") && has(r.err, "CLUSTER")), describe(r));

    const std::string topic = kfk_test::unique_name("acl-denied");
    r = run_kfk(
        security_it::as_user_args("alice", {"acl", "create", "--principal", "User:alice", "--allow",
                                            "--operation", "Read", "--topic", topic}),
        {}, env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE((has(r.err, "ALTER") && has(r.err, "CLUSTER")), describe(r));

    r = run_kfk(security_it::as_user_args("alice", {"acl", "delete", "--principal", "User:alice",
                                                    "--topic", topic, "--execute"}),
                {}, env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE((has(r.err, "ALTER") && has(r.err, "CLUSTER")), describe(r));

    const TempFile file{"acls:\n  - principal: User:alice\n    topic: " + topic +
                        "\n    operations: [Read]\n"};
    r = run_kfk(security_it::as_user_args("alice", {"acl", "apply", "-f", file.path.string()}), {},
                env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE(has(r.err, "CLUSTER"), describe(r));
    // Nothing was created.
    CHECK_FALSE(lists(acls_of("User:alice"), "TOPIC", topic, "READ"));
}
