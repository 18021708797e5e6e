#include "kfk/bytes_consumer.hpp"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>

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

std::string partition_name(const char* topic, std::int32_t partition) {
    return std::string{topic} + " [" + std::to_string(partition) + "]";
}

// Per-partition failures inside an otherwise successful call.
void throw_first_partition_error(const rd_kafka_topic_partition_list_t* list, const char* what) {
    for (int i = 0; list && i < list->cnt; ++i) {
        const auto& e = list->elems[i];
        if (e.err) {
            throw_error(make_error(e.err),
                        std::string{what} + " " + partition_name(e.topic, e.partition));
        }
    }
}

int to_ms(std::chrono::milliseconds d) noexcept {
    const auto ms = std::clamp<long long>(d.count(), 0, std::numeric_limits<int>::max());
    return static_cast<int>(ms);
}

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A group id nobody else uses, for consumers the application gave none: librdkafka's
// KafkaConsumer needs one even for assign(). Auto commit is off for them, and commits throw.
std::string private_group_id() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    return "kfk-assign-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(rd());
}

}  // namespace

struct ConsumerImpl::Prepared {
    ConsumerConfig config;
    std::shared_ptr<LogGate> log_gate;
    bool groupless = false;
    bool sdk_store = false;
};

namespace {

ConsumerImpl::Prepared prepare(ConsumerConfig config) {
    ConsumerImpl::Prepared p;
    p.groupless = config.get("group.id").value_or("").empty();
    if (p.groupless) {
        config.set("group.id", private_group_id());
        config.enable_auto_commit(false);
    }
    // Unless the application chose a store model, kfk stores an offset once the application
    // is back for more (see the commit models in bytes_consumer.hpp); librdkafka's own store
    // happens as a record is handed out, which would commit records whose processing failed.
    p.sdk_store = !config.contains("enable.auto.offset.store");
    if (p.sdk_store) config.set("enable.auto.offset.store", "false");
    // The sink goes through a gate that dispose() can close: a consumer torn down in the
    // background must not call into an application that already destroyed it.
    p.log_gate = std::make_shared<ConsumerImpl::LogGate>();
    if (LogSink sink = static_cast<const ConfigBase&>(config).log_sink()) {
        config.log_sink([gate = p.log_gate, sink = std::move(sink)](
                            LogLevel level, std::string_view facility, std::string_view client,
                            std::string_view message) {
            std::shared_lock lock{gate->mu};
            if (!gate->muted) sink(level, facility, client, message);
        });
    }
    p.config = std::move(config);
    return p;
}

}  // namespace

ConsumerImpl::ConsumerImpl(ConsumerConfig config) : ConsumerImpl(prepare(std::move(config))) {}

ConsumerImpl::ConsumerImpl(Prepared prepared)
    : ClientCore(prepared.config, RD_KAFKA_CONSUMER,
                 [](rd_kafka_conf_t* conf) {
                     rd_kafka_conf_set_rebalance_cb(conf, &ConsumerImpl::rebalance_trampoline);
                 }),
      log_gate_(std::move(prepared.log_gate)),
      group_id_(prepared.config.get("group.id").value_or("")),
      groupless_(prepared.groupless),
      sdk_store_(prepared.sdk_store),
      offset_reset_(lowercase(prepared.config.get("auto.offset.reset").value_or(""))),
      uncaught_at_creation_(std::uncaught_exceptions()) {
    // Everything (rebalances, errors, commit results) is served by the consumer queue, i.e.
    // inside poll() on the application's thread.
    rd_kafka_poll_set_consumer(rk());
    queue_.reset(rd_kafka_queue_get_consumer(rk()));
    // Per-partition bookkeeping grows once to the number of partitions handed out per poll.
    handed_out_.reserve(16);
    batch_.reserve(64);
}

