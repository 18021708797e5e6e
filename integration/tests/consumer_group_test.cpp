// Consumer groups on the real broker: how partitions are shared, independent groups, where a
// new group starts, regex subscriptions picking up new topics.
#include "consumer_it_support.hpp"

using namespace kfk_consumer_it;

TEST_CASE("two consumers in one group split a 3-partition topic 2/1 and read everything once") {
    const auto topic = new_topic("grp-split", 3);
    for (int p = 0; p < 3; ++p) produce(topic, 10, p, p * 100);
    const auto group = kfk_test::unique_name("grp-split-g");
    Member a{config(group), "a"};
    Member b{config(group), "b"};
    a.subscribe({topic});
    b.subscribe({topic});

    const bool settled = pump({&a, &b}, [&] {
        return a.owned_count() + b.owned_count() == 3 && a.owned_count() > 0 &&
               b.owned_count() > 0 && a.values.size() + b.values.size() == 30;
    });
    INFO("assignments: " << describe({&a, &b}));
    REQUIRE(settled);
    CHECK(std::min(a.owned_count(), b.owned_count()) == 1);
    CHECK(std::max(a.owned_count(), b.owned_count()) == 2);
    for (const auto& tp : a.owned) CHECK_FALSE(b.owned.contains(tp));
    std::set<std::string> all(a.values.begin(), a.values.end());
    all.insert(b.values.begin(), b.values.end());
    CHECK(all.size() == 30);
    CHECK(a.values.size() + b.values.size() == 30);  // nothing twice
}

TEST_CASE("four consumers on 3 partitions leave one idle, which takes over when another leaves") {
    const auto topic = new_topic("grp-idle", 3);
    const auto group = kfk_test::unique_name("grp-idle-g");
    std::vector<std::unique_ptr<Member>> members;
    std::vector<Member*> all;
    for (int i = 0; i < 4; ++i) {
        members.push_back(std::make_unique<Member>(config(group), "m" + std::to_string(i)));
        members.back()->subscribe({topic});
        all.push_back(members.back().get());
    }
    auto sizes = [&] {
        std::multiset<std::size_t> s;
        for (auto* m : all) s.insert(m->owned_count());
        return s;
    };
    const std::multiset<std::size_t> one_idle{0, 1, 1, 1};
    bool settled = pump(all, [&] { return sizes() == one_idle; });
    INFO("assignments: " << describe(all));
    REQUIRE(settled);
    // Stable: a few more rounds change nothing.
    pump(
        all, [] { return false; }, 2s);
    REQUIRE(sizes() == one_idle);

    Member* idle =
        *std::find_if(all.begin(), all.end(), [](Member* m) { return m->owned.empty(); });
    auto leaving_it =
        std::find_if(all.begin(), all.end(), [](Member* m) { return !m->owned.empty(); });
    const std::string leaving = (*leaving_it)->name;
    (*leaving_it)->consumer->close(10s);
    all.erase(leaving_it);

    // Two new records per partition: whoever owns a partition now reads them.
    for (int p = 0; p < 3; ++p) produce(topic, 2, p, 1000 + p * 10, "after");
    auto after_count = [](const Member* m) {
        return std::count_if(m->values.begin(), m->values.end(),
                             [](const std::string& v) { return v.starts_with("after"); });
    };
    settled = pump(all, [&] {
        long total = 0;
        for (auto* m : all) total += after_count(m);
        return idle->owned_count() == 1 && total == 6;
    });
    INFO("after " << leaving << " left: " << describe(all));
    CHECK(settled);
    CHECK(idle->owned_count() == 1);
    CHECK(after_count(idle) == 2);
}

TEST_CASE("a second group reads everything independently of the first") {
    const auto topic = new_topic("grp-indep", 2);
    produce(topic, 20, 0);
    produce(topic, 20, 1, 100);
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        kfk::BytesConsumer consumer{config(kfk_test::unique_name("grp-indep-g"))};
        consumer.subscribe({topic});
        const auto values = drain(consumer, 40);
        CHECK(values.size() == 40);
        consumer.commit_sync();
        consumer.close();
    }
}

TEST_CASE("a new group starts at the beginning with earliest and at the end with latest") {
    const auto topic = new_topic("grp-reset", 1);
    produce(topic, 5, 0, 0, "old");

    kfk::BytesConsumer earliest{config(kfk_test::unique_name("grp-earliest"))};
    earliest.subscribe({topic});
    const auto old_values = drain(earliest, 5);
    REQUIRE(old_values.size() == 5);
    CHECK(old_values.front() == "old0");

    Member latest{config(kfk_test::unique_name("grp-latest"))
                      .auto_offset_reset(kfk::OffsetReset::latest)
                      .enable_partition_eof(true),
                  "latest"};
    latest.subscribe({topic});
    // Partition EOF: "latest" was resolved and fetched up to the end, before the new records.
    REQUIRE(pump({&latest}, [&] { return latest.eofs > 0; }));
    CHECK(latest.values.empty());
    produce(topic, 3, 0, 0, "new");
    pump(
        {&latest}, [&] { return latest.values.size() >= 3; }, 30s);
    REQUIRE(latest.values.size() == 3);
    CHECK(latest.values.front() == "new0");
}

TEST_CASE("a regex subscription picks up a topic created later") {
    const auto prefix = kfk_test::unique_name("grp-regex");
    const auto first = prefix + "-a";
    create_topic(first, 1);
    produce(first, 2, 0);
    Member m{config(kfk_test::unique_name("grp-regex-g"))
                 .metadata_max_age(2s)
                 .set("topic.metadata.refresh.interval.ms", "1000"),
             "regex"};
    // A regex subscription: RebalanceListener via Member, pattern via the consumer.
    kfk::RebalanceListener listener;
    listener.on_assigned = [&](const kfk::TopicPartitions& tps) {
        for (const auto& tp : tps) m.owned.insert(tp);
    };
    listener.on_revoked = [&](const kfk::TopicPartitions& tps) {
        for (const auto& tp : tps) m.owned.erase(tp);
    };
    m.consumer->subscribe_pattern("^" + prefix + "-.*", listener);
    REQUIRE(pump({&m}, [&] { return m.values.size() == 2; }));

    const auto later = prefix + "-b";
    create_topic(later, 1);
    produce(later, 3, 0, 0, "later");
    const bool picked_up = pump(
        {&m}, [&] { return m.values.size() == 5; }, 90s);
    INFO("assignment: " << describe({&m}) << " values: " << m.values.size());
    CHECK(picked_up);
    CHECK(m.owned.contains(kfk::TopicPartition{later, 0}));
}
