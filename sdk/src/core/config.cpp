#include "kfk/config.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace kfk {

ConfigBase::ConfigBase() : log_sink_(stderr_log_sink()) {}

void ConfigBase::set_property(std::string_view key, std::string_view value) {
    auto it = std::find_if(properties_.begin(), properties_.end(),
                           [&](const Property& p) { return p.first == key; });
    if (it != properties_.end()) {
        it->second.assign(value);
    } else {
        properties_.emplace_back(std::string{key}, std::string{value});
    }
}

std::optional<std::string> ConfigBase::get(std::string_view key) const {
    for (const auto& [k, v] : properties_) {
        if (k == key) return v;
    }
    return std::nullopt;
}

void ConfigBase::erase(std::string_view key) {
    std::erase_if(properties_, [&](const Property& p) { return p.first == key; });
}

bool ConfigBase::is_secret(std::string_view key) noexcept {
    // Substrings of every librdkafka property marked sensitive, plus common custom names.
    static constexpr std::array<std::string_view, 7> markers{
        "password",           "secret", "ssl.key.pem", "ssl_key", "private.key",
        "oauthbearer.config", "token"};
    return std::any_of(markers.begin(), markers.end(),
                       [&](std::string_view m) { return key.find(m) != std::string_view::npos; });
}

std::vector<Property> ConfigBase::dump() const {
    std::vector<Property> out = properties_;
    for (auto& [k, v] : out) {
        if (is_secret(k)) v = "[redacted]";
    }
    return out;
}

std::string ConfigBase::to_string() const {
    std::string s;
    for (const auto& [k, v] : dump()) {
        if (!s.empty()) s += ", ";
        s += k;
        s += '=';
        s += v;
    }
    return s;
}

namespace detail {

std::string_view to_property(SecurityProtocol p) noexcept {
    switch (p) {
        case SecurityProtocol::plaintext:
            return "plaintext";
        case SecurityProtocol::ssl:
            return "ssl";
        case SecurityProtocol::sasl_plaintext:
            return "sasl_plaintext";
        case SecurityProtocol::sasl_ssl:
            return "sasl_ssl";
    }
    return "plaintext";
}

std::string_view to_property(SaslMechanism m) noexcept {
    switch (m) {
        case SaslMechanism::plain:
            return "PLAIN";
        case SaslMechanism::scram_sha_256:
            return "SCRAM-SHA-256";
        case SaslMechanism::scram_sha_512:
            return "SCRAM-SHA-512";
        case SaslMechanism::oauthbearer:
            return "OAUTHBEARER";
        case SaslMechanism::gssapi:
            return "GSSAPI";
    }
    return "PLAIN";
}

std::string_view to_property(Compression c) noexcept {
    switch (c) {
        case Compression::none:
            return "none";
        case Compression::gzip:
            return "gzip";
        case Compression::snappy:
            return "snappy";
        case Compression::lz4:
            return "lz4";
        case Compression::zstd:
            return "zstd";
    }
    return "none";
}

std::string_view to_property(OffsetReset r) noexcept {
    switch (r) {
        case OffsetReset::earliest:
            return "earliest";
        case OffsetReset::latest:
            return "latest";
        case OffsetReset::error:
            return "error";
    }
    return "latest";
}

std::string_view to_property(IsolationLevel l) noexcept {
    return l == IsolationLevel::read_committed ? "read_committed" : "read_uncommitted";
}

std::string_view to_property(GroupProtocol p) noexcept {
    return p == GroupProtocol::consumer ? "consumer" : "classic";
}

}  // namespace detail

ProducerConfig::ProducerConfig() {
    // The Java client's safe defaults (KIP-679) and its key -> partition mapping.
    set("acks", "all");
    set("enable.idempotence", "true");
    set("partitioner", "murmur2_random");
}

ProducerConfig& ProducerConfig::acks(Acks a) {
    set("acks", a == Acks::all ? "all" : std::to_string(static_cast<int>(a)));
    // Idempotence needs acks=all; a weaker choice turns the default off (as in Java), but an
    // explicit idempotence(true) stays and librdkafka reports the conflict at construction.
    if (a != Acks::all && !idempotence_explicit_) set("enable.idempotence", "false");
    return *this;
}

ProducerConfig& ProducerConfig::idempotence(bool on) {
    idempotence_explicit_ = true;
    return set("enable.idempotence", on ? "true" : "false");
}

AdminConfig::AdminConfig() {
    set("topic.metadata.refresh.interval.ms", "10000");
}

ConsumerConfig::ConsumerConfig() {
    // kfk stores offsets itself (see the commit models in kfk/bytes_consumer.hpp).
    set("enable.auto.commit", "true");
}

ConsumerConfig& ConsumerConfig::enable_auto_commit(bool on) {
    return set("enable.auto.commit", on ? "true" : "false");
}

bool ConsumerConfig::auto_commit() const {
    // librdkafka's boolean spellings; anything it rejects fails at construction anyway.
    auto v = get("enable.auto.commit").value_or("true");
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return !(v == "false" || v == "f" || v == "0" || v == "off" || v == "no");
}

}  // namespace kfk
