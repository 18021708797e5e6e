#include "kfk/bytes_consumer.hpp"

#include <cstring>
#include <exception>

#include "detail/consumer_impl.hpp"
#include "detail/error_map.hpp"
#include "detail/group_metadata_impl.hpp"
#include "detail/partition_list.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

void throw_if(rd_kafka_resp_err_t err, const char* what) {
    if (err) throw_error(make_error(err), what);
}
void throw_if(rd_kafka_error_t* error, const char* what) {
    if (Error err = take_error(error)) throw_error(err, what);
}

// Per-partition failures inside an otherwise successful call.
void throw_first_partition_error(const rd_kafka_topic_partition_list_t* list, const char* what) {
    for (int i = 0; list && i < list->cnt; ++i) {
        const auto& e = list->elems[i];
        if (e.err) {
            throw_error(make_error(e.err), std::string{what} + " " + e.topic + " [" +
                                               std::to_string(e.partition) + "]");
        }
    }
}

ConsumerConfig prepared(ConsumerConfig config) {
    // With auto commit, kfk stores offsets itself once a record has been handed out and the
    // application came back for more; librdkafka's own store-on-hand-out would commit records
    // whose processing failed.
    if (config.auto_commit() && !config.contains("enable.auto.offset.store")) {
        config.set("enable.auto.offset.store", "false");
    }
    return config;
}

bool sdk_stores(const ConsumerConfig& config) {
    return config.auto_commit() && !config.contains("enable.auto.offset.store");
}

}  // namespace

ConsumerImpl::ConsumerImpl(ConsumerConfig config)
    : ClientCore(prepared(config), RD_KAFKA_CONSUMER,
                 [](rd_kafka_conf_t* conf) {
                     rd_kafka_conf_set_rebalance_cb(conf, &ConsumerImpl::rebalance_trampoline);
                     rd_kafka_conf_set_offset_commit_cb(conf, &ConsumerImpl::commit_trampoline);
                 }),
      group_id_(config.get("group.id").value_or("")),
      auto_store_(sdk_stores(config)) {
    rd_kafka_poll_set_consumer(rk());
    queue_.reset(rd_kafka_queue_get_consumer(rk()));
    batch_.reserve(64);
}

