// Rebalances on the real broker with each protocol kfk supports: eager (range), cooperative-
// sticky, and KIP-848 (group.protocol=consumer). commit_sync() inside on_revoked must work
// (modern-cpp-kafka#53) and cooperative assignment must not break (cppkafka#321); listener
// exceptions surface from poll() with the assignment change applied (cppkafka#162/#232).
#include <stdexcept>

#include "consumer_it_support.hpp"

using namespace kfk_consumer_it;

namespace {

struct ListenerFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Protocol {
    const char* name;
    kfk::GroupProtocol group_protocol;
    const char* assignor;  // classic only
};

const Protocol protocols[] = {
    {"eager (range)", kfk::GroupProtocol::classic, "range"},
    {"cooperative-sticky", kfk::GroupProtocol::classic, "cooperative-sticky"},
    {"KIP-848 group.protocol=consumer", kfk::GroupProtocol::consumer, nullptr},
};

kfk::ConsumerConfig config_for(const Protocol& p, const std::string& group) {
    auto c = config(group, p.group_protocol).enable_auto_commit(false);
    if (p.assignor) c.partition_assignment_strategy(p.assignor);
    return c;
}

}  // namespace

TEST_CASE(
    "commit_sync() inside on_revoked commits before the partitions move, with every protocol") {
    for (const auto& protocol : protocols) {
        SUBCASE(protocol.name) {
            const auto topic = new_topic("reb-commit", 4);
            for (int p = 0; p < 4; ++p) produce(topic, 10, p, p * 100);
            const auto group = kfk_test::unique_name("reb-commit-g");

            // Declared before the members: their close() on destruction runs the listeners.
            std::vector<std::string> commit_errors;
            kfk::TopicPartitionOffsets committed_in_revoke;
            Member a{config_for(protocol, group), "a"};
            a.extra.on_revoked = [&](const kfk::TopicPartitions& tps) {
                if (tps.empty()) return;
                try {
                    a.consumer->commit_sync(10s);
                    auto c = a.consumer->committed(tps, 10s);
                    committed_in_revoke.insert(committed_in_revoke.end(), c.begin(), c.end());
                } catch (const kfk::Exception& e) {
                    commit_errors.emplace_back(e.what());
                }
            };
            a.subscribe({topic});
            REQUIRE(pump({&a}, [&] { return a.values.size() == 40; }));
            CHECK(a.owned_count() == 4);

            Member b{config_for(protocol, group), "b"};
            b.subscribe({topic});
            const bool settled = pump({&a, &b}, [&] {
                return a.owned_count() > 0 && b.owned_count() > 0 &&
                       a.owned_count() + b.owned_count() == 4 && !committed_in_revoke.empty();
            });
            INFO(std::string{protocol.name} << ": " << describe({&a, &b}) << " revoked calls "
                                            << a.revoked_calls);
            REQUIRE(settled);
            for (const auto& e : commit_errors) FAIL_CHECK("commit in on_revoked failed: " << e);
            for (const auto& c : committed_in_revoke) {
                CAPTURE(c.partition);
                CHECK(c.offset == 10);  // everything read was committed before the move
            }
            // b starts where a committed: nothing is read twice.
            pump(
                {&a, &b}, [] { return false; }, 3s);
            CHECK(b.values.empty());
            CHECK(a.owned_count() + b.owned_count() == 4);
            for (const auto& tp : a.owned) CHECK_FALSE(b.owned.contains(tp));
            if (protocol.group_protocol == kfk::GroupProtocol::consumer ||
                std::string{protocol.name} == "cooperative-sticky") {
                // Incremental: only the partitions that moved were revoked.
                CHECK(committed_in_revoke.size() == b.owned_count());
            }
        }
    }
}

TEST_CASE("an exception from on_assigned is rethrown from poll() with the partitions assigned") {
    for (const auto& protocol : protocols) {
        SUBCASE(protocol.name) {
            const auto topic = new_topic("reb-assign-throws", 2);
            produce(topic, 3, 0);
            produce(topic, 3, 1, 100);
            kfk::RebalanceListener listener;
            listener.on_assigned = [](const kfk::TopicPartitions& tps) {
                if (!tps.empty()) throw ListenerFailed{"on_assigned failed"};
            };
            kfk::BytesConsumer consumer{config_for(protocol, kfk_test::unique_name("reb-at-g"))};
            consumer.subscribe({topic}, listener);
            bool thrown = false;
            std::size_t assigned_at_throw = 0;
            std::set<std::string> values;
            const auto deadline = Clock::now() + 60s;
            while (values.size() < 6 && Clock::now() < deadline) {
                try {
                    auto m = consumer.poll(100ms);
                    if (m && !m->is_error() && !m->is_partition_eof()) {
                        values.emplace(m->value().value_or(""));
                    }
                } catch (const ListenerFailed&) {
                    thrown = true;
                    assigned_at_throw = consumer.assignment().size();
                }
            }
            CHECK(thrown);
            CHECK(assigned_at_throw == 2);
            CHECK(values.size() == 6);  // nothing lost to the exception
        }
    }
}

TEST_CASE("an exception from on_revoked is rethrown from poll() after the partitions are gone") {
    for (const auto& protocol : protocols) {
        SUBCASE(protocol.name) {
            const auto topic = new_topic("reb-revoke-throws", 4);
            const auto group = kfk_test::unique_name("reb-rt-g");
            kfk::TopicPartitions revoked;
            Member a{config_for(protocol, group), "a"};
            a.extra.on_revoked = [&](const kfk::TopicPartitions& tps) {
                if (tps.empty()) return;
                revoked = tps;
                throw ListenerFailed{"on_revoked failed"};
            };
            a.subscribe({topic});
            REQUIRE(pump({&a}, [&] { return a.owned_count() == 4; }));

            Member b{config_for(protocol, group), "b"};
            b.subscribe({topic});
            bool thrown = false;
            kfk::TopicPartitions assignment_at_throw;
            const auto deadline = Clock::now() + 60s;
            while (!thrown && Clock::now() < deadline) {
                try {
                    a.poll_once();
                } catch (const ListenerFailed&) {
                    thrown = true;
                    assignment_at_throw = a.consumer->assignment();
                }
                b.poll_once();
            }
            REQUIRE(thrown);
            INFO(std::string{protocol.name} << ": revoked " << revoked.size() << ", still assigned "
                                            << assignment_at_throw.size());
            if (std::string{protocol.name}.starts_with("eager")) {
                // Everything was revoked; the next assignment may already be in place.
                CHECK(revoked.size() == 4);
                CHECK(assignment_at_throw.size() < 4);
            } else {
                for (const auto& tp : revoked) {
                    CHECK(std::find(assignment_at_throw.begin(), assignment_at_throw.end(), tp) ==
                          assignment_at_throw.end());
                }
            }
            // The group still settles: every partition owned exactly once.
            a.extra.on_revoked = nullptr;
            const bool settled = pump({&a, &b}, [&] {
                return a.owned_count() > 0 && b.owned_count() > 0 &&
                       a.consumer->assignment().size() + b.consumer->assignment().size() == 4;
            });
            INFO(describe({&a, &b}));
            CHECK(settled);
        }
    }
}