ConsumerImpl::~ConsumerImpl() {
    try {
        // After a close() that ran out of time the application has waited enough: tear down.
        if (state_ == State::open) close(Duration{10000});
    } catch (...) {
        // close() itself only throws on allocation failure; teardown continues regardless.
    }
    try {
        rethrow_pending();
    } catch (const std::exception& e) {
        log(LogLevel::error, "CLOSE",
            std::string{"exception from a consumer callback during destruction dropped: "} +
                e.what());
    } catch (...) {
        log(LogLevel::error, "CLOSE", "exception from a consumer callback during destruction");
    }
    stash_.clear();
    close_queue_.reset();
    queue_.reset();
    topic_refs_.clear();
    // After a clean close librdkafka has nothing left to do with the group; otherwise skip
    // the handshake that would block on unreachable brokers (librdkafka#3127).
    destroy_handle(closed() && !close_abandoned_group_ ? 0 : RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    // Commit callbacks whose results never arrived die with the handle's queues.
    async_commits_.clear();
}

void ConsumerImpl::mute_log() noexcept {
    std::unique_lock lock{log_gate_->mu};
    log_gate_->muted = true;
}

void ConsumerImpl::dispose(std::unique_ptr<ConsumerImpl>& impl) noexcept {
    if (!impl) return;
    try {
        // Still owned by the BytesConsumer: a listener may call it (e.g. commit in on_revoked).
        if (impl->state_ == State::open) impl->close(Duration{10000});
    } catch (...) {
        // Teardown continues regardless.
    }
    if (!impl->teardown_may_block()) {
        impl.reset();  // quick
        return;
    }
    // librdkafka#3127: the group sub-system waits up to session.timeout.ms for commits stuck
    // on an unreachable coordinator, and rd_kafka_destroy() waits for it. Let that happen
    // off the application's thread, with its callbacks cut off.
    impl->log(LogLevel::info, "CLOSE", "finishing the teardown in the background");
    impl->mute_log();
    try {
        std::thread{[owned = std::move(impl)]() mutable { owned.reset(); }}.detach();
    } catch (...) {
        // No thread to be had: the closure, and the consumer with it, was destroyed here.
    }
    impl.reset();
}

bool ConsumerImpl::unwinding() const noexcept {
    return std::uncaught_exceptions() > uncaught_at_creation_;
}

void ConsumerImpl::require_group(const char* what) const {
    if (groupless_) {
        throw UsageError(Error{ErrorCode::invalid_arg, std::string{what} +
                                                           " needs a consumer group: set "
                                                           "ConsumerConfig::group_id"});
    }
}

void ConsumerImpl::require_open(const char* what) const {
    if (state_ != State::open) {
        throw UsageError(Error{ErrorCode::state, std::string{what} + " on a closed consumer"});
    }
}

ConsumerImpl::Duration ConsumerImpl::bounded_by_close(Duration timeout) const noexcept {
    if (!close_deadline_) return timeout;
    const auto left = std::chrono::duration_cast<Duration>(*close_deadline_ - Clock::now());
    return std::max(Duration{0}, std::min(timeout, left));
}

rd_kafka_topic_t* ConsumerImpl::own_topic_ref(rd_kafka_topic_t* rkt) {
    for (auto& [seen, ref] : topic_refs_) {
        if (seen == rkt) return ref.get();
    }
    // A reference of our own keeps the handle valid after the message that carried it is gone.
    TopicPtr ref{rd_kafka_topic_new(rk(), rd_kafka_topic_name(rkt), nullptr)};
    auto* raw = ref.get();
    topic_refs_.emplace_back(rkt, std::move(ref));
    return raw;
}

void ConsumerImpl::note_handed_out(const rd_kafka_message_t* msg) {
    if (!sdk_store_ || msg->err) return;
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
    // While an exception unwinds the application, its last records were not processed.
    if (!sdk_store_ || unwinding()) return;
    for (const auto& h : handed_out_) {
        // Per-partition store without a list allocation; stores offset + 1 and refuses (_STATE)
        // partitions that are no longer assigned, so nothing is stored for a revoked partition.
        (void)rd_kafka_offset_store(h.rkt, h.partition, h.offset);
    }
    handed_out_.clear();
}

std::optional<Message> ConsumerImpl::poll(Duration timeout) {
    require_open("poll()");
    store_handed_out();
    if (stash_head_ < stash_.size()) {
        Message m = std::move(stash_[stash_head_++]);
        if (stash_head_ == stash_.size()) {
            stash_.clear();
            stash_head_ = 0;
        }
        note_handed_out(static_cast<const rd_kafka_message_t*>(m.native_handle()));
        return m;
    }
    rd_kafka_message_t* raw = rd_kafka_consumer_poll(rk(), to_ms(timeout));
    if (!raw) {
        rethrow_pending();
        return std::nullopt;
    }
    if (raw->err == RD_KAFKA_RESP_ERR__FATAL) {
        rd_kafka_message_destroy(raw);
        throw_error(fatal_error_of(rk()), "consumer");
    }
    Message m = Message::adopt(raw);
    try {
        rethrow_pending();
    } catch (...) {
        stash_.push_back(std::move(m));  // not lost: the next poll returns it
        throw;
    }
    note_handed_out(raw);
    return m;
}

std::size_t ConsumerImpl::poll_batch(std::vector<Message>& out, std::size_t max, Duration timeout) {
    out.clear();
    require_open("poll_batch()");
    store_handed_out();
    if (max == 0) return 0;
    if (stash_head_ < stash_.size()) {
        while (out.size() < max && stash_head_ < stash_.size()) {
            out.push_back(std::move(stash_[stash_head_++]));
        }
        if (stash_head_ == stash_.size()) {
            stash_.clear();
            stash_head_ = 0;
        }
        for (const auto& m : out) {
            note_handed_out(static_cast<const rd_kafka_message_t*>(m.native_handle()));
        }
        return out.size();
    }
    batch_.resize(max);
    const auto n = rd_kafka_consume_batch_queue(queue_.get(), to_ms(timeout), batch_.data(), max);
    if (n < 0) throw_error(make_error(rd_kafka_last_error()), "poll_batch");
    bool fatal = false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        rd_kafka_message_t* raw = batch_[i];
        if (raw->err == RD_KAFKA_RESP_ERR__FATAL) {
            fatal = true;
            rd_kafka_message_destroy(raw);
            continue;
        }
        out.push_back(Message::adopt(raw));
    }
    if (fatal) {
        out.clear();  // the consumer is dead; nothing is stored for these
        throw_error(fatal_error_of(rk()), "consumer");
    }
    try {
        rethrow_pending();
    } catch (...) {
        // Handed out by the next poll instead: the exception costs no record.
        for (auto& m : out) stash_.push_back(std::move(m));
        out.clear();
        throw;
    }
    for (const auto& m : out) {
        note_handed_out(static_cast<const rd_kafka_message_t*>(m.native_handle()));
    }
    return out.size();
}

