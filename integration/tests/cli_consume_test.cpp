// kfk consume semantics against the real broker: --exit never hangs (open and aborted
// transactions, control records, group mode, nothing to read), Ctrl-C commits exactly what
// was printed, --from in every form, partition/count/filter, and KIP-848 groups.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <thread>

#include "cli_run.hpp"
#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using namespace std::chrono_literals;

namespace {

std::string make_topic(const std::string& prefix, int partitions) {
    const std::string topic = kfk_test::unique_name(prefix);
    const auto r = run_kfk({"topic", "create", topic, "--partitions", std::to_string(partitions)});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    return topic;
}

std::string numbered(int first, int last, const std::string& prefix = "r") {
    std::string s;
    for (int i = first; i <= last; ++i) s += prefix + std::to_string(i) + "\n";
    return s;
}

kfk::BytesProducer transactional_producer() {
    return kfk::BytesProducer{kfk::ProducerConfig{}
                                  .bootstrap_servers(kfk_test::bootstrap())
                                  .transactional_id(kfk_test::unique_name("cli-txn"))
                                  .log_sink(kfk::null_log_sink())};
}

void send(kfk::BytesProducer& p, const std::string& topic, const std::string& value) {
    const auto report = p.send_sync({.topic = topic, .value = value, .partition = 0}, 30s);
    REQUIRE_MESSAGE(report.ok(), report.error.to_string());
}

std::int64_t committed_total(const std::string& group) {
    const auto r = run_kfk({"group", "describe", group, "-o", "json"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto doc = r.json();
    std::int64_t sum = 0;
    for (const auto& p : doc["groups"][0]["partitions"]) {
        if (!p["committed"].is_null()) sum += p["committed"].get<std::int64_t>();
    }
    return sum;
}

}  // namespace

TEST_CASE("--exit with an open transaction stops at the last stable offset, no hang") {
    const auto topic = make_topic("txn-open", 1);
    auto producer = transactional_producer();
    producer.init_transactions(30s);
    producer.begin_transaction();
    for (int i = 0; i < 3; ++i) send(producer, topic, "committed-" + std::to_string(i));
    producer.commit_transaction(30s);  // offsets 0-2, commit marker at 3
    producer.begin_transaction();
    send(producer, topic, "open-0");  // offsets 4-5, not committed yet
    send(producer, topic, "open-1");

    auto r = run_kfk(
        {"consume", topic, "--from", "beginning", "--exit", "--isolation", "read_committed"}, {},
        {}, 60s);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.out == "committed-0\ncommitted-1\ncommitted-2\n", describe(r));

    const std::string group = kfk_test::unique_name("txn-group");
    r = run_kfk({"consume", topic, "--from", "beginning", "--exit", "--isolation", "read_committed",
                 "--group", group},
                {}, {}, 60s);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.lines().size() == 3, describe(r));

    r = run_kfk({"consume", topic, "--from", "beginning", "--exit"}, {}, {}, 60s);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.lines().size() == 5, describe(r));  // read_uncommitted sees the open ones
    producer.abort_transaction(30s);
}

TEST_CASE("--exit across aborted transactions and markers (offset gaps) does not hang") {
    const auto topic = make_topic("txn-gaps", 1);
    auto producer = transactional_producer();
    producer.init_transactions(30s);
    producer.begin_transaction();
    send(producer, topic, "keep-0");
    producer.commit_transaction(30s);
    producer.begin_transaction();
    send(producer, topic, "drop-0");
    send(producer, topic, "drop-1");
    producer.abort_transaction(30s);  // the log ends with an abort marker: no record at end-1

    for (const std::string& group : {std::string{}, kfk_test::unique_name("gaps")}) {
        std::vector<std::string> args{"consume", topic,         "--from",        "beginning",
                                      "--exit",  "--isolation", "read_committed"};
        if (!group.empty()) {
            args.push_back("--group");
            args.push_back(group);
        }
        const auto r = run_kfk(args, {}, {}, 60s);
        CAPTURE(group);
        CHECK_MESSAGE(r.code == 0, describe(r));
        CHECK_MESSAGE(r.out == "keep-0\n", describe(r));
    }
}

