// kfk consume: which partitions to read and where each one starts — --from (beginning, end,
// OFFSET, -N, @TIME), or with --group the committed offset where there is one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "commands/consume_options.hpp"
#include "commands/consume_partitions.hpp"
#include "core/session.hpp"
#include "core/start_spec.hpp"
#include "kfk/bytes_consumer.hpp"

namespace kfk::cli {

// The partitions of --topics (only --partition ones, if given). Exit 2 for a missing topic
// or partition.
kfk::TopicPartitions resolve_partitions(kfk::Admin& admin, const ConsumeOptions& o,
                                        std::chrono::milliseconds timeout);

class StartResolver {
  public:
    StartResolver(const ConsumeOptions& o, const Session& session);

    const StartSpec& spec() const noexcept { return spec_; }
    // Where a group without a commit starts, for auto.offset.reset.
    kfk::OffsetReset offset_reset() const;

    // Log start, end (LSO under read_committed; the --exit targets, kept in `parts`) and for
    // @TIME the offset at that time. Only needed for --exit or a --from other than "stored".
    bool needs_snapshot() const;
    void snapshot(kfk::Admin& admin, const kfk::TopicPartitions& tps, Partitions& parts);

    // Without a group's assignment: each partition's start (the committed offset first,
    // with --group and explicit partitions).
    kfk::TopicPartitionOffsets assignment(kfk::BytesConsumer& consumer,
                                          const kfk::TopicPartitions& tps, Partitions& parts);
    // The group assigned `added`: the committed offset, else --from (seeking if needed).
    void on_assigned(kfk::BytesConsumer& consumer, const kfk::TopicPartitions& added,
                     Partitions& parts);

  private:
    std::int64_t start_offset(const kfk::TopicPartition& tp) const;
    std::string describe() const;
    void log_start(const kfk::TopicPartition& tp, std::int64_t offset,
                   const std::string& why) const;

    const ConsumeOptions& o_;
    const Session& session_;
    StartSpec spec_;
    std::map<kfk::TopicPartition, std::tuple<std::int64_t, std::int64_t, std::int64_t>> bounds_;
};

}  // namespace kfk::cli
