// Typed client configuration.
//
// The common settings have typed setters (enums, std::chrono durations); any other librdkafka
// property goes through set(key, value). Nothing is checked until a client is constructed:
// then every property is handed to librdkafka and the first one it rejects throws
// kfk::ConfigError naming the key and librdkafka's reason. Secret values (passwords, private
// keys, OAuth secrets) never appear in dump(), logs or error messages.
//
// Thread-safety: a config is a value; build it on one thread, then hand copies to clients.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kfk/delivery.hpp"
#include "kfk/error.hpp"
#include "kfk/log.hpp"
#include "kfk/oauthbearer.hpp"

namespace kfk {

struct Statistics;

// What an acknowledged write means. See ProducerConfig::acks for what each level can lose.
enum class Acks { none = 0, leader = 1, all = -1 };
enum class Compression { none, gzip, snappy, lz4, zstd };
enum class OffsetReset { earliest, latest, error };
enum class IsolationLevel { read_uncommitted, read_committed };
// classic: the JoinGroup/SyncGroup protocol with client-side assignors (eager or cooperative).
// consumer: KIP-848, the broker-driven incremental protocol of Kafka 4 (no client assignor).
enum class GroupProtocol { classic, consumer };
enum class SecurityProtocol { plaintext, ssl, sasl_plaintext, sasl_ssl };
enum class SaslMechanism { plain, scram_sha_256, scram_sha_512, oauthbearer, gssapi };

using Property = std::pair<std::string, std::string>;

// Settings shared by every client type, and the property store behind them.
class ConfigBase {
  public:
    using ErrorCallback = std::function<void(const Error&)>;
    using StatisticsCallback = std::function<void(const Statistics&)>;

    // Any librdkafka property (CONFIGURATION.md). Setting a key again replaces its value.
    void set_property(std::string_view key, std::string_view value);
    // The value set for `key`, if any (secrets included: this is the program's own data).
    [[nodiscard]] std::optional<std::string> get(std::string_view key) const;
    [[nodiscard]] bool contains(std::string_view key) const { return get(key).has_value(); }
    void erase(std::string_view key);
    const std::vector<Property>& properties() const noexcept { return properties_; }
    // Every property in the order set, secrets replaced by "[redacted]".
    [[nodiscard]] std::vector<Property> dump() const;
    // "k=v, k=v" with secrets redacted.
    [[nodiscard]] std::string to_string() const;
    // True for keys whose values must never be printed.
    [[nodiscard]] static bool is_secret(std::string_view key) noexcept;

    const LogSink& log_sink() const noexcept { return log_sink_; }
    const ErrorCallback& error_callback() const noexcept { return on_error_; }
    const StatisticsCallback& statistics_callback() const noexcept { return on_statistics_; }
    const OAuthBearerTokenProvider& oauthbearer_token_provider() const noexcept {
        return oauthbearer_provider_;
    }

  protected:
    ConfigBase();
    LogSink log_sink_;
    ErrorCallback on_error_;
    StatisticsCallback on_statistics_;
    OAuthBearerTokenProvider oauthbearer_provider_;

