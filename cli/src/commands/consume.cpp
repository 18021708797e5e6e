// kfk consume TOPIC... — print records as text, a format template, or JSON lines.
//
// Without --group the partitions are assigned directly and nothing is committed. With
// --group the group assigns them; a partition starts at the group's committed offset, or at
// --from where it has none, and offsets are committed for exactly the records written to
// stdout (at-least-once: nothing printed is read again by the group, nothing unprinted is
// skipped) — also on Ctrl-C and when stdout closes early.
//
// --exit snapshots every partition's end (the last stable offset under read_committed) at the
// start and stops once each partition has reached it: by a record at or past it, or by the
// partition's end-of-log event (which covers offset gaps from compaction and transaction
// markers, where no record at end-1 ever arrives).
#include <unistd.h>

#include <algorithm>

#include "commands/command.hpp"
#include "commands/consume_options.hpp"
#include "commands/consume_output.hpp"
#include "commands/consume_partitions.hpp"
#include "commands/consume_start.hpp"
#include "core/out_buffer.hpp"
#include "core/record_filter.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"
#include "kfk/bytes_consumer.hpp"

namespace kfk::cli {
namespace {

class ConsumeRun {
  public:
    ConsumeRun(const ConsumeOptions& o, Session& session)
        : o_(o),
          session_(session),
          start_(o, session),
          stop_(o.count, o.exit_at_end),
          printer_(o),
          out_(STDOUT_FILENO),
          committing_(!o.group.empty() && !o.no_commit) {
        for (const auto& f : o.filters) filters_.emplace_back(f);
    }

    ExitCode run() {
        auto admin = session_.admin();
        const auto tps = resolve_partitions(admin, o_, session_.timeout());
        if (start_.needs_snapshot()) start_.snapshot(admin, tps, parts_);

        kfk::BytesConsumer consumer{consumer_config()};
        signals::on_stop([&consumer] { consumer.wakeup(); });
        struct ClearHook {
            ~ClearHook() { signals::on_stop({}); }
        } clear_hook;

        if (o_.group.empty() || !o_.partitions.empty()) {
            consumer.assign(start_.assignment(consumer, tps, parts_));
            assigned_once_ = true;
        } else {
            kfk::RebalanceListener listener;
            listener.on_assigned = [this, &consumer](const kfk::TopicPartitions& added) {
                assigned_once_ = true;
                if (!added.empty()) start_.on_assigned(consumer, added, parts_);
            };
            listener.on_revoked = [this](const kfk::TopicPartitions& gone) { on_revoked(gone); };
            listener.on_lost = [this](const kfk::TopicPartitions& gone) { on_revoked(gone); };
            consumer.subscribe(o_.topics, listener);
        }

        ExitCode code = loop(consumer);
        finish(consumer);
        return code;
    }

  private:
    kfk::ConsumerConfig consumer_config() const {
        kfk::ConsumerConfig config = session_.consumer_config();
        config.isolation_level(o_.isolation);
        config.enable_partition_eof(true);
        if (!o_.group.empty()) {
            config.group_id(o_.group);
            // Offsets are stored for exactly what reached stdout, then committed by librdkafka
            // every second, on rebalance and at close.
            config.enable_auto_commit(committing_);
            config.enable_auto_offset_store(false);
            config.auto_commit_interval(std::chrono::milliseconds{1000});
            config.auto_offset_reset(start_.offset_reset());
        } else {
            config.enable_auto_commit(false);
        }
        return config;
    }

    void on_revoked(const kfk::TopicPartitions& gone) {
        // Everything printed is stored already (store happens right after each write), so
        // the commit librdkafka makes on revocation covers it.
        for (const auto& tp : gone) parts_.get(tp.topic, tp.partition).assigned = false;
    }

    // Writes what is buffered; on success the printed records become committable.
    bool flush_output(kfk::BytesConsumer& consumer) {
        if (out_.size() == 0) return true;
        if (!out_.flush()) {
            // The records of this write never reached the reader: they stay uncommitted.
            for (auto& st : parts_.all()) st.printed = st.stored;
            return false;
        }
        if (committing_) store_printed(consumer);
        return true;
    }

    void store_printed(kfk::BytesConsumer& consumer) {
        kfk::TopicPartitionOffsets offsets;
        for (auto& st : parts_.all()) {
            if (st.assigned && st.printed > st.stored)
                offsets.push_back({st.topic, st.partition, st.printed});
        }
        if (offsets.empty()) return;
        try {
            consumer.store_offsets(offsets);
            for (auto& st : parts_.all()) {
                if (st.assigned && st.printed > st.stored) st.stored = st.printed;
            }
        } catch (const kfk::Exception& e) {
            // A partition revoked meanwhile: its new owner re-reads from the last commit.
            if (session_.verbose()) std::fprintf(stderr, "kfk: store offsets: %s\n", e.what());
        }
    }

