// Admin value types: redaction of sensitive configs, key remapping arithmetic, names.
#include <doctest/doctest.h>

#include <numeric>

#include "kfk/admin_types.hpp"

TEST_CASE("ConfigEntry never prints a sensitive value") {
    kfk::ConfigEntry e;
    e.name = "ssl.keystore.password";
    e.is_sensitive = true;
    // Even if a value were present, it is not shown.
    e.value = "hunter2";
    CHECK(e.display_value() == "[sensitive]");
    CHECK(e.to_string().find("hunter2") == std::string::npos);
    CHECK(e.to_string().find("[sensitive]") != std::string::npos);

    kfk::ConfigEntry r;
    r.name = "retention.ms";
    r.value = "60000";
    r.source = kfk::ConfigSource::dynamic_topic;
    CHECK(r.to_string() == "retention.ms=60000 (DYNAMIC_TOPIC_CONFIG)");
    kfk::ConfigEntry n;
    n.name = "x";
    CHECK(n.display_value() == "null");
}

TEST_CASE("ConfigDescription::find") {
    kfk::ConfigDescription d;
    d.entries.push_back({"a", "1", {}, false, false, false, {}});
    CHECK(d.find("a") != nullptr);
    CHECK(d.find("b") == nullptr);
}

TEST_CASE("keys_remapped_fraction: the share of keys that change partition") {
    CHECK(kfk::keys_remapped_fraction(3, 3) == doctest::Approx(0.0));
    CHECK(kfk::keys_remapped_fraction(3, 6) == doctest::Approx(0.5));
    CHECK(kfk::keys_remapped_fraction(3, 4) == doctest::Approx(0.75));
    CHECK(kfk::keys_remapped_fraction(1, 2) == doctest::Approx(0.5));
    CHECK(kfk::keys_remapped_fraction(0, 2) == doctest::Approx(0.0));

    // Cross-check against brute force over hash values.
    for (int from = 1; from <= 7; ++from) {
        for (int to = from + 1; to <= 12; ++to) {
            int moved = 0;
            const int n = std::lcm(from, to);  // the pattern repeats with this period
            for (int h = 0; h < n; ++h) moved += (h % from) != (h % to);
            CAPTURE(from);
            CAPTURE(to);
            CHECK(kfk::keys_remapped_fraction(from, to) ==
                  doctest::Approx(static_cast<double>(moved) / n));
        }
    }
}

TEST_CASE("admin enum names") {
    CHECK(to_string(kfk::GroupState::stable) == "Stable");
    CHECK(to_string(kfk::GroupType::consumer) == "consumer");
    CHECK(to_string(kfk::ConfigSource::static_broker) == "STATIC_BROKER_CONFIG");
    CHECK(to_string(kfk::AlterConfigOp::remove) == "DELETE");
    CHECK(to_string(kfk::AclOperation::describe_configs) == "DESCRIBE_CONFIGS");
    CHECK(kfk::ConfigResource::broker(1).name == "1");
}
