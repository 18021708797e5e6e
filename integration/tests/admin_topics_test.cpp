// Admin against the real broker: topics, partitions, configs, cluster, records, and the
// documented errors (unknown topic, broker unreachable past the deadline).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "admin_it_support.hpp"
#include "kfk/kfk.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;

namespace {

using admin_it::create_topic;
using admin_it::make_admin;
using admin_it::produce;

std::vector<std::string> names_of(const std::vector<kfk::ItemResult>& r) {
    std::vector<std::string> out;
    for (const auto& x : r) out.push_back(x.name);
    return out;
}

}  // namespace

TEST_CASE("create, describe, list and delete topics round trip with per-item results") {
    auto admin = make_admin();
    const auto a = kfk_test::unique_name("adm-a");
    const auto b = kfk_test::unique_name("adm-b");
    const auto existing = kfk_test::unique_name("adm-exists");
    create_topic(admin, existing, 1);

    auto created = admin.create_topics(
        {{a, 3, 1, {{"retention.ms", "3600000"}, {"cleanup.policy", "compact"}}},
         {b, -1, -1, {}},  // broker defaults
         {existing, 1, 1, {}}},
        30s);
    REQUIRE(created.size() == 3);
    CHECK(names_of(created) == std::vector<std::string>{a, b, existing});
    CHECK_MESSAGE(created[0].ok(), created[0].error.to_string());
    CHECK_MESSAGE(created[1].ok(), created[1].error.to_string());
    // One failing item does not hide the others.
    CHECK(created[2].error.code() == kfk::ErrorCode::topic_already_exists);

    REQUIRE(kfk_test::eventually([&] {
        auto topics = admin.list_topics(10s);
        return std::count(topics.begin(), topics.end(), a) == 1 &&
               std::count(topics.begin(), topics.end(), b) == 1;
    }));

    auto described = admin.describe_topics({a, b}, 10s, {.include_configs = true});
    REQUIRE(described.size() == 2);
    const auto& da = described[0];
    REQUIRE_MESSAGE(!da.error, da.error.to_string());
    CHECK(da.name == a);
    CHECK_FALSE(da.internal);
    CHECK_FALSE(da.topic_id.empty());
    REQUIRE(da.partitions.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        const auto& p = da.partitions[i];
        CHECK(p.id == static_cast<int>(i));
        CHECK(p.leader >= 0);
        CHECK(p.replicas == std::vector<std::int32_t>{p.leader});
        CHECK(p.isr == p.replicas);
        CHECK_FALSE(p.under_replicated());
    }
    // The topic's configs come with it: overrides flagged as not default.
    auto find = [&](const char* name) {
        auto it = std::find_if(da.configs.begin(), da.configs.end(),
                               [&](const kfk::ConfigEntry& e) { return e.name == name; });
        REQUIRE_MESSAGE(it != da.configs.end(), "config " << name << " missing");
        return *it;
    };
    const auto retention = find("retention.ms");
    CHECK(retention.value == "3600000");
    CHECK_FALSE(retention.is_default);
    CHECK(retention.source == kfk::ConfigSource::dynamic_topic);
    CHECK(find("cleanup.policy").value == "compact");
    CHECK(find("segment.bytes").is_default);
    // Broker defaults applied to the -1 topic (num.partitions=1 on the harness broker).
    CHECK_FALSE(described[1].partitions.empty());

    // Internal topics: listed only on request, flagged. __consumer_offsets exists once some
    // client looked for a group coordinator; on a fresh broker this test may be the first.
    REQUIRE(kfk_test::eventually(
        [&] {
            (void)admin.describe_groups({kfk_test::unique_name("coordinator-probe")}, 10s);
            const auto all = admin.list_topics(10s, true);
            return std::count(all.begin(), all.end(), "__consumer_offsets") == 1;
        },
        60s));
    auto with_internal = admin.list_topics(10s, true);
    auto without_internal = admin.list_topics(10s, false);
    CHECK(std::count(with_internal.begin(), with_internal.end(), "__consumer_offsets") == 1);
    CHECK(std::count(without_internal.begin(), without_internal.end(), "__consumer_offsets") == 0);
    CHECK(std::is_sorted(without_internal.begin(), without_internal.end()));
    auto offsets_topic = admin.describe_topics({"__consumer_offsets"}, 10s);
    CHECK(offsets_topic.at(0).internal);

    auto deleted = admin.delete_topics({a, b, existing}, 30s);
    REQUIRE(deleted.size() == 3);
    for (const auto& d : deleted) CHECK_MESSAGE(d.ok(), d.name << ": " << d.error.to_string());
    REQUIRE(kfk_test::eventually([&] {
        auto topics = admin.list_topics(10s);
        return std::count(topics.begin(), topics.end(), a) == 0;
    }));
    auto gone = admin.describe_topics({a}, 10s);
    CHECK(gone.at(0).error.code() == kfk::ErrorCode::unknown_topic_or_partition);
}

