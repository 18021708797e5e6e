// ACL and SCRAM value types: Kafka's names, parsing in Kafka's spellings, ordering, printing.
#include <doctest/doctest.h>

#include <algorithm>

#include "kfk/acl.hpp"
#include "kfk/admin.hpp"
#include "kfk/exceptions.hpp"
#include "kfk/log.hpp"
#include "kfk/scram.hpp"

using namespace std::chrono_literals;

TEST_CASE("ACL enums print Kafka's names and parse every spelling Kafka's tools use") {
    CHECK(to_string(kfk::AclResourceType::transactional_id) == "TRANSACTIONAL_ID");
    CHECK(to_string(kfk::AclResourceType::cluster) == "CLUSTER");
    CHECK(to_string(kfk::AclPatternType::prefixed) == "PREFIXED");
    CHECK(to_string(kfk::AclPermission::allow) == "ALLOW");
    CHECK(to_string(kfk::AclOperation::remove) == "DELETE");

    CHECK(kfk::parse_acl_operation("IdempotentWrite") == kfk::AclOperation::idempotent_write);
    CHECK(kfk::parse_acl_operation("idempotent-write") == kfk::AclOperation::idempotent_write);
    CHECK(kfk::parse_acl_operation("IDEMPOTENT_WRITE") == kfk::AclOperation::idempotent_write);
    CHECK(kfk::parse_acl_operation("DescribeConfigs") == kfk::AclOperation::describe_configs);
    CHECK(kfk::parse_acl_operation("read") == kfk::AclOperation::read);
    CHECK(kfk::parse_acl_operation("Delete") == kfk::AclOperation::remove);
    CHECK(kfk::parse_acl_operation("All") == kfk::AclOperation::all);
    CHECK(kfk::parse_acl_operation("any") == kfk::AclOperation::any);
    CHECK_FALSE(kfk::parse_acl_operation("unknown"));
    CHECK_FALSE(kfk::parse_acl_operation("reed"));
    CHECK_FALSE(kfk::parse_acl_operation(""));
    CHECK_FALSE(kfk::parse_acl_operation("--"));

    CHECK(kfk::parse_acl_resource_type("transactional-id") ==
          kfk::AclResourceType::transactional_id);
    CHECK(kfk::parse_acl_resource_type("TransactionalId") ==
          kfk::AclResourceType::transactional_id);
    CHECK(kfk::parse_acl_resource_type("Topic") == kfk::AclResourceType::topic);
    CHECK(kfk::parse_acl_resource_type("DELEGATION_TOKEN") ==
          kfk::AclResourceType::delegation_token);
    CHECK_FALSE(kfk::parse_acl_resource_type("broker"));
    CHECK(kfk::parse_acl_pattern_type("Prefixed") == kfk::AclPatternType::prefixed);
    CHECK(kfk::parse_acl_pattern_type("match") == kfk::AclPatternType::match);
    CHECK_FALSE(kfk::parse_acl_pattern_type("regex"));
    CHECK(kfk::parse_acl_permission("Deny") == kfk::AclPermission::deny);
    CHECK_FALSE(kfk::parse_acl_permission("maybe"));

    // Every name to_string prints parses back to the same value.
    for (auto op : {kfk::AclOperation::all, kfk::AclOperation::read, kfk::AclOperation::write,
                    kfk::AclOperation::create, kfk::AclOperation::remove, kfk::AclOperation::alter,
                    kfk::AclOperation::describe, kfk::AclOperation::cluster_action,
                    kfk::AclOperation::describe_configs, kfk::AclOperation::alter_configs,
                    kfk::AclOperation::idempotent_write}) {
        CAPTURE(to_string(op));
        CHECK(kfk::parse_acl_operation(to_string(op)) == op);
    }
}

TEST_CASE("AclBinding: printing, equality, and an order by resource first") {
    kfk::AclBinding a;
    a.resource_name = "orders";
    a.principal = "User:alice";
    a.operation = kfk::AclOperation::write;
    CHECK(a.host == "*");
    CHECK(a.permission == kfk::AclPermission::allow);
    CHECK(a.pattern_type == kfk::AclPatternType::literal);
    CHECK(a.to_string() == "ALLOW User:alice WRITE on TOPIC orders (LITERAL) from host *");

    auto b = a;
    CHECK(a == b);
    b.principal = "User:aaron";
    CHECK(b < a);  // same resource: by principal
    auto c = a;
    c.resource_name = "audit";
    CHECK(c < b);  // resource name first

    const auto f = kfk::AclBindingFilter::exactly(a);
    CHECK(f.resource_type == a.resource_type);
    CHECK(f.resource_name == a.resource_name);
    CHECK(f.pattern_type == kfk::AclPatternType::literal);
    CHECK(f.principal == a.principal);
    CHECK(f.host == "*");
    CHECK(f.operation == kfk::AclOperation::write);
    CHECK(f.permission == kfk::AclPermission::allow);

    const auto any = kfk::AclBindingFilter::any();
    CHECK(any.resource_type == kfk::AclResourceType::any);
    CHECK(any.pattern_type == kfk::AclPatternType::any);
    CHECK_FALSE(any.resource_name);
    CHECK_FALSE(any.principal);
    CHECK(any.operation == kfk::AclOperation::any);
    CHECK(any.permission == kfk::AclPermission::any);

    kfk::AclDeleteResult r;
    CHECK(r.ok());
    r.deleted.push_back({a, kfk::Error{kfk::ErrorCode::cluster_authorization_failed}});
    CHECK_FALSE(r.ok());
}

