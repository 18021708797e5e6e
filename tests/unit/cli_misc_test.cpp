// kfk CLI: YAML output, tables, exit codes, --from specs, --filter, topic names, -o values.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "cli_fake_record.hpp"
#include "core/args.hpp"
#include "core/exit_codes.hpp"
#include "core/output.hpp"
#include "core/record_filter.hpp"
#include "core/start_spec.hpp"
#include "core/yaml.hpp"

using namespace kfk::cli;
using cli_test::FakeRecord;

TEST_CASE("cli YAML output: block style, quoting where YAML would misread") {
    Json doc;
    doc["name"] = "orders";
    doc["count"] = 3;
    doc["ok"] = true;
    doc["none"] = nullptr;
    doc["tricky"] = Json::array({"yes", "42", "a: b", "", "-x", "multi\nline", "plain"});
    doc["empty"] = Json::array();
    doc["nested"] = Json::array({Json{{"k", 1}, {"v", "x"}}});
    const std::string y = to_yaml(doc);
    CHECK(y ==
          "name: orders\n"
          "count: 3\n"
          "ok: true\n"
          "none: null\n"
          "tricky:\n"
          "- \"yes\"\n"
          "- \"42\"\n"
          "- \"a: b\"\n"
          "- \"\"\n"
          "- \"-x\"\n"
          "- \"multi\\nline\"\n"
          "- plain\n"
          "empty: []\n"
          "nested:\n"
          "- k: 1\n"
          "  v: x\n");
    // What kfk writes, a YAML reader reads back as the same strings.
    const auto back = YAML::Load(y);
    CHECK(back["tricky"][2].as<std::string>() == "a: b");
    CHECK(back["tricky"][5].as<std::string>() == "multi\nline");
    CHECK(back["nested"][0]["v"].as<std::string>() == "x");
}

TEST_CASE("cli tables align columns without trailing spaces") {
    Table t{{"A", "LONGER"}};
    t.add({"wide-value", "x"});
    t.add({"é", ""});
    CHECK(t.render() == "A           LONGER\nwide-value  x\né\n");
}

TEST_CASE("cli exit codes: classes of errors and multi-item results") {
    using E = kfk::ErrorCode;
    CHECK(exit_code_for(E::unknown_topic_or_partition) == ExitCode::not_found);
    CHECK(exit_code_for(E::group_id_not_found) == ExitCode::not_found);
    CHECK(exit_code_for(E::resource_not_found) == ExitCode::not_found);
    CHECK(exit_code_for(E::cluster_authorization_failed) == ExitCode::auth);
    CHECK(exit_code_for(E::topic_already_exists) == ExitCode::already_exists);
    CHECK(exit_code_for(E::timed_out) == ExitCode::unreachable);
    CHECK(exit_code_for(E::transport) == ExitCode::unreachable);
    CHECK(exit_code_for(E::sasl_authentication_failed) == ExitCode::auth);
    CHECK(exit_code_for(E::topic_authorization_failed) == ExitCode::auth);
    CHECK(exit_code_for(E::invalid_replication_factor) == ExitCode::usage);
    CHECK(exit_code_for(E::invalid_config) == ExitCode::usage);
    CHECK(combine(3, {}) == ExitCode::ok);
    CHECK(combine(2, {ExitCode::not_found, ExitCode::not_found}) == ExitCode::not_found);
    CHECK(combine(3, {ExitCode::not_found}) == ExitCode::partial);
    CHECK(combine(2, {ExitCode::not_found, ExitCode::auth}) == ExitCode::partial);
}

TEST_CASE("cli -o: formats, and a kcat habit gets a hint") {
    CHECK(parse_output_format("json") == OutputFormat::json);
    CHECK(parse_output_format("yaml") == OutputFormat::yaml);
    CHECK(parse_output_format("table") == OutputFormat::table);
    try {
        parse_output_format("beginning");
        FAIL("accepted");
    } catch (const CliError& e) {
        CHECK(e.hint().find("--from beginning") != std::string::npos);
    }
}