void ConsumerImpl::on_rebalance(rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions) {
    // KIP-848 (group.protocol=consumer) reports COOPERATIVE as well.
    // NULL once the consumer has left its group (e.g. a final revoke during close()).
    const char* protocol = rd_kafka_rebalance_protocol(rk());
    const bool incremental = protocol && std::strcmp(protocol, "COOPERATIVE") == 0;
    const auto changed = partitions_of(partitions);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        // An empty list is a valid assignment: pass it on, never nullptr (cppkafka#273).
        if (incremental) {
            if (Error e = take_error(rd_kafka_incremental_assign(rk(), partitions))) {
                report_error(e);
            }
        } else if (auto e = rd_kafka_assign(rk(), partitions)) {
            report_error(make_error(e, "assign"));
        }
        if (listener_.on_assigned) call_user([&] { listener_.on_assigned(changed); });
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        // The application is inside poll() or close(): what it was handed is processed.
        store_handed_out();
        // The listener runs before the partitions go, so that it can still commit
        // (modern-cpp-kafka#53).
        if (rd_kafka_assignment_lost(rk())) {
            if (listener_.on_lost) call_user([&] { listener_.on_lost(changed); });
        } else if (listener_.on_revoked) {
            call_user([&] { listener_.on_revoked(changed); });
        }
        if (incremental) {
            if (Error e = take_error(rd_kafka_incremental_unassign(rk(), partitions))) {
                report_error(e);
            }
        } else if (auto e = rd_kafka_assign(rk(), nullptr)) {
            report_error(make_error(e, "unassign"));
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

// ---------------------------------------------------------------------------------- commits

void ConsumerImpl::commit_sync(const rd_kafka_topic_partition_list_t* offsets, Duration timeout) {
    require_group("commit");
    if (!offsets) store_handed_out();
    timeout = bounded_by_close(timeout);
    // librdkafka's own synchronous commit waits without limit (modern-cpp-kafka#94): wait on a
    // queue of our own instead, and give up at the deadline.
    QueuePtr reply{rd_kafka_queue_new(rk())};
    if (auto err = rd_kafka_commit_queue(rk(), offsets, reply.get(), nullptr, nullptr)) {
        if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
        throw_error(make_error(err), "commit");
    }
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
        EventPtr ev{rd_kafka_queue_poll(reply.get(), to_ms(std::max(left, Duration{0})))};
        if (ev && rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_OFFSET_COMMIT) {
            const auto err = rd_kafka_event_error(ev.get());
            if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing new to commit
            if (err) {
                const char* why = rd_kafka_event_error_string(ev.get());
                throw_error(make_error(err, why ? why : ""), "commit");
            }
            throw_first_partition_error(rd_kafka_event_topic_partition_list(ev.get()), "commit");
            return;
        }
        if (left.count() <= 0) {
            throw TimeoutError(Error{ErrorCode::timed_out,
                                     "no commit result within " + std::to_string(timeout.count()) +
                                         " ms; the commit may still be applied"},
                               "commit");
        }
    }
}

void ConsumerImpl::commit_async(const rd_kafka_topic_partition_list_t* offsets,
                                CommitCallback on_complete) {
    require_group("commit_async");
    if (!offsets) store_handed_out();
    if (!on_complete) {
        // Failures are logged by librdkafka (COMMITFAIL).
        const auto err = rd_kafka_commit(rk(), offsets, 1);
        if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
            throw_error(make_error(err), "commit_async");
        return;
    }
    auto& cb = async_commits_.emplace_back(std::move(on_complete));
    // The result is served by the consumer queue: inside a later poll(), or by close().
    if (auto err =
            rd_kafka_commit_queue(rk(), offsets, queue_.get(), &async_commit_trampoline, &cb)) {
        async_commits_.pop_back();
        throw_error(make_error(err), "commit_async");
    }
}

void ConsumerImpl::async_commit_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                           rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    auto* self = static_cast<ConsumerImpl*>(ClientCore::from(rk));
    self->complete_async_commit(
        opaque, err == RD_KAFKA_RESP_ERR__NO_OFFSET ? Error{} : make_error(err), offsets);
}

