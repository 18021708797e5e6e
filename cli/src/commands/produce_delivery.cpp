#include "commands/produce_delivery.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/args.hpp"

namespace kfk::cli {

void DeliveryStats::fail(const kfk::Error& e, std::uint64_t record) {
    failed.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock{mu};
    auto& f = failures[e.raw_code()];
    if (f.count++ == 0) {
        f.first_record = record;
        f.message = e.to_string();
        failure_codes[e.raw_code()] = exit_code_for(e);
    }
}

kfk::ProducerConfig producer_config(const Session& session, const ProduceOptions& o,
                                    const TopicLimits& limits, DeliveryStats& stats) {
    auto config = session.producer_config();
    // Runs on the SDK's delivery thread for every record.
    config.on_delivery([s = &stats](const kfk::DeliveryReport& r) {
        if (!r.ok()) {
            s->fail(r.error, 0);
            return;
        }
        s->acked.fetch_add(1, std::memory_order_relaxed);
        if (r.partition >= 0 && static_cast<std::size_t>(r.partition) < s->partitions_used.size()) {
            auto& used = s->partitions_used[static_cast<std::size_t>(r.partition)];
            if (!used.load(std::memory_order_relaxed)) used.store(true, std::memory_order_relaxed);
        }
    });
    config.acks(o.acks);
    if (o.idempotent) config.idempotence(*o.idempotent);
    if (!o.compression.empty()) config.set("compression.type", o.compression);
    // The client refuses records above message.max.bytes (1000000 by default) before the
    // broker sees them; let the topic's own limit decide instead, unless -X set one.
    if (limits.max_message_bytes > 0 && !session.connection().find("message.max.bytes")) {
        config.message_max_bytes(
            static_cast<std::size_t>(std::max<std::int64_t>(limits.max_message_bytes, 1000000)) +
            1024);
    }
    return config;
}

std::size_t check_topic(kfk::Admin& admin, const std::string& topic,
                        std::chrono::milliseconds timeout, TopicLimits& limits) {
    kfk::DescribeTopicsOptions options;
    options.include_configs = true;
    const auto described = admin.describe_topics({topic}, timeout, options);
    if (described.empty() || described.front().error) {
        const auto err = described.empty() ? kfk::Error{kfk::ErrorCode::unknown_topic_or_partition}
                                           : described.front().error;
        if (exit_code_for(err) == ExitCode::not_found) {
            throw CliError(ExitCode::not_found, "topic '" + topic + "' does not exist",
                           "create it first: kfk topic create " + topic +
                               " --partitions N (kfk never creates topics implicitly)");
        }
        throw explain(err, "topic '" + topic + "'");
    }
    if (const auto& why = described.front().configs_error) {
        // Producing needs Write and Describe on the topic, not DescribeConfigs: without the
        // limit the broker's answer decides (and names it) instead of this pre-check.
        std::fprintf(stderr,
                     "kfk: note: cannot read the configs of topic '%s' (%s): skipping the "
                     "max.message.bytes check, the broker decides\n",
                     topic.c_str(),
                     exit_code_for(why) == ExitCode::auth ? "not authorized: DescribeConfigs"
                                                          : why.to_string().c_str());
    }
    for (const auto& c : described.front().configs) {
        if (c.name == "max.message.bytes" && c.value) {
            limits.max_message_bytes = std::atoll(c.value->c_str());
            limits.source = "max.message.bytes of topic " + topic;
        }
    }
    return described.front().partitions.size();
}

std::string too_large_message(std::size_t size, const TopicLimits& limits) {
    return "record of " + std::to_string(size) + " bytes is larger than the maximum message size " +
           std::to_string(limits.max_message_bytes) + " bytes (" +
           human_bytes(static_cast<double>(limits.max_message_bytes)) + ", " + limits.source + ")";
}

}  // namespace kfk::cli