  private:
    std::vector<Property> properties_;
};

// Typed setters common to all clients; `Self` keeps chained calls on the derived type.
template <class Self>
class ClientConfig : public ConfigBase {
  public:
    Self& set(std::string_view key, std::string_view value) {
        set_property(key, value);
        return self();
    }
    // "host:port,host:port".
    Self& bootstrap_servers(std::string_view servers) { return set("bootstrap.servers", servers); }
    Self& client_id(std::string_view id) { return set("client.id", id); }
    Self& security_protocol(SecurityProtocol p);
    Self& sasl_mechanism(SaslMechanism m);
    Self& sasl_username(std::string_view user) { return set("sasl.username", user); }
    // Redacted everywhere it could be printed.
    Self& sasl_password(std::string_view password) { return set("sasl.password", password); }
    Self& ssl_ca_location(std::string_view path) { return set("ssl.ca.location", path); }
    Self& ssl_certificate_location(std::string_view path) {
        return set("ssl.certificate.location", path);
    }
    Self& ssl_key_location(std::string_view path) { return set("ssl.key.location", path); }
    Self& ssl_key_password(std::string_view password) { return set("ssl.key.password", password); }
    Self& socket_timeout(std::chrono::milliseconds t) { return set_ms("socket.timeout.ms", t); }
    Self& metadata_max_age(std::chrono::milliseconds t) { return set_ms("metadata.max.age.ms", t); }
    // librdkafka debug contexts, e.g. "broker,topic,msg" or "all".
    Self& debug(std::string_view contexts) { return set("debug", contexts); }
    // Where diagnostics go (default: stderr). See kfk/log.hpp for the threading rules.
    Self& log_sink(LogSink sink) {
        log_sink_ = std::move(sink);
        return self();
    }
    // Client-level errors (all brokers down, authentication, fatal); default: logged.
    // Runs on the thread that serves the client's events (see the client's docs).
    Self& on_error(ErrorCallback cb) {
        on_error_ = std::move(cb);
        return self();
    }
    // Parsed librdkafka statistics every `interval`.
    Self& on_statistics(std::chrono::milliseconds interval, StatisticsCallback cb) {
        on_statistics_ = std::move(cb);
        return set_ms("statistics.interval.ms", interval);
    }
    // SASL/OAUTHBEARER tokens from the application (kfk/oauthbearer.hpp: when it is called,
    // on which thread — librdkafka's background thread, without the application polling —
    // and what a throw does). It sets nothing else: the client's constructor throws
    // ConfigError unless security.protocol is SASL_PLAINTEXT or SASL_SSL and sasl.mechanism
    // is OAUTHBEARER, and when enable.sasl.oauthbearer.unsecure.jwt=true or
    // sasl.oauthbearer.method=oidc (librdkafka's own token sources) is set as well. An empty
    // function removes the provider.
    Self& oauthbearer_token_provider(OAuthBearerTokenProvider provider) {
        oauthbearer_provider_ = std::move(provider);
        return self();
    }

  protected:
    Self& self() { return static_cast<Self&>(*this); }
    Self& set_ms(std::string_view key, std::chrono::milliseconds t) {
        return set(key, std::to_string(t.count()));
    }
};

namespace detail {
std::string_view to_property(SecurityProtocol p) noexcept;
std::string_view to_property(SaslMechanism m) noexcept;
std::string_view to_property(Compression c) noexcept;
std::string_view to_property(OffsetReset r) noexcept;
std::string_view to_property(IsolationLevel l) noexcept;
std::string_view to_property(GroupProtocol p) noexcept;
}  // namespace detail

template <class Self>
Self& ClientConfig<Self>::security_protocol(SecurityProtocol p) {
    return set("security.protocol", detail::to_property(p));
}
template <class Self>
Self& ClientConfig<Self>::sasl_mechanism(SaslMechanism m) {
    return set("sasl.mechanism", detail::to_property(m));
}

// How delivery reports reach the application.
enum class DeliveryPolling {
    background,  // an SDK thread serves them: futures complete and callbacks run on it
    manual,      // the application calls Producer::poll(); callbacks run on that thread
};

// What send() does when librdkafka's local queue is full (queue.buffering.max.*).
enum class QueueFullPolicy {
    block,      // wait for room up to the send's deadline, then fail with queue_full
    fail_fast,  // fail at once with a retriable queue_full error
};

// Producer settings. Defaults follow the Java client since Kafka 3.0: acks=all and
// idempotence on, so an acknowledged record is on every in-sync replica, written once, in
// order. Keyed records are partitioned exactly like the Java client (murmur2); records without
// a key stick to one partition per batch.
class ProducerConfig : public ClientConfig<ProducerConfig> {
  public:
    ProducerConfig();