ConsumerImpl::~ConsumerImpl() {
    // Unwinding from an exception: the last records handed out were not processed.
    close(Duration{10000}, std::uncaught_exceptions() == 0);
    queue_.reset();
    topic_refs_.clear();
    destroy_handle(closed_ ? 0 : RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

rd_kafka_topic_t* ConsumerImpl::own_topic_ref(rd_kafka_topic_t* rkt) {
    for (auto& [seen, ref] : topic_refs_) {
        if (seen == rkt) return ref.get();
    }
    // A reference of our own keeps the handle valid until offsets are stored.
    TopicPtr ref{rd_kafka_topic_new(rk(), rd_kafka_topic_name(rkt), nullptr)};
    auto* raw = ref.get();
    topic_refs_.emplace_back(rkt, std::move(ref));
    return raw;
}

void ConsumerImpl::note_handed_out(const rd_kafka_message_t* msg) {
    if (!auto_store_ || msg->err) return;
    auto* rkt = own_topic_ref(msg->rkt);
    for (auto& h : handed_out_) {
        if (h.rkt == rkt && h.partition == msg->partition) {
            h.offset = msg->offset;
            return;
        }
    }
    handed_out_.push_back({rkt, msg->partition, msg->offset});
}

void ConsumerImpl::store_handed_out() noexcept {
    for (const auto& h : handed_out_) {
        // Legacy per-partition store: no allocation; stores offset + 1 and refuses partitions
        // that are no longer assigned (_STATE), which is what at-least-once needs.
        (void)rd_kafka_offset_store(h.rkt, h.partition, h.offset);
    }
    handed_out_.clear();
}

std::optional<Message> ConsumerImpl::adopt_checked(rd_kafka_message_t* msg) {
    if (!msg) return std::nullopt;
    if (msg->err == RD_KAFKA_RESP_ERR__FATAL) {
        rd_kafka_message_destroy(msg);
        throw_error(fatal_error_of(rk()), "consumer");
    }
    note_handed_out(msg);
    return Message::adopt(msg);
}

std::optional<Message> ConsumerImpl::poll(Duration timeout) {
    if (closed_) throw UsageError(Error{ErrorCode::state, "poll() on a closed consumer"});
    if (stashed_) {
        auto m = std::move(stashed_);
        stashed_.reset();
        return m;
    }
    if (auto_store_) store_handed_out();
    auto* msg = rd_kafka_consumer_poll(rk(), static_cast<int>(timeout.count()));
    auto out = adopt_checked(msg);
    try {
        rethrow_pending();
    } catch (...) {
        stashed_ = std::move(out);  // not lost: returned by the next poll()
        throw;
    }
    return out;
}

std::size_t ConsumerImpl::poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout) {
    out.clear();
    if (closed_) throw UsageError(Error{ErrorCode::state, "poll_batch() on a closed consumer"});
    if (stashed_) {
        out.push_back(std::move(*stashed_));
        stashed_.reset();
        return out.size();
    }
    if (auto_store_) store_handed_out();
    batch_.resize(max);
    const auto n = rd_kafka_consume_batch_queue(queue_.get(), static_cast<int>(timeout.count()),
                                                batch_.data(), max);
    std::exception_ptr failure;
    for (ssize_t i = 0; i < n; ++i) {
        if (failure) {
            // Keep the rest as well: partitions advance only through what we return.
            out.push_back(Message::adopt(batch_[static_cast<std::size_t>(i)]));
            continue;
        }
        try {
            if (auto m = adopt_checked(batch_[static_cast<std::size_t>(i)])) {
                out.push_back(std::move(*m));
            }
        } catch (...) {
            failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
    rethrow_pending();
    return out.size();
}

void ConsumerImpl::on_rebalance(rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions) {
    const bool incremental = std::strcmp(rd_kafka_rebalance_protocol(rk()), "COOPERATIVE") == 0;
    const auto changed = partitions_of(partitions);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (incremental) {
            if (Error e = take_error(rd_kafka_incremental_assign(rk(), partitions)))
                report_error(e);
        } else if (auto e = rd_kafka_assign(rk(), partitions)) {
            report_error(make_error(e));
        }
        if (listener_.on_assigned) guard([&] { listener_.on_assigned(changed); });
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        // The application is back inside poll(): what it was handed is processed.
        if (auto_store_) store_handed_out();
        // The listener runs before the partitions go, so that it can still commit.
        if (rd_kafka_assignment_lost(rk())) {
            if (listener_.on_lost) guard([&] { listener_.on_lost(changed); });
        } else if (listener_.on_revoked) {
            guard([&] { listener_.on_revoked(changed); });
        }
        if (incremental) {
            if (Error e = take_error(rd_kafka_incremental_unassign(rk(), partitions))) {
                report_error(e);
            }
        } else if (auto e = rd_kafka_assign(rk(), nullptr)) {
            report_error(make_error(e));
        }
        return;
    }
    report_error(make_error(err, "rebalance failed"));
    if (incremental) {
        (void)take_error(rd_kafka_incremental_unassign(rk(), partitions));
    } else {
        rd_kafka_assign(rk(), nullptr);
    }
}

void ConsumerImpl::rebalance_trampoline(rd_kafka_t*, rd_kafka_resp_err_t err,
                                        rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    auto* self = static_cast<ConsumerImpl*>(static_cast<ClientCore*>(opaque));
    try {
        self->on_rebalance(err, partitions);
    } catch (...) {
        self->capture(std::current_exception());
    }
}

void ConsumerImpl::commit_trampoline(rd_kafka_t*, rd_kafka_resp_err_t err,
                                     rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    // Auto commits and commit_async() without a callback end here; commit_async(cb) results
    // go to their own callback instead.
    auto* self = static_cast<ConsumerImpl*>(static_cast<ClientCore*>(opaque));
    if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        self->log(LogLevel::warning, "COMMIT",
                  "offset commit failed: " + make_error(err).to_string());
    }
    (void)offsets;
}

void ConsumerImpl::close(Duration timeout, bool after_processing) {
    if (closed_) return;
    if (auto_store_ && after_processing) store_handed_out();
    handed_out_.clear();
    QueuePtr close_queue{rd_kafka_queue_new(rk())};
    if (Error e = take_error(rd_kafka_consumer_close_queue(rk(), close_queue.get()))) {
        report_error(e);
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!rd_kafka_consumer_closed(rk())) {
        const auto left =
            std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            log(LogLevel::warning, "CLOSE",
                "consumer did not leave the group within " + std::to_string(timeout.count()) +
                    " ms; tearing down without it");
            return;  // destroy_handle() then skips the group handshake
        }
        EventPtr ev{rd_kafka_queue_poll(close_queue.get(),
                                        static_cast<int>(std::min<long long>(left.count(), 100)))};
        if (ev && rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_REBALANCE) {
            on_rebalance(rd_kafka_event_error(ev.get()),
                         rd_kafka_event_topic_partition_list(ev.get()));
        }
    }
    closed_ = true;
}

}  // namespace detail