    ExitCode loop(kfk::BytesConsumer& consumer) {
        std::vector<kfk::Message> batch;
        batch.reserve(1000);
        while (!signals::stop_requested()) {
            if (stop_.all_at_end(parts_, assigned_once_)) break;
            consumer.poll_batch(batch, 1000, std::chrono::milliseconds{500});
            bool done = false;
            for (auto& m : batch) {
                if (m.is_partition_eof()) {
                    auto& st = parts_.get(m.topic(), m.partition());
                    st.position = std::max(st.position, m.offset());
                    continue;
                }
                if (m.is_error()) {
                    handle_error(m.error(), m.topic());
                    continue;
                }
                auto& st = parts_.get(m.topic(), m.partition());
                st.position = m.offset() + 1;
                st.printed = m.offset() + 1;
                if (!filters_.empty() && !matches_all(filters_, m)) continue;
                printer_.print(out_, m);
                if (stop_.count_reached()) {
                    done = true;
                    break;
                }
                if (out_.wants_flush() && !flush_output(consumer)) return ExitCode::ok;
            }
            if (!flush_output(consumer)) return ExitCode::ok;  // stdout closed: quiet end
            if (done) break;
        }
        return ExitCode::ok;
    }

    // `topic`: the topic a partition-level error is about (empty for client-level ones).
    void handle_error(const kfk::Error& e, std::string_view topic = {}) {
        const ExitCode code = exit_code_for(e);
        if (code == ExitCode::not_found || code == ExitCode::auth || e.is_fatal()) {
            // Name what was refused: the topic, or the group.
            std::string context = "consume";
            if (!topic.empty()) {
                context += " topic '" + std::string{topic} + "'";
            } else if (e.code() == kfk::ErrorCode::group_authorization_failed &&
                       !o_.group.empty()) {
                context += " as group '" + o_.group + "'";
            }
            throw explain(e, context);
        }
        if (session_.verbose()) std::fprintf(stderr, "kfk: consume: %s\n", e.to_string().c_str());
    }

    void finish(kfk::BytesConsumer& consumer) {
        if (committing_) {
            try {
                consumer.commit_sync(session_.timeout());
            } catch (const kfk::Exception& e) {
                std::fprintf(stderr, "kfk: warning: final commit failed: %s\n", e.what());
            }
        }
        consumer.close(session_.timeout());
    }

    const ConsumeOptions& o_;
    Session& session_;
    StartResolver start_;
    StopConditions stop_;
    Printer printer_;
    OutBuffer out_;
    std::vector<RecordFilter> filters_;
    bool committing_ = false;
    bool assigned_once_ = false;
    Partitions parts_;
};

ExitCode run_consume(const ConsumeOptions& o) {
    if (!o.format.empty() && o.output != RecordOutput::text) {
        throw CliError(ExitCode::usage, std::string{"--format and --output "} +
                                            (o.output == RecordOutput::json ? "json" : "yaml") +
                                            " exclude each other");
    }
    if (!o.print.empty() && (o.output != RecordOutput::text || !o.format.empty())) {
        throw CliError(ExitCode::usage, "--print applies to the text output only",
                       "--output json always has every field; --format chooses its own");
    }
    if (o.no_commit && o.group.empty()) {
        throw CliError(ExitCode::usage, "--no-commit only makes sense with --group");
    }
    Session session{*o.globals};
    ConsumeRun run{o, session};
    return run.run();
}

}  // namespace

void setup_consume(CLI::App& app, const GlobalFlags& g) {
    auto opts = std::make_shared<ConsumeOptions>();
    opts->globals = &g;
    auto* sub = app.add_subcommand("consume", "Consume records and print them to stdout");
    add_consume_options(sub, opts);
    set_examples(
        sub,
        "  kfk consume orders --from beginning --exit\n"
        "  kfk consume orders --group billing --print key,partition,offset\n"
        "  kfk consume orders --from @-15m --output json | jq .value\n"
        "  kfk consume orders --from -10 --partition 0 --format '%p:%o %k=%s\\n'\n"
        "  kfk consume orders --filter key:customer-42 --filter 'value~\"amount\":[0-9]{4}'\n"
        "\nWith --group, a committed offset beats --from (which applies where the group has\n"
        "no commit). Ctrl-C stops cleanly and commits exactly what was printed. Exit 0 also when\n"
        "the reader of stdout goes away (kfk consume ... | head).\n");
    bind(sub, opts, &run_consume);
}

}  // namespace kfk::cli