    // acks=0 (Acks::none): nothing is confirmed; a record is lost if the connection or the
    //   leader fails, and the offset in its delivery result is unknown.
    // acks=1 (Acks::leader): the leader wrote it; lost if the leader dies before a follower
    //   copied it (an in-sync follower may still lag by up to replica.lag.time.max.ms).
    // acks=all (Acks::all, default): every in-sync replica has it; with min.insync.replicas=2
    //   and replication factor 3 it survives the loss of any one broker. With the broker's
    //   default min.insync.replicas=1 the in-sync set may shrink to the leader alone, and then
    //   acks=all promises no more than acks=1.
    // Choosing none or leader also turns idempotence off unless you set it explicitly
    // (idempotence requires acks=all).
    ProducerConfig& acks(Acks a);
    // Exactly-once per partition for retries: no duplicates, no reordering.
    ProducerConfig& idempotence(bool on);
    ProducerConfig& linger(std::chrono::milliseconds t) { return set_ms("linger.ms", t); }
    ProducerConfig& batch_size(std::size_t bytes) {
        return set("batch.size", std::to_string(bytes));
    }
    ProducerConfig& batch_num_messages(std::size_t n) {
        return set("batch.num.messages", std::to_string(n));
    }
    ProducerConfig& compression(Compression c) {
        return set("compression.type", detail::to_property(c));
    }
    // Upper bound on the time to deliver one record, retries included (delivery.timeout.ms).
    ProducerConfig& delivery_timeout(std::chrono::milliseconds t) {
        return set_ms("message.timeout.ms", t);
    }
    ProducerConfig& request_timeout(std::chrono::milliseconds t) {
        return set_ms("request.timeout.ms", t);
    }
    ProducerConfig& max_in_flight(int n) {
        return set("max.in.flight.requests.per.connection", std::to_string(n));
    }
    ProducerConfig& queue_max_messages(std::size_t n) {
        return set("queue.buffering.max.messages", std::to_string(n));
    }
    ProducerConfig& queue_max_kbytes(std::size_t kb) {
        return set("queue.buffering.max.kbytes", std::to_string(kb));
    }
    ProducerConfig& message_max_bytes(std::size_t bytes) {
        return set("message.max.bytes", std::to_string(bytes));
    }
    // Enables transactions (implies idempotence).
    ProducerConfig& transactional_id(std::string_view id) { return set("transactional.id", id); }
    ProducerConfig& transaction_timeout(std::chrono::milliseconds t) {
        return set_ms("transaction.timeout.ms", t);
    }
    // librdkafka partitioner name; the default murmur2_random is the Java client's mapping for
    // keyed records. Records without a key go to a random partition: librdkafka's sticky
    // partitioning keeps them on one partition for sticky.partitioning.linger.ms (10 ms by
    // default; 0 disables it) before picking another: time-based, not Java's KIP-794
    // byte-based uniform sticky partitioner.
    ProducerConfig& partitioner(std::string_view name) { return set("partitioner", name); }

    // Receives the report of every record sent with produce() (fire and forget); runs where
    // delivery reports are served (see DeliveryPolling).
    ProducerConfig& on_delivery(std::function<void(const DeliveryReport&)> cb) {
        on_delivery_ = std::move(cb);
        return *this;
    }
    const std::function<void(const DeliveryReport&)>& delivery_callback() const noexcept {
        return on_delivery_;
    }

    ProducerConfig& delivery_polling(DeliveryPolling mode) {
        polling_ = mode;
        return *this;
    }
    ProducerConfig& queue_full_policy(QueueFullPolicy policy) {
        queue_full_policy_ = policy;
        return *this;
    }
    // The deadline of send() calls that do not give one (used by QueueFullPolicy::block).
    ProducerConfig& default_send_timeout(std::chrono::milliseconds t) {
        send_timeout_ = t;
        return *this;
    }

