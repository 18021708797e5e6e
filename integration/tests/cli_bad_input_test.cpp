// Bad input to the kfk command, each with its exit code and a message that says what is wrong
// (exit codes: 0 ok, 1 usage/invalid, 2 not found, 3 exists, 4 partial, 5 unreachable, 6 auth).
#include <doctest/doctest.h>

#include <chrono>

#include "cli_run.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;

namespace {

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

std::string make_topic(const std::string& prefix, int partitions,
                       const std::vector<std::string>& extra = {}) {
    const std::string topic = kfk_test::unique_name(prefix);
    std::vector<std::string> args{"topic", "create", topic, "--partitions",
                                  std::to_string(partitions)};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_kfk(args);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    return topic;
}

}  // namespace

TEST_CASE("invalid topic names are refused with the rule (exit 1)") {
    for (const std::string& name :
         std::vector<std::string>{"has space", "slash/name", "..", std::string(250, 'x')}) {
        const auto r = run_kfk({"topic", "create", name, "--partitions", "1"});
        CAPTURE(name);
        CHECK_MESSAGE(r.code == 1, describe(r));
        CHECK(has(r.err, "invalid topic name"));
        CHECK(has(r.err, "hint"));
    }
}

TEST_CASE("unknown topics: exit 2 from every command, 0 with --if-exists") {
    const std::string missing = kfk_test::unique_name("missing");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"topic", "describe", missing},
             {"topic", "delete", missing},
             {"topic", "alter", missing, "--config", "retention.ms=1000"},
             {"topic", "add-partitions", missing, "--partitions", "4"},
             {"consume", missing, "--exit"},
             {"produce", missing, "--value", "x"}}) {
        const auto r = run_kfk(args);
        CAPTURE(args[0] + " " + args[1]);
        CHECK_MESSAGE(r.code == 2, describe(r));
        CHECK_MESSAGE((has(r.err, "does not exist") || has(r.err, "UNKNOWN_TOPIC")), describe(r));
    }
    const auto r = run_kfk({"topic", "delete", missing, "--if-exists", "-o", "json"});
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["topics"][0]["status"] == "absent");
    // Nothing was created implicitly by produce or consume.
    CHECK(run_kfk({"topic", "describe", missing}).code == 2);
}

TEST_CASE("topic create twice: exit 3, or 0 with --if-not-exists") {
    const auto topic = make_topic("twice", 1);
    auto r = run_kfk({"topic", "create", topic, "--partitions", "1"});
    CHECK_MESSAGE(r.code == 3, describe(r));
    CHECK(has(r.err, "already exists"));
    r = run_kfk({"topic", "create", topic, "--partitions", "1", "--if-not-exists"});
    CHECK_MESSAGE(r.code == 0, describe(r));
}

TEST_CASE("partitions cannot decrease (exit 1), increasing works and warns about keys") {
    const auto topic = make_topic("shrink", 3);
    auto r = run_kfk({"topic", "add-partitions", topic, "--partitions", "2"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "cannot remove partitions"));
    r = run_kfk({"topic", "add-partitions", topic, "--partitions", "4", "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["partitions_before"] == 3);
    CHECK(r.json()["partitions"] == 4);
    CHECK(has(r.err, "75%"));
}

TEST_CASE("replication factor above the broker count: exit 1 naming the problem") {
    const auto r = run_kfk({"topic", "create", kfk_test::unique_name("rf"), "--partitions", "1",
                            "--replication-factor", "3"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "INVALID_REPLICATION_FACTOR"), describe(r));
}

TEST_CASE("unknown config keys and bad values: exit 1 naming them") {
    auto r = run_kfk({"topic", "create", kfk_test::unique_name("cfg"), "--partitions", "1",
                      "--config", "retention.mss=1000"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "retention.mss"), describe(r));
    r = run_kfk({"topic", "create", kfk_test::unique_name("cfg"), "--partitions", "1", "--config",
                 "retention.ms=soon"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "retention.ms"), describe(r));
    const auto topic = make_topic("alter", 1);
    r = run_kfk({"topic", "alter", topic, "--config", "no.such.config=1"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "no.such.config"), describe(r));
    r = run_kfk({"topic", "create", kfk_test::unique_name("cfg"), "--config", "novalue"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "key=value"));
}

TEST_CASE("a record larger than the max message size: a clear error naming the limit") {
    const auto topic = make_topic("big", 1);
    const std::string two_mb(2 * 1024 * 1024, 'x');
    auto r = run_kfk({"produce", topic}, two_mb + "\n");
    CHECK_MESSAGE(r.code != 0, describe(r));
    CHECK_MESSAGE(has(r.err, "larger than the maximum message size 1048588 bytes"), describe(r));
    CHECK_MESSAGE(has(r.err, "max.message.bytes"), describe(r));
    CHECK(has(r.err, "1 record not acknowledged"));

    // A topic with its own limit: that limit is named; smaller records still go through.
    const auto small = make_topic("small", 1, {"--config", "max.message.bytes=2000"});
    r = run_kfk({"produce", small}, "ok\n" + std::string(5000, 'y') + "\nalso ok\n");
    CHECK_MESSAGE(r.code == 4, describe(r));
    CHECK_MESSAGE(has(r.err, "2000 bytes"), describe(r));
    r = run_kfk({"consume", small, "--from", "beginning", "--exit"});
    CHECK_MESSAGE(r.out == "ok\nalso ok\n", describe(r));
}

TEST_CASE("malformed JSON with --format json: the line is named, nothing sent from it") {
    const std::string input = "{\"n\":1}\n{\"n\":2,\n{\"n\":3}\n";
    const auto fail_topic = make_topic("json-fail", 1);
    auto r = run_kfk({"produce", fail_topic, "--format", "json"}, input);
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "line 2"), describe(r));
    r = run_kfk({"consume", fail_topic, "--from", "beginning", "--exit"});
    CHECK_MESSAGE(r.out == "{\"n\":1}\n", describe(r));  // stopped at line 2 (default policy)

    const auto skip_topic = make_topic("json-skip", 1);
    r = run_kfk({"produce", skip_topic, "--format", "json", "--on-error", "skip"}, input);
    CHECK_MESSAGE(r.code == 4, describe(r));
    CHECK(has(r.err, "line 2"));
    r = run_kfk({"consume", skip_topic, "--from", "beginning", "--exit"});
    CHECK_MESSAGE(r.out == "{\"n\":1}\n{\"n\":3}\n", describe(r));

    r = run_kfk({"produce", skip_topic, "--input", "json"}, "{\"value\":\"ok\"}\nnot json\n");
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "line 2"));
}

