// kfk acl / kfk user without a broker: option validation, the bindings acl create makes
// (kafka-acls' --producer / --consumer sets), filters, the acls.yaml format and the plan
// acl apply shows, JSON field names, and where new passwords come from.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/acl_file.hpp"
#include "core/acl_spec.hpp"
#include "core/exit_codes.hpp"
#include "core/new_password.hpp"

using namespace kfk::cli;
using kfk::AclOperation;
using kfk::AclResourceType;

namespace {

// The CliError `f` throws (FAIL when it throws none).
template <class F>
CliError error_of(F&& f) {
    try {
        f();
    } catch (const CliError& e) {
        return e;
    }
    FAIL("no CliError thrown");
    return CliError(ExitCode::ok, "");
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// "TOPIC orders WRITE" for compact comparisons.
std::set<std::string> summary(const std::vector<kfk::AclBinding>& bindings) {
    std::set<std::string> out;
    for (const auto& b : bindings) {
        out.insert(std::string{to_string(b.resource_type)} + " " + b.resource_name + " " +
                   std::string{to_string(b.operation)});
    }
    return out;
}

kfk::AclBinding binding(AclResourceType type, std::string name, AclOperation op,
                        std::string principal = "User:alice") {
    kfk::AclBinding b;
    b.resource_type = type;
    b.resource_name = std::move(name);
    b.principal = std::move(principal);
    b.operation = op;
    return b;
}

AclCreateArgs allow_alice() {
    AclCreateArgs a;
    a.principals = {"User:alice"};
    a.allow = true;
    return a;
}

}  // namespace

TEST_CASE("acl: principals are Type:name") {
    CHECK_NOTHROW(check_principal("User:alice"));
    CHECK_NOTHROW(check_principal("User:*"));
    CHECK_NOTHROW(check_principal("User:CN=alice,O=example"));
    for (const char* bad : {"", "alice", ":alice", "User:"}) {
        CAPTURE(bad);
        const auto e = error_of([&] { check_principal(bad); });
        CHECK(e.code() == ExitCode::usage);
        CHECK(has(e.hint(), "User:alice"));
    }
}

TEST_CASE("acl create --producer / --consumer: the sets kafka-acls creates") {
    auto p = allow_alice();
    p.producer = true;
    p.resources.topics = {"orders"};
    CHECK(summary(bindings_for_create(p)) == std::set<std::string>{"TOPIC orders WRITE",
                                                                   "TOPIC orders DESCRIBE",
                                                                   "TOPIC orders CREATE"});

    p.resources.transactional_ids = {"orders-tx"};
    p.idempotent = true;
    p.resources.prefixed = true;
    const auto full = bindings_for_create(p);
    CHECK(summary(full) == std::set<std::string>{"TOPIC orders WRITE", "TOPIC orders DESCRIBE",
                                                 "TOPIC orders CREATE",
                                                 "TRANSACTIONAL_ID orders-tx WRITE",
                                                 "TRANSACTIONAL_ID orders-tx DESCRIBE",
                                                 "CLUSTER kafka-cluster IDEMPOTENT_WRITE"});
    for (const auto& b : full) {
        CAPTURE(b.to_string());
        CHECK(b.pattern_type == (b.resource_type == AclResourceType::cluster
                                     ? kfk::AclPatternType::literal
                                     : kfk::AclPatternType::prefixed));
        CHECK(b.permission == kfk::AclPermission::allow);
        CHECK(b.host == "*");
    }
    CHECK(std::is_sorted(full.begin(), full.end()));

    auto c = allow_alice();
    c.consumer = true;
    c.resources.topics = {"orders"};
    c.resources.groups = {"billing"};
    CHECK(summary(bindings_for_create(c)) == std::set<std::string>{"TOPIC orders READ",
                                                                   "TOPIC orders DESCRIBE",
                                                                   "GROUP billing READ"});

    // Both sets at once, as kafka-acls allows: the topic gets the union.
    c.producer = true;
    CHECK(summary(bindings_for_create(c)) ==
          std::set<std::string>{"TOPIC orders READ", "TOPIC orders DESCRIBE", "TOPIC orders WRITE",
                                "TOPIC orders CREATE", "GROUP billing READ"});
}

TEST_CASE("acl create: operations on resources, principals x hosts, deny") {
    auto a = allow_alice();
    a.principals.push_back("User:bob");
    a.hosts = {"10.0.0.1", "10.0.0.2"};
    a.operations = {"Read", "describe"};
    a.resources.topics = {"orders", "payments"};
    a.allow = false;
    a.deny = true;
    const auto bs = bindings_for_create(a);
    CHECK(bs.size() == 2 * 2 * 2 * 2);
    CHECK(std::all_of(bs.begin(), bs.end(),
                      [](const auto& b) { return b.permission == kfk::AclPermission::deny; }));

    auto cluster = allow_alice();
    cluster.operations = {"IdempotentWrite", "DescribeConfigs"};
    cluster.resources.cluster = true;
    CHECK(summary(bindings_for_create(cluster)) ==
          std::set<std::string>{"CLUSTER kafka-cluster IDEMPOTENT_WRITE",
                                "CLUSTER kafka-cluster DESCRIBE_CONFIGS"});

    // An operation the resource type does not take: refused as kafka-acls refuses it.
    auto group_write = allow_alice();
    group_write.operations = {"Write"};
    group_write.resources.groups = {"billing"};
    const auto e = error_of([&] { (void)bindings_for_create(group_write); });
    CHECK(e.code() == ExitCode::usage);
    CHECK(has(e.what(), "GROUP"));
    CHECK(has(e.what(), "WRITE"));
    CHECK(has(e.hint(), "READ, DESCRIBE, DELETE, ALL"));

    auto unknown_op = allow_alice();
    unknown_op.operations = {"Reed"};
    unknown_op.resources.topics = {"t"};
    CHECK(has(error_of([&] { (void)bindings_for_create(unknown_op); }).hint(), "IDEMPOTENT_WRITE"));
    unknown_op.operations = {"Any"};
    CHECK(error_of([&] { (void)bindings_for_create(unknown_op); }).code() == ExitCode::usage);
}

TEST_CASE("acl create: what it refuses before connecting") {
    const auto refused = [](AclCreateArgs a, const std::string& part) {
        CAPTURE(part);
        const auto e = error_of([&] { (void)bindings_for_create(a); });
        CHECK(e.code() == ExitCode::usage);
        CHECK_MESSAGE(has(e.what(), part), e.what());
    };
    auto base = allow_alice();
    base.operations = {"Read"};
    base.resources.topics = {"t"};

    auto a = base;
    a.principals.clear();
    refused(a, "--principal");
    a = base;
    a.principals = {"alice"};
    refused(a, "invalid principal");
    a = base;
    a.allow = false;
    refused(a, "--allow or --deny");
    a = base;
    a.deny = true;
    refused(a, "exclude");
    a = base;
    a.operations.clear();
    refused(a, "--operation");
    a = base;
    a.resources.topics.clear();
    refused(a, "resource");
    a = base;
    a.idempotent = true;
    refused(a, "--idempotent");
    a = base;
    a.producer = true;
    refused(a, "--operation cannot be combined");
    a = allow_alice();
    a.producer = true;
    refused(a, "--producer needs --topic");
    a = allow_alice();
    a.consumer = true;
    a.resources.topics = {"t"};
    refused(a, "--consumer needs --topic and --group");
    a.resources.groups = {"g"};
    a.resources.transactional_ids = {"x"};
    refused(a, "--transactional-id goes with --producer");
    a = allow_alice();
    a.producer = true;
    a.resources.topics = {"t"};
    a.resources.groups = {"g"};
    refused(a, "--group goes with --consumer");
    a.resources.groups.clear();
    a.resources.cluster = true;
    refused(a, "--cluster");
    a = allow_alice();
    a.operations = {"Alter"};
    a.resources.cluster = true;
    a.resources.prefixed = true;
    refused(a, "--prefixed");
    a = base;
    a.hosts = {""};
    refused(a, "--host");
}

TEST_CASE("acl list / delete filters") {
    AclFilterArgs none;
    auto fs = filters_for(none);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0] == kfk::AclBindingFilter::any());

    AclFilterArgs topic;
    topic.topic = "orders";
    topic.principal = "User:alice";
    fs = filters_for(topic);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].resource_type == AclResourceType::topic);
    CHECK(fs[0].resource_name == "orders");
    CHECK(fs[0].pattern_type == kfk::AclPatternType::literal);
    CHECK(fs[0].principal == "User:alice");
    CHECK_FALSE(fs[0].host);

    topic.match = true;
    CHECK(filters_for(topic)[0].pattern_type == kfk::AclPatternType::match);
    topic.match = false;
    topic.prefixed = true;
    CHECK(filters_for(topic)[0].pattern_type == kfk::AclPatternType::prefixed);

    AclFilterArgs prefixed_only;
    prefixed_only.prefixed = true;
    fs = filters_for(prefixed_only);
    CHECK(fs[0].resource_type == AclResourceType::any);
    CHECK(fs[0].pattern_type == kfk::AclPatternType::prefixed);
    CHECK_FALSE(fs[0].resource_name);

    AclFilterArgs cluster;
    cluster.cluster = true;
    fs = filters_for(cluster);
    CHECK(fs[0].resource_type == AclResourceType::cluster);
    CHECK(fs[0].resource_name == "kafka-cluster");

    AclFilterArgs ops;
    ops.group = "billing";
    ops.operations = {"Read", "read", "Delete"};
    ops.deny = true;
    fs = filters_for(ops);
    REQUIRE(fs.size() == 2);
    CHECK(fs[0].operation == AclOperation::read);
    CHECK(fs[1].operation == AclOperation::remove);
    CHECK(fs[1].permission == kfk::AclPermission::deny);

    const auto refused = [](AclFilterArgs a) {
        CHECK(error_of([&] { (void)filters_for(a); }).code() == ExitCode::usage);
    };
    AclFilterArgs two;
    two.topic = "t";
    two.group = "g";
    refused(two);
    AclFilterArgs both;
    both.topic = "t";
    both.prefixed = both.match = true;
    refused(both);
    AclFilterArgs match_nothing;
    match_nothing.match = true;
    refused(match_nothing);
    AclFilterArgs cluster_prefixed;
    cluster_prefixed.cluster = cluster_prefixed.prefixed = true;
    refused(cluster_prefixed);
    AclFilterArgs allow_deny;
    allow_deny.allow = allow_deny.deny = true;
    refused(allow_deny);
    AclFilterArgs bad_principal;
    bad_principal.principal = "alice";
    refused(bad_principal);
}

