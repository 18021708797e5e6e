// Offset reset targets (the kafka-consumer-groups strategies) without a broker.
#include <doctest/doctest.h>

#include <chrono>

#include "admin/offset_reset.hpp"
#include "kfk/admin_types.hpp"

using kfk::ResetStrategy;

namespace {

kfk::OffsetResetEntry entry(std::optional<std::int64_t> current, std::int64_t start,
                            std::int64_t end) {
    kfk::OffsetResetEntry e;
    e.topic = std::string{"t"};  // not = "t": GCC 12 -Wrestrict false positive at -O2 (GCC#105329)
    e.current = current;
    e.log_start = start;
    e.log_end = end;
    return e;
}

kfk::OffsetResetEntry resolve(const ResetStrategy& s, kfk::OffsetResetEntry e,
                              std::optional<std::int64_t> time_offset = std::nullopt) {
    kfk::detail::resolve_reset_target(s, e, time_offset);
    return e;
}

}  // namespace

TEST_CASE("reset: to-earliest and to-latest") {
    CHECK(resolve(ResetStrategy::to_earliest(), entry(50, 10, 90)).target == 10);
    CHECK(resolve(ResetStrategy::to_latest(), entry(50, 10, 90)).target == 90);
    CHECK(resolve(ResetStrategy::to_latest(), entry(std::nullopt, 10, 90)).target == 90);
}

TEST_CASE("reset: to-offset is clamped to [log start, log end] and says so") {
    auto in = resolve(ResetStrategy::to_offset(42), entry(50, 10, 90));
    CHECK(in.target == 42);
    CHECK_FALSE(in.clamped);
    auto low = resolve(ResetStrategy::to_offset(3), entry(50, 10, 90));
    CHECK(low.target == 10);
    CHECK(low.clamped);
    auto high = resolve(ResetStrategy::to_offset(500), entry(50, 10, 90));
    CHECK(high.target == 90);
    CHECK(high.clamped);
    CHECK_FALSE(high.error);
}

TEST_CASE("reset: shift-by moves from the committed offset, clamped") {
    CHECK(resolve(ResetStrategy::shift_by(-5), entry(50, 10, 90)).target == 45);
    CHECK(resolve(ResetStrategy::shift_by(7), entry(50, 10, 90)).target == 57);
    auto under = resolve(ResetStrategy::shift_by(-100), entry(50, 10, 90));
    CHECK(under.target == 10);
    CHECK(under.clamped);
    auto none = resolve(ResetStrategy::shift_by(-5), entry(std::nullopt, 10, 90));
    CHECK(none.error.code() == kfk::ErrorCode::no_offset);
}

TEST_CASE("reset: to-datetime / by-duration use the offset for the time, the end when none") {
    using namespace std::chrono_literals;
    CHECK(
        resolve(ResetStrategy::to_datetime(kfk::TimePoint{1000ms}), entry(50, 10, 90), 33).target ==
        33);
    CHECK(resolve(ResetStrategy::by_duration(60min), entry(50, 10, 90), -1).target == 90);
    auto missing = resolve(ResetStrategy::to_datetime(kfk::TimePoint{1000ms}), entry(50, 10, 90));
    CHECK(missing.error);
}

TEST_CASE("reset: unknown log offsets or an earlier error leave the entry unresolved") {
    CHECK(resolve(ResetStrategy::to_earliest(), entry(50, -1, 90)).error);
    auto e = entry(50, 10, 90);
    e.error = kfk::Error{kfk::ErrorCode::unknown_topic_or_partition};
    CHECK(resolve(ResetStrategy::to_earliest(), e).error.code() ==
          kfk::ErrorCode::unknown_topic_or_partition);
}

TEST_CASE("reset: strategies print like kafka-consumer-groups options") {
    using namespace std::chrono_literals;
    CHECK(ResetStrategy::to_earliest().to_string() == "to-earliest");
    CHECK(ResetStrategy::shift_by(-5).to_string() == "shift-by -5");
    CHECK(ResetStrategy::to_offset(7).to_string() == "to-offset 7");
    CHECK(ResetStrategy::to_datetime(kfk::TimePoint{1714557600123ms}).to_string() ==
          "to-datetime 2024-05-01T10:00:00.123Z");
    CHECK(ResetStrategy::by_duration(90s).to_string() == "by-duration 90000ms");
}

TEST_CASE("plan: executable_count counts entries without an error") {
    kfk::OffsetResetPlan plan;
    plan.partitions.push_back(entry(1, 0, 10));
    plan.partitions.push_back(entry(1, 0, 10));
    plan.partitions.back().error = kfk::Error{kfk::ErrorCode::no_offset};
    CHECK(plan.executable_count() == 1);
}