TEST_CASE("validate-only creates nothing, and reports what a real create would") {
    auto admin = make_admin();
    const auto t = kfk_test::unique_name("adm-dry");
    auto dry = admin.create_topics({{t, 4, 1, {{"retention.ms", "1000"}}}}, 30s, true);
    REQUIRE(dry.size() == 1);
    CHECK_MESSAGE(dry[0].ok(), dry[0].error.to_string());
    auto d = admin.describe_topics({t}, 10s);
    CHECK(d.at(0).error.code() == kfk::ErrorCode::unknown_topic_or_partition);
    auto topics = admin.list_topics(10s);
    CHECK(std::count(topics.begin(), topics.end(), t) == 0);

    // The same validation the real call would do: a replication factor above the broker count.
    auto bad = admin.create_topics({{t, 1, 3, {}}}, 30s, true);
    CHECK(bad.at(0).error.code() == kfk::ErrorCode::invalid_replication_factor);
    auto bad_config = admin.create_topics({{t, 1, 1, {{"retention.ms", "banana"}}}}, 30s, true);
    CHECK(bad_config.at(0).error.code() == kfk::ErrorCode::invalid_config);
}

TEST_CASE("partitions grow; a decrease is refused with an explanation and changes nothing") {
    auto admin = make_admin();
    const auto t = kfk_test::unique_name("adm-grow");
    create_topic(admin, t, 2);

    auto dry = admin.create_partitions({{t, 5}}, 30s, true);
    CHECK_MESSAGE(dry.at(0).ok(), dry.at(0).error.to_string());
    CHECK(admin.describe_topics({t}, 10s).at(0).partitions.size() == 2);

    auto grown = admin.create_partitions({{t, 5}}, 30s);
    REQUIRE_MESSAGE(grown.at(0).ok(), grown.at(0).error.to_string());
    REQUIRE(kfk_test::eventually(
        [&] { return admin.describe_topics({t}, 10s).at(0).partitions.size() == 5; }));
    CHECK(kfk::keys_remapped_fraction(2, 5) == doctest::Approx(0.8));

    auto shrink = admin.create_partitions({{t, 3}, {t + "-missing", 4}}, 30s);
    REQUIRE(shrink.size() == 2);
    CHECK(shrink[0].error.code() == kfk::ErrorCode::invalid_partitions);
    const auto msg = shrink[0].error.message();
    CAPTURE(msg);
    CHECK(msg.find("has 5 partitions") != std::string::npos);
    CHECK(msg.find("only grow") != std::string::npos);
    CHECK(msg.find("murmur2(key) % partition count") != std::string::npos);
    CHECK(shrink[1].error.code() == kfk::ErrorCode::unknown_topic_or_partition);
    auto same = admin.create_partitions({{t, 5}}, 30s);
    CHECK(same.at(0).error.code() == kfk::ErrorCode::invalid_partitions);
    CHECK(admin.describe_topics({t}, 10s).at(0).partitions.size() == 5);
    (void)admin.delete_topics({t}, 30s);
}

