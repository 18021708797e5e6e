// The Burrow-style classifier and evaluator on synthetic sample sequences (no broker).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "kfk/lag.hpp"
#include "kfk/lag_watch.hpp"

using kfk::LagSample;
using kfk::LagStatus;
using namespace std::chrono_literals;

namespace {

kfk::TimePoint at(int seconds) {
    return kfk::TimePoint{std::chrono::milliseconds{seconds * 1000LL}};
}

// One sample per (committed, lag) pair, 10 s apart, all with the given ownership.
std::vector<LagSample> series(const std::vector<std::pair<std::int64_t, std::int64_t>>& points,
                              bool owned = true) {
    std::vector<LagSample> out;
    int t = 0;
    for (const auto& [committed, lag] : points) {
        out.push_back(LagSample{at(t), committed, lag, owned});
        t += 10;
    }
    return out;
}

kfk::GroupLag group_sample(int seconds, std::int64_t committed, std::int64_t log_end, bool owned,
                           kfk::GroupState state = kfk::GroupState::stable) {
    kfk::GroupLag g;
    g.group = "g";
    g.state = state;
    g.sampled_at = at(seconds);
    kfk::PartitionLag p;
    p.topic = "t";
    p.partition = 0;
    p.committed = committed;
    p.log_start = 0;
    p.log_end = log_end;
    p.lag = kfk::compute_lag(committed, 0, log_end).lag;
    if (owned) p.owner = kfk::PartitionOwner{"member-1", "client-1", "/127.0.0.1", std::nullopt};
    g.partitions.push_back(p);
    kfk::summarize(g);
    return g;
}

}  // namespace

TEST_CASE("classify: empty and single-sample windows are OK and incomplete") {
    CHECK(kfk::classify_partition({}).status == LagStatus::ok);
    auto v = kfk::classify_partition(series({{10, 5}}));
    CHECK(v.status == LagStatus::ok);
    CHECK(v.complete == doctest::Approx(1.0));
    std::vector<LagSample> no_commit{LagSample{at(0), std::nullopt, std::nullopt, true},
                                     LagSample{at(10), std::nullopt, std::nullopt, true}};
    auto nc = kfk::classify_partition(no_commit);
    CHECK(nc.status == LagStatus::ok);
    CHECK(nc.complete == doctest::Approx(0.0));
    CHECK(nc.reason == "no committed offset");
}

TEST_CASE("classify rule 1: zero lag anywhere in the window is OK") {
    // Lag growing and commits stuck would be a STALL, but it was zero at the start.
    auto v = kfk::classify_partition(series({{100, 0}, {100, 5}, {100, 9}}));
    CAPTURE(v.reason);
    CHECK(v.status == LagStatus::ok);
    // Zero lag now.
    CHECK(kfk::classify_partition(series({{100, 5}, {100, 5}, {105, 0}})).status == LagStatus::ok);
}

TEST_CASE("classify rule 2: committed offset going backwards is REWIND") {
    auto v = kfk::classify_partition(series({{100, 5}, {120, 5}, {90, 40}, {95, 35}}));
    CAPTURE(v.reason);
    CHECK(v.status == LagStatus::rewind);
    CHECK(v.reason.find("120") != std::string::npos);
    // Rewind outranks STOP: even with no owner.
    CHECK(kfk::classify_partition(series({{100, 5}, {90, 15}, {90, 15}}, false)).status ==
          LagStatus::rewind);
}

TEST_CASE("classify rule 3: no owner and commits idle longer than they moved is STOP") {
    // Never moved in the window, nobody owns it.
    auto v = kfk::classify_partition(series({{50, 10}, {50, 20}, {50, 30}}, false));
    CAPTURE(v.reason);
    CHECK(v.status == LagStatus::stop);
    // Moved during the first 10 s, then idle for 30 s: idle (30) > moving (10).
    auto w =
        kfk::classify_partition(series({{40, 10}, {50, 10}, {50, 20}, {50, 30}, {50, 40}}, false));
    CAPTURE(w.reason);
    CHECK(w.status == LagStatus::stop);
    // Moved for 30 s, idle for 10 s: not (yet) stopped; lag never shrank, so WARNING.
    auto x =
        kfk::classify_partition(series({{10, 10}, {20, 15}, {30, 20}, {40, 25}, {40, 30}}, false));
    CAPTURE(x.reason);
    CHECK(x.status == LagStatus::warning);
}

TEST_CASE("classify rule 4: an owned partition whose commits never move is STALL") {
    auto v = kfk::classify_partition(series({{70, 3}, {70, 8}, {70, 12}}, true));
    CAPTURE(v.reason);
    CHECK(v.status == LagStatus::stall);
    CHECK(v.reason.find("70") != std::string::npos);
    // Same numbers without an owner: STOP, the consumer has gone.
    CHECK(kfk::classify_partition(series({{70, 3}, {70, 8}, {70, 12}}, false)).status ==
          LagStatus::stop);
}