void ConsumerImpl::complete_async_commit(void* token, const Error& error,
                                         const rd_kafka_topic_partition_list_t* offsets) noexcept {
    auto it = std::find_if(async_commits_.begin(), async_commits_.end(),
                           [&](const CommitCallback& cb) { return &cb == token; });
    if (it == async_commits_.end()) return;
    CommitCallback cb = std::move(*it);
    async_commits_.erase(it);
    call_user([&] { cb(error, offsets_of(offsets)); });
}

// ---------------------------------------------------------------------------- assign / seek

std::int64_t ConsumerImpl::groupless_start_offset() const noexcept {
    if (offset_reset_ == "earliest" || offset_reset_ == "smallest" ||
        offset_reset_ == "beginning") {
        return offset::beginning;
    }
    if (offset_reset_.empty() || offset_reset_ == "latest" || offset_reset_ == "largest" ||
        offset_reset_ == "end") {
        return offset::end;
    }
    return offset::stored;  // "error": librdkafka reports there being no committed offset
}

void ConsumerImpl::assign(const TopicPartitionOffsets& partitions) {
    auto list = to_list(partitions);
    if (groupless_) {
        // There is no committed offset to start from: start where auto.offset.reset says,
        // without asking a coordinator about a group that does not exist.
        for (int i = 0; i < list->cnt; ++i) {
            auto& e = list->elems[i];
            if (e.offset == offset::stored || e.offset == offset::invalid) {
                e.offset = groupless_start_offset();
            }
        }
    }
    store_handed_out();
    throw_if(rd_kafka_assign(rk(), list.get()), "assign");
}