TEST_CASE("acl JSON: stable field names and Kafka's spellings") {
    auto b = binding(AclResourceType::transactional_id, "tx-", AclOperation::idempotent_write);
    b.pattern_type = kfk::AclPatternType::prefixed;
    b.permission = kfk::AclPermission::deny;
    const Json j = acl_json(b);
    CHECK(j.dump() ==
          R"({"principal":"User:alice","permission":"DENY","operation":"IDEMPOTENT_WRITE",)"
          R"("host":"*","resource_type":"TRANSACTIONAL_ID","resource_name":"tx-",)"
          R"("pattern_type":"PREFIXED"})");
    AclFilterArgs a;
    a.topic = "orders";
    const Json f = acl_filter_json(filters_for(a)[0]);
    CHECK(f.dump() ==
          R"({"principal":null,"permission":"ANY","operation":"ANY","host":null,)"
          R"("resource_type":"TOPIC","resource_name":"orders","pattern_type":"LITERAL"})");
    const auto table = acl_table({b});
    CHECK(has(table, "RESOURCE"));
    CHECK(has(table, "TRANSACTIONAL_ID  tx-"));
}

TEST_CASE("acls.yaml: entries expand to bindings; principals: adds managed principals") {
    const std::string text = R"(# the ACLs of alice and bob
principals:
  - User:retired
acls:
  - principal: User:alice
    topic: orders
    operations: [Write, Describe, Create]
  - principal: [User:alice, User:bob]
    group: billing-
    pattern: prefixed
    operations: Read
  - principal: User:bob
    transactional-id: [tx-1, tx-2]
    operations: [write]
    permission: deny
    host: "10.0.0.1"
  - principal: User:alice
    cluster: true
    operations: [IdempotentWrite]
  - principal: User:alice          # a duplicate of the first: counted once
    topic: orders
    operations: [Write]
)";
    const auto file = parse_acl_file(text, "acls.yaml");
    CHECK(file.principals == std::vector<std::string>{"User:alice", "User:bob", "User:retired"});
    CHECK(file.bindings.size() == 3 + 2 + 2 + 1);
    CHECK(std::is_sorted(file.bindings.begin(), file.bindings.end()));
    const auto tx = std::find_if(file.bindings.begin(), file.bindings.end(), [](const auto& b) {
        return b.resource_type == AclResourceType::transactional_id && b.resource_name == "tx-2";
    });
    REQUIRE(tx != file.bindings.end());
    CHECK(tx->principal == "User:bob");
    CHECK(tx->permission == kfk::AclPermission::deny);
    CHECK(tx->host == "10.0.0.1");
    CHECK(tx->operation == AclOperation::write);
    const auto billing =
        std::count_if(file.bindings.begin(), file.bindings.end(), [](const auto& b) {
            return b.resource_name == "billing-" && b.pattern_type == kfk::AclPatternType::prefixed;
        });
    CHECK(billing == 2);
    CHECK(std::any_of(file.bindings.begin(), file.bindings.end(), [](const auto& b) {
        return b.resource_type == AclResourceType::cluster && b.resource_name == "kafka-cluster";
    }));

    CHECK(parse_acl_file("", "empty.yaml").bindings.empty());
    CHECK(parse_acl_file("acls: []\n", "empty.yaml").principals.empty());
}