TEST_CASE("an unreachable bootstrap fails within the timeout with exit 5") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"topic", "list"},
                                                                  {"cluster", "describe"},
                                                                  {"consume", "x", "--exit"},
                                                                  {"produce", "x", "--value", "v"},
                                                                  {"group", "list"}}) {
        std::vector<std::string> full{"-b", "127.0.0.1:1", "--timeout", "2s"};
        full.insert(full.end(), args.begin(), args.end());
        const auto start = std::chrono::steady_clock::now();
        const auto r = run_kfk(full);
        const auto took = std::chrono::steady_clock::now() - start;
        CAPTURE(args[0]);
        CHECK_MESSAGE(r.code == 5, describe(r));
        CHECK_MESSAGE(has(r.err, "cannot reach the Kafka cluster at 127.0.0.1:1"), describe(r));
        CHECK(took < std::chrono::seconds{30});
    }
}

TEST_CASE("empty stdin: nothing produced, said so, exit 0") {
    const auto topic = make_topic("empty", 1);
    const auto r = run_kfk({"produce", topic});
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK(has(r.err, "the input was empty"));
    CHECK(run_kfk({"consume", topic, "--from", "beginning", "--exit"}).out.empty());
}

TEST_CASE("stdout closed early (kfk consume | head): quiet exit 0") {
    const auto topic = make_topic("pipe", 1);
    std::string many;
    for (int i = 0; i < 50000; ++i) many += "record-" + std::to_string(i) + "\n";
    REQUIRE(run_kfk({"produce", topic, "-q"}, many).code == 0);
    cli_it::Process p{{"consume", topic, "--from", "beginning"}};
    const auto got = p.read_lines(3, std::chrono::seconds{30});
    CHECK(got.rfind("record-0\nrecord-1\nrecord-2\n", 0) == 0);
    p.close_stdout();
    const auto r = p.wait(std::chrono::seconds{30});
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.err.empty(), describe(r));
}

TEST_CASE("passwords on the command line are refused, never echoed") {
    auto r = run_kfk({"--sasl-password", "hunter2", "topic", "list"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "refusing --sasl-password"));
    CHECK(has(r.err, "KFK_SASL_PASSWORD"));
    CHECK_FALSE(has(r.err + r.out, "hunter2"));
    r = run_kfk({"-X", "sasl.password=hunter2", "topic", "list"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "file:PATH"));
    CHECK_FALSE(has(r.err + r.out, "hunter2"));
}

TEST_CASE("usage errors exit 1 with a hint; kcat's -o habit is caught") {
    auto r = run_kfk({"topic", "list", "--no-such-flag"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    r = run_kfk({"consume", "t", "-o", "beginning"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(has(r.err, "--from beginning"), describe(r));
    r = run_kfk({});
    CHECK_MESSAGE(r.code == 1, describe(r));
    r = run_kfk({"consume", "t", "--from", "yesterday"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "--from"));
    const auto topic = make_topic("part", 2);
    r = run_kfk({"produce", topic, "--partition", "5", "--value", "x"});
    CHECK_MESSAGE(r.code == 2, describe(r));
    CHECK(has(r.err, "no partition 5"));
}