BytesConsumer::BytesConsumer(ConsumerConfig config)
    : impl_(std::make_unique<detail::ConsumerImpl>(std::move(config))) {}
BytesConsumer::~BytesConsumer() = default;
BytesConsumer::BytesConsumer(BytesConsumer&&) noexcept = default;
BytesConsumer& BytesConsumer::operator=(BytesConsumer&&) noexcept = default;

void BytesConsumer::subscribe(const std::vector<std::string>& topics, RebalanceListener listener) {
    impl_->set_listener(std::move(listener));
    auto list = detail::make_partition_list(static_cast<int>(topics.size()));
    for (const auto& t : topics) {
        rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    detail::throw_if(rd_kafka_subscribe(impl_->rk(), list.get()), "subscribe");
}

void BytesConsumer::subscribe_pattern(const std::string& regex, RebalanceListener listener) {
    // librdkafka treats a topic that starts with '^' as a regular expression.
    subscribe({regex.starts_with('^') ? regex : "^" + regex}, std::move(listener));
}

void BytesConsumer::unsubscribe() {
    impl_->store_handed_out();
    detail::throw_if(rd_kafka_unsubscribe(impl_->rk()), "unsubscribe");
}

std::vector<std::string> BytesConsumer::subscription() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    detail::throw_if(rd_kafka_subscription(impl_->rk(), &raw), "subscription");
    detail::PartitionListPtr list{raw};
    std::vector<std::string> out;
    for (const auto& tp : detail::partitions_of(list.get())) out.push_back(tp.topic);
    return out;
}

void BytesConsumer::assign(const TopicPartitionOffsets& partitions) {
    impl_->store_handed_out();
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_assign(impl_->rk(), list.get()), "assign");
    impl_->set_manual_assignment(true);
}

void BytesConsumer::assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout) {
    TopicPartitionOffsets query;
    for (const auto& tp : partitions) {
        query.push_back({tp.topic, tp.partition, time.time_since_epoch().count()});
    }
    assign(offsets_for_times(query, timeout));
}

void BytesConsumer::unassign() {
    impl_->store_handed_out();
    detail::throw_if(rd_kafka_assign(impl_->rk(), nullptr), "unassign");
    impl_->set_manual_assignment(false);
}

TopicPartitions BytesConsumer::assignment() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    detail::throw_if(rd_kafka_assignment(impl_->rk(), &raw), "assignment");
    detail::PartitionListPtr list{raw};
    return detail::partitions_of(list.get());
}

std::optional<Message> BytesConsumer::poll(Duration timeout) {
    return impl_->poll(timeout);
}

