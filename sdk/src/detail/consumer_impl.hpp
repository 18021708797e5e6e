#pragma once

#include <atomic>
#include <optional>
#include <vector>

#include "detail/client_core.hpp"
#include "kfk/bytes_consumer.hpp"

namespace kfk::detail {

class ConsumerImpl final : public ClientCore {
  public:
    using Duration = BytesConsumer::Duration;

    explicit ConsumerImpl(ConsumerConfig config);
    ~ConsumerImpl() override;

    rd_kafka_queue_t* queue() const noexcept { return queue_.get(); }
    const std::string& group_id() const noexcept { return group_id_; }
    void set_listener(RebalanceListener listener) { listener_ = std::move(listener); }

    std::optional<Message> poll(Duration timeout);
    std::size_t poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout);

    // Stores the offsets of records handed out earlier: the application is back, so it has
    // had them (auto-commit at-least-once).
    void store_handed_out() noexcept;
    void close(Duration timeout, bool after_processing);
    bool closed() const noexcept { return closed_; }
    bool manual_assignment() const noexcept { return manual_assignment_; }
    void set_manual_assignment(bool on) noexcept { manual_assignment_ = on; }

  private:
    struct HandedOut {
        rd_kafka_topic_t* rkt;
        std::int32_t partition;
        std::int64_t offset;
    };
    static void rebalance_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                     rd_kafka_topic_partition_list_t* partitions, void* opaque);
    static void commit_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                  rd_kafka_topic_partition_list_t* offsets, void* opaque);
    void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
    void note_handed_out(const rd_kafka_message_t* msg);
    rd_kafka_topic_t* own_topic_ref(rd_kafka_topic_t* rkt);
    std::optional<Message> adopt_checked(rd_kafka_message_t* msg);

    std::string group_id_;
    bool auto_store_ = false;
    bool closed_ = false;
    bool manual_assignment_ = false;
    RebalanceListener listener_;
    std::optional<Message> stashed_;  // handed out on the next poll if a callback threw
    std::vector<HandedOut> handed_out_;
    std::vector<std::pair<rd_kafka_topic_t*, TopicPtr>> topic_refs_;
    std::vector<rd_kafka_message_t*> batch_;
    QueuePtr queue_;
};

}  // namespace kfk::detail