TEST_CASE("acls.yaml: mistakes are refused with their line") {
    const auto refused = [](const std::string& text, const std::string& where,
                            const std::string& part) {
        CAPTURE(text);
        const auto e = error_of([&] { (void)parse_acl_file(text, "acls.yaml"); });
        CHECK(e.code() == ExitCode::usage);
        CHECK_MESSAGE(has(e.what(), "acls.yaml:" + where + ": "), e.what());
        CHECK_MESSAGE(has(std::string{e.what()} + " " + e.hint(), part), e.what(), e.hint());
    };
    refused("acl:\n  - principal: User:a\n", "1", "unknown key 'acl'");
    refused("acls:\n  - principal: User:a\n    topic: t\n    operation: [Read]\n    hots: x\n", "5",
            "unknown key 'hots'");
    refused("acls:\n  - topic: t\n    operations: [Read]\n", "2", "no principal");
    refused("acls:\n  - principal: alice\n    topic: t\n    operations: [Read]\n", "2",
            "invalid principal");
    refused("acls:\n  - principal: User:a\n    operations: [Read]\n", "2", "no resource");
    refused("acls:\n  - principal: User:a\n    topic: t\n    group: g\n    operations: [Read]\n",
            "4", "one resource per entry");
    refused("acls:\n  - principal: User:a\n    group: g\n    operations: [Write]\n", "2",
            "GROUP ACL cannot grant WRITE");
    refused("acls:\n  - principal: User:a\n    topic: t\n", "2", "no operations");
    refused("acls:\n  - principal: User:a\n    topic: t\n    operations: [Reed]\n", "2",
            "unknown ACL operation 'Reed'");
    refused("acls:\n  - principal: User:a\n    topic: t\n    topic: u\n    operations: [Read]\n",
            "4", "duplicate key 'topic'");
    refused("acls:\n  - principal: User:a\n    topic: t\n    host: *\n    operations: [Read]\n",
            "4", "quote it");
    refused(
        "acls:\n  - principal: User:a\n    cluster: true\n    pattern: prefixed\n"
        "    operations: [Alter]\n",
        "4", "cannot be prefixed");
    refused(
        "acls:\n  - principal: User:a\n    topic: t\n    pattern: match\n"
        "    operations: [Read]\n",
        "4", "literal or prefixed");
    refused(
        "acls:\n  - principal: User:a\n    topic: t\n    permission: any\n"
        "    operations: [Read]\n",
        "4", "allow or deny");
    refused("acls:\n  - principal: User:a\n    topic:\n    operations: [Read]\n", "3", "no value");
    refused("acls: {}\n", "1", "list");
    refused("acls:\n  - just a string\n", "2", "is a map");
    refused("acls: []\n---\nacls: []\n", "3", "one YAML document");
}