std::size_t BytesConsumer::poll_batch(std::vector<Message>& out, std::size_t max,
                                      Duration timeout) {
    return impl_->poll_batch(out, max, timeout);
}

void BytesConsumer::wakeup() {
    rd_kafka_queue_yield(impl_->queue());
}

void BytesConsumer::commit_sync() {
    impl_->store_handed_out();
    const auto err = rd_kafka_commit(impl_->rk(), nullptr, 0);
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing new to commit
    detail::throw_if(err, "commit");
}

void BytesConsumer::commit_sync(const TopicPartitionOffsets& next_offsets) {
    auto list = detail::to_list(next_offsets);
    detail::throw_if(rd_kafka_commit(impl_->rk(), list.get(), 0), "commit");
    detail::throw_first_partition_error(list.get(), "commit");
}

void BytesConsumer::commit_sync(const Message& message) {
    commit_sync(TopicPartitionOffsets{{std::string{message.topic()}, message.partition(),
                                       message.offset() + 1, message.leader_epoch()}});
}

namespace {

// Completes a commit_async(cb): runs on the consumer queue, i.e. inside a later poll() on the
// application's thread; what the callback throws is rethrown from that poll().
void async_commit_done(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                       rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    std::unique_ptr<CommitCallback> cb{static_cast<CommitCallback*>(opaque)};
    const Error error = err == RD_KAFKA_RESP_ERR__NO_OFFSET ? Error{} : detail::make_error(err);
    detail::ClientCore::from(rk)->guard([&] { (*cb)(error, detail::offsets_of(offsets)); });
}

void commit_with_callback(detail::ConsumerImpl& impl, const rd_kafka_topic_partition_list_t* list,
                          CommitCallback on_complete) {
    auto cb = std::make_unique<CommitCallback>(std::move(on_complete));
    const auto err =
        rd_kafka_commit_queue(impl.rk(), list, impl.queue(), &async_commit_done, cb.get());
    if (err) detail::throw_if(err, "commit_async");
    cb.release();  // async_commit_done owns it now
}

}  // namespace

void BytesConsumer::commit_async(CommitCallback on_complete) {
    impl_->store_handed_out();
    if (!on_complete) {
        const auto err = rd_kafka_commit(impl_->rk(), nullptr, 1);
        if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) detail::throw_if(err, "commit_async");
        return;
    }
    commit_with_callback(*impl_, nullptr, std::move(on_complete));
}

void BytesConsumer::commit_async(const TopicPartitionOffsets& next_offsets,
                                 CommitCallback on_complete) {
    auto list = detail::to_list(next_offsets);
    if (!on_complete) {
        detail::throw_if(rd_kafka_commit(impl_->rk(), list.get(), 1), "commit_async");
        return;
    }
    commit_with_callback(*impl_, list.get(), std::move(on_complete));
}

void BytesConsumer::store_offsets(const Message& message) {
    detail::throw_if(
        rd_kafka_offset_store_message(static_cast<rd_kafka_message_t*>(message.native_handle())),
        "store_offsets");
}

void BytesConsumer::store_offsets(const TopicPartitionOffsets& next_offsets) {
    auto list = detail::to_list(next_offsets);
    detail::throw_if(rd_kafka_offsets_store(impl_->rk(), list.get()), "store_offsets");
    detail::throw_first_partition_error(list.get(), "store_offsets");
}

TopicPartitionOffsets BytesConsumer::committed(const TopicPartitions& partitions,
                                               Duration timeout) {
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_committed(impl_->rk(), list.get(), static_cast<int>(timeout.count())),
                     "committed");
    return detail::offsets_of(list.get());
}

TopicPartitionOffsets BytesConsumer::position(const TopicPartitions& partitions) const {
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_position(impl_->rk(), list.get()), "position");
    return detail::offsets_of(list.get());
}

Watermarks BytesConsumer::watermark_offsets(const std::string& topic, std::int32_t partition,
                                            Duration timeout) const {
    Watermarks w;
    detail::throw_if(rd_kafka_query_watermark_offsets(impl_->rk(), topic.c_str(), partition, &w.low,
                                                      &w.high, static_cast<int>(timeout.count())),
                     "watermark_offsets");
    return w;
}