TEST_CASE("topic configs: set, read back, delete, validate-only, bad values per resource") {
    auto admin = make_admin();
    const auto t = kfk_test::unique_name("adm-cfg");
    create_topic(admin, t, 1);
    const auto res = kfk::ConfigResource::topic(t);

    // Two operations on one key in one request: refused before sending (a usage error).
    CHECK_THROWS_AS(admin.incremental_alter_configs(
                        {{res,
                          {{"cleanup.policy", kfk::AlterConfigOp::set, "delete"},
                           {"cleanup.policy", kfk::AlterConfigOp::append, "compact"}}}},
                        30s),
                    kfk::UsageError);

    auto set = admin.incremental_alter_configs(
        {{res,
          {{"retention.ms", kfk::AlterConfigOp::set, "123456"},
           {"cleanup.policy", kfk::AlterConfigOp::append, "compact"}}}},
        30s);
    REQUIRE_MESSAGE(set.at(0).ok(), set.at(0).error.to_string());
    // Applied asynchronously by the broker: read back once it shows.
    std::vector<kfk::ConfigDescription> read;
    CHECK(kfk_test::eventually([&] {
        read = admin.describe_configs({res}, 10s);
        const auto* e = read.at(0).find("retention.ms");
        return e && e->value == "123456";
    }));
    REQUIRE(read.size() == 1);
    REQUIRE_MESSAGE(!read[0].error, read[0].error.to_string());
    REQUIRE(read[0].find("retention.ms"));
    CHECK(read[0].find("retention.ms")->value == "123456");
    CHECK(read[0].find("retention.ms")->source == kfk::ConfigSource::dynamic_topic);
    CHECK(read[0].find("cleanup.policy")->value == "delete,compact");
    CHECK(std::is_sorted(read[0].entries.begin(), read[0].entries.end(),
                         [](const auto& x, const auto& y) { return x.name < y.name; }));

    // validate_only: checked, not applied.
    auto dry = admin.incremental_alter_configs(
        {{res, {{"retention.ms", kfk::AlterConfigOp::set, "999"}}}}, 30s, true);
    CHECK_MESSAGE(dry.at(0).ok(), dry.at(0).error.to_string());
    CHECK(admin.describe_configs({res}, 10s).at(0).find("retention.ms")->value == "123456");

    // Bad value and unknown topic: per-resource errors, side by side.
    auto bad = admin.incremental_alter_configs(
        {{res, {{"retention.ms", kfk::AlterConfigOp::set, "banana"}}},
         {kfk::ConfigResource::topic(t + "-missing"),
          {{"retention.ms", kfk::AlterConfigOp::set, "1"}}}},
        30s);
    REQUIRE(bad.size() == 2);
    CHECK(bad[0].error.code() == kfk::ErrorCode::invalid_config);
    CHECK(bad[1].error.code() == kfk::ErrorCode::unknown_topic_or_partition);

    // remove: back to the default.
    auto reverted = admin.incremental_alter_configs(
        {{res, {{"retention.ms", kfk::AlterConfigOp::remove, ""}}}}, 30s);
    REQUIRE_MESSAGE(reverted.at(0).ok(), reverted.at(0).error.to_string());
    // The broker applies config changes asynchronously: wait for the override to go.
    std::string last;
    CHECK_MESSAGE(kfk_test::eventually([&] {
                      const auto* after =
                          admin.describe_configs({res}, 10s).at(0).find("retention.ms");
                      last = after ? after->to_string() : "missing";
                      // Kafka 4.3.1 reports the default as null (log.retention.ms is unset;
                      // the broker uses log.retention.hours).
                      return after && after->value != "123456" &&
                             after->source != kfk::ConfigSource::dynamic_topic;
                  }),
                  last);

    auto missing = admin.describe_configs({kfk::ConfigResource::topic(t + "-missing")}, 10s);
    CHECK(missing.at(0).error.code() == kfk::ErrorCode::unknown_topic_or_partition);
    (void)admin.delete_topics({t}, 30s);
}