TEST_CASE("acl apply plan: add the missing, remove extras only with --prune, never others'") {
    AclFile file;
    file.bindings = {binding(AclResourceType::topic, "orders", AclOperation::write),
                     binding(AclResourceType::topic, "orders", AclOperation::describe)};
    file.principals = {"User:alice", "User:retired"};
    std::sort(file.bindings.begin(), file.bindings.end());

    const std::vector<kfk::AclBinding> current{
        binding(AclResourceType::topic, "orders", AclOperation::write),  // in the file
        binding(AclResourceType::topic, "old", AclOperation::read),      // alice's extra
        binding(AclResourceType::group, "g", AclOperation::read, "User:retired"),
        binding(AclResourceType::topic, "orders", AclOperation::read, "User:carol"),  // not ours
    };
    const auto dry = plan_acls(file, current, false);
    CHECK(summary(dry.to_add) == std::set<std::string>{"TOPIC orders DESCRIBE"});
    CHECK(dry.to_remove.empty());
    CHECK(summary(dry.kept) == std::set<std::string>{"TOPIC old READ", "GROUP g READ"});
    CHECK(dry.unchanged == 1);
    CHECK_FALSE(dry.empty());

    const auto pruned = plan_acls(file, current, true);
    CHECK(summary(pruned.to_remove) == std::set<std::string>{"TOPIC old READ", "GROUP g READ"});
    CHECK(pruned.kept.empty());
    for (const auto& b : pruned.to_remove) CHECK(b.principal != "User:carol");

    // Applied: re-applying is a no-op.
    std::vector<kfk::AclBinding> after = file.bindings;
    after.push_back(binding(AclResourceType::topic, "orders", AclOperation::read, "User:carol"));
    const auto again = plan_acls(file, after, true);
    CHECK(again.empty());
    CHECK(again.unchanged == 2);
    CHECK(again.kept.empty());
}

