// Admin against the real broker: consumer groups (classic and KIP-848), group offsets, and
// offset reset (plan, execute, refusal while active).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
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

std::unique_ptr<kfk::BytesConsumer> group_consumer(
    const std::string& group, const std::string& client_id,
    kfk::GroupProtocol protocol = kfk::GroupProtocol::classic) {
    auto config = kfk::ConsumerConfig{}
                      .bootstrap_servers(kfk_test::bootstrap())
                      .group_id(group)
                      .client_id(client_id)
                      .group_protocol(protocol)
                      .auto_offset_reset(kfk::OffsetReset::earliest)
                      .enable_auto_commit(false);
    return std::make_unique<kfk::BytesConsumer>(std::move(config));
}

// Polls every consumer in turn until `done` holds (each poll drives its group protocol).
bool poll_until(const std::vector<kfk::BytesConsumer*>& consumers,
                const std::function<bool()>& done, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto* c : consumers) (void)c->poll(100ms);
        if (done()) return true;
    }
    return done();
}

std::string members_summary(const kfk::GroupDescription& d) {
    std::string s = std::string{to_string(d.state)} + " " + std::string{to_string(d.type)} + ":";
    for (const auto& m : d.members) {
        s += " " + m.client_id + "[";
        for (const auto& tp : m.assignment) s += std::to_string(tp.partition) + ",";
        s += "]";
    }
    return s + (d.error ? " error " + d.error.to_string() : "");
}

}  // namespace

TEST_CASE("describe a classic group while two consumers are members: both, with partitions") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("grp-two");
    const auto group = kfk_test::unique_name("grp-two-g");
    create_topic(admin, topic, 4);
    auto c1 = group_consumer(group, "kfk-it-one");
    auto c2 = group_consumer(group, "kfk-it-two");
    c1->subscribe({topic});
    c2->subscribe({topic});

    kfk::GroupDescription d;
    const bool settled = poll_until({c1.get(), c2.get()}, [&] {
        if (c1->assignment().empty() || c2->assignment().empty()) return false;
        d = admin.describe_groups({group}, 10s).at(0);
        return d.state == kfk::GroupState::stable && d.members.size() == 2 &&
               !d.members[0].assignment.empty() && !d.members[1].assignment.empty();
    });
    REQUIRE_MESSAGE(settled, members_summary(d));
    CHECK_FALSE(d.error);
    CHECK(d.type == kfk::GroupType::classic);
    CHECK_FALSE(d.partition_assignor.empty());
    REQUIRE(d.coordinator);
    CHECK(d.coordinator->port > 0);

    std::set<std::string> clients;
    std::set<kfk::TopicPartition> all;
    for (const auto& m : d.members) {
        clients.insert(m.client_id);
        CHECK_FALSE(m.member_id.empty());
        CHECK_FALSE(m.host.empty());
        for (const auto& tp : m.assignment) CHECK(all.insert(tp).second);  // no overlap
    }
    CHECK(clients == std::set<std::string>{"kfk-it-one", "kfk-it-two"});
    CHECK(all.size() == 4);
    // The description agrees with what each consumer holds.
    for (auto* c : {c1.get(), c2.get()}) {
        auto assigned = c->assignment();
        std::sort(assigned.begin(), assigned.end());
        const auto* owner = d.owner_of(assigned.at(0));
        REQUIRE(owner);
        CHECK(owner->member_id == c->member_id());
        CHECK(owner->assignment == assigned);
    }

    // Listed with state and type.
    auto listed = admin.list_groups(10s);
    auto it = std::find_if(listed.groups.begin(), listed.groups.end(),
                           [&](const kfk::GroupListing& g) { return g.group_id == group; });
    REQUIRE(it != listed.groups.end());
    CHECK(it->state == kfk::GroupState::stable);
    CHECK(it->type == kfk::GroupType::classic);
    auto empty_only = admin.list_groups(10s, {.states = {kfk::GroupState::empty}});
    CHECK(std::none_of(empty_only.groups.begin(), empty_only.groups.end(),
                       [&](const kfk::GroupListing& g) { return g.group_id == group; }));

    // Deleting a group with members is refused, saying what to do.
    auto refused = admin.delete_groups({group}, 10s);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].error.code() == kfk::ErrorCode::non_empty_group);
    CHECK(refused[0].error.message().find("stop its consumers first") != std::string::npos);

    c1->close(10s);
    c2->close(10s);
    REQUIRE(kfk_test::eventually(
        [&] { return admin.describe_groups({group}, 10s).at(0).state == kfk::GroupState::empty; }));
    auto deleted = admin.delete_groups({group}, 10s);
    CHECK_MESSAGE(deleted.at(0).ok(), deleted.at(0).error.to_string());
    CHECK(admin.describe_groups({group}, 10s).at(0).error.code() ==
          kfk::ErrorCode::group_id_not_found);
    (void)admin.delete_topics({topic}, 30s);
}

