// Every kfk command's --output json, parsed and checked field by field: the documented shapes
// (docs/cli.md) that CI scripts rely on.
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using nlohmann::json;

namespace {

json run_json(const std::vector<std::string>& args, const std::string& input = {}) {
    const auto r = run_kfk(args, input);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    try {
        return r.json();
    } catch (const std::exception& e) {
        FAIL("not JSON: " << e.what() << "\n" << describe(r));
    }
    return {};
}

}  // namespace

TEST_CASE("topic commands: create, dry run, list, describe, alter, add-partitions, delete") {
    const std::string topic = kfk_test::unique_name("json-topic");

    auto j = run_json({"topic", "create", topic, "-p", "3", "--dry-run", "-o", "json"});
    CHECK(j["status"] == "valid");
    CHECK(j["dry_run"] == true);
    CHECK(run_kfk({"topic", "describe", topic}).code == 2);  // the dry run created nothing

    j = run_json({"topic", "create", topic, "-p", "3", "-r", "1", "--config",
                  "retention.ms=3600000", "-o", "json"});
    CHECK(j["name"] == topic);
    CHECK(j["status"] == "created");
    CHECK(j["dry_run"] == false);
    CHECK(j["partitions"] == 3);
    CHECK(j["replication_factor"] == 1);
    CHECK(j["configs"]["retention.ms"] == "3600000");

    j = run_json({"topic", "create", topic, "-p", "3", "--if-not-exists", "-o", "json"});
    CHECK(j["status"] == "exists");

    REQUIRE(run_kfk({"produce", topic, "-q"}, "a\nb\nc\nd\n").code == 0);

    j = run_json({"topic", "list", "-o", "json"});
    bool listed = false;
    for (const auto& t : j["topics"]) {
        if (t["name"] != topic) continue;
        listed = true;
        CHECK(t["partitions"] == 3);
        CHECK(t["replication_factor"] == 1);
        CHECK(t["internal"] == false);
    }
    CHECK(listed);
    const auto names = run_kfk({"topic", "list", "-q"});
    CHECK(names.out.find(topic + "\n") != std::string::npos);

    j = run_json({"topic", "describe", topic, "-o", "json"});
    REQUIRE(j["topics"].size() == 1);
    const auto t = j["topics"][0];
    CHECK(t["name"] == topic);
    CHECK(t["partition_count"] == 3);
    CHECK(t["replication_factor"] == 1);
    CHECK(t["under_replicated_partitions"] == 0);
    CHECK(t["internal"] == false);
    CHECK(t["id"].is_string());
    REQUIRE(t["partitions"].size() == 3);
    std::int64_t records = 0;
    for (const auto& p : t["partitions"]) {
        CHECK(p["leader"] == 1);
        CHECK(p["replicas"] == json::array({1}));
        CHECK(p["isr"] == json::array({1}));
        CHECK(p["under_replicated"] == false);
        CHECK(p["offline"] == false);
        CHECK(p["log_start"] == 0);
        records += p["log_end"].get<std::int64_t>();
    }
    CHECK(records == 4);
    bool retention = false;
    for (const auto& c : t["configs"]) {
        if (c["name"] == "retention.ms") {
            retention = true;
            CHECK(c["value"] == "3600000");
            CHECK(c["source"].is_string());
            CHECK(c["sensitive"] == false);
        }
    }
    CHECK(retention);

    j = run_json({"topic", "alter", topic, "--config", "retention.ms=7200000", "--delete-config",
                  "cleanup.policy", "-o", "json"});
    CHECK(j["status"] == "altered");
    REQUIRE(j["changes"].size() == 2);
    CHECK(j["changes"][0]["name"] == "retention.ms");
    CHECK(j["changes"][0]["op"].is_string());
    CHECK(j["changes"][1]["value"].is_null());
    j = run_json({"topic", "describe", topic, "-o", "json"});
    for (const auto& c : j["topics"][0]["configs"]) {
        if (c["name"] == "retention.ms") CHECK(c["value"] == "7200000");
    }

    j = run_json({"topic", "add-partitions", topic, "--partitions", "6", "-o", "json"});
    CHECK(j["partitions_before"] == 3);
    CHECK(j["partitions"] == 6);
    CHECK(j["keys_remapped_fraction"].get<double>() > 0);

    const auto yaml = run_kfk({"topic", "describe", topic, "-o", "yaml"});
    CHECK_MESSAGE(yaml.out.rfind("topics:\n- name: " + topic + "\n", 0) == 0, describe(yaml));

    j = run_json({"topic", "delete", topic, "-o", "json"});
    CHECK(j["topics"][0]["name"] == topic);
    CHECK(j["topics"][0]["status"] == "deleted");
    CHECK(j["topics"][0]["error"].is_null());
}

