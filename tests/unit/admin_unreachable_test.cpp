// Admin against an unreachable address (no broker): every kind of call fails with its
// documented whole-call error instead of hanging or returning empty results.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "kfk/admin.hpp"
#include "kfk/exceptions.hpp"

using namespace std::chrono_literals;

namespace {

kfk::Admin admin_for(const std::string& bootstrap) {
    return kfk::Admin{
        kfk::AdminConfig{}.bootstrap_servers(bootstrap).log_sink(kfk::null_log_sink())};
}

}  // namespace

TEST_CASE("an unreachable broker fails each kind of call with TimeoutError within the deadline") {
    // Port 1 on loopback: nothing listens, connections are refused at once.
    auto admin = admin_for("127.0.0.1:1");
    const auto deadline = 700ms;
    // "Within": a bound against hanging (librdkafka's own timeout plus kfk's 2 s margin, and
    // room for a loaded machine), not a performance figure.
    const auto bound = deadline + 2s + 5s;
    auto within = [&](auto&& call) {
        const auto start = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(call(), kfk::TimeoutError);
        const auto took = std::chrono::steady_clock::now() - start;
        CHECK_MESSAGE(took < bound,
                      "took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                              << " ms");
    };
    within([&] { (void)admin.describe_topics({"t"}, deadline); });
    within([&] { (void)admin.create_topics({{"t", 1, 1, {}}}, deadline); });
    within([&] { (void)admin.describe_cluster(deadline); });
    within([&] { (void)admin.list_groups(deadline); });
    within([&] { (void)admin.describe_groups({"g"}, deadline); });
    within([&] { (void)admin.list_group_offsets("g", deadline); });
    within([&] { (void)admin.group_lag("g", deadline); });
    within([&] { (void)admin.list_offsets({{{"t", 0}, kfk::OffsetSpec::latest()}}, deadline); });
    within([&] { (void)admin.describe_configs({kfk::ConfigResource::topic("t")}, deadline); });
    within([&] { (void)admin.create_partitions({{"t", 4}}, deadline); });
    within([&] { (void)admin.delete_groups({"g"}, deadline); });
    within([&] { (void)admin.delete_records({{"t", 0, 5}}, deadline); });
    within([&] {
        (void)admin.plan_offset_reset("g", {{"t", 0}}, kfk::ResetStrategy::to_earliest(), deadline);
    });
}
