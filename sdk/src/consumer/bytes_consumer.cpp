#include "kfk/bytes_consumer.hpp"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>

#include "consumer/consumer_impl.hpp"
#include "core/error_map.hpp"
#include "core/group_metadata_impl.hpp"
#include "core/partition_list.hpp"
#include "core/timeout_ms.hpp"
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
        // The gate owns the application's sink, so that LogGate::mute() destroys it on the
        // application's thread.
        p.log_gate->sink = std::move(sink);
        config.log_sink([gate = p.log_gate](LogLevel level, std::string_view facility,
                                            std::string_view client, std::string_view message) {
            std::shared_lock lock{gate->mu};
            if (!gate->muted && gate->sink) gate->sink(level, facility, client, message);
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
    tracked_.reserve(16);
    batch_.reserve(64);
}

ConsumerImpl::~ConsumerImpl() {
    try {
        // After a close() that ran out of time the application has waited enough: tear down.
        if (state_ == State::open) close(Duration{10000});
    } catch (...) {
        // close() itself only throws on allocation failure; teardown continues regardless.
    }
    release_application();
    close_queue_.reset();
    queue_.reset();
    topic_refs_.clear();
    tracked_.clear();
    // After a clean close librdkafka has nothing left to do with the group; otherwise skip
    // the handshake that would block on unreachable brokers (librdkafka#3127).
    destroy_handle(closed() && !close_abandoned_group_ ? 0 : RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

void ConsumerImpl::release_application() noexcept {
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
    stash_head_ = 0;
    fail_pending_async_commits();
    listener_ = {};
    drop_user_callbacks();
}

void ConsumerImpl::LogGate::log(LogLevel level, std::string_view client,
                                std::string_view message) noexcept {
    std::shared_lock lock{mu};
    if (muted || !sink) return;
    try {
        sink(level, "CLOSE", client, message);
    } catch (...) {
        // A failing sink must not take the teardown down with it.
    }
}

void ConsumerImpl::LogGate::mute() noexcept {
    LogSink gone;
    {
        std::unique_lock lock{mu};
        muted = true;
        gone = std::move(sink);
    }
    // `gone` (the application's closure) is destroyed here, on the calling thread.
}

void ConsumerImpl::dispose(std::unique_ptr<ConsumerImpl>& impl) noexcept {
    if (!impl) return;
    try {
        // Still owned by the BytesConsumer: a listener may call it (e.g. commit in on_revoked).
        if (impl->state_ == State::open) impl->close(Duration{10000});
    } catch (...) {
        // Teardown continues regardless.
    }
    // Everything of the application's (callbacks, listener, pending commit callbacks) is run
    // or destroyed here, on its thread; what is left only talks to librdkafka.
    impl->release_application();
    const bool may_block = impl->teardown_may_block();
    // rd_kafka_destroy() waits for every Message the application still holds (INTRODUCTION.md
    // "Termination") and, after a close() that ran out of time, for the group sub-system
    // (librdkafka#3127). Destroy on a worker; wait for it a bounded time.
    struct Done {
        std::mutex mu;
        std::condition_variable cv;
        bool done = false;
    };
    auto done = std::make_shared<Done>();
    // Once handed to the worker, the consumer may be freed at any moment: what is needed
    // after the wait is copied out first.
    const std::shared_ptr<LogGate> gate = impl->log_gate_;
    std::string client;
    try {
        client = impl->name();
    } catch (...) {
        // Out of memory: the warning goes without the client's name.
    }
    try {
        std::thread{[owned = std::move(impl), done]() mutable {
            owned.reset();
            std::lock_guard lock{done->mu};
            done->done = true;
            done->cv.notify_all();
        }}.detach();
    } catch (...) {
        // No thread to be had: the closure, and the consumer with it, was destroyed here.
        impl.reset();
        return;
    }
    {
        std::unique_lock lock{done->mu};
        if (!may_block && done->cv.wait_for(lock, teardown_wait, [&] { return done->done; })) {
            return;
        }
    }
    gate->log(LogLevel::warning, client,
              may_block ? "finishing the teardown in the background"
                        : "the consumer's teardown waits for a Message (or ConsumerRecord) that "
                          "outlives the consumer; it finishes in the background once that is "
                          "destroyed");
    gate->mute();
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

ConsumerImpl::Tracked& ConsumerImpl::tracked(rd_kafka_topic_t* rkt, std::int32_t partition) {
    for (auto& t : tracked_) {
        if (t.rkt == rkt && t.partition == partition) return t;
    }
    Tracked t;
    t.rkt = rkt;
    t.partition = partition;
    t.store = make_partition_list(1);
    rd_kafka_topic_partition_list_add(t.store.get(), rd_kafka_topic_name(rkt), partition);
    return tracked_.emplace_back(std::move(t));
}

rd_kafka_topic_t* ConsumerImpl::topic_ref_named(const std::string& topic) {
    for (auto& [seen, ref] : topic_refs_) {
        if (topic == rd_kafka_topic_name(ref.get())) return ref.get();
    }
    TopicPtr ref{rd_kafka_topic_new(rk(), topic.c_str(), nullptr)};
    auto* raw = ref.get();
    topic_refs_.emplace_back(raw, std::move(ref));
    return raw;
}

void ConsumerImpl::note_handed_out(const rd_kafka_message_t* msg) {
    if (!sdk_store_ || msg->err) return;
    auto& t = tracked(own_topic_ref(msg->rkt), msg->partition);
    t.next = msg->offset + 1;
    t.epoch = rd_kafka_message_leader_epoch(msg);
    t.pending = true;
}

void ConsumerImpl::store(Tracked& t) noexcept {
    if (!t.pending) return;
    t.pending = false;
    auto& e = t.store->elems[0];
    e.offset = t.next;
    e.err = RD_KAFKA_RESP_ERR_NO_ERROR;
    // The list element keeps its partition reference, so a store costs no allocation.
    rd_kafka_topic_partition_set_leader_epoch(&e, t.epoch);
    // Refused (_STATE) for a partition that is no longer assigned: nothing is stored for it.
    (void)rd_kafka_offsets_store(rk(), t.store.get());
}

bool ConsumerImpl::is_stale(std::string_view topic, std::int32_t partition) const noexcept {
    return std::any_of(stale_.begin(), stale_.end(), [&](const Stale& s) {
        return s.partition == partition && s.topic == topic;
    });
}

void ConsumerImpl::sweep_positions() noexcept {
    // Records the application was handed but did not come back from (a rethrown callback
    // exception) are counted in librdkafka's position; so are records still in the stash.
    if (stash_head_ < stash_.size()) return;
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(rk(), &raw) || !raw) return;
    PartitionListPtr positions{raw};
    if (positions->cnt == 0) return;
    // librdkafka's application position: after the last record handed out, or after the
    // transaction marker / aborted range served behind it (rdkafka_op.c: "Control messages
    // must not be exposed to the application but we need to store their offsets").
    if (rd_kafka_position(rk(), positions.get())) return;
    for (int i = positions->cnt - 1; i >= 0; --i) {
        auto& e = positions->elems[i];
        bool keep = e.offset >= 0 && !e.err;
        if (keep && !stale_.empty() && is_stale(e.topic, e.partition)) {
            // Stale until what was handed out reaches librdkafka's position again.
            keep = false;
            for (const auto& t : tracked_) {
                if (t.partition == e.partition && t.next >= e.offset &&
                    std::strcmp(rd_kafka_topic_name(t.rkt), e.topic) == 0) {
                    keep = true;
                }
            }
            if (keep) {
                std::erase_if(stale_, [&](const Stale& s) {
                    return s.partition == e.partition && s.topic == e.topic;
                });
            }
        }
        if (!keep) rd_kafka_topic_partition_list_del_by_idx(positions.get(), i);
    }
    if (positions->cnt > 0) (void)rd_kafka_offsets_store(rk(), positions.get());
}

void ConsumerImpl::store_handed_out(bool sweep) noexcept {
    // While an exception unwinds the application, its last records were not processed.
    if (!sdk_store_ || unwinding()) return;
    for (auto& t : tracked_) store(t);
    // Inside poll_batch() librdkafka's positions already count the batch being built.
    if (sweep && !in_batch_) sweep_positions();
}

void ConsumerImpl::forget(const rd_kafka_topic_partition_list_t* partitions) noexcept {
    if (!partitions) return;
    std::erase_if(tracked_, [&](const Tracked& t) {
        return rd_kafka_topic_partition_list_find(partitions, rd_kafka_topic_name(t.rkt),
                                                  t.partition) != nullptr;
    });
}

void ConsumerImpl::store_and_forget_all() noexcept {
    store_handed_out(true);
    tracked_.clear();
}

void ConsumerImpl::seeked(const TopicPartitionOffsets& positions) noexcept {
    for (const auto& p : positions) {
        // A seek resets librdkafka's position: it is not stale any more.
        std::erase_if(stale_, [&](const Stale& st) {
            return st.partition == p.partition && st.topic == p.topic;
        });
        if (!sdk_store_) continue;
        try {
            auto& t = tracked(topic_ref_named(p.topic), p.partition);
            // A store of an older hand-out must not overtake the seek (seeking back to
            // re-read must not commit past the re-read). An absolute target is what the next
            // commit commits, as Java's commitSync() commits the position a seek set: the
            // usual skip-a-poison-record move seek(off + 1); commit_sync() sticks.
            t.pending = p.offset >= 0;
            t.next = p.offset;
            t.epoch = -1;
        } catch (...) {
            // Out of memory: the seek still happens; the older hand-out may be committed.
        }
    }
}

std::optional<Message> ConsumerImpl::poll(Duration timeout) {
    require_open("poll()");
    store_handed_out(std::exchange(sweep_due_, false));
    if (stash_head_ < stash_.size()) {
        Message m = std::move(stash_[stash_head_++]);
        if (stash_head_ == stash_.size()) {
            stash_.clear();
            stash_head_ = 0;
        }
        note_handed_out(static_cast<const rd_kafka_message_t*>(m.native_handle()));
        return m;
    }
    rd_kafka_message_t* raw = rd_kafka_consumer_poll(rk(), timeout_ms(timeout));
    if (!raw) {
        sweep_due_ = true;  // idle: what librdkafka stepped over is stored next time
        rethrow_pending();
        return std::nullopt;
    }
    if (raw->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) sweep_due_ = true;
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
    store_handed_out(std::exchange(sweep_due_, false));
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
    in_batch_ = true;
    revoked_in_batch_.clear();
    const auto n =
        rd_kafka_consume_batch_queue(queue_.get(), timeout_ms(timeout), batch_.data(), max);
    in_batch_ = false;
    if (n < 0) throw_error(make_error(rd_kafka_last_error()), "poll_batch");
    bool fatal = false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        rd_kafka_message_t* raw = batch_[i];
        if (raw->err == RD_KAFKA_RESP_ERR__FATAL) {
            fatal = true;
            rd_kafka_message_destroy(raw);
            continue;
        }
        if (raw->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) sweep_due_ = true;
        out.push_back(Message::adopt(raw));
    }
    if (n == 0) sweep_due_ = true;
    if (!revoked_in_batch_.empty()) drop_revoked_from_batch(out);
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

void ConsumerImpl::drop_revoked_from_batch(std::vector<Message>& out) {
    // The revoke ended the batch (rd_kafka_yield), so every record in it was fetched before
    // on_revoked ran: none of them may reach the application any more. Whoever owns the
    // partitions now reads them from the committed offset.
    const auto before = out.size();
    std::erase_if(out, [&](const Message& m) {
        const auto topic = m.topic();
        const bool revoked = std::any_of(
            revoked_in_batch_.begin(), revoked_in_batch_.end(), [&](const TopicPartition& tp) {
                return tp.partition == m.partition() && tp.topic == topic;
            });
        if (revoked && !is_stale(topic, m.partition())) {
            stale_.push_back({std::string{topic}, m.partition()});
        }
        return revoked;
    });
    revoked_in_batch_.clear();
    if (out.size() != before) {
        log(LogLevel::debug, "REBALANCE",
            std::to_string(before - out.size()) +
                " record(s) of revoked partitions dropped from the batch");
    }
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
        store_handed_out(true);
        // The listener runs before the partitions go, so that it can still commit
        // (modern-cpp-kafka#53).
        if (rd_kafka_assignment_lost(rk())) {
            if (listener_.on_lost) call_user([&] { listener_.on_lost(changed); });
        } else if (listener_.on_revoked) {
            call_user([&] { listener_.on_revoked(changed); });
        }
        forget(partitions);
        if (in_batch_) {
            // poll_batch() must not return records of these partitions: end the batch here.
            for (const auto& tp : changed) revoked_in_batch_.push_back(tp);
            rd_kafka_yield(rk());
        }
        // A pause ends with the assignment, as in the Java client; librdkafka would keep it
        // on the partition and apply it to a later reassignment (librdkafka#1849).
        (void)rd_kafka_resume_partitions(rk(), partitions);
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
    if (!offsets) store_handed_out(true);
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
        EventPtr ev{rd_kafka_queue_poll(reply.get(), timeout_ms(std::max(left, Duration{0})))};
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
    if (!offsets) store_handed_out(true);
    if (!on_complete) {
        // Failures are logged by librdkafka (COMMITFAIL).
        const auto err = rd_kafka_commit(rk(), offsets, 1);
        if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
            throw_error(make_error(err), "commit_async");
        return;
    }
    const auto id = next_commit_id_++;
    async_commits_.emplace_back(id, std::move(on_complete));
    // The result is served by the consumer queue: inside a later poll(), or by close().
    if (auto err = rd_kafka_commit_queue(rk(), offsets, queue_.get(), &async_commit_trampoline,
                                         reinterpret_cast<void*>(id))) {
        async_commits_.pop_back();
        throw_error(make_error(err), "commit_async");
    }
}

void ConsumerImpl::async_commit_trampoline(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                           rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    auto* self = static_cast<ConsumerImpl*>(ClientCore::from(rk));
    self->complete_async_commit(reinterpret_cast<std::uintptr_t>(opaque),
                                err == RD_KAFKA_RESP_ERR__NO_OFFSET ? Error{} : make_error(err),
                                offsets);
}

void ConsumerImpl::complete_async_commit(std::uintptr_t id, const Error& error,
                                         const rd_kafka_topic_partition_list_t* offsets) noexcept {
    auto it = std::find_if(async_commits_.begin(), async_commits_.end(),
                           [&](const auto& entry) { return entry.first == id; });
    if (it == async_commits_.end()) return;  // already failed by close(): exactly once
    CommitCallback cb = std::move(it->second);
    async_commits_.erase(it);
    call_user([&] { cb(error, offsets_of(offsets)); });
}

void ConsumerImpl::fail_pending_async_commits() noexcept {
    // Every commit_async() callback runs exactly once: those whose result did not arrive get
    // an error now, and a result arriving later is dropped.
    while (!async_commits_.empty()) {
        complete_async_commit(async_commits_.front().first,
                              Error{ErrorCode::destroy,
                                    "consumer closed before the commit result arrived; the "
                                    "commit may or may not have been applied"},
                              nullptr);
    }
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
    store_and_forget_all();
    throw_if(rd_kafka_assign(rk(), list.get()), "assign");
}

void ConsumerImpl::seek(const TopicPartitionOffsets& positions, Duration timeout) {
    if (positions.empty()) return;
    seeked(positions);
    const auto deadline = Clock::now() + timeout;
    auto pending = positions;
    Duration backoff{2};
    for (;;) {
        auto list = to_list(pending);
        const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
        // A zero timeout makes librdkafka seek asynchronously without reporting the outcome;
        // keep at least 1 ms so that refusals are seen.
        throw_if(rd_kafka_seek_partitions(rk(), list.get(),
                                          std::max(1, timeout_ms(std::max(left, Duration{0})))),
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
            complete_async_commit(reinterpret_cast<std::uintptr_t>(rd_kafka_event_opaque(ev)),
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
            tracked_.clear();
        } else {
            store_handed_out(true);
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
            fail_pending_async_commits();
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
            fail_pending_async_commits();
            return;  // still closing: a later close() waits on; the destructor skips it
        }
        EventPtr ev{
            rd_kafka_queue_poll(close_queue_.get(), timeout_ms(std::min(left, Duration{100})))};
        if (ev) handle_close_event(ev.get());
    }
    // Results that arrived with the termination.
    while (EventPtr ev{rd_kafka_queue_poll(close_queue_.get(), 0)}) handle_close_event(ev.get());
    state_ = State::closed;
    close_queue_.reset();
    fail_pending_async_commits();
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
    impl.store_and_forget_all();
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
    impl.store_and_forget_all();
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

namespace {

// The offset to commit after `message`; a partition-EOF or error event is not a record, and
// "its offset + 1" would be one past the log end (the next record written would be skipped).
TopicPartitionOffsets next_after(const Message& message, const char* what) {
    if (message.is_error() || message.is_partition_eof()) {
        throw UsageError(Error{ErrorCode::invalid_arg,
                               std::string{what} +
                                   "(message) needs a consumed record, not a partition-EOF or "
                                   "error event; use " +
                                   what + "() to commit the position"});
    }
    return {{std::string{message.topic()}, message.partition(), message.offset() + 1,
             message.leader_epoch()}};
}

}  // namespace

void BytesConsumer::commit_sync(const Message& message, Duration timeout) {
    commit_sync(next_after(message, "commit_sync"), timeout);
}

void BytesConsumer::commit_async(const Message& message, CommitCallback on_complete) {
    commit_async(next_after(message, "commit_async"), std::move(on_complete));
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
    detail::throw_if(rd_kafka_committed(impl.rk(), list.get(), detail::timeout_ms(timeout)),
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
                                                      &w.high, detail::timeout_ms(timeout)),
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
    detail::throw_if(
        rd_kafka_offsets_for_times(impl().rk(), list.get(), detail::timeout_ms(timeout)),
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