TEST_CASE("configs: a request that fails as a whole fails only its own resources") {
    auto admin = make_admin();
    const auto t = kfk_test::unique_name("adm-cfg-part");
    create_topic(admin, t, 1);
    // Broker 4242 does not exist: librdkafka cannot send its request (each broker resource
    // goes to its own broker), while the topic's request is answered.
    const auto ghost = kfk::ConfigResource::broker(4242);
    auto read = admin.describe_configs({ghost, kfk::ConfigResource::topic(t)}, 3s);
    REQUIRE(read.size() == 2);
    CHECK_MESSAGE(read[0].error, "broker 4242 described without an error");
    CHECK(read[0].entries.empty());
    CHECK_MESSAGE(!read[1].error, read[1].error.to_string());
    CHECK(read[1].find("retention.ms"));

    auto altered = admin.incremental_alter_configs(
        {{ghost, {{"log.cleaner.threads", kfk::AlterConfigOp::set, "1"}}},
         {kfk::ConfigResource::topic(t), {{"retention.ms", kfk::AlterConfigOp::set, "777777"}}}},
        3s);
    REQUIRE(altered.size() == 2);
    CHECK_MESSAGE(altered[0].error, "broker 4242 altered without an error");
    CHECK_MESSAGE(altered[1].ok(), altered[1].error.to_string());

    // Nothing answered at all: the call itself fails.
    CHECK_THROWS_AS(admin.describe_configs({ghost}, 2s), kfk::Exception);
    (void)admin.delete_topics({t}, 30s);
}

TEST_CASE("broker configs: sensitive entries are flagged and their values never surface") {
    auto admin = make_admin();
    const auto cluster = admin.describe_cluster(10s);
    REQUIRE_FALSE(cluster.brokers.empty());
    auto configs =
        admin.describe_configs({kfk::ConfigResource::broker(cluster.brokers[0].id)}, 10s);
    REQUIRE(configs.size() == 1);
    REQUIRE_MESSAGE(!configs[0].error, configs[0].error.to_string());
    // Kafka 4.3.1 marks every PASSWORD-typed config sensitive, e.g. these.
    for (const char* name : {"ssl.keystore.password", "ssl.key.password", "sasl.jaas.config",
                             "ssl.truststore.password"}) {
        const auto* e = configs[0].find(name);
        REQUIRE_MESSAGE(e, name << " missing from the broker's configs");
        CHECK_MESSAGE(e->is_sensitive, name);
        CHECK_FALSE(e->value.has_value());
        CHECK(e->display_value() == "[sensitive]");
        CHECK(e->to_string().find("[sensitive]") != std::string::npos);
    }
    std::size_t sensitive = 0;
    for (const auto& e : configs[0].entries) {
        if (!e.is_sensitive) continue;
        ++sensitive;
        CHECK_MESSAGE(!e.value, e.name << " carries a value");
        for (const auto& s : e.synonyms) CHECK_MESSAGE(!s.value, e.name << " synonym value");
    }
    CHECK(sensitive >= 4);
    // A plain broker config is readable, with its source.
    const auto* threads = configs[0].find("num.network.threads");
    REQUIRE(threads);
    CHECK(threads->value.has_value());
}

TEST_CASE("describe cluster: id, controller, brokers") {
    auto admin = make_admin();
    const auto c = admin.describe_cluster(10s);
    CHECK_FALSE(c.cluster_id.empty());
    REQUIRE(c.brokers.size() == 1);
    CHECK(c.brokers[0].host == "127.0.0.1");
    CHECK(c.brokers[0].port > 0);
    CHECK(c.controller_id >= 0);
}