TEST_CASE("--exit with a group: resumes after its commit, exits at once when caught up") {
    const auto topic = make_topic("exit-group", 3);
    const auto group = kfk_test::unique_name("exit-g");
    REQUIRE(run_kfk({"produce", topic, "-q"}, numbered(1, 30)).code == 0);
    auto r = run_kfk({"consume", topic, "--group", group, "--from", "beginning", "--exit"});
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.lines().size() == 30);
    const auto start = std::chrono::steady_clock::now();
    r = run_kfk({"consume", topic, "--group", group, "--from", "beginning", "--exit"});
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.out.empty(), describe(r));
    CHECK(std::chrono::steady_clock::now() - start < 30s);
    // An empty topic, no group: nothing to read, exit right away.
    const auto empty = make_topic("exit-empty", 2);
    r = run_kfk({"consume", empty, "--from", "beginning", "--exit"});
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK(r.out.empty());
}

TEST_CASE("Ctrl-C commits exactly what was printed; a restart prints the rest, no duplicates") {
    const auto topic = make_topic("sigint", 2);
    const auto group = kfk_test::unique_name("sigint-g");
    constexpr int total = 20000;
    REQUIRE(run_kfk({"produce", topic, "-q"}, numbered(1, total)).code == 0);

    cli_it::Process p{{"-v", "consume", topic, "--group", group, "--from", "beginning"}};
    p.read_lines(100, 30s);
    p.signal(SIGINT);
    const auto first = p.wait(60s);
    REQUIRE_MESSAGE(first.code == 0, describe(first));
    const auto printed = first.lines();
    CHECK(printed.size() >= 100);
    CHECK(printed.size() < static_cast<std::size_t>(total));
    CHECK_MESSAGE(committed_total(group) == static_cast<std::int64_t>(printed.size()), first.err);

    // --from applies where the group has no commit yet (a partition nothing was printed from).
    const auto second =
        run_kfk({"consume", topic, "--group", group, "--from", "beginning", "--exit"});
    REQUIRE_MESSAGE(second.code == 0, describe(second));
    std::set<std::string> seen;
    for (const auto& l : printed) CHECK_MESSAGE(seen.insert(l).second, "duplicate " << l);
    for (const auto& l : second.lines()) CHECK_MESSAGE(seen.insert(l).second, "duplicate " << l);
    CHECK(seen.size() == static_cast<std::size_t>(total));
    CHECK(committed_total(group) == total);
}

TEST_CASE("SIGTERM stops a consume cleanly too") {
    const auto topic = make_topic("sigterm", 1);
    REQUIRE(run_kfk({"produce", topic, "-q"}, numbered(1, 5)).code == 0);
    cli_it::Process p{{"consume", topic, "--from", "beginning"}};
    p.read_lines(5, 30s);
    p.signal(SIGTERM);
    const auto r = p.wait(60s);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK(r.lines().size() == 5);
}

TEST_CASE("Ctrl-C during produce: what was read is delivered, reported, exit 130") {
    const auto topic = make_topic("produce-int", 1);
    cli_it::Process p{{"produce", topic}};
    p.write_stdin("one\ntwo\nthree\n");  // stdin stays open: kfk waits for more
    const bool delivered = kfk_test::eventually(
        [&] {
            const auto r = run_kfk({"consume", topic, "--from", "beginning", "--exit"});
            return r.lines().size() == 3;
        },
        30s, 200ms);
    CHECK(delivered);
    p.signal(SIGINT);
    const auto r = p.wait(30s, /*keep_stdin=*/true);  // Ctrl-C must end a read that waits
    CHECK_MESSAGE(r.code == 130, describe(r));
    CHECK_MESSAGE(r.err.find("Produced 3 records") != std::string::npos, describe(r));
}

TEST_CASE("produce's summary stays one short line on a topic with many partitions") {
    const auto topic = make_topic("produce-wide", 12);
    std::string input;
    for (int i = 0; i < 300; ++i) input += "key-" + std::to_string(i) + ":v\n";
    const auto r = run_kfk({"produce", topic, "-K", ":"}, input);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    // 300 keys over 12 partitions: more than the 8 kfk lists by number.
    CHECK_MESSAGE(r.err.find(" of 12 partitions]") != std::string::npos, describe(r));
    CHECK_MESSAGE(r.err.find("[partitions 0,1,") == std::string::npos, describe(r));
    const auto small = run_kfk({"produce", topic, "-p", "3"}, "x\ny\n");
    REQUIRE_MESSAGE(small.code == 0, describe(small));
    CHECK_MESSAGE(small.err.find("[partitions 3]") != std::string::npos, describe(small));
}

