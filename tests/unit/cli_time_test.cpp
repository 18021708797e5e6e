// kfk CLI: durations, times (ISO-8601, epoch ms, relative) and ISO-8601 output.
#include <doctest/doctest.h>

#include "core/exit_codes.hpp"
#include "core/time_parse.hpp"

using namespace kfk::cli;
using std::chrono::milliseconds;

TEST_CASE("cli durations: units, combinations, and a missing unit refused") {
    CHECK(parse_duration("500ms") == milliseconds{500});
    CHECK(parse_duration("30s") == milliseconds{30'000});
    CHECK(parse_duration("15m") == milliseconds{900'000});
    CHECK(parse_duration("2h") == milliseconds{7'200'000});
    CHECK(parse_duration("1d") == milliseconds{86'400'000});
    CHECK(parse_duration("1h30m") == milliseconds{5'400'000});
    CHECK(parse_duration("0") == milliseconds{0});
    CHECK_THROWS_AS(parse_duration("5"), CliError);
    CHECK_THROWS_AS(parse_duration("5x"), CliError);
    CHECK_THROWS_AS(parse_duration(""), CliError);
    CHECK_THROWS_AS(parse_duration("m"), CliError);
    try {
        parse_duration("5");
    } catch (const CliError& e) {
        CHECK(e.code() == ExitCode::usage);
        CHECK(std::string{e.hint()}.find("30s") != std::string::npos);
    }
    CHECK(format_duration(milliseconds{5'400'000}) == "1h30m");
    CHECK(format_duration(milliseconds{250}) == "250ms");
    CHECK(format_duration(milliseconds{0}) == "0s");
}

TEST_CASE("cli times: ISO-8601 forms, epoch milliseconds, now and relative") {
    const std::int64_t now = 1'700'000'000'000;
    CHECK(parse_time("2024-01-15T10:00:00Z", now) == 1705312800000);
    CHECK(parse_time("2024-01-15T10:00:00.123Z", now) == 1705312800123);
    CHECK(parse_time("2024-01-15T10:00:00.1239Z", now) == 1705312800123);
    CHECK(parse_time("2024-01-15T12:00:00+02:00", now) == 1705312800000);
    CHECK(parse_time("2024-01-15T05:30:00-0430", now) == 1705312800000);
    CHECK(parse_time("2024-01-15 10:00:00", now) == 1705312800000);
    CHECK(parse_time("2024-01-15T10:00", now) == 1705312800000);
    CHECK(parse_time("2024-01-15", now) == 1705276800000);
    CHECK(parse_time("1705312800000", now) == 1705312800000);
    CHECK(parse_time("now", now) == now);
    CHECK(parse_time("-15m", now) == now - 900'000);
    CHECK(parse_time("+1h", now) == now + 3'600'000);
    CHECK_THROWS_AS(parse_time("2024-02-30", now), CliError);
    CHECK_THROWS_AS(parse_time("2024-01-15T25:00:00Z", now), CliError);
    CHECK_THROWS_AS(parse_time("yesterday", now), CliError);
    CHECK_THROWS_AS(parse_time("2024-01-15T10:00:00Q", now), CliError);
}

TEST_CASE("cli ISO-8601 output is UTC with milliseconds and round-trips") {
    CHECK(format_iso8601(1705312800123) == "2024-01-15T10:00:00.123Z");
    CHECK(format_iso8601(0) == "1970-01-01T00:00:00.000Z");
    CHECK(format_iso8601(-1) == "1969-12-31T23:59:59.999Z");
    for (std::int64_t ms : {0LL, 1LL, 951782400000LL, 1705312800123LL, 4102444799999LL}) {
        CAPTURE(ms);
        CHECK(parse_time(format_iso8601(ms), 0) == ms);
    }
}
