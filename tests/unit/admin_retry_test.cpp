// Admin calls ask again, inside their timeout, when Kafka answers "not yet" (a coordinator
// loading its group state, a leader being elected), and give up at once on a final answer.
// librdkafka's mock cluster injects the answers: a real broker gives them only by chance.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "consumer_test_support.hpp"
#include "kfk/admin.hpp"
#include "kfk/exceptions.hpp"

using namespace std::chrono_literals;
using kfk_consumer_test::MockCluster;

namespace {

kfk::Admin admin_for(const MockCluster& mock) {
    return kfk::Admin{
        kfk::AdminConfig{}.bootstrap_servers(mock.bootstrap()).log_sink(kfk::null_log_sink())};
}

void commit_offsets(kfk::Admin& admin, const std::string& group, const std::string& topic) {
    const auto altered = admin.alter_group_offsets(group, {{topic, 0, 5}, {topic, 1, 7}}, 10s);
    REQUIRE(altered.size() == 2);
    for (const auto& tpo : altered) REQUIRE_MESSAGE(!tpo.error, tpo.error.to_string());
}

}  // namespace

TEST_CASE("list_group_offsets asks again while the coordinator loads the group") {
    MockCluster mock;
    mock.create_topic("t", 2);
    auto admin = admin_for(mock);
    commit_offsets(admin, "g", "t");

    // OffsetFetch is API key 9.
    rd_kafka_mock_push_request_errors(mock.get(), 9, 3,
                                      RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
                                      RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                      RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS);
    // The mock answers only for partitions asked by name.
    const auto committed = admin.list_group_offsets("g", 15s, {{"t", 0}, {"t", 1}});
    REQUIRE(committed.size() == 2);
    CHECK(committed[0].offset == 5);
    CHECK(committed[1].offset == 7);
    for (const auto& tpo : committed) CHECK_MESSAGE(!tpo.error, tpo.error.to_string());
}

TEST_CASE("list_group_offsets does not retry a final answer") {
    MockCluster mock;
    mock.create_topic("t", 2);
    auto admin = admin_for(mock);
    commit_offsets(admin, "g", "t");

    rd_kafka_mock_push_request_errors(mock.get(), 9, 1,
                                      RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
    try {
        (void)admin.list_group_offsets("g", 15s, {{"t", 0}, {"t", 1}});
        FAIL("expected the authorization failure");
    } catch (const kfk::Exception& e) {
        CHECK_MESSAGE(e.error().code() == kfk::ErrorCode::group_authorization_failed,
                      e.error().to_string());
    }
    // The next request (no error queued) answers normally.
    CHECK(admin.list_group_offsets("g", 15s, {{"t", 0}, {"t", 1}}).size() == 2);
}

TEST_CASE("list_offsets asks again while the leader is not available") {
    MockCluster mock;
    mock.create_topic("t", 2);
    kfk_consumer_test::produce(mock, "t", 3, 0);
    auto admin = admin_for(mock);

    // ListOffsets is API key 2.
    rd_kafka_mock_push_request_errors(mock.get(), 2, 3, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
                                      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
    const auto listed = admin.list_offsets(
        {{{"t", 0}, kfk::OffsetSpec::latest()}, {{"t", 1}, kfk::OffsetSpec::latest()}}, 15s);
    REQUIRE(listed.size() == 2);
    CHECK_MESSAGE(!listed[0].error, listed[0].error.to_string());
    CHECK_MESSAGE(!listed[1].error, listed[1].error.to_string());
    CHECK(listed[0].offset == 3);
    CHECK(listed[1].offset == 0);
}