TEST_CASE("SCRAM mechanisms: Kafka's names, parsed in any case") {
    CHECK(to_string(kfk::ScramMechanism::sha_256) == "SCRAM-SHA-256");
    CHECK(to_string(kfk::ScramMechanism::sha_512) == "SCRAM-SHA-512");
    CHECK(kfk::parse_scram_mechanism("SCRAM-SHA-512") == kfk::ScramMechanism::sha_512);
    CHECK(kfk::parse_scram_mechanism("scram-sha-256") == kfk::ScramMechanism::sha_256);
    CHECK(kfk::parse_scram_mechanism("SCRAM_SHA_256") == kfk::ScramMechanism::sha_256);
    CHECK_FALSE(kfk::parse_scram_mechanism("PLAIN"));
    CHECK_FALSE(kfk::parse_scram_mechanism("SHA-256"));
    CHECK_FALSE(kfk::parse_scram_mechanism("unknown"));
    kfk::ScramUpsertion u;
    CHECK(u.iterations == 4096);
    CHECK(u.mechanism == kfk::ScramMechanism::sha_512);
}

// Refused on the client, before anything is sent: no broker needed (nothing listens there).
TEST_CASE("ACL and SCRAM requests librdkafka cannot express throw UsageError before sending") {
    kfk::Admin admin{
        kfk::AdminConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};

    kfk::AclBinding token;
    token.resource_type = kfk::AclResourceType::delegation_token;
    token.resource_name = "t";
    token.principal = "User:alice";
    token.operation = kfk::AclOperation::describe;
    CHECK_THROWS_AS((void)admin.create_acls({token}, 1s), kfk::UsageError);

    kfk::AclBinding wildcard_op;
    wildcard_op.resource_name = "orders";
    wildcard_op.principal = "User:alice";
    wildcard_op.operation = kfk::AclOperation::any;  // filters only
    try {
        (void)admin.create_acls({wildcard_op}, 1s);
        FAIL("accepted");
    } catch (const kfk::UsageError& e) {
        CHECK(std::string{e.what()}.find("ANY on TOPIC orders") != std::string::npos);
    }
    auto match = wildcard_op;
    match.operation = kfk::AclOperation::read;
    match.pattern_type = kfk::AclPatternType::match;
    CHECK_THROWS_AS((void)admin.create_acls({match}, 1s), kfk::UsageError);

    kfk::AclBindingFilter token_filter;
    token_filter.resource_type = kfk::AclResourceType::delegation_token;
    CHECK_THROWS_AS((void)admin.describe_acls(token_filter, 1s), kfk::UsageError);
    CHECK_THROWS_AS((void)admin.delete_acls({token_filter}, 1s), kfk::UsageError);
    CHECK(admin.create_acls({}, 1s).empty());
    CHECK(admin.delete_acls({}, 1s).empty());

    CHECK_THROWS_AS((void)admin.upsert_scram_credentials(
                        {{"alice", kfk::ScramMechanism::sha_512, "", 4096, ""}}, 1s),
                    kfk::UsageError);
    CHECK_THROWS_AS((void)admin.upsert_scram_credentials(
                        {{"", kfk::ScramMechanism::sha_512, "pw", 4096, ""}}, 1s),
                    kfk::UsageError);
    CHECK_THROWS_AS((void)admin.upsert_scram_credentials(
                        {{"alice", kfk::ScramMechanism::unknown, "pw", 4096, ""}}, 1s),
                    kfk::UsageError);
    CHECK_THROWS_AS(
        (void)admin.delete_scram_credentials({{"alice", kfk::ScramMechanism::unknown}}, 1s),
        kfk::UsageError);
    CHECK_THROWS_AS((void)admin.describe_scram_credentials({""}, 1s), kfk::UsageError);
    CHECK(admin.upsert_scram_credentials({}, 1s).empty());
    CHECK(admin.delete_scram_credentials({}, 1s).empty());
}

TEST_CASE("ACL and SCRAM calls against an unreachable broker throw TimeoutError in time") {
    // Port 1 on loopback: nothing listens, connections are refused at once.
    kfk::Admin admin{
        kfk::AdminConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    const auto deadline = 700ms;
    // A bound against hanging (librdkafka's timeout, kfk's 2 s margin, a loaded machine).
    const auto bound = deadline + 2s + 5s;
    auto within = [&](auto&& call) {
        const auto start = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(call(), kfk::TimeoutError);
        const auto took = std::chrono::steady_clock::now() - start;
        CHECK_MESSAGE(took < bound,
                      "took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                              << " ms");
    };
    kfk::AclBinding b;
    b.resource_name = "orders";
    b.principal = "User:alice";
    b.operation = kfk::AclOperation::read;
    within([&] { (void)admin.create_acls({b}, deadline); });
    within([&] { (void)admin.describe_acls(kfk::AclBindingFilter::any(), deadline); });
    within([&] { (void)admin.delete_acls({kfk::AclBindingFilter::exactly(b)}, deadline); });
    within([&] { (void)admin.describe_scram_credentials({}, deadline); });
    within([&] { (void)admin.describe_scram_credentials({"alice"}, deadline); });
    within([&] {
        (void)admin.upsert_scram_credentials(
            {{"alice", kfk::ScramMechanism::sha_256, "pw", 4096, ""}}, deadline);
    });
    within([&] {
        (void)admin.delete_scram_credentials({{"alice", kfk::ScramMechanism::sha_256}}, deadline);
    });
}