void ConsumerImpl::seek(const TopicPartitionOffsets& positions, Duration timeout) {
    if (positions.empty()) return;
    // A seek moves the position the way the application wants it; a store of an older
    // hand-out must not overtake it (seeking back to re-read must not commit past the
    // re-read). At worst this re-reads a record: never a loss.
    std::erase_if(handed_out_, [&](const HandedOut& h) {
        return std::any_of(positions.begin(), positions.end(), [&](const TopicPartitionOffset& p) {
            return p.partition == h.partition && p.topic == rd_kafka_topic_name(h.rkt);
        });
    });
    const auto deadline = Clock::now() + timeout;
    auto pending = positions;
    Duration backoff{2};
    for (;;) {
        auto list = to_list(pending);
        const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
        // A zero timeout makes librdkafka seek asynchronously without reporting the outcome;
        // keep at least 1 ms so that refusals are seen.
        throw_if(rd_kafka_seek_partitions(rk(), list.get(),
                                          std::max(1, to_ms(std::max(left, Duration{0})))),
                 "seek");
        TopicPartitionOffsets retry;
        for (int i = 0; i < list->cnt; ++i) {
            const auto& e = list->elems[i];
            if (!e.err) continue;
            const bool not_started_yet =
                e.err == RD_KAFKA_RESP_ERR__STATE || e.err == RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS;
            if (!not_started_yet || Clock::now() >= deadline) {
                throw_error(make_error(e.err), "seek " + partition_name(e.topic, e.partition));
            }
            // librdkafka#3959: right after an assignment the partition's fetcher waits for
            // the committed offset (or for the previous assignment to stop), and a seek in
            // that window is refused. It starts on its own; try again shortly.
            retry.push_back(pending[static_cast<std::size_t>(i)]);
        }
        if (retry.empty()) return;
        // Only partitions that are still assigned will ever start.
        rd_kafka_topic_partition_list_t* raw = nullptr;
        throw_if(rd_kafka_assignment(rk(), &raw), "assignment");
        PartitionListPtr assigned{raw};
        for (const auto& tpo : retry) {
            if (!rd_kafka_topic_partition_list_find(assigned.get(), tpo.topic.c_str(),
                                                    tpo.partition)) {
                throw UsageError(Error{ErrorCode::state, "partition is not assigned"},
                                 "seek " + partition_name(tpo.topic.c_str(), tpo.partition));
            }
        }
        log(LogLevel::debug, "SEEK",
            std::to_string(retry.size()) + " partition(s) not fetching yet; seeking again");
        pending = std::move(retry);
        std::this_thread::sleep_for(std::min(
            backoff, std::chrono::duration_cast<Duration>(deadline - Clock::now()) + Duration{1}));
        backoff = std::min(backoff * 2, Duration{50});
    }
}

// ------------------------------------------------------------------------------------ close

void ConsumerImpl::handle_close_event(rd_kafka_event_t* ev) {
    switch (rd_kafka_event_type(ev)) {
        case RD_KAFKA_EVENT_REBALANCE:
            on_rebalance(rd_kafka_event_error(ev), rd_kafka_event_topic_partition_list(ev));
            break;
        case RD_KAFKA_EVENT_OFFSET_COMMIT: {
            const auto err = rd_kafka_event_error(ev);
            complete_async_commit(rd_kafka_event_opaque(ev),
                                  err == RD_KAFKA_RESP_ERR__NO_OFFSET ? Error{} : make_error(err),
                                  rd_kafka_event_topic_partition_list(ev));
            break;
        }
        case RD_KAFKA_EVENT_ERROR: {
            const char* why = rd_kafka_event_error_string(ev);
            report_error(make_error(rd_kafka_event_error(ev), why ? why : ""));
            break;
        }
        default:
            break;  // fetched records (never handed out, so never stored), logs, stats
    }
}

