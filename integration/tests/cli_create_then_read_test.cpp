// Issue 8 point 12: right after `topic create` a KRaft broker answers ListOffsets with
// NOT_LEADER_OR_FOLLOWER / LEADER_NOT_AVAILABLE for a moment. The SDK retries those inside the
// call's timeout, so a script's `kfk topic create T && kfk consume T --exit` never fails.
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;
using namespace std::chrono_literals;

TEST_CASE("topic create && consume --from beginning --exit, 20 times, never fails") {
    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(kfk_test::bootstrap())};
    std::vector<std::string> created;
    int failures = 0;
    for (int i = 0; i < 20; ++i) {
        const auto topic = kfk_test::unique_name("create-read");
        auto create = run_kfk({"topic", "create", topic, "-p", "6"}, {}, {}, 60s);
        REQUIRE_MESSAGE(create.code == 0, describe(create));
        created.push_back(topic);
        auto consume = run_kfk({"consume", topic, "--from", "beginning", "--exit"}, {}, {}, 60s);
        if (consume.code != 0 || !consume.out.empty()) {
            ++failures;
            FAIL_CHECK("run " << i << ": " << describe(consume));
        }
        // The SDK the same way: offsets of a topic created a moment ago.
        const auto second = kfk_test::unique_name("create-offsets");
        const auto made = admin.create_topics(
            {{.name = second, .partitions = 6, .replication_factor = 1, .configs = {}}}, 30s);
        REQUIRE(made.size() == 1);
        REQUIRE_MESSAGE(!made[0].error, made[0].error.to_string());
        created.push_back(second);
        std::vector<kfk::OffsetQuery> queries;
        for (int p = 0; p < 6; ++p) queries.push_back({{second, p}, kfk::OffsetSpec::latest()});
        for (const auto& o : admin.list_offsets(queries, 30s)) {
            CHECK_MESSAGE(!o.error, o.topic << " [" << o.partition << "]: " << o.error.to_string());
            CHECK(o.offset == 0);
        }
    }
    CHECK(failures == 0);
    (void)admin.delete_topics(created, 60s);
}