TEST_CASE("a KIP-848 group (group.protocol=consumer) is listed and described as consumer/Stable") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("grp-848");
    const auto group = kfk_test::unique_name("grp-848-g");
    create_topic(admin, topic, 3);
    auto c = group_consumer(group, "kfk-it-848", kfk::GroupProtocol::consumer);
    c->subscribe({topic});

    kfk::GroupDescription d;
    const bool settled = poll_until({c.get()}, [&] {
        if (c->assignment().size() != 3) return false;
        d = admin.describe_groups({group}, 10s).at(0);
        return d.state == kfk::GroupState::stable && d.members.size() == 1 &&
               d.members[0].assignment.size() == 3;
    });
    REQUIRE_MESSAGE(settled, members_summary(d));
    CHECK_FALSE(d.error);
    CHECK(d.type == kfk::GroupType::consumer);
    CHECK(d.state != kfk::GroupState::dead);
    const auto& m = d.members.at(0);
    CHECK(m.client_id == "kfk-it-848");
    CHECK(m.member_id == c->member_id());
    REQUIRE(m.target_assignment);
    CHECK(m.target_assignment->size() == 3);
    CHECK_FALSE(d.partition_assignor.empty());  // the broker-side assignor, e.g. "uniform"

    auto listed = admin.list_groups(10s, {.types = {kfk::GroupType::consumer}});
    auto it = std::find_if(listed.groups.begin(), listed.groups.end(),
                           [&](const kfk::GroupListing& g) { return g.group_id == group; });
    REQUIRE(it != listed.groups.end());
    CHECK(it->type == kfk::GroupType::consumer);
    CHECK(it->state == kfk::GroupState::stable);
    auto classic = admin.list_groups(10s, {.types = {kfk::GroupType::classic}});
    CHECK(std::none_of(classic.groups.begin(), classic.groups.end(),
                       [&](const kfk::GroupListing& g) { return g.group_id == group; }));

    // Lag works for it too: nothing produced, nothing committed.
    auto lag = admin.group_lag(group, 10s);
    CHECK(lag.type == kfk::GroupType::consumer);
    CHECK(lag.partitions.size() == 3);
    CHECK(lag.partitions_without_commit == 3);
    for (const auto& p : lag.partitions) {
        REQUIRE(p.owner);
        CHECK(p.owner->member_id == c->member_id());
    }
    c->close(10s);
    (void)admin.delete_topics({topic}, 30s);
}