void ConsumerImpl::close(Duration timeout) {
    if (state_ == State::closed) return;
    const auto deadline = Clock::now() + timeout;
    if (state_ == State::open) {
        // Records handed out before are processed, unless an exception is unwinding the
        // caller: then the last ones were not, and are redelivered instead.
        if (unwinding()) {
            handed_out_.clear();
        } else {
            store_handed_out();
        }
        stash_.clear();
        stash_head_ = 0;
        close_queue_.reset(rd_kafka_queue_new(rk()));
        if (Error e = take_error(rd_kafka_consumer_close_queue(rk(), close_queue_.get()))) {
            // A fatal error, or librdkafka closed the group itself: nothing to wait for.
            if (e.code() != ErrorCode::destroy) {
                log(LogLevel::warning, "CLOSE",
                    "leaving the group failed: " + e.to_string() + "; tearing down without it");
                close_abandoned_group_ = true;
            }
            state_ = State::closed;
            close_queue_.reset();
            return;
        }
        state_ = State::closing;
    }
    // A listener's commit_sync() inside close() must not outlive the close deadline.
    close_deadline_ = deadline;
    struct ResetDeadline {
        std::optional<Clock::time_point>& d;
        ~ResetDeadline() { d.reset(); }
    } reset_deadline{close_deadline_};

    while (!rd_kafka_consumer_closed(rk())) {
        const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
        if (left.count() <= 0) {
            log(LogLevel::warning, "CLOSE",
                "consumer did not leave the group within " + std::to_string(timeout.count()) +
                    " ms; it will be torn down without the group handshake");
            return;  // still closing: a later close() waits on; the destructor skips it
        }
        EventPtr ev{rd_kafka_queue_poll(close_queue_.get(), to_ms(std::min(left, Duration{100})))};
        if (ev) handle_close_event(ev.get());
    }
    // Results that arrived with the termination.
    while (EventPtr ev{rd_kafka_queue_poll(close_queue_.get(), 0)}) handle_close_event(ev.get());
    state_ = State::closed;
    close_queue_.reset();
    // Every commit_async() callback runs exactly once.
    while (!async_commits_.empty()) {
        complete_async_commit(&async_commits_.front(),
                              Error{ErrorCode::destroy,
                                    "consumer closed before the commit result arrived; the "
                                    "commit may or may not have been applied"},
                              nullptr);
    }
}

}  // namespace detail

// ------------------------------------------------------------------------------ BytesConsumer

BytesConsumer::BytesConsumer(ConsumerConfig config)
    : impl_(std::make_unique<detail::ConsumerImpl>(std::move(config))) {}
BytesConsumer::~BytesConsumer() {
    detail::ConsumerImpl::dispose(impl_);
}
BytesConsumer::BytesConsumer(BytesConsumer&&) noexcept = default;
BytesConsumer& BytesConsumer::operator=(BytesConsumer&& other) noexcept {
    if (this != &other) {
        detail::ConsumerImpl::dispose(impl_);
        impl_ = std::move(other.impl_);
    }
    return *this;
}

detail::ConsumerImpl& BytesConsumer::impl() const {
    if (!impl_) throw UsageError(Error{ErrorCode::state, "use of a moved-from consumer"});
    return *impl_;
}

void BytesConsumer::subscribe(const std::vector<std::string>& topics, RebalanceListener listener) {
    auto& impl = this->impl();
    impl.require_open("subscribe()");
    impl.require_group("subscribe()");
    auto list = detail::make_partition_list(static_cast<int>(topics.size()));
    for (const auto& t : topics) {
        rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    impl.set_listener(std::move(listener));
    detail::throw_if(rd_kafka_subscribe(impl.rk(), list.get()), "subscribe");
}

void BytesConsumer::subscribe_pattern(const std::string& regex, RebalanceListener listener) {
    // librdkafka treats a topic that starts with '^' as a regular expression.
    subscribe({regex.starts_with('^') ? regex : "^" + regex}, std::move(listener));
}

void BytesConsumer::unsubscribe() {
    auto& impl = this->impl();
    impl.store_handed_out();
    detail::throw_if(rd_kafka_unsubscribe(impl.rk()), "unsubscribe");
}

std::vector<std::string> BytesConsumer::subscription() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    detail::throw_if(rd_kafka_subscription(impl().rk(), &raw), "subscription");
    detail::PartitionListPtr list{raw};
    std::vector<std::string> out;
    for (const auto& tp : detail::partitions_of(list.get())) out.push_back(tp.topic);
    return out;
}