TEST_CASE("cluster describe and config") {
    auto j = run_json({"cluster", "describe", "-o", "json"});
    CHECK(j["cluster_id"].is_string());
    CHECK(j["controller_id"].is_number_integer());
    REQUIRE(j["brokers"].size() >= 1);
    CHECK(j["brokers"][0]["host"].is_string());
    CHECK(j["brokers"][0]["port"].is_number_integer());
    CHECK(j["brokers"][0].contains("rack"));

    j = run_json({"config", "-o", "json"});
    CHECK(j["context"].is_null());
    CHECK(j["contexts_file_exists"] == false);
    CHECK(j["timeout_ms"] == 10000);
    bool bootstrap = false;
    for (const auto& s : j["settings"]) {
        if (s["key"] == "bootstrap.servers") {
            bootstrap = true;
            CHECK(s["value"] == kfk_test::bootstrap());
            CHECK(s["source"] == "env KFK_BOOTSTRAP");
        }
    }
    CHECK(bootstrap);
}

TEST_CASE("consume --output json: one object per record with every field") {
    const std::string topic = kfk_test::unique_name("json-consume");
    REQUIRE(run_kfk({"topic", "create", topic, "-p", "1"}).code == 0);
    REQUIRE(run_kfk({"produce", topic, "--key", "k1", "--header", "h=v", "--value", "{\"a\":1}"})
                .code == 0);
    const auto r = run_kfk({"consume", topic, "--from", "beginning", "--exit", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto records = r.json_lines();
    REQUIRE(records.size() == 1);
    const auto& rec = records[0];
    CHECK(rec["topic"] == topic);
    CHECK(rec["partition"] == 0);
    CHECK(rec["offset"] == 0);
    CHECK(rec["timestamp"].get<std::string>().back() == 'Z');
    CHECK(rec["timestamp_ms"].is_number_integer());
    CHECK(rec["timestamp_type"] == "create_time");
    CHECK(rec["key"] == "k1");
    CHECK(rec["key_encoding"] == "utf8");
    CHECK(rec["value"] == "{\"a\":1}");
    CHECK(rec["value_encoding"] == "utf8");
    CHECK(rec["headers"] == json::parse(R"([{"key":"h","value":"v","value_encoding":"utf8"}])"));

    const auto embedded =
        run_kfk({"consume", topic, "--from", "beginning", "--exit", "-o", "json", "--json-values"});
    CHECK(embedded.json_lines()[0]["value"]["a"] == 1);
    CHECK(embedded.json_lines()[0]["value_encoding"] == "json");
}

TEST_CASE("group commands: list, describe, lag (and --watch), reset-offsets, delete") {
    const std::string topic = kfk_test::unique_name("json-group");
    const std::string group = kfk_test::unique_name("json-g");
    REQUIRE(run_kfk({"topic", "create", topic, "-p", "2"}).code == 0);
    // Three records in each partition, so that consuming 4 touches (and commits) both,
    // whatever order the fetches come back in.
    REQUIRE(run_kfk({"produce", topic, "-q", "-K", ":", "-p", "0"}, "a:1\nb:2\nc:3\n").code == 0);
    REQUIRE(run_kfk({"produce", topic, "-q", "-K", ":", "-p", "1"}, "d:4\ne:5\nf:6\n").code == 0);
    REQUIRE(
        run_kfk({"consume", topic, "--group", group, "--from", "beginning", "--count", "4"}).code ==
        0);

    auto j = run_json({"group", "list", "-o", "json"});
    bool listed = false;
    for (const auto& g : j["groups"]) {
        if (g["group"] != group) continue;
        listed = true;
        CHECK(g["state"] == "Empty");
        CHECK(g["type"].is_string());
        CHECK(g["simple"] == false);
    }
    CHECK(listed);
    CHECK(j["errors"].is_array());

    j = run_json({"group", "describe", group, "-o", "json"});
    auto g = j["groups"][0];
    CHECK(g["group"] == group);
    CHECK(g["state"] == "Empty");
    CHECK(g["members"].is_array());
    CHECK(g["coordinator"]["id"].is_number_integer());
    CHECK(g["total_lag"] == 2);
    REQUIRE(g["partitions"].size() == 2);
    for (const auto& p : g["partitions"]) {
        CHECK(p["topic"] == topic);
        CHECK(p["log_end"].is_number_integer());
        CHECK(p.contains("committed"));
        CHECK(p.contains("lag"));
        CHECK(p["owner"].is_null());
    }

    j = run_json({"group", "lag", group, "-o", "json"});
    CHECK(j["group"] == group);
    CHECK(j["total_lag"] == 2);
    CHECK(j["status"].is_string());
    CHECK(j["isolation"] == "read_uncommitted");
    CHECK(j["topics"][0]["topic"] == topic);
    CHECK(j["topics"][0]["lag"] == 2);
    CHECK(j["partitions"][0]["status"].is_string());

    const auto watch =
        run_kfk({"group", "lag", group, "--watch", "200ms", "--samples", "3", "-o", "json"});
    REQUIRE_MESSAGE(watch.code == 0, describe(watch));
    const auto samples = watch.json_lines();
    REQUIRE(samples.size() == 3);
    CHECK(samples[2]["samples"] == 3);
    CHECK(samples[2]["total_lag"] == 2);

    j = run_json(
        {"group", "reset-offsets", group, "--topic", topic, "--to-earliest", "-o", "json"});
    CHECK(j["group"] == group);
    CHECK(j["executed"] == false);
    CHECK(j["strategy"] == "to-earliest");
    REQUIRE(j["partitions"].size() == 2);
    for (const auto& p : j["partitions"]) CHECK(p["target"] == 0);
    CHECK(run_json({"group", "lag", group, "-o", "json"})["total_lag"] == 2);  // dry run

    j = run_json({"group", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute",
                  "-o", "json"});
    CHECK(j["executed"] == true);
    CHECK(run_json({"group", "lag", group, "-o", "json"})["total_lag"] == 6);

    j = run_json({"group", "reset-offsets", group, "--all-topics", "--shift-by", "1", "--execute",
                  "-o", "json"});
    CHECK(run_json({"group", "lag", group, "-o", "json"})["total_lag"] == 4);

    j = run_json({"group", "delete", group, "-o", "json"});
    CHECK(j["groups"][0]["group"] == group);
    CHECK(j["groups"][0]["status"] == "deleted");
    const auto gone = run_kfk({"group", "describe", group});
    CHECK_MESSAGE(gone.code == 2, describe(gone));
    const auto lag_gone = run_kfk({"group", "lag", group});
    CHECK_MESSAGE(lag_gone.code == 2, describe(lag_gone));
    CHECK(run_kfk({"group", "delete", group, "--if-exists"}).code == 0);
    CHECK(run_kfk({"group", "delete", group}).code == 2);
}