TEST_CASE("cli --from: every form, resolved against the log") {
    const std::int64_t now = 1'700'000'000'000;
    using K = StartSpec::Kind;
    CHECK(parse_start_spec("beginning", now).kind == K::beginning);
    CHECK(parse_start_spec("earliest", now).kind == K::beginning);
    CHECK(parse_start_spec("end", now).kind == K::end);
    CHECK(parse_start_spec("stored", now).kind == K::stored);
    CHECK(parse_start_spec("1234", now).kind == K::absolute);
    const auto last = parse_start_spec("-10", now);
    CHECK(last.kind == K::from_end);
    CHECK(last.value == 10);
    const auto rel = parse_start_spec("@-15m", now);
    CHECK(rel.kind == K::time);
    CHECK(rel.value == now - 900'000);
    CHECK(parse_start_spec("@2024-01-15T10:00:00Z", now).value == 1705312800000);
    CHECK_THROWS_AS(parse_start_spec("start", now), CliError);
    CHECK_THROWS_AS(parse_start_spec("@soon", now), CliError);

    CHECK(resolve_start_offset(parse_start_spec("beginning", now), 5, 20, -1) == 5);
    CHECK(resolve_start_offset(parse_start_spec("end", now), 5, 20, -1) == 20);
    CHECK(resolve_start_offset(parse_start_spec("-10", now), 5, 20, -1) == 10);
    CHECK(resolve_start_offset(parse_start_spec("-100", now), 5, 20, -1) == 5);
    CHECK(resolve_start_offset(parse_start_spec("3", now), 5, 20, -1) == 5);
    CHECK(resolve_start_offset(parse_start_spec("30", now), 5, 20, -1) == 20);
    CHECK(resolve_start_offset(parse_start_spec("@-1m", now), 5, 20, 12) == 12);
    CHECK(resolve_start_offset(parse_start_spec("@-1m", now), 5, 20, -1) == 20);
}

TEST_CASE("cli --filter: substring, regex, header presence and value") {
    FakeRecord r;
    r.headers_ = {{"source", std::string{"web-eu"}}};
    CHECK(RecordFilter{"key:customer"}.matches(r));
    CHECK_FALSE(RecordFilter{"key:nobody"}.matches(r));
    CHECK(RecordFilter{"value~\"id\": [0-9]+"}.matches(r));
    CHECK_FALSE(RecordFilter{"value~^x"}.matches(r));
    CHECK(RecordFilter{"header.source"}.matches(r));
    CHECK(RecordFilter{"header.source:eu"}.matches(r));
    CHECK_FALSE(RecordFilter{"header.source~^eu"}.matches(r));
    CHECK_FALSE(RecordFilter{"header.trace"}.matches(r));
    r.key_.reset();
    CHECK_FALSE(RecordFilter{"key:customer"}.matches(r));
    CHECK_THROWS_AS(RecordFilter{"colour:red"}, CliError);
    CHECK_THROWS_AS(RecordFilter{"key~("}, CliError);
    CHECK_THROWS_AS(RecordFilter{"key"}, CliError);
}

TEST_CASE("cli topic names and key=value lists") {
    CHECK_NOTHROW(check_topic_name("order-events.v1_x"));
    CHECK_THROWS_AS(check_topic_name("has space"), CliError);
    CHECK_THROWS_AS(check_topic_name("slash/no"), CliError);
    CHECK_THROWS_AS(check_topic_name(".."), CliError);
    CHECK_THROWS_AS(check_topic_name(std::string(250, 'a')), CliError);
    CHECK_THROWS_AS(check_topic_name(""), CliError);
    const auto kv = parse_assignments({"a=1", "b=x=y", "c="}, "--config");
    REQUIRE(kv.size() == 3);
    CHECK(kv[1].second == "x=y");
    CHECK(kv[2].second.empty());
    CHECK_THROWS_AS(parse_assignments({"novalue"}, "--config"), CliError);
}