void BytesConsumer::assign(const TopicPartitionOffsets& partitions) {
    auto& impl = this->impl();
    impl.require_open("assign()");
    impl.assign(partitions);
}

void BytesConsumer::assign_at(const TopicPartitions& partitions, TimePoint time, Duration timeout) {
    TopicPartitionOffsets query;
    query.reserve(partitions.size());
    for (const auto& tp : partitions) {
        query.push_back({tp.topic, tp.partition, time.time_since_epoch().count()});
    }
    assign(offsets_for_times(query, timeout));
}

void BytesConsumer::unassign() {
    auto& impl = this->impl();
    impl.store_handed_out();
    detail::throw_if(rd_kafka_assign(impl.rk(), nullptr), "unassign");
}

TopicPartitions BytesConsumer::assignment() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    detail::throw_if(rd_kafka_assignment(impl().rk(), &raw), "assignment");
    detail::PartitionListPtr list{raw};
    return detail::partitions_of(list.get());
}

std::optional<Message> BytesConsumer::poll(Duration timeout) {
    return impl().poll(timeout);
}

std::size_t BytesConsumer::poll_batch(std::vector<Message>& out, std::size_t max,
                                      Duration timeout) {
    return impl().poll_batch(out, max, timeout);
}

void BytesConsumer::wakeup() noexcept {
    if (impl_) rd_kafka_queue_yield(impl_->queue());
}

void BytesConsumer::commit_sync(Duration timeout) {
    impl().commit_sync(nullptr, timeout);
}

void BytesConsumer::commit_sync(const TopicPartitionOffsets& next_offsets, Duration timeout) {
    if (next_offsets.empty()) return;
    auto list = detail::to_list(next_offsets);
    impl().commit_sync(list.get(), timeout);
}

void BytesConsumer::commit_sync(const Message& message, Duration timeout) {
    commit_sync(TopicPartitionOffsets{{std::string{message.topic()}, message.partition(),
                                       message.offset() + 1, message.leader_epoch()}},
                timeout);
}

void BytesConsumer::commit_async(CommitCallback on_complete) {
    impl().commit_async(nullptr, std::move(on_complete));
}

void BytesConsumer::commit_async(const TopicPartitionOffsets& next_offsets,
                                 CommitCallback on_complete) {
    if (next_offsets.empty()) {
        if (on_complete) on_complete(Error{}, {});
        return;
    }
    auto list = detail::to_list(next_offsets);
    impl().commit_async(list.get(), std::move(on_complete));
}

namespace {

void require_explicit_store(const detail::ConsumerImpl& impl) {
    impl.require_group("store_offsets()");
    if (impl.sdk_stores()) {
        throw UsageError(Error{ErrorCode::invalid_arg,
                               "store_offsets() is for the explicit-store model: set "
                               "ConsumerConfig::enable_auto_offset_store(false)"});
    }
}

}  // namespace

void BytesConsumer::store_offsets(const Message& message) {
    auto& impl = this->impl();
    require_explicit_store(impl);
    if (message.is_error() || message.is_partition_eof() || !message.native_handle()) {
        throw UsageError(Error{ErrorCode::invalid_arg, "not a consumed record"}, "store_offsets");
    }
    detail::throw_if(
        rd_kafka_offset_store_message(static_cast<rd_kafka_message_t*>(message.native_handle())),
        "store_offsets");
}

void BytesConsumer::store_offsets(const TopicPartitionOffsets& next_offsets) {
    auto& impl = this->impl();
    require_explicit_store(impl);
    if (next_offsets.empty()) return;
    auto list = detail::to_list(next_offsets);
    detail::throw_if(rd_kafka_offsets_store(impl.rk(), list.get()), "store_offsets");
    detail::throw_first_partition_error(list.get(), "store_offsets");
}

TopicPartitionOffsets BytesConsumer::committed(const TopicPartitions& partitions,
                                               Duration timeout) const {
    auto& impl = this->impl();
    impl.require_group("committed()");
    if (impl.closing()) {
        // librdkafka answers "waiting for coordinator" to every offset fetch once the group is
        // terminating, until the timeout: fail at once instead of stalling close().
        throw UsageError(Error{ErrorCode::state, "committed() is not available inside close()"});
    }
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_committed(impl.rk(), list.get(), detail::to_ms(timeout)),
                     "committed");
    detail::throw_first_partition_error(list.get(), "committed");
    return detail::offsets_of(list.get());
}

