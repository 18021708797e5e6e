// close() and the destructor: bounded even with every broker gone (modern-cpp-kafka#94,
// librdkafka#3127), final commit with auto commit, idempotence. librdkafka mock cluster.
#include <doctest/doctest.h>

#include <memory>
#include <optional>

#include "consumer_test_support.hpp"

using namespace kfk_consumer_test;

namespace {

// A subscribed consumer that has read all `count` records of a fresh 3-partition topic.
std::unique_ptr<kfk::BytesConsumer> consumer_that_read(MockCluster& mock, const std::string& topic,
                                                       int count,
                                                       kfk::RebalanceListener listener = {}) {
    mock.create_topic(topic, 3);
    for (int p = 0; p < 3; ++p) produce(mock, topic, count / 3, p, p * 100);
    auto consumer = std::make_unique<kfk::BytesConsumer>(consumer_config(mock, topic + "-group"));
    consumer->subscribe({topic}, std::move(listener));
    const auto values = drain(*consumer, static_cast<std::size_t>(count));
    REQUIRE(values.size() == static_cast<std::size_t>(count));
    return consumer;
}

}  // namespace

TEST_CASE(
    "close() with every broker down returns within its deadline, and so does the destructor") {
    MockCluster mock{3};
    auto consumer = consumer_that_read(mock, "close-down", 30);
    mock.all_brokers_down();

    const double close_s = seconds_taken([&] { consumer->close(2s); });
    MESSAGE("close(2s) with all brokers down took " << close_s << " s");
    CHECK(close_s < 3.5);
    const double destroy_s = seconds_taken([&] { consumer.reset(); });
    MESSAGE("destructor after close took " << destroy_s << " s");
    CHECK(destroy_s < 3.0);
}

TEST_CASE("close() after the whole cluster is gone returns within its deadline") {
    MockCluster mock{3};
    auto consumer = consumer_that_read(mock, "close-gone", 30);
    mock.destroy_cluster();

    const double close_s = seconds_taken([&] { consumer->close(2s); });
    MESSAGE("close(2s) after the cluster was destroyed took " << close_s << " s");
    CHECK(close_s < 3.5);
    const double destroy_s = seconds_taken([&] { consumer.reset(); });
    MESSAGE("destructor took " << destroy_s << " s");
    CHECK(destroy_s < 3.0);
}

TEST_CASE("a commit_sync() in on_revoked during close() is bounded by the close deadline") {
    MockCluster mock{1};
    std::optional<std::string> commit_error;
    kfk::BytesConsumer* self = nullptr;
    kfk::RebalanceListener listener;
    listener.on_revoked = [&](const kfk::TopicPartitions&) {
        try {
            self->commit_sync(60s);  // longer than close()'s deadline on purpose
        } catch (const kfk::Exception& e) {
            commit_error = e.what();
        }
    };
    auto consumer = consumer_that_read(mock, "close-revoke-commit", 30, listener);
    self = consumer.get();
    mock.all_brokers_down();

    const double close_s = seconds_taken([&] { consumer->close(2s); });
    MESSAGE("close(2s) with a 60 s commit in on_revoked took "
            << close_s << " s; commit: " << commit_error.value_or("ok"));
    CHECK(close_s < 3.5);
    const double destroy_s = seconds_taken([&] { consumer.reset(); });
    CHECK(destroy_s < 3.0);
}

TEST_CASE("the destructor alone (no close()) does not hang with every broker down") {
    MockCluster mock{1};
    auto consumer = consumer_that_read(mock, "close-dtor-only", 30);
    mock.all_brokers_down();
    const double destroy_s = seconds_taken([&] { consumer.reset(); });
    MESSAGE("destructor without close() took " << destroy_s << " s (its close deadline is 10 s)");
    CHECK(destroy_s < 12.0);
}

TEST_CASE("close() commits what was consumed (auto commit), is idempotent, and ends polling") {
    MockCluster mock{1};
    const std::string topic = "close-commit";
    mock.create_topic(topic, 1);
    produce(mock, topic, 10);
    {
        kfk::BytesConsumer consumer{consumer_config(mock, "close-commit-group")
                                        .auto_commit_interval(std::chrono::hours{1})};
        consumer.subscribe({topic});
        REQUIRE(drain(consumer, 10).size() == 10);
        consumer.close(10s);
        CHECK(consumer.closed());
        consumer.close(10s);  // no-op
        CHECK_THROWS_AS(consumer.poll(10ms), kfk::UsageError);
    }
    kfk::BytesConsumer checker{consumer_config(mock, "close-commit-group")};
    CHECK(committed_of(checker, topic, 0).offset == 10);
}

TEST_CASE("an assign-only consumer without group.id closes at once") {
    MockCluster mock{1};
    mock.create_topic("close-groupless", 1);
    produce(mock, "close-groupless", 3);
    kfk::BytesConsumer consumer{consumer_config(mock, "")};
    consumer.assign({{"close-groupless", 0, kfk::offset::beginning}});
    REQUIRE(drain(consumer, 3).size() == 3);
    const double close_s = seconds_taken([&] { consumer.close(5s); });
    CHECK(consumer.closed());
    CHECK(close_s < 5.0);
}