TEST_CASE("list offsets (earliest, latest, by time, max timestamp) and delete records") {
    auto admin = make_admin();
    const auto t = kfk_test::unique_name("adm-rec");
    // The records carry 2023 timestamps: with the broker's 7-day retention its periodic check
    // would delete them mid-test (seen once: log start 20 instead of 12). Keep them.
    create_topic(admin, t, 2, {{"retention.ms", "-1"}});
    const auto base = kfk::TimePoint{std::chrono::milliseconds{1700000000000}};
    produce(t, 0, 20, base);

    auto listed = admin.list_offsets({{{t, 0}, kfk::OffsetSpec::earliest()},
                                      {{t, 0}, kfk::OffsetSpec::latest()},
                                      {{t, 0}, kfk::OffsetSpec::at(base + 7s)},
                                      {{t, 0}, kfk::OffsetSpec::at(base + 1h)},
                                      {{t, 0}, kfk::OffsetSpec::max_timestamp()},
                                      {{t, 1}, kfk::OffsetSpec::latest()},
                                      {{t + "-missing", 0}, kfk::OffsetSpec::latest()}},
                                     10s);
    REQUIRE(listed.size() == 7);
    for (size_t i = 0; i < 6; ++i) CHECK_MESSAGE(!listed[i].error, listed[i].error.to_string());
    CHECK(listed[0].offset == 0);
    CHECK(listed[1].offset == 20);
    CHECK(listed[2].offset == 7);
    REQUIRE(listed[2].timestamp);
    CHECK(*listed[2].timestamp == base + 7s);
    CHECK(listed[3].offset == kfk::offset::end);  // every record is older
    CHECK(listed[4].offset == 19);
    CHECK(listed[5].offset == 0);
    CHECK(listed[6].error.code() == kfk::ErrorCode::unknown_topic_or_partition);

    auto deleted = admin.delete_records({{t, 0, 12}}, 30s);
    REQUIRE(deleted.size() == 1);
    CHECK_MESSAGE(!deleted[0].error, deleted[0].error.to_string());
    CHECK(deleted[0].offset == 12);
    auto earliest = admin.list_offsets({{{t, 0}, kfk::OffsetSpec::earliest()}}, 10s);
    CHECK(earliest.at(0).offset == 12);

    auto too_far = admin.delete_records({{t, 0, 500}}, 30s);
    CHECK(too_far.at(0).error.code() == kfk::ErrorCode::offset_out_of_range);
    auto all = admin.delete_records({{t, 0, kfk::offset::end}}, 30s);
    CHECK(all.at(0).offset == 20);
    (void)admin.delete_topics({t}, 30s);
}

TEST_CASE("failure paths: unknown topic, broker unreachable past the deadline") {
    auto admin = make_admin();
    const auto missing = kfk_test::unique_name("adm-missing");
    CHECK(admin.describe_topics({missing}, 10s).at(0).error.code() ==
          kfk::ErrorCode::unknown_topic_or_partition);
    CHECK(admin.delete_topics({missing}, 10s).at(0).error.code() ==
          kfk::ErrorCode::unknown_topic_or_partition);
    CHECK_THROWS_AS(admin.topic_partitions({missing}, 10s), kfk::KafkaError);

    kfk::Admin down{
        kfk::AdminConfig{}.bootstrap_servers("127.0.0.1:1").log_sink(kfk::null_log_sink())};
    CHECK_THROWS_AS(down.describe_topics({missing}, 1s), kfk::TimeoutError);
    CHECK_THROWS_AS(down.create_topics({{missing, 1, 1, {}}}, 1s), kfk::TimeoutError);
    CHECK_THROWS_AS(down.describe_configs({kfk::ConfigResource::topic(missing)}, 1s),
                    kfk::TimeoutError);
    CHECK_THROWS_AS(down.group_lag("g", 1s), kfk::TimeoutError);
    CHECK_THROWS_AS(down.list_groups(1s), kfk::TimeoutError);
}