TEST_CASE("classify rule 5: commits advance but lag never decreases is WARNING") {
    auto v = kfk::classify_partition(series({{10, 5}, {20, 8}, {30, 8}, {40, 12}}));
    CAPTURE(v.reason);
    CHECK(v.status == LagStatus::warning);
    // One decrease anywhere in the window is enough to be OK.
    auto ok = kfk::classify_partition(series({{10, 5}, {20, 8}, {30, 6}, {40, 12}}));
    CAPTURE(ok.reason);
    CHECK(ok.status == LagStatus::ok);
}

TEST_CASE("classify: leading samples without a commit are skipped but lower completeness") {
    std::vector<LagSample> w{LagSample{at(0), std::nullopt, std::nullopt, true},
                             LagSample{at(10), 10, 5, true}, LagSample{at(20), 10, 9, true}};
    auto v = kfk::classify_partition(w);
    CAPTURE(v.reason);
    CHECK(v.status == LagStatus::stall);
    CHECK(v.complete == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("LagEvaluator: group status folds STOP/STALL/REWIND into ERR, keeps the worst") {
    kfk::LagEvaluator ev{5};
    for (int i = 0; i < 5; ++i) ev.add(group_sample(i * 10, 100, 110 + i, true));
    auto s = ev.evaluate();
    REQUIRE(s.partitions.size() == 1);
    CAPTURE(s.partitions[0].reason);
    CHECK(s.partitions[0].status == LagStatus::stall);
    CHECK(s.status == LagStatus::error);
    CHECK(s.worst == LagStatus::stall);
    CHECK(s.total_lag == 14);
    CHECK(s.complete == doctest::Approx(1.0));
    REQUIRE(s.max_lag);
    CHECK(s.max_lag->lag == 14);
    CHECK(s.samples == 5);
}

TEST_CASE("LagEvaluator: a healthy consumer is OK, a slow one WARN, a gone one STOP") {
    SUBCASE("healthy: lag drops to zero now and then") {
        kfk::LagEvaluator ev{4};
        ev.add(group_sample(0, 100, 110, true));
        ev.add(group_sample(10, 110, 110, true));
        ev.add(group_sample(20, 120, 130, true));
        auto s = ev.evaluate();
        CHECK(s.status == LagStatus::ok);
    }
    SUBCASE("slow: commits advance, lag grows") {
        kfk::LagEvaluator ev{4};
        for (int i = 0; i < 4; ++i) ev.add(group_sample(i * 10, 100 + i * 10, 120 + i * 20, true));
        auto s = ev.evaluate();
        CAPTURE(s.partitions[0].reason);
        CHECK(s.status == LagStatus::warning);
        CHECK(s.worst == LagStatus::warning);
    }
    SUBCASE("gone: the group empties, commits stop, records keep arriving") {
        kfk::LagEvaluator ev{4};
        for (int i = 0; i < 4; ++i) {
            ev.add(group_sample(i * 10, 100, 120 + i * 20, false, kfk::GroupState::empty));
        }
        auto s = ev.evaluate();
        CAPTURE(s.partitions[0].reason);
        CHECK(s.partitions[0].status == LagStatus::stop);
        CHECK(s.status == LagStatus::error);
        CHECK(s.state == kfk::GroupState::empty);
    }
}

TEST_CASE("LagEvaluator: the window slides and not-found is reported") {
    kfk::LagEvaluator ev{3};
    // A stall long ago, then steady progress: only the last 3 samples count.
    ev.add(group_sample(0, 100, 150, true));
    ev.add(group_sample(10, 100, 150, true));
    ev.add(group_sample(20, 100, 150, true));
    CHECK(ev.evaluate().partitions.at(0).status == LagStatus::stall);
    ev.add(group_sample(30, 140, 160, true));
    ev.add(group_sample(40, 150, 160, true));
    ev.add(group_sample(50, 160, 165, true));
    auto s = ev.evaluate();
    CAPTURE(s.partitions.at(0).reason);
    CHECK(s.partitions.at(0).status == LagStatus::ok);
    CHECK(s.partitions.at(0).window_start_committed == 140);

    ev.add_not_found("g", at(60));
    CHECK(ev.evaluate().status == LagStatus::not_found);
    CHECK(to_string(LagStatus::not_found) == "NOTFOUND");
    CHECK(to_string(LagStatus::warning) == "WARN");
}

TEST_CASE("LagEvaluator: a partition missing from a sample gets a no-commit sample") {
    kfk::LagEvaluator ev{3};
    ev.add(group_sample(0, 100, 150, true));
    kfk::GroupLag empty;
    empty.group = "g";
    empty.sampled_at = at(10);
    ev.add(empty);
    auto s = ev.evaluate();
    REQUIRE(s.partitions.size() == 1);
    CHECK_FALSE(s.partitions[0].committed);
    CHECK(s.partitions[0].status == LagStatus::ok);
    CHECK(s.partitions[0].complete == doctest::Approx(0.5));
}