TEST_CASE("--from: beginning, end, offset, last N, timestamps (ISO, relative)") {
    const auto topic = make_topic("from", 1);
    REQUIRE(run_kfk({"produce", topic, "-q"}, numbered(0, 4, "old")).code == 0);
    std::this_thread::sleep_for(1500ms);
    const auto middle = kfk_test::unique_name("unused");  // keeps the clock moving
    (void)middle;
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::this_thread::sleep_for(100ms);
    REQUIRE(run_kfk({"produce", topic, "-q"}, numbered(0, 4, "new")).code == 0);

    const auto consume = [&](const std::string& from) {
        const auto r = run_kfk({"consume", topic, "--from", from, "--exit"});
        REQUIRE_MESSAGE(r.code == 0, describe(r));
        return r.lines();
    };
    CHECK(consume("beginning").size() == 10);
    CHECK(consume("end").empty());
    CHECK(consume("7") == std::vector<std::string>{"new2", "new3", "new4"});
    CHECK(consume("-2") == std::vector<std::string>{"new3", "new4"});
    CHECK(consume("@" + std::to_string(now_ms)).front() == "new0");
    CHECK(consume("@" + std::to_string(now_ms)).size() == 5);
    CHECK(consume("@-1h").size() == 10);
    const auto iso =
        run_kfk({"consume", topic, "--from", "beginning", "--exit", "--format", "%T\\n"});
    const std::string first_time = iso.lines().front();
    CHECK(first_time.size() == 24);
    CHECK(consume("@" + first_time).size() == 10);
}

TEST_CASE("--partition, --count, --filter and --format") {
    const auto topic = make_topic("select", 3);
    REQUIRE(run_kfk({"produce", topic, "-q", "--partition", "1", "-K", ":"},
                    "a:apple\nb:banana\nc:cherry\n")
                .code == 0);
    REQUIRE(run_kfk({"produce", topic, "-q", "--partition", "2"}, "elsewhere\n").code == 0);
    auto r = run_kfk({"consume", topic, "--from", "beginning", "--exit", "--partition", "1"});
    CHECK_MESSAGE(r.out == "apple\nbanana\ncherry\n", describe(r));
    r = run_kfk(
        {"consume", topic, "--from", "beginning", "--exit", "--partition", "1", "--count", "2"});
    CHECK_MESSAGE(r.out == "apple\nbanana\n", describe(r));
    r = run_kfk({"consume", topic, "--from", "beginning", "--exit", "--filter", "value~an"});
    CHECK_MESSAGE(r.out == "banana\n", describe(r));
    r = run_kfk({"consume", topic, "--from", "beginning", "--exit", "--filter", "key:c", "--format",
                 "%k=%s@%p:%o\\n"});
    CHECK_MESSAGE(r.out == "c=cherry@1:2\n", describe(r));
    r = run_kfk({"consume", topic, "--from", "beginning", "--exit", "--partition", "7"});
    CHECK_MESSAGE(r.code == 2, describe(r));
}

TEST_CASE("a KIP-848 (consumer protocol) group is described as such while consuming") {
    const auto topic = make_topic("kip848", 2);
    const auto group = kfk_test::unique_name("kip848-g");
    REQUIRE(run_kfk({"produce", topic, "-q"}, numbered(1, 10)).code == 0);
    cli_it::Process p{{"consume", topic, "--group", group, "--from", "beginning", "-X",
                       "group.protocol=consumer"}};
    p.read_lines(10, 60s);
    nlohmann::json g;
    const bool stable = kfk_test::eventually(
        [&] {
            const auto r = run_kfk({"group", "describe", group, "-o", "json"});
            if (r.code != 0) return false;
            g = r.json()["groups"][0];
            return g["state"] == "Stable" && g["members"].size() == 1;
        },
        30s, 500ms);
    CHECK_MESSAGE(stable, g.dump());
    CHECK(g["type"] == "consumer");
    REQUIRE(g["members"].size() == 1);
    CHECK(g["members"][0]["assignment"].size() == 2);
    for (const auto& part : g["partitions"]) CHECK(part["owner"].is_object());
    p.signal(SIGINT);
    const auto r = p.wait(60s);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK(committed_total(group) == 10);
}
