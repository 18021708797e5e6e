// When a client counts as "refused by the cluster": a credential failure together with every
// broker down, cleared by any sign of a working connection.
#include <doctest/doctest.h>

#include "core/credential_watch.hpp"

using kfk::Error;
using kfk::ErrorCode;
using kfk::detail::CredentialWatch;
using kfk::detail::is_credential_failure;

TEST_CASE("is_credential_failure: SASL and TLS failures, not reachability") {
    CHECK(is_credential_failure(RD_KAFKA_RESP_ERR__AUTHENTICATION, "SASL authentication error"));
    CHECK(is_credential_failure(RD_KAFKA_RESP_ERR__SSL, "SSL handshake failed"));
    CHECK(is_credential_failure(RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, ""));
    // TLS 1.3: the broker's rejection of the client certificate arrives after the handshake.
    CHECK(is_credential_failure(
        RD_KAFKA_RESP_ERR__TRANSPORT,
        "127.0.0.1:9292/bootstrap: SSL transport error: error:0A00045C:SSL routines::tlsv13 "
        "alert certificate required"));
    CHECK(is_credential_failure(RD_KAFKA_RESP_ERR__TRANSPORT,
                                "error:0A000418:SSL routines::tlsv1 alert unknown ca"));
    CHECK_FALSE(is_credential_failure(RD_KAFKA_RESP_ERR__TRANSPORT,
                                      "Connect to ipv4#127.0.0.1:9092 failed: Connection refused"));
    CHECK_FALSE(is_credential_failure(RD_KAFKA_RESP_ERR__TRANSPORT,
                                      "Disconnected: connection reset by peer"));
    CHECK_FALSE(is_credential_failure(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "1/1 brokers are down"));
    CHECK_FALSE(is_credential_failure(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, ""));
}

TEST_CASE("CredentialWatch: refused only with a refusal and every broker down") {
    const Error refusal{ErrorCode::authentication, "SASL authentication error: bad password"};

    SUBCASE("refusal first, then all brokers down") {
        CredentialWatch w;
        CHECK_FALSE(w.note_refusal(refusal));
        CHECK_FALSE(w.refused());
        CHECK(w.note_all_brokers_down());
        REQUIRE(w.refused());
        REQUIRE(w.refusal().has_value());
        CHECK(w.refusal()->code() == ErrorCode::authentication);
        CHECK(w.refusal()->message() == refusal.message());
    }
    SUBCASE("all brokers down first (a restart), then a refusal") {
        CredentialWatch w;
        CHECK_FALSE(w.note_all_brokers_down());
        CHECK_FALSE(w.refused());  // brokers down alone is "unreachable", not "refused"
        CHECK(w.note_refusal(refusal));
        CHECK(w.refused());
    }
    SUBCASE("a working connection clears both latches") {
        CredentialWatch w;
        w.note_refusal(refusal);
        w.note_all_brokers_down();
        w.note_working();
        CHECK_FALSE(w.refused());
        CHECK_FALSE(w.refusal().has_value());
        CHECK_FALSE(w.note_refusal(refusal));  // needs every broker down again
    }
    SUBCASE("clear() (new credentials) forgets the refusal") {
        CredentialWatch w;
        w.note_refusal(refusal);
        w.note_all_brokers_down();
        w.clear();
        CHECK_FALSE(w.refused());
    }
}
