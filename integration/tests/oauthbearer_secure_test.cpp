// Application-supplied OAUTHBEARER tokens (ClientConfig::oauthbearer_token_provider) and SASL
// credential rotation (set_sasl_credentials) against the harness's secured broker
// (kafka.sh start --secure). Its SASL listeners validate OAUTHBEARER tokens with Kafka's
// unsecured validator: an unsecured JWS ({"alg":"none"}, empty signature) whose sub claim is
// the principal and whose exp claim is in the future.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/kfk.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using SystemClock = std::chrono::system_clock;

namespace {

// "Fast" for a refusal, with room for a loaded CI machine.
constexpr auto kBound = 15s;

std::string base64url(std::string_view in) {
    static constexpr char table[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += table[(acc >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += table[(acc << (6 - bits)) & 0x3f];
    return out;  // no padding (RFC 7515)
}

std::int64_t epoch_seconds(SystemClock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// An unsecured JWS: "header.payload." (empty signature).
std::string unsecured_jwt(const std::string& subject, SystemClock::time_point issued,
                          SystemClock::time_point expires) {
    const std::string payload = R"({"sub":")" + subject + R"(","iat":)" +
                                std::to_string(epoch_seconds(issued)) + R"(,"exp":)" +
                                std::to_string(epoch_seconds(expires)) + "}";
    return base64url(R"({"alg":"none"})") + "." + base64url(payload) + ".";
}

// A token provider that counts its calls. `lifetime` is what librdkafka is told; the JWT's exp
// claim is the same instant unless `jwt_exp_offset` moves it (e.g. into the past).
class TokenSource {
  public:
    explicit TokenSource(std::chrono::seconds lifetime, std::string subject = "admin",
                         std::chrono::seconds jwt_exp_offset = 0s)
        : lifetime_(lifetime), subject_(std::move(subject)), jwt_exp_offset_(jwt_exp_offset) {}

    kfk::OAuthBearerTokenProvider provider() {
        return [this](std::string_view) {
            const auto now = SystemClock::now();
            const auto expiry = now + lifetime_;
            kfk::OAuthBearerToken token{
                .value = unsecured_jwt(subject_, now, expiry + jwt_exp_offset_),
                .expiry = expiry,
                .principal = subject_,
                .extensions = {}};
            {
                std::lock_guard lock{mu_};
                ++calls_;
                call_times_.push_back(Clock::now());
            }
            cv_.notify_all();
            return token;
        };
    }
    int calls() const {
        std::lock_guard lock{mu_};
        return calls_;
    }
    // Waits (with a deadline, no polling of any client) until the provider ran `n` times.
    bool wait_calls(int n, std::chrono::seconds timeout) {
        std::unique_lock lock{mu_};
        return cv_.wait_for(lock, timeout, [&] { return calls_ >= n; });
    }
    Clock::time_point call_time(int i) const {
        std::lock_guard lock{mu_};
        return call_times_.at(static_cast<std::size_t>(i));
    }

  private:
    std::chrono::seconds lifetime_;
    std::string subject_;
    std::chrono::seconds jwt_exp_offset_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    int calls_ = 0;
    std::vector<Clock::time_point> call_times_;
};

// SASL_PLAINTEXT + OAUTHBEARER with the application's provider: nothing of librdkafka's own
// unsecured-JWT support (the harness's Security::oauthbearer settings use that).
template <class Config>
Config oauth_config(kfk::OAuthBearerTokenProvider provider) {
    Config c;
    c.bootstrap_servers(kfk_test::secure_env().sasl_plaintext)
        .security_protocol(kfk::SecurityProtocol::sasl_plaintext)
        .sasl_mechanism(kfk::SaslMechanism::oauthbearer)
        .oauthbearer_token_provider(std::move(provider));
    return c;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string create_topic(kfk::Admin& admin, const std::string& prefix, int partitions = 1) {
    const auto topic = kfk_test::unique_name(prefix);
    auto created = admin.create_topics({{topic, partitions, 1, {}}}, 30s);
    REQUIRE(created.size() == 1);
    REQUIRE_MESSAGE(created[0].ok(), created[0].error.to_string());
    REQUIRE(kfk_test::eventually([&] {
        auto d = admin.describe_topics({topic}, 10s);
        return d.size() == 1 && !d[0].error && !d[0].partitions.empty() &&
               d[0].partitions[0].leader >= 0;
    }));
    return topic;
}

}  // namespace

TEST_CASE("provider tokens: Admin, producers (both polling modes) and a consumer, nobody polls") {
    // The Admin first: nothing polls an Admin, so its token can only come from librdkafka's
    // background thread.
    TokenSource admin_tokens{300s};
    kfk::Admin admin{oauth_config<kfk::AdminConfig>(admin_tokens.provider())};
    const auto topic = create_topic(admin, "oauth-sdk");
    CHECK(admin_tokens.calls() == 1);

    SUBCASE("producer, background delivery polling") {
        TokenSource tokens{300s};
        kfk::BytesProducer producer{oauth_config<kfk::ProducerConfig>(tokens.provider())};
        REQUIRE(tokens.wait_calls(1, 10s));
        const auto report = producer.send_sync({.topic = topic, .value = "bg"}, 30s);
        REQUIRE_MESSAGE(report.ok(), report.error.to_string());
        CHECK(report.status == kfk::PersistedStatus::persisted);
    }
    SUBCASE("producer, manual delivery polling") {
        TokenSource tokens{300s};
        kfk::BytesProducer producer{oauth_config<kfk::ProducerConfig>(tokens.provider())
                                        .delivery_polling(kfk::DeliveryPolling::manual)};
        // Before anyone calls poll() (or send_sync, which polls in this mode).
        REQUIRE(tokens.wait_calls(1, 10s));
        const auto report = producer.send_sync({.topic = topic, .value = "manual"}, 30s);
        REQUIRE_MESSAGE(report.ok(), report.error.to_string());
    }
    SUBCASE("consumer") {
        {
            TokenSource tokens{300s};
            kfk::BytesProducer producer{oauth_config<kfk::ProducerConfig>(tokens.provider())};
            REQUIRE(producer.send_sync({.topic = topic, .value = "for-the-consumer"}, 30s).ok());
        }
        TokenSource tokens{300s};
        kfk::BytesConsumer consumer{oauth_config<kfk::ConsumerConfig>(tokens.provider())
                                        .group_id(kfk_test::unique_name("oauth-sdk-g"))};
        // Before the first poll.
        REQUIRE(tokens.wait_calls(1, 10s));
        consumer.assign({{topic, 0, kfk::offset::beginning}});
        std::optional<std::string> value;
        const auto deadline = Clock::now() + 30s;
        while (!value && Clock::now() < deadline) {
            auto m = consumer.poll(200ms);
            if (!m || m->is_partition_eof()) continue;
            REQUIRE_MESSAGE(!m->is_error(), m->error().to_string());
            value = std::string{*m->value()};
        }
        REQUIRE(value);
        CHECK(*value == "for-the-consumer");
        consumer.close(10s);
    }
}

TEST_CASE("short-lived tokens: refreshed while a consumer keeps receiving") {
    TokenSource admin_tokens{300s};
    kfk::Admin admin{oauth_config<kfk::AdminConfig>(admin_tokens.provider())};
    const auto topic = create_topic(admin, "oauth-refresh");

    // librdkafka asks for the next token at ~80 % of the lifetime (+ up to 1 s: its refresh
    // timer ticks every second), here after 16-17 s. The broker also ends each connection's
    // session at the token's expiry (KIP-368), and librdkafka re-authenticates it at 90 % of
    // the session, here after ~18 s: with the refreshed token. (Much shorter lifetimes make
    // the re-authentication come before the refresh, with the old token and a session of
    // under a second, and the broker refuses a second re-authentication within a second.)
    constexpr auto kLifetime = 20s;
    // Past the first re-authentication with the refreshed token.
    constexpr auto kAfterRefresh = 5s;
    TokenSource producer_tokens{kLifetime};
    TokenSource consumer_tokens{kLifetime};
    kfk::BytesProducer producer{oauth_config<kfk::ProducerConfig>(producer_tokens.provider())};
    kfk::BytesConsumer consumer{oauth_config<kfk::ConsumerConfig>(consumer_tokens.provider())
                                    .group_id(kfk_test::unique_name("oauth-refresh-g"))
                                    .auto_offset_reset(kfk::OffsetReset::earliest)};
    consumer.subscribe({topic});

    // Each round: one record sent, the consumer polled; until the consumer's provider has run
    // twice (one refresh) and records kept arriving for kAfterRefresh after it.
    std::set<std::string> sent, received;
    std::vector<std::string> errors;
    int received_late = 0;
    const auto start = Clock::now();
    const auto deadline = start + 90s;
    int i = 0;
    std::vector<std::future<kfk::DeliveryReport>> reports;
    while (Clock::now() < deadline) {
        const std::string value = "r" + std::to_string(i++);
        sent.insert(value);
        reports.push_back(producer.send({.topic = topic, .value = value}));
        std::optional<kfk::Message> m;
        try {
            m = consumer.poll(250ms);
        } catch (const kfk::AuthenticationError& e) {
            errors.push_back(std::string{"poll threw: "} + e.what());
        }
        if (m && m->is_error()) errors.push_back(m->error().to_string());
        if (m && !m->is_error() && !m->is_partition_eof()) {
            received.insert(std::string{*m->value()});
            if (consumer_tokens.calls() >= 2 &&
                Clock::now() > consumer_tokens.call_time(1) + kAfterRefresh) {
                ++received_late;
            }
        }
        if (received_late >= 5) break;
    }
    const int calls = consumer_tokens.calls();
    MESSAGE("consumer provider calls: ", calls,
            ", producer provider calls: ", producer_tokens.calls(), ", records sent ", sent.size(),
            ", received ", received.size(), ", ", received_late, " of them ", kAfterRefresh.count(),
            " s after the refresh; ", seconds_since(start), " s");
    for (const auto& e : errors) MESSAGE("consume error: ", e);
    CHECK(errors.empty());
    REQUIRE(calls >= 2);
    // The refresh comes at ~80 % of the lifetime, not at expiry and not in a loop.
    const double gap =
        std::chrono::duration<double>(consumer_tokens.call_time(1) - consumer_tokens.call_time(0))
            .count();
    MESSAGE("the consumer's first refresh after ", gap, " s (lifetime ", kLifetime.count(), " s)");
    CHECK(gap > 14.0);
    CHECK(gap < 19.0);
    CHECK(received_late >= 5);
    CHECK(producer_tokens.calls() >= 2);
    for (auto& r : reports) {
        REQUIRE(r.wait_for(30s) == std::future_status::ready);
        const auto report = r.get();
        CHECK_MESSAGE(report.ok(), report.error.to_string());
    }
    consumer.close(10s);
}

TEST_CASE("a token whose JWT has expired: the broker refuses it, AuthenticationError fast") {
    // librdkafka is told the token lives another 5 minutes; its exp claim ended a minute ago.
    SUBCASE("Admin") {
        TokenSource tokens{300s, "admin", -360s};
        std::atomic<int> errors{0};
        kfk::Admin admin{
            oauth_config<kfk::AdminConfig>(tokens.provider()).on_error([&](const kfk::Error&) {
                ++errors;
            })};
        const auto start = Clock::now();
        try {
            (void)admin.describe_cluster(60s);
            FAIL("describe_cluster succeeded with an expired token");
        } catch (const kfk::AuthenticationError& e) {
            const std::string what = e.what();
            MESSAGE("Admin refused after ", seconds_since(start), " s: ", what);
            CHECK(e.code() == kfk::ErrorCode::authentication);
            // Kafka's answer to an expired token (RFC 6750's error code).
            CHECK(what.find("invalid_token") != std::string::npos);
        }
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
        CHECK(errors.load() > 0);
    }
    SUBCASE("consumer poll") {
        TokenSource tokens{300s, "admin", -360s};
        kfk::BytesConsumer consumer{oauth_config<kfk::ConsumerConfig>(tokens.provider())
                                        .group_id(kfk_test::unique_name("oauth-expired"))};
        consumer.subscribe({kfk_test::unique_name("oauth-expired")});
        const auto start = Clock::now();
        bool thrown = false;
        while (!thrown && Clock::now() - start < 60s) {
            try {
                (void)consumer.poll(1s);
            } catch (const kfk::AuthenticationError& e) {
                thrown = true;
                const std::string what = e.what();
                MESSAGE("consumer refused after ", seconds_since(start), " s: ", what);
                CHECK(what.find("invalid_token") != std::string::npos);
            }
        }
        CHECK(thrown);
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
    }
}

TEST_CASE("a provider that throws: on_error has its message, nothing crashes") {
    std::mutex mu;
    std::vector<std::string> errors;
    std::atomic<int> calls{0};
    const auto failing = [&](std::string_view) -> kfk::OAuthBearerToken {
        ++calls;
        throw std::runtime_error("the identity provider said 503");
    };
    const auto has_message = [&] {
        std::lock_guard lock{mu};
        for (const auto& e : errors) {
            if (e.find("the identity provider said 503") != std::string::npos) return true;
        }
        return false;
    };
    const auto on_error = [&](const kfk::Error& e) {
        std::lock_guard lock{mu};
        errors.push_back(e.to_string());
    };

    SUBCASE("Admin (nobody polls)") {
        kfk::Admin admin{oauth_config<kfk::AdminConfig>(failing).on_error(on_error)};
        REQUIRE(kfk_test::eventually(has_message, 10s, 20ms));
        // Without a token nothing can connect: the call fails at once, naming the provider's
        // failure, rather than at its timeout.
        const auto start = Clock::now();
        try {
            (void)admin.describe_cluster(60s);
            FAIL("describe_cluster succeeded without a token");
        } catch (const kfk::AuthenticationError& e) {
            const std::string what = e.what();
            MESSAGE("describe_cluster without a token, after ", seconds_since(start), " s: ", what);
            CHECK(what.find("the identity provider said 503") != std::string::npos);
            CHECK(what.find("no credentials to offer") != std::string::npos);
        }
        CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
    }
    SUBCASE("consumer (its errors are served by poll)") {
        kfk::BytesConsumer consumer{oauth_config<kfk::ConsumerConfig>(failing)
                                        .group_id(kfk_test::unique_name("oauth-throws"))
                                        .on_error(on_error)};
        consumer.subscribe({kfk_test::unique_name("oauth-throws")});
        const auto deadline = Clock::now() + 10s;
        while (!has_message() && Clock::now() < deadline) {
            try {
                (void)consumer.poll(200ms);
            } catch (const kfk::AuthenticationError&) {
                // A refusal may end a poll; the provider's failure is what is checked.
            }
        }
        CHECK(has_message());
        consumer.close(2s);
    }
    CHECK(calls.load() >= 1);
    std::lock_guard lock{mu};
    for (const auto& e : errors) MESSAGE("on_error: ", e);
}

TEST_CASE("a provider beside librdkafka's own unsecured JWT is a ConfigError") {
    // The harness's OAUTHBEARER settings use enable.sasl.oauthbearer.unsecure.jwt=true.
    const auto client = kfk_test::secure_client(kfk_test::Security::oauthbearer, "admin");
    kfk::AdminConfig config;
    for (const auto& [k, v] : client.sdk_properties()) config.set(k, v);
    TokenSource tokens{300s};
    config.oauthbearer_token_provider(tokens.provider());
    CHECK_THROWS_AS(kfk::Admin{config}, kfk::ConfigError);
    // And one without OAUTHBEARER at all.
    const auto scram = kfk_test::secure_client(kfk_test::Security::scram_sha_256, "admin");
    kfk::ProducerConfig producer_config;
    for (const auto& [k, v] : scram.sdk_properties()) producer_config.set(k, v);
    producer_config.oauthbearer_token_provider(tokens.provider());
    try {
        kfk::BytesProducer producer{producer_config};
        FAIL("created");
    } catch (const kfk::ConfigError& e) {
        CHECK(std::string{e.what()}.find("SCRAM-SHA-256") != std::string::npos);
    }
}

namespace {

struct CapturedLog {
    std::mutex mu;
    std::vector<std::string> lines;
    kfk::LogSink sink() {
        return [this](kfk::LogLevel, std::string_view facility, std::string_view client,
                      std::string_view message) {
            std::lock_guard lock{mu};
            lines.push_back(std::string{facility} + " " + std::string{client} + " " +
                            std::string{message});
        };
    }
    // Each line that contains `secret`.
    std::vector<std::string> containing(const std::string& secret) {
        std::lock_guard lock{mu};
        std::vector<std::string> out;
        for (const auto& l : lines) {
            if (l.find(secret) != std::string::npos) out.push_back(l);
        }
        return out;
    }
    std::size_t size() {
        std::lock_guard lock{mu};
        return lines.size();
    }
};

template <class Config>
Config scram_with_password(const kfk_test::SecureClient& client, const std::string& password,
                           CapturedLog& log) {
    Config c;
    for (const auto& [k, v] : client.sdk_properties()) c.set(k, v);
    c.sasl_password(password).debug("security,broker,protocol").log_sink(log.sink());
    return c;
}

}  // namespace

TEST_CASE("set_sasl_credentials: refused with a wrong password, working with the right one") {
    const std::string user = "admin";
    const auto client = kfk_test::secure_client(kfk_test::Security::scram_sha_512, user);
    const std::string right = client.password();
    const std::string wrong = "wrong-password-" + kfk_test::unique_name("x");
    CapturedLog log;
    std::string topic;
    {
        TokenSource tokens{300s};
        kfk::Admin admin{oauth_config<kfk::AdminConfig>(tokens.provider())};
        topic = create_topic(admin, "rotate");
    }

    SUBCASE("producer") {
        kfk::BytesProducer producer{scram_with_password<kfk::ProducerConfig>(client, wrong, log)};
        auto start = Clock::now();
        CHECK_THROWS_AS((void)producer.send_sync({.topic = topic, .value = "refused"}, 60s),
                        kfk::AuthenticationError);
        MESSAGE("wrong password refused after ", seconds_since(start), " s");

        producer.set_sasl_credentials(user, right);
        start = Clock::now();
        std::optional<kfk::DeliveryReport> report;
        std::vector<std::string> failures;
        const auto deadline = Clock::now() + 60s;
        while (Clock::now() < deadline) {
            try {
                auto r = producer.send_sync({.topic = topic, .value = "accepted"}, 5s);
                if (r.ok()) {
                    report = r;
                    break;
                }
                failures.push_back(r.error.to_string());
            } catch (const kfk::AuthenticationError& e) {
                // A connection attempt made with the old password may still be refused.
                failures.push_back(e.what());
            }
        }
        MESSAGE("the right password worked after ", seconds_since(start), " s and ",
                failures.size(), " failed attempts");
        for (const auto& f : failures) MESSAGE("attempt: ", f);
        REQUIRE(report);
        CHECK(report->status == kfk::PersistedStatus::persisted);
        producer.close(10s);
    }
    SUBCASE("Admin") {
        kfk::Admin admin{scram_with_password<kfk::AdminConfig>(client, wrong, log)};
        CHECK_THROWS_AS((void)admin.describe_cluster(60s), kfk::AuthenticationError);
        admin.set_sasl_credentials(user, right);
        const auto start = Clock::now();
        CHECK(kfk_test::eventually(
            [&] {
                (void)admin.describe_cluster(5s);
                return true;
            },
            60s));
        MESSAGE("Admin worked after ", seconds_since(start), " s");
    }
    MESSAGE(log.size(), " log lines captured");
    REQUIRE(log.size() > 0);
    CHECK(!log.containing("SASL credentials replaced (user 'admin')").empty());
    for (const auto& secret : {wrong, right}) {
        const auto leaked = log.containing(secret);
        for (const auto& line : leaked) MESSAGE("a password in a log line: ", line);
        CHECK(leaked.empty());
    }
}
