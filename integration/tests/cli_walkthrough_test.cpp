// The first-steps walkthrough with the real kfk binary against the real broker: create
// order-events with 3 partitions, produce keyed JSON orders, consume them from the beginning
// as group order-processor, describe the group, see lag 0, produce more, see the lag grow.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "cli_run.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;

namespace {

std::string orders(int first, int last) {
    std::string s;
    for (int i = first; i <= last; ++i) {
        s += "customer-" + std::to_string(i % 5) + "\t{\"order_id\":" + std::to_string(i) +
             ",\"customer\":\"customer-" + std::to_string(i % 5) +
             "\",\"amount\":" + std::to_string(i * 7 % 100) + ".5}\n";
    }
    return s;
}

}  // namespace

TEST_CASE("walkthrough: create, produce, consume as a group, describe, lag 0, lag grows") {
    const std::string topic = kfk_test::unique_name("order-events");
    const std::string group = kfk_test::unique_name("order-processor");

    auto r = run_kfk({"topic", "create", topic, "--partitions", "3", "--replication-factor", "1"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.out.find("Created topic " + topic) != std::string::npos);

    r = run_kfk({"produce", topic, "--key-delimiter", "\\t", "--format", "json"}, orders(1, 10));
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.err.find("Produced 10 records") != std::string::npos, describe(r));

    r = run_kfk({"consume", topic, "--from", "beginning", "--group", group, "--exit", "--print",
                 "key,partition,offset"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto lines = r.lines();
    REQUIRE_MESSAGE(lines.size() == 10, describe(r));
    std::set<std::string> order_ids;
    std::map<std::string, std::set<std::string>> partitions_of_key;
    for (const auto& line : lines) {
        // key \t partition \t offset \t value
        const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1), t3 = line.find('\t', t2 + 1);
        REQUIRE(t3 != std::string::npos);
        partitions_of_key[line.substr(0, t1)].insert(line.substr(t1 + 1, t2 - t1 - 1));
        const auto value = nlohmann::json::parse(line.substr(t3 + 1));
        order_ids.insert(std::to_string(value["order_id"].get<int>()));
    }
    CHECK(order_ids.size() == 10);
    for (const auto& [key, parts] : partitions_of_key) {
        CAPTURE(key);
        CHECK(parts.size() == 1);  // one key, one partition
    }

    r = run_kfk({"group", "describe", group});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.out.find("CURRENT-OFFSET") != std::string::npos);
    CHECK(r.out.find("LOG-END-OFFSET") != std::string::npos);

    r = run_kfk({"group", "describe", group, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    auto g = r.json()["groups"][0];
    CHECK(g["group"] == group);
    CHECK(g["total_lag"] == 0);
    REQUIRE(g["partitions"].size() == 3);
    std::int64_t committed = 0;
    for (const auto& p : g["partitions"]) committed += p["committed"].get<std::int64_t>();
    CHECK(committed == 10);

    r = run_kfk({"group", "lag", group, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["total_lag"] == 0);

    r = run_kfk({"produce", topic, "--key-delimiter", "\\t", "--format", "json"}, orders(11, 15));
    REQUIRE_MESSAGE(r.code == 0, describe(r));

    r = run_kfk({"group", "lag", group, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto lag = r.json();
    CHECK(lag["total_lag"] == 5);
    std::int64_t sum = 0;
    for (const auto& p : lag["partitions"]) sum += p["lag"].get<std::int64_t>();
    CHECK(sum == 5);

    r = run_kfk({"group", "lag", group});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.out.find("total lag: 5") != std::string::npos);

    // Consuming again as the group resumes after the commit: exactly the 5 new orders.
    r = run_kfk({"consume", topic, "--from", "beginning", "--group", group, "--exit"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.lines().size() == 5, describe(r));
    r = run_kfk({"group", "lag", group, "-o", "json"});
    CHECK(r.json()["total_lag"] == 0);

    r = run_kfk({"topic", "delete", topic});
    CHECK_MESSAGE(r.code == 0, describe(r));
}