TopicPartitionOffsets BytesConsumer::offsets_for_times(const TopicPartitionOffsets& timestamps,
                                                       Duration timeout) const {
    auto list = detail::to_list(timestamps);
    detail::throw_if(
        rd_kafka_offsets_for_times(impl_->rk(), list.get(), static_cast<int>(timeout.count())),
        "offsets_for_times");
    detail::throw_first_partition_error(list.get(), "offsets_for_times");
    auto out = detail::offsets_of(list.get());
    for (auto& tpo : out) {
        if (tpo.offset < 0) tpo.offset = offset::end;  // no record that late
    }
    return out;
}

void BytesConsumer::pause(const TopicPartitions& partitions) {
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_pause_partitions(impl_->rk(), list.get()), "pause");
    detail::throw_first_partition_error(list.get(), "pause");
}

void BytesConsumer::resume(const TopicPartitions& partitions) {
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_resume_partitions(impl_->rk(), list.get()), "resume");
    detail::throw_first_partition_error(list.get(), "resume");
}

void BytesConsumer::seek(const TopicPartitionOffset& position, Duration timeout) {
    auto list = detail::to_list(TopicPartitionOffsets{position});
    Error err = detail::take_error(
        rd_kafka_seek_partitions(impl_->rk(), list.get(), static_cast<int>(timeout.count())));
    if (!err && list->elems[0].err) err = detail::make_error(list->elems[0].err);
    if (err.code() == ErrorCode::state && impl_->manual_assignment()) {
        // librdkafka#3959: right after assign() the fetcher is not started yet and seek is
        // refused; re-assigning the partition at the wanted offset has the same effect.
        auto current = assignment();
        TopicPartitionOffsets again;
        for (const auto& tp : current) {
            again.push_back({tp.topic, tp.partition,
                             tp.topic == position.topic && tp.partition == position.partition
                                 ? position.offset
                                 : offset::invalid});
        }
        auto positions = this->position(current);
        for (std::size_t i = 0; i < again.size(); ++i) {
            if (again[i].offset == offset::invalid) again[i].offset = positions[i].offset;
            if (again[i].offset == offset::invalid) again[i].offset = offset::stored;
        }
        assign(again);
        return;
    }
    if (err)
        throw_error(err,
                    "seek " + position.topic + " [" + std::to_string(position.partition) + "]");
}

void BytesConsumer::seek_to_beginning(const TopicPartitions& partitions, Duration timeout) {
    for (const auto& tp : partitions) seek({tp.topic, tp.partition, offset::beginning}, timeout);
}

void BytesConsumer::seek_to_end(const TopicPartitions& partitions, Duration timeout) {
    for (const auto& tp : partitions) seek({tp.topic, tp.partition, offset::end}, timeout);
}

void BytesConsumer::close(Duration timeout) {
    if (!impl_) return;
    impl_->close(timeout, std::uncaught_exceptions() == 0);
    impl_->rethrow_pending();
}

bool BytesConsumer::closed() const noexcept {
    return !impl_ || impl_->closed();
}

GroupMetadata BytesConsumer::group_metadata() const {
    auto* md = rd_kafka_consumer_group_metadata(impl_->rk());
    if (!md) throw UsageError(Error{ErrorCode::state, "this consumer has no group.id"});
    auto impl = std::make_unique<GroupMetadata::Impl>();
    impl->md.reset(md);
    impl->group_id = impl_->group_id();
    return GroupMetadata{std::move(impl)};
}

std::string BytesConsumer::member_id() const {
    char* id = rd_kafka_memberid(impl_->rk());
    std::string out = id ? id : "";
    if (id) rd_kafka_mem_free(impl_->rk(), id);
    return out;
}

std::string BytesConsumer::name() const {
    return impl_->name();
}

}  // namespace kfk
