// Rebalance listener: what a consumer is told when the group moves partitions.
//
// All three run on the application's thread, inside poll() (or close()), so they may call the
// consumer — notably commit_sync() in on_revoked, which runs BEFORE the partitions are taken
// away. kfk picks eager or incremental (cooperative, and KIP-848 group.protocol=consumer)
// assignment itself; with incremental protocols the lists are only the partitions that
// changed. An exception thrown here is rethrown from the poll() that ran the listener, after
// the assignment change has been applied.
#pragma once

#include <functional>

#include "kfk/topic_partition.hpp"

namespace kfk {

struct RebalanceListener {
    // Partitions now assigned (positions are valid; seek() works inside).
    std::function<void(const TopicPartitions&)> on_assigned;
    // Partitions about to be taken away in an orderly rebalance: commit what was processed.
    std::function<void(const TopicPartitions&)> on_revoked;
    // Partitions already lost (session timeout, fenced): another member may own them now, so
    // committing is no longer possible.
    std::function<void(const TopicPartitions&)> on_lost;
};

}  // namespace kfk