    DeliveryPolling delivery_polling() const noexcept { return polling_; }
    QueueFullPolicy queue_full_policy() const noexcept { return queue_full_policy_; }
    std::chrono::milliseconds default_send_timeout() const noexcept { return send_timeout_; }

  private:
    DeliveryPolling polling_ = DeliveryPolling::background;
    QueueFullPolicy queue_full_policy_ = QueueFullPolicy::block;
    std::chrono::milliseconds send_timeout_{30000};
    bool idempotence_explicit_ = false;
    std::function<void(const DeliveryReport&)> on_delivery_;
};

// Consumer settings.
//
// Commit models (details in kfk/bytes_consumer.hpp):
//   * enable_auto_commit(true), the default: an offset is stored only once the application has
//     had its record — when it calls poll() again, commits, or close()s — and stored offsets
//     are committed every auto_commit_interval and on close(): at-least-once.
//   * enable_auto_commit(false): nothing is committed until commit_sync()/commit_async().
//   * enable_auto_offset_store(false): only what the application passes to store_offsets() is
//     committed (by the auto committer or by commit_sync()/commit_async() without offsets).
// Without group_id the consumer is assign-only (see BytesConsumer).
class ConsumerConfig : public ClientConfig<ConsumerConfig> {
  public:
    ConsumerConfig();

    ConsumerConfig& group_id(std::string_view id) { return set("group.id", id); }
    // Static membership (KIP-345): a restart within the session timeout keeps the assignment.
    ConsumerConfig& group_instance_id(std::string_view id) { return set("group.instance.id", id); }
    ConsumerConfig& group_protocol(GroupProtocol p) {
        return set("group.protocol", detail::to_property(p));
    }
    // Where a group starts on a partition it has no committed offset for (default: latest).
    ConsumerConfig& auto_offset_reset(OffsetReset r) {
        return set("auto.offset.reset", detail::to_property(r));
    }
    ConsumerConfig& isolation_level(IsolationLevel l) {
        return set("isolation.level", detail::to_property(l));
    }
    ConsumerConfig& enable_auto_commit(bool on);
    // false: the explicit-store model (store_offsets()). true: librdkafka's own store as each
    // record is handed out, which commits records whose processing failed: avoid. Unset
    // (default): kfk's at-least-once store described above.
    ConsumerConfig& enable_auto_offset_store(bool on) {
        return set("enable.auto.offset.store", on ? "true" : "false");
    }
    ConsumerConfig& auto_commit_interval(std::chrono::milliseconds t) {
        return set_ms("auto.commit.interval.ms", t);
    }
    ConsumerConfig& session_timeout(std::chrono::milliseconds t) {
        return set_ms("session.timeout.ms", t);
    }
    ConsumerConfig& heartbeat_interval(std::chrono::milliseconds t) {
        return set_ms("heartbeat.interval.ms", t);
    }
    ConsumerConfig& max_poll_interval(std::chrono::milliseconds t) {
        return set_ms("max.poll.interval.ms", t);
    }
    // Classic protocol only: e.g. "cooperative-sticky" or "range,roundrobin".
    ConsumerConfig& partition_assignment_strategy(std::string_view s) {
        return set("partition.assignment.strategy", s);
    }
    // Report reaching the end of a partition as an event from poll().
    ConsumerConfig& enable_partition_eof(bool on) {
        return set("enable.partition.eof", on ? "true" : "false");
    }

    // Whether enable.auto.commit is on, however it was set.
    bool auto_commit() const;
};

// Admin client settings (only the common ones).
class AdminConfig : public ClientConfig<AdminConfig> {
  public:
    // Refreshes cluster metadata every 10 s (librdkafka's default is 5 min). KRaft brokers
    // name a random live broker as "controller", and librdkafka sends most admin requests to
    // the one it last heard of: after that broker dies, requests wait for it until the next
    // metadata refresh. Override with set("topic.metadata.refresh.interval.ms", ...).
    AdminConfig();
};

}  // namespace kfk
