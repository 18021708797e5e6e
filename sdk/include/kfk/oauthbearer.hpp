// SASL/OAUTHBEARER tokens supplied by the application (ClientConfig::oauthbearer_token_provider).
//
// librdkafka asks for a token when a client starts and again about 80 % through the lifetime
// of the current one (after a failure: 10 s later). kfk calls the application's provider for
// each request and hands what it returns to librdkafka; new connections authenticate with the
// newest token. The broker ends an OAUTHBEARER connection's session when its token expires
// (KIP-368, whatever connections.max.reauth.ms says), and librdkafka re-authenticates the
// connection at 90 % of the session with the newest token. Give tokens a lifetime of a
// minute or more: with lifetimes of a few seconds that re-authentication comes before the
// refresh, with the old token and a session shorter than a second, and the broker refuses
// the next re-authentication within a second (ILLEGAL_SASL_STATE): a transient
// AuthenticationError and a reconnect.
//
// Where the provider runs: on librdkafka's background thread of the client ("rdk:bg"), for
// producers (either DeliveryPolling mode), consumers and Admin alike, whether or not the
// application polls. That thread also serves other work of the client (the Admin's events,
// for one): keep the provider quick (cache the token; fetch a new one well before it expires)
// and thread-safe — one client calls it from one thread at a time, but several clients
// configured with copies of one provider call their copies concurrently, and whatever state
// they share must be synchronised by the application. It may be called during the client's
// constructor and until its destructor has returned (a consumer destroyed in the background
// after close() ran out of time drops its provider first: later requests fail).
//
// A provider that throws: kfk tells librdkafka the refresh failed, with the exception's
// what() as the reason; librdkafka keeps the current token (if any) and asks again 10 s later,
// and reports "Failed to acquire SASL OAUTHBEARER token: <reason>" as an authentication error
// to on_error (or the log), served where the client's errors are (see each client's docs). The
// exception is never rethrown to the application. While the client has no valid token at all
// it cannot connect, and calls waiting for the cluster (Admin calls, send_sync, flush, poll)
// end with AuthenticationError ("the client has no credentials to offer", with the reason)
// instead of their timeout, until a token arrives.
//
// The token value is a secret: kfk never prints it (logs, errors, dump()).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kfk {

struct OAuthBearerToken {
    // The token itself, usually a JWS compact serialization ("header.payload.signature").
    std::string value;
    // When librdkafka stops using it: it asks for the next token at ~80 % of the time left
    // until then. Must be in the future (librdkafka refuses an expired token: the refresh
    // fails as if the provider had thrown). The broker judges the token by its own claims
    // (e.g. a JWT's exp), not by this.
    std::chrono::system_clock::time_point expiry;
    // The Kafka principal the token stands for, as the broker will see it (mandatory).
    std::string principal;
    // SASL extensions (RFC 7628 3.1) sent with the token: keys letters only, not "auth".
    std::vector<std::pair<std::string, std::string>> extensions;
};

// Called with the value of sasl.oauthbearer.config (empty when unset).
using OAuthBearerTokenProvider = std::function<OAuthBearerToken(std::string_view)>;

}  // namespace kfk