TEST_CASE("group offsets: list, alter, delete; unknown group errors") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("grp-off");
    const auto group = kfk_test::unique_name("grp-off-g");
    create_topic(admin, topic, 2);
    produce(topic, 0, 10);
    produce(topic, 1, 10);

    auto altered = admin.alter_group_offsets(group, {{topic, 0, 4}, {topic, 1, 9}}, 10s);
    REQUIRE(altered.size() == 2);
    for (const auto& a : altered) CHECK_MESSAGE(!a.error, a.error.to_string());
    auto listed = admin.list_group_offsets(group, 10s);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0] == kfk::TopicPartitionOffset{topic, 0, 4});
    CHECK(listed[1] == kfk::TopicPartitionOffset{topic, 1, 9});
    // Asking for a partition without a commit says so.
    auto one = admin.list_group_offsets(group, 10s, {{topic, 0}, {topic + "-other", 0}});
    REQUIRE(one.size() == 2);
    CHECK(one[0].offset == 4);
    CHECK(one[1].offset == kfk::offset::invalid);

    auto deleted = admin.delete_group_offsets(group, {{topic, 1}}, 10s);
    REQUIRE(deleted.size() == 1);
    CHECK_MESSAGE(!deleted[0].error, deleted[0].error.to_string());
    listed = admin.list_group_offsets(group, 10s);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].partition == 0);

    CHECK_THROWS_AS(admin.alter_group_offsets(group, {{topic, 0, kfk::offset::beginning}}, 10s),
                    kfk::UsageError);

    // An unknown group: described with group_id_not_found, no commits, no lag, no delete.
    const auto nobody = kfk_test::unique_name("grp-nobody");
    auto d = admin.describe_groups({nobody, group}, 10s);
    REQUIRE(d.size() == 2);
    CHECK(d[0].error.code() == kfk::ErrorCode::group_id_not_found);
    CHECK(d[0].error.message().find("does not exist") != std::string::npos);
    CHECK_MESSAGE(!d[1].error, d[1].error.to_string());  // per item: the other is fine
    CHECK(d[1].state == kfk::GroupState::empty);
    CHECK(admin.list_group_offsets(nobody, 10s).empty());
    CHECK(admin.delete_groups({nobody}, 10s).at(0).error.code() ==
          kfk::ErrorCode::group_id_not_found);
    try {
        (void)admin.group_lag(nobody, 10s);
        FAIL("group_lag of an unknown group did not throw");
    } catch (const kfk::KafkaError& e) {
        CHECK(e.code() == kfk::ErrorCode::group_id_not_found);
    }
    try {
        (void)admin.delete_group_offsets(nobody, {{topic, 0}}, 10s);
        FAIL("delete_group_offsets of an unknown group did not throw");
    } catch (const kfk::KafkaError& e) {
        CHECK(e.code() == kfk::ErrorCode::group_id_not_found);
    }
    (void)admin.delete_groups({group}, 10s);
    (void)admin.delete_topics({topic}, 30s);
}

