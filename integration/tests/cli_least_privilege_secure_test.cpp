// The read-only commands need only what the Java tools need: topic describe with DESCRIBE on
// the topic (its configs, which need DESCRIBE_CONFIGS, are marked "not authorized" instead of
// failing the command), group describe with DESCRIBE on the group, group lag with DESCRIBE on
// the group and the topic.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli_run.hpp"
#include "kfk_test/support.hpp"
#include "security_it_support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void allow(const std::string& principal, const std::string& operation,
           const std::vector<std::string>& resource) {
    std::vector<std::string> args{"acl",     "create",      "--principal", principal,
                                  "--allow", "--operation", operation};
    args.insert(args.end(), resource.begin(), resource.end());
    const auto r = run_kfk(args);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
}

}  // namespace

TEST_CASE("DESCRIBE alone: topic describe, group describe and group lag work for bob") {
    const auto topic = kfk_test::unique_name("lp-topic");
    const auto group = kfk_test::unique_name("lp-group");
    // As the super user (PLAINTEXT): a topic with records and a group that committed some.
    auto r = run_kfk({"topic", "create", topic, "--partitions", "2"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"produce", topic}, "a\nb\nc\nd\n");
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"consume", topic, "--group", group, "--from", "beginning", "--exit"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"produce", topic}, "e\nf\n");  // two records of lag
    REQUIRE_MESSAGE(r.code == 0, describe(r));

    allow("User:bob", "Describe", {"--topic", topic});
    allow("User:bob", "Describe", {"--group", group});

    const auto env = security_it::user_env();
    // ACLs reach the broker's authorizer asynchronously.
    cli_it::Result described;
    REQUIRE_MESSAGE(kfk_test::eventually(
                        [&] {
                            described = run_kfk(
                                security_it::as_user_args("bob", {"topic", "describe", topic}), {},
                                env);
                            return described.code == 0;
                        },
                        30s),
                    describe(described));
    CHECK(has(described.out, "PARTITION"));
    CHECK_MESSAGE(has(described.out, "configs: not authorized (DescribeConfigs on topic " + topic),
                  describe(described));

    r = run_kfk(security_it::as_user_args("bob", {"topic", "describe", topic, "-o", "json"}), {},
                env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto doc = r.json().at("topics").at(0);
    CHECK(doc.at("partition_count") == 2);
    CHECK(doc.at("configs").is_null());
    CHECK(has(doc.at("configs_error").get<std::string>(), "not authorized"));

    r = run_kfk(security_it::as_user_args("bob", {"group", "describe", group}), {}, env);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(has(r.out, group), describe(r));

    r = run_kfk(security_it::as_user_args("bob", {"group", "lag", group, "-o", "json"}), {}, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.json().dump().find("\"lag\"") != std::string::npos, describe(r));

    // Without DESCRIBE on the group: exit 6 naming the group.
    const auto other = kfk_test::unique_name("lp-other");
    r = run_kfk(security_it::as_user_args("bob", {"group", "describe", other}), {}, env);
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE(has(r.err, other), describe(r));
}
