// Admin's ACL calls against the secured broker (StandardAuthorizer): per-binding results of
// create_acls, the filter semantics of describe_acls (literal / prefixed / match / any), what
// delete_acls reports per filter, and "not authorized" as an error rather than "no ACLs".
// Every binding is for a principal of this test alone, so nothing else on the broker matters.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "security_it_support.hpp"

using namespace std::chrono_literals;
using security_it::super_admin;

namespace {

kfk::AclBinding binding(const std::string& principal, kfk::AclResourceType type,
                        const std::string& name, kfk::AclOperation op,
                        kfk::AclPatternType pattern = kfk::AclPatternType::literal) {
    kfk::AclBinding b;
    b.resource_type = type;
    b.resource_name = name;
    b.pattern_type = pattern;
    b.principal = principal;
    b.operation = op;
    return b;
}

kfk::AclBindingFilter of_principal(const std::string& principal) {
    kfk::AclBindingFilter f;
    f.principal = principal;
    return f;
}

std::string listed(const std::vector<kfk::AclBinding>& bindings) {
    std::string s;
    for (const auto& b : bindings) s += b.to_string() + "\n";
    return s;
}

}  // namespace

TEST_CASE(
    "create_acls answers per binding; describe_acls filters as Kafka does; delete_acls per "
    "filter") {
    auto admin = super_admin();
    const std::string principal = "User:" + kfk_test::unique_name("acl-sdk");
    const std::string topic = kfk_test::unique_name("acl-sdk-topic");
    const std::string prefix = topic.substr(0, topic.size() - 3);  // a prefix of `topic`

    const auto literal =
        binding(principal, kfk::AclResourceType::topic, topic, kfk::AclOperation::read);
    const auto prefixed = binding(principal, kfk::AclResourceType::topic, prefix,
                                  kfk::AclOperation::describe, kfk::AclPatternType::prefixed);
    auto bad_cluster = binding(principal, kfk::AclResourceType::cluster, "not-the-cluster",
                               kfk::AclOperation::alter);
    auto deny =
        binding(principal, kfk::AclResourceType::group, "g-" + topic, kfk::AclOperation::read);
    deny.permission = kfk::AclPermission::deny;
    deny.host = "10.1.2.3";

    const auto created = admin.create_acls({literal, prefixed, bad_cluster, deny}, 30s);
    REQUIRE(created.size() == 4);
    CHECK_MESSAGE(created[0].ok(), created[0].error.to_string());
    CHECK_MESSAGE(created[1].ok(), created[1].error.to_string());
    // The cluster has one name: that binding alone fails.
    CHECK(created[2].binding == bad_cluster);
    CHECK_MESSAGE(created[2].error.code() == kfk::ErrorCode::invalid_request,
                  created[2].error.to_string());
    CHECK_MESSAGE(created[3].ok(), created[3].error.to_string());

    // The broker's authorizer learns new ACLs from the metadata log.
    std::vector<kfk::AclBinding> mine;
    REQUIRE_MESSAGE(kfk_test::eventually([&] {
                        mine = admin.describe_acls(of_principal(principal), 10s);
                        return mine.size() == 3;
                    }),
                    listed(mine));
    CHECK(std::is_sorted(mine.begin(), mine.end()));
    CHECK(std::count(mine.begin(), mine.end(), deny) == 1);  // host and permission kept

    kfk::AclBindingFilter f = of_principal(principal);
    f.resource_type = kfk::AclResourceType::topic;
    f.resource_name = topic;
    f.pattern_type = kfk::AclPatternType::literal;
    CHECK(admin.describe_acls(f, 10s) == std::vector<kfk::AclBinding>{literal});
    f.pattern_type = kfk::AclPatternType::match;  // everything that applies to `topic`
    CHECK(admin.describe_acls(f, 10s) == std::vector<kfk::AclBinding>{prefixed, literal});
    f.pattern_type = kfk::AclPatternType::any;  // either kind, named exactly `topic`
    CHECK(admin.describe_acls(f, 10s) == std::vector<kfk::AclBinding>{literal});
    f.resource_name = prefix;
    f.pattern_type = kfk::AclPatternType::prefixed;
    CHECK(admin.describe_acls(f, 10s) == std::vector<kfk::AclBinding>{prefixed});
    kfk::AclBindingFilter denied = of_principal(principal);
    denied.permission = kfk::AclPermission::deny;
    CHECK(admin.describe_acls(denied, 10s) == std::vector<kfk::AclBinding>{deny});

    auto nothing = of_principal(principal);
    nothing.resource_type = kfk::AclResourceType::transactional_id;
    const auto deleted = admin.delete_acls(
        {kfk::AclBindingFilter::exactly(literal), nothing, of_principal(principal)}, 30s);
    REQUIRE(deleted.size() == 3);
    CHECK(deleted[0].ok());
    REQUIRE(deleted[0].deleted.size() == 1);
    CHECK(deleted[0].deleted[0].binding == literal);
    CHECK(deleted[1].ok());
    CHECK(deleted[1].deleted.empty());
    // Each filter matches on its own: the last one finds the other bindings too.
    CHECK(deleted[2].ok());
    CHECK(deleted[2].deleted.size() >= 2);
    REQUIRE(kfk_test::eventually(
        [&] { return admin.describe_acls(of_principal(principal), 10s).empty(); }));
}

TEST_CASE(
    "a principal without DESCRIBE on the cluster: describe_acls throws, create_acls fails per "
    "binding") {
    kfk::Admin alice{security_it::as_harness_user<kfk::AdminConfig>("alice")};
    try {
        (void)alice.describe_acls(kfk::AclBindingFilter::any(), 30s);
        FAIL("alice listed the ACLs");
    } catch (const kfk::KafkaError& e) {
        CHECK(e.code() == kfk::ErrorCode::cluster_authorization_failed);
        CHECK(std::string{e.what()}.find("DESCRIBE") != std::string::npos);
        CHECK(std::string{e.what()}.find("CLUSTER") != std::string::npos);
    }
    const auto b = binding("User:alice", kfk::AclResourceType::topic, kfk_test::unique_name("t"),
                           kfk::AclOperation::read);
    const auto created = alice.create_acls({b, b}, 30s);
    REQUIRE(created.size() == 2);
    for (const auto& r : created) {
        CHECK_MESSAGE(r.error.code() == kfk::ErrorCode::cluster_authorization_failed,
                      r.error.to_string());
    }
    const auto deleted = alice.delete_acls({kfk::AclBindingFilter::exactly(b)}, 30s);
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].error.code() == kfk::ErrorCode::cluster_authorization_failed);
    // Nothing was created.
    CHECK(super_admin().describe_acls(kfk::AclBindingFilter::exactly(b), 10s).empty());
}
