// RecoveringProducer against the mock cluster: after a fatal error it replaces the dead producer
// on the next call and goes on sending.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <string>

#include "kfk/kfk.hpp"
#include "kfk/recovering_producer.hpp"
#include "producer_test_support.hpp"

using namespace std::chrono_literals;

TEST_CASE("recovering producer: a fatal error replaces the producer, sending goes on") {
    kfk_unit::MockCluster cluster;
    cluster.create_topic("recover", 1);
    std::atomic<int> fatal_seen{0};
    auto config = kfk_unit::producer_config(cluster);
    config.on_error([&](const kfk::Error& e) {
        if (e.is_fatal()) ++fatal_seen;
    });
    std::promise<kfk::Error> replaced;
    kfk::RecoveringProducer producer{config, [&](const kfk::Error& e) { replaced.set_value(e); }};
    REQUIRE(producer.send_sync({.topic = "recover", .value = "before"}, 10s).ok());

    auto* rk = static_cast<rd_kafka_t*>(producer.native_handle());
    REQUIRE(rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                                      "injected by test") == RD_KAFKA_RESP_ERR_NO_ERROR);
    // The application's own on_error still hears of it.
    REQUIRE(kfk_unit::eventually_true([&] { return fatal_seen.load() > 0; }));
    CHECK(producer.replacements() == 0);  // replaced on the next call, not behind its back

    const auto r = producer.send_sync({.topic = "recover", .value = "after"}, 10s);
    INFO(r.error.to_string());
    CHECK(r.ok());
    CHECK(producer.replacements() == 1);
    CHECK(producer.native_handle() != rk);
    auto why = replaced.get_future();
    REQUIRE(why.wait_for(0s) == std::future_status::ready);
    const kfk::Error fatal = why.get();
    CHECK(fatal.is_fatal());
    CHECK(fatal.code() == kfk::ErrorCode{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER});

    // More sends, several ways, all through the new producer.
    auto future = producer.send({.topic = "recover", .value = "future"});
    REQUIRE_FALSE(producer.produce({.topic = "recover", .value = "produce"}));
    REQUIRE_FALSE(producer.flush(10s));
    CHECK(future.get().ok());
    producer.close();

    const auto back = kfk_unit::read_back(cluster.bootstrap(), "recover", 1, 4);
    REQUIRE(back.size() == 4);
    CHECK(back[0].value == "before");
    CHECK(back[1].value == "after");
}

TEST_CASE("recovering producer: refuses transactional configurations") {
    kfk::ProducerConfig config;
    config.bootstrap_servers("127.0.0.1:1").transactional_id("t").log_sink(kfk::null_log_sink());
    CHECK_THROWS_AS(kfk::RecoveringProducer{config}, kfk::UsageError);
}

TEST_CASE(
    "recovering producer: a send from on_error replaces the producer without terminate "
    "or deadlock") {
    for (const auto mode : {kfk::DeliveryPolling::background, kfk::DeliveryPolling::manual}) {
        const bool manual = mode == kfk::DeliveryPolling::manual;
        CAPTURE(manual);
        kfk_unit::MockCluster cluster;
        const std::string topic = manual ? "recover-cb-manual" : "recover-cb-background";
        cluster.create_topic(topic, 1);
        std::atomic<kfk::RecoveringProducer*> self{nullptr};
        std::atomic<int> resent{0};
        std::atomic<int> resent_ok{0};
        auto config = kfk_unit::producer_config(cluster);
        config.delivery_polling(mode);
        // The retry pattern: on a fatal error, send again at once (the callback runs on the
        // dead producer's poller, or inside poll() in manual mode).
        config.on_error([&](const kfk::Error& e) {
            auto* p = self.load();
            if (!e.is_fatal() || !p || resent.exchange(1) != 0) return;
            p->send({.topic = topic, .value = "resent"}, [&](const kfk::DeliveryReport& r) {
                if (r.ok()) ++resent_ok;
            });
        });
        kfk::RecoveringProducer producer{config};
        self = &producer;
        REQUIRE(producer.send_sync({.topic = topic, .value = "before"}, 10s).ok());
        auto* rk = static_cast<rd_kafka_t*>(producer.native_handle());
        REQUIRE(rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                                          "injected by test") == RD_KAFKA_RESP_ERR_NO_ERROR);
        // The resent record goes through the new producer. (In background mode on_error runs
        // on the poller while this thread waits: the replacement is done once the resent
        // record is delivered, not as soon as on_error started.)
        REQUIRE(kfk_unit::eventually_true([&] {
            producer.poll(10ms);
            return resent_ok.load() == 1;
        }));
        CHECK(resent.load() == 1);
        CHECK(producer.replacements() == 1);
        REQUIRE_FALSE(producer.flush(10s));
        producer.close();
        const auto back = kfk_unit::read_back(cluster.bootstrap(), topic, 1, 2);
        REQUIRE(back.size() == 2);
        CHECK(back[1].value == "resent");
    }
}