TEST_CASE("user passwords: exactly one source, never empty, line ending dropped") {
    const auto no_file = [](const std::string&) -> std::string {
        FAIL("read a file");
        return {};
    };
    const auto no_stdin = []() -> std::string {
        FAIL("read stdin");
        return {};
    };
    CHECK(error_of([] { check_password_args({}); }).code() == ExitCode::usage);
    PasswordArgs two;
    two.file = "pw";
    two.generate = true;
    CHECK(has(error_of([&] { check_password_args(two); }).what(), "more than one"));

    PasswordArgs file;
    file.file = "pw";
    const auto from = [](std::string content) {
        return [content](const std::string& path) {
            CHECK(path == "pw");
            return content;
        };
    };
    CHECK(read_new_password(file, from("s3cret\n"), no_stdin).value == "s3cret");
    CHECK(read_new_password(file, from("s3cret\r\n"), no_stdin).value == "s3cret");
    CHECK(read_new_password(file, from("s3cret"), no_stdin).value == "s3cret");
    CHECK(read_new_password(file, from("two words \n\n"), no_stdin).value == "two words \n");
    CHECK_FALSE(read_new_password(file, from("x"), no_stdin).generated);
    CHECK(has(error_of([&] { (void)read_new_password(file, from("\n"), no_stdin); }).what(),
              "empty"));

    PasswordArgs in;
    in.from_stdin = true;
    CHECK(read_new_password(in, no_file, [] { return std::string{"piped\n"}; }).value == "piped");

    PasswordArgs gen;
    gen.generate = true;
    const auto a = read_new_password(gen, no_file, no_stdin);
    const auto b = read_new_password(gen, no_file, no_stdin);
    CHECK(a.generated);
    CHECK(a.value.size() == 32);
    CHECK(a.value != b.value);
    CHECK(std::all_of(a.value.begin(), a.value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }));
    // Every character of the alphabet turns up: no byte range is cut off.
    std::set<char> seen;
    for (int i = 0; i < 200; ++i) {
        for (char c : generate_password()) seen.insert(c);
    }
    CHECK(seen.size() == 62);
}
