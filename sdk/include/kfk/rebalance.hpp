// Rebalance listener: what a subscribed consumer is told when the group moves partitions.
//
// All three run on the application's thread, inside poll()/poll_batch() (or close()), so they
// may call the consumer. kfk picks eager or incremental assignment itself from the protocol
// in use (eager assignors, cooperative-sticky, or KIP-848 group.protocol=consumer); the
// application never calls assign() here (cppkafka#321).
//   * Eager protocols revoke every partition before each rebalance, then assign the new set.
//   * Incremental protocols (cooperative-sticky, group.protocol=consumer) pass only the
//     partitions that changed; on_assigned may get an empty list.
// An exception thrown here is rethrown from the poll() that ran the listener, after the
// assignment change has been applied (the partitions are assigned, or gone).
//
// Thread-safety: the functions are called on the consumer's polling thread only.
#pragma once

#include <functional>

#include "kfk/topic_partition.hpp"

namespace kfk {

struct RebalanceListener {
    // Partitions just added to the assignment. seek() works here (it waits for the fetcher
    // to start). Runs after the assignment.
    std::function<void(const TopicPartitions&)> on_assigned;
    // Partitions about to be taken away in an orderly rebalance, while they are still
    // assigned: commit_sync() here commits what was processed (modern-cpp-kafka#53). With
    // auto commit, records handed out so far are already stored and committed right after.
    // Inside close(), commit_sync() works (bounded by close()'s deadline) but committed()
    // throws UsageError: librdkafka no longer fetches offsets for a leaving member.
    std::function<void(const TopicPartitions&)> on_revoked;
    // Partitions already lost (session timeout, fenced member): another member may own them
    // now, so commits for them fail; do not commit, just drop per-partition state.
    // Without on_lost, nothing is called (on_revoked is NOT called instead).
    std::function<void(const TopicPartitions&)> on_lost;
};

}  // namespace kfk