TopicPartitionOffsets BytesConsumer::position(const TopicPartitions& partitions) const {
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_position(impl().rk(), list.get()), "position");
    return detail::offsets_of(list.get());
}

Watermarks BytesConsumer::watermark_offsets(const std::string& topic, std::int32_t partition,
                                            Duration timeout) const {
    Watermarks w;
    detail::throw_if(rd_kafka_query_watermark_offsets(impl().rk(), topic.c_str(), partition, &w.low,
                                                      &w.high, detail::to_ms(timeout)),
                     "watermark_offsets");
    return w;
}

Watermarks BytesConsumer::cached_watermark_offsets(const std::string& topic,
                                                   std::int32_t partition) const {
    Watermarks w;
    detail::throw_if(
        rd_kafka_get_watermark_offsets(impl().rk(), topic.c_str(), partition, &w.low, &w.high),
        "cached_watermark_offsets");
    return w;
}

TopicPartitionOffsets BytesConsumer::offsets_for_times(const TopicPartitionOffsets& timestamps,
                                                       Duration timeout) const {
    if (timestamps.empty()) return {};
    auto list = detail::to_list(timestamps);
    detail::throw_if(rd_kafka_offsets_for_times(impl().rk(), list.get(), detail::to_ms(timeout)),
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
    detail::throw_if(rd_kafka_pause_partitions(impl().rk(), list.get()), "pause");
    detail::throw_first_partition_error(list.get(), "pause");
}

void BytesConsumer::resume(const TopicPartitions& partitions) {
    auto list = detail::to_list(partitions);
    detail::throw_if(rd_kafka_resume_partitions(impl().rk(), list.get()), "resume");
    detail::throw_first_partition_error(list.get(), "resume");
}

void BytesConsumer::seek(const TopicPartitionOffset& position, Duration timeout) {
    impl().seek(TopicPartitionOffsets{position}, timeout);
}

void BytesConsumer::seek(const TopicPartitionOffsets& positions, Duration timeout) {
    impl().seek(positions, timeout);
}

void BytesConsumer::seek_to_beginning(const TopicPartitions& partitions, Duration timeout) {
    TopicPartitionOffsets positions;
    for (const auto& tp : partitions)
        positions.push_back({tp.topic, tp.partition, offset::beginning});
    impl().seek(positions, timeout);
}

void BytesConsumer::seek_to_end(const TopicPartitions& partitions, Duration timeout) {
    TopicPartitionOffsets positions;
    for (const auto& tp : partitions) positions.push_back({tp.topic, tp.partition, offset::end});
    impl().seek(positions, timeout);
}

void BytesConsumer::close(Duration timeout) {
    if (!impl_) return;
    impl_->close(timeout);
    impl_->rethrow_pending();
}

bool BytesConsumer::closed() const noexcept {
    return !impl_ || impl_->closed();
}

GroupMetadata BytesConsumer::group_metadata() const {
    auto& impl = this->impl();
    impl.require_group("group_metadata()");
    auto* md = rd_kafka_consumer_group_metadata(impl.rk());
    if (!md) throw UsageError(Error{ErrorCode::state, "this consumer has no group metadata"});
    auto out = std::make_unique<GroupMetadata::Impl>();
    out->md.reset(md);
    out->group_id = impl.group_id();
    return GroupMetadata{std::move(out)};
}

std::string BytesConsumer::group_id() const {
    auto& impl = this->impl();
    return impl.has_group() ? impl.group_id() : std::string{};
}

std::string BytesConsumer::member_id() const {
    auto& impl = this->impl();
    char* id = rd_kafka_memberid(impl.rk());
    std::string out = id ? id : "";
    if (id) rd_kafka_mem_free(impl.rk(), id);
    return out;
}

std::string BytesConsumer::name() const {
    return impl().name();
}

}  // namespace kfk