TEST_CASE("reset offsets: the plan changes nothing, execute moves the group, a restart follows") {
    auto admin = make_admin();
    const auto topic = kfk_test::unique_name("grp-reset");
    const auto group = kfk_test::unique_name("grp-reset-g");
    // 2023 timestamps: without retention.ms=-1 the broker's 7-day retention check could delete
    // the records mid-test.
    create_topic(admin, topic, 2, {{"retention.ms", "-1"}});
    const auto base = kfk::TimePoint{std::chrono::milliseconds{1700000000000}};
    produce(topic, 0, 30, base);
    produce(topic, 1, 5, base);
    (void)admin.delete_records({{topic, 0, 2}}, 30s);  // log start of p0 is now 2

    // A consumer reads and commits p0 up to 20, p1 up to 5, then leaves.
    {
        auto c = group_consumer(group, "kfk-it-reset");
        c->subscribe({topic});
        REQUIRE(poll_until({c.get()}, [&] { return c->assignment().size() == 2; }));
        c->commit_sync({{topic, 0, 20}, {topic, 1, 5}});
        c->close(10s);
    }
    const auto before = admin.list_group_offsets(group, 10s);
    REQUIRE(before.size() == 2);
    const kfk::TopicPartitions both{{topic, 0}, {topic, 1}};
    CHECK(admin.topic_partitions({topic}, 10s) == both);

    // Each strategy, planned only.
    auto plan_for = [&](const kfk::ResetStrategy& s) {
        auto plan = admin.plan_offset_reset(group, both, s, 10s);
        REQUIRE(plan.partitions.size() == 2);
        CHECK(plan.group_state == kfk::GroupState::empty);
        for (const auto& e : plan.partitions) {
            CHECK_MESSAGE(!e.error, s.to_string()
                                        << " " << e.partition << ": " << e.error.to_string());
        }
        return plan;
    };
    auto earliest = plan_for(kfk::ResetStrategy::to_earliest());
    CHECK(earliest.partitions[0].current == 20);
    CHECK(earliest.partitions[0].log_start == 2);
    CHECK(earliest.partitions[0].log_end == 30);
    CHECK(earliest.partitions[0].target == 2);
    CHECK(earliest.partitions[1].target == 0);
    CHECK(plan_for(kfk::ResetStrategy::to_latest()).partitions[0].target == 30);
    CHECK(plan_for(kfk::ResetStrategy::shift_by(-5)).partitions[0].target == 15);
    auto shifted_up = plan_for(kfk::ResetStrategy::shift_by(100));
    CHECK(shifted_up.partitions[0].target == 30);
    CHECK(shifted_up.partitions[0].clamped);
    auto to_offset = plan_for(kfk::ResetStrategy::to_offset(1));
    CHECK(to_offset.partitions[0].target == 2);  // below the log start: clamped
    CHECK(to_offset.partitions[0].clamped);
    CHECK(to_offset.partitions[1].target == 1);
    auto by_time = plan_for(kfk::ResetStrategy::to_datetime(base + 12s));
    CHECK(by_time.partitions[0].target == 12);
    CHECK(by_time.partitions[1].target == 5);  // every record older: the end
    // Records stamped in 2023: "the last ten years" reaches back before all of them.
    CHECK(plan_for(kfk::ResetStrategy::by_duration(std::chrono::hours{24 * 3650}))
              .partitions[0]
              .target == 2);

    // The dry runs changed nothing.
    CHECK(admin.list_group_offsets(group, 10s) == before);

    // Execute to-datetime, then a restarted consumer starts exactly there.
    auto result = admin.execute_offset_reset(by_time, 10s);
    REQUIRE(result.size() == 2);
    for (const auto& r : result) CHECK_MESSAGE(!r.error, r.error.to_string());
    auto after = admin.list_group_offsets(group, 10s);
    REQUIRE(after.size() == 2);
    CHECK(after[0].offset == 12);
    CHECK(after[1].offset == 5);

    auto restarted = group_consumer(group, "kfk-it-reset-2");
    restarted->subscribe({topic});
    std::optional<std::int64_t> first_offset;
    REQUIRE(poll_until({}, [&] {
        auto m = restarted->poll(200ms);
        if (m && !m->is_error() && m->partition() == 0 && !first_offset) {
            first_offset = m->offset();
        }
        return first_offset.has_value();
    }));
    CHECK(*first_offset == 12);

    // While it is a member, execute refuses and changes nothing.
    REQUIRE(kfk_test::eventually([&] {
        return admin.describe_groups({group}, 10s).at(0).state == kfk::GroupState::stable;
    }));
    auto plan = admin.plan_offset_reset(group, both, kfk::ResetStrategy::to_earliest(), 10s);
    CHECK(plan.group_state == kfk::GroupState::stable);
    try {
        (void)admin.execute_offset_reset(plan, 10s);
        FAIL("execute_offset_reset on an active group did not throw");
    } catch (const kfk::UsageError& e) {
        CHECK(e.code() == kfk::ErrorCode::state);
        const std::string what = e.what();
        CAPTURE(what);
        CHECK(what.find("Stable") != std::string::npos);
        CHECK(what.find("kfk-it-reset-2") != std::string::npos);
        CHECK(what.find("stop its consumers") != std::string::npos);
    }
    CHECK(admin.list_group_offsets(group, 10s) == after);

    // shift-by on a partition without a commit is a per-partition error, not a guess.
    const auto fresh = kfk_test::unique_name("grp-reset-fresh");
    auto no_commit = admin.plan_offset_reset(fresh, both, kfk::ResetStrategy::shift_by(1), 10s);
    CHECK(no_commit.group_state == kfk::GroupState::dead);
    CHECK(no_commit.executable_count() == 0);
    CHECK(no_commit.partitions[0].error.code() == kfk::ErrorCode::no_offset);

    restarted->close(10s);
    (void)admin.delete_groups({group}, 10s);
    (void)admin.delete_topics({topic}, 30s);
}
