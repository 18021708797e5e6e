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
#include <map>

#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/delimited_reader.hpp"
#include "core/out_buffer.hpp"
#include "core/record_filter.hpp"
#include "core/record_format.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"
#include "core/start_spec.hpp"
#include "kfk/bytes_consumer.hpp"

namespace kfk::cli {
namespace {

struct ConsumeOptions {
    const GlobalFlags* globals = nullptr;
    std::vector<std::string> topics;
    std::string from;
    std::vector<int> partitions;
    std::string group;
    std::int64_t count = -1;
    bool exit_at_end = false;
    std::string print;
    std::string format;
    std::string output = "text";
    bool json_values = false;
    std::string timestamps = "iso";
    std::string isolation = "read_uncommitted";
    std::vector<std::string> filters;
    std::string separator = "\\t";
    std::string delimiter = "\\n";
    bool no_commit = false;
};

// Per-partition progress for --exit and for the offsets to commit.
struct PartitionState {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t end = -1;       // --exit target; -1 unknown
    std::int64_t position = -1;  // next offset to read, as far as we know
    std::int64_t printed = -1;   // next offset after the last record written out
    std::int64_t stored = -1;    // what was last passed to store_offsets()
    bool assigned = false;
    bool at_end() const { return end >= 0 && position >= end; }
};

class Partitions {
  public:
    PartitionState& get(std::string_view topic, std::int32_t partition) {
        if (last_ < states_.size() && states_[last_].partition == partition &&
            states_[last_].topic == topic) {
            return states_[last_];
        }
        for (std::size_t i = 0; i < states_.size(); ++i) {
            if (states_[i].partition == partition && states_[i].topic == topic) {
                last_ = i;
                return states_[i];
            }
        }
        states_.push_back({std::string{topic}, partition});
        last_ = states_.size() - 1;
        return states_.back();
    }
    std::vector<PartitionState>& all() { return states_; }

  private:
    std::vector<PartitionState> states_;
    std::size_t last_ = 0;
};

std::string describe_spec(const StartSpec& s) {
    switch (s.kind) {
        case StartSpec::Kind::beginning:
            return "beginning";
        case StartSpec::Kind::end:
            return "end";
        case StartSpec::Kind::stored:
            return "committed offset";
        case StartSpec::Kind::absolute:
            return "offset " + std::to_string(s.value);
        case StartSpec::Kind::from_end:
            return "last " + std::to_string(s.value);
        case StartSpec::Kind::time:
            return "time " + format_iso8601(s.value);
    }
    return "";
}

class Printer {
  public:
    explicit Printer(const ConsumeOptions& o) {
        if (o.output == "json") {
            mode_ = Mode::json;
        } else if (o.output == "yaml") {
            mode_ = Mode::yaml;
        } else if (!o.format.empty()) {
            mode_ = Mode::format;
            format_.emplace(o.format);
        }
        layout_.fields = parse_print_fields(o.print);
        // The same escapes as produce's -D/-K (an unknown one stays as written).
        layout_.separator = unescape_delimiter(o.separator);
        layout_.delimiter = unescape_delimiter(o.delimiter);
        layout_.timestamps =
            o.timestamps == "epoch" ? TimestampStyle::epoch_ms : TimestampStyle::iso;
        json_.embed_json = o.json_values;
    }

    void print(OutBuffer& out, const kfk::Message& m) {
        switch (mode_) {
            case Mode::text:
                append_record_text(out, m, layout_);
                return;
            case Mode::format:
                format_->render(out, m, layout_.timestamps);
                return;
            case Mode::json:
                append_record_json(out, m, json_);
                return;
            case Mode::yaml: {
                OutBuffer tmp{-1, 4096};
                append_record_json(tmp, m, json_);
                out.append(std::string_view{"---\n"});
                out.append(to_yaml(Json::parse(tmp.view())));
                tmp.truncate(0);
                return;
            }
        }
    }

  private:
    enum class Mode { text, format, json, yaml };
    Mode mode_ = Mode::text;
    TextLayout layout_;
    std::optional<FormatTemplate> format_;
    JsonRecordOptions json_;
};

class ConsumeRun {
  public:
    ConsumeRun(const ConsumeOptions& o, Session& session)
        : o_(o), session_(session), printer_(o), out_(STDOUT_FILENO) {
        for (const auto& f : o.filters) filters_.emplace_back(f);
        spec_ = parse_start_spec(o.from.empty() ? (o.group.empty() ? "end" : "stored") : o.from,
                                 now_epoch_ms());
        isolation_ = o.isolation == "read_committed" ? kfk::IsolationLevel::read_committed
                                                     : kfk::IsolationLevel::read_uncommitted;
        committing_ = !o.group.empty() && !o.no_commit;
    }

    ExitCode run() {
        auto admin = session_.admin();
        const auto tps = topic_partitions(admin);
        if (o_.exit_at_end || spec_needs_offsets()) snapshot_offsets(admin, tps);

        kfk::ConsumerConfig config = session_.consumer_config();
        config.isolation_level(isolation_);
        config.enable_partition_eof(true);
        if (!o_.group.empty()) {
            config.group_id(o_.group);
            // Offsets are stored for exactly what reached stdout, then committed by librdkafka
            // every second, on rebalance and at close.
            config.enable_auto_commit(committing_);
            config.enable_auto_offset_store(false);
            config.auto_commit_interval(std::chrono::milliseconds{1000});
            config.auto_offset_reset(spec_.kind == StartSpec::Kind::beginning
                                         ? kfk::OffsetReset::earliest
                                         : kfk::OffsetReset::latest);
        } else {
            config.enable_auto_commit(false);
        }
        kfk::BytesConsumer consumer{config};
        consumer_ = &consumer;
        signals::on_stop([&consumer] { consumer.wakeup(); });
        struct ClearHook {
            ~ClearHook() { signals::on_stop({}); }
        } clear_hook;

        if (o_.group.empty() || !o_.partitions.empty()) {
            assign(consumer, tps);
        } else {
            kfk::RebalanceListener listener;
            listener.on_assigned = [this](const kfk::TopicPartitions& added) {
                on_assigned(added);
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
    bool spec_needs_offsets() const { return spec_.kind != StartSpec::Kind::stored; }

    kfk::TopicPartitions topic_partitions(kfk::Admin& admin) {
        const auto described = admin.describe_topics(o_.topics, session_.timeout());
        kfk::TopicPartitions out;
        std::vector<ExitCode> failures;
        for (const auto& t : described) {
            if (t.error) {
                if (exit_code_for(t.error) == ExitCode::not_found) {
                    throw CliError(ExitCode::not_found, "topic '" + t.name + "' does not exist",
                                   "kfk topic list shows the topics");
                }
                throw explain(t.error, "topic '" + t.name + "'");
            }
            for (const auto& p : t.partitions) {
                if (!o_.partitions.empty() && std::find(o_.partitions.begin(), o_.partitions.end(),
                                                        p.id) == o_.partitions.end()) {
                    continue;
                }
                out.push_back({t.name, p.id});
            }
        }
        for (int p : o_.partitions) {
            const bool found =
                std::any_of(out.begin(), out.end(),
                            [&](const kfk::TopicPartition& tp) { return tp.partition == p; });
            if (!found) {
                throw CliError(ExitCode::not_found, "partition " + std::to_string(p) +
                                                        " does not exist in " + o_.topics.front());
            }
        }
        return out;
    }

    // Log start, end (LSO under read_committed) and, for @time, the offset at that time.
    void snapshot_offsets(kfk::Admin& admin, const kfk::TopicPartitions& tps) {
        std::vector<kfk::OffsetQuery> queries;
        for (const auto& tp : tps) {
            queries.push_back({tp, kfk::OffsetSpec::earliest()});
            queries.push_back({tp, kfk::OffsetSpec::latest()});
            if (spec_.kind == StartSpec::Kind::time) {
                queries.push_back({tp, kfk::OffsetSpec::at(kfk::TimePoint{
                                           std::chrono::milliseconds{spec_.value}})});
            }
        }
        if (queries.empty()) return;
        const auto listed = admin.list_offsets(queries, session_.timeout(), isolation_);
        const std::size_t stride = spec_.kind == StartSpec::Kind::time ? 3 : 2;
        for (std::size_t i = 0; i + stride <= listed.size(); i += stride) {
            for (std::size_t k = 0; k < stride; ++k) {
                if (listed[i + k].error) throw explain(listed[i + k].error, "list offsets");
            }
            auto& st = parts_.get(listed[i].topic, listed[i].partition);
            st.end = o_.exit_at_end ? listed[i + 1].offset : -1;
            bounds_[{listed[i].topic, listed[i].partition}] = {
                listed[i].offset, listed[i + 1].offset,
                stride == 3 ? listed[i + 2].offset : kfk::offset::end};
        }
    }

    std::int64_t start_offset(const kfk::TopicPartition& tp) {
        const auto it = bounds_.find(tp);
        if (it == bounds_.end()) return kfk::offset::end;
        const auto& [low, high, at_time] = it->second;
        return resolve_start_offset(spec_, low, high, at_time);
    }

    void assign(kfk::BytesConsumer& consumer, const kfk::TopicPartitions& tps) {
        // With a group and explicit partitions: the committed offset wins where there is one.
        std::map<kfk::TopicPartition, std::int64_t> committed;
        if (!o_.group.empty()) {
            for (const auto& c : consumer.committed(tps, session_.timeout())) {
                if (c.offset >= 0) committed[c.topic_partition()] = c.offset;
            }
        }
        kfk::TopicPartitionOffsets assignment;
        for (const auto& tp : tps) {
            auto& st = parts_.get(tp.topic, tp.partition);
            std::int64_t start;
            std::string why;
            if (auto c = committed.find(tp); c != committed.end()) {
                start = c->second;
                why = "committed offset of group " + o_.group;
            } else {
                start = start_offset(tp);
                why = describe_spec(spec_);
            }
            if (start < 0) start = kfk::offset::end;
            st.assigned = true;
            st.position = start >= 0 ? start : -1;
            assignment.push_back({tp.topic, tp.partition, start});
            log_start(tp, start, why);
        }
        consumer.assign(assignment);
        assigned_once_ = true;
    }

    void on_assigned(const kfk::TopicPartitions& added) {
        assigned_once_ = true;
        if (added.empty()) return;
        const auto committed = consumer_->committed(added, session_.timeout());
        for (const auto& c : committed) {
            auto& st = parts_.get(c.topic, c.partition);
            st.assigned = true;
            if (c.offset >= 0) {
                st.position = c.offset;
                st.printed = st.stored = c.offset;
                log_start(c.topic_partition(), c.offset, "committed offset of group " + o_.group);
                continue;
            }
            // No commit: --from decides. beginning/end are auto.offset.reset already.
            if (spec_.kind == StartSpec::Kind::beginning || spec_.kind == StartSpec::Kind::end ||
                spec_.kind == StartSpec::Kind::stored) {
                log_start(c.topic_partition(), -1,
                          std::string{"no commit: "} +
                              (spec_.kind == StartSpec::Kind::beginning ? "beginning" : "end"));
                continue;
            }
            const std::int64_t start = start_offset(c.topic_partition());
            if (start >= 0) {
                consumer_->seek({c.topic, c.partition, start}, session_.timeout());
                st.position = start;
            }
            log_start(c.topic_partition(), start, "no commit: " + describe_spec(spec_));
        }
    }

    void on_revoked(const kfk::TopicPartitions& gone) {
        // Everything printed is stored already (store happens right after each write), so
        // the commit librdkafka makes on revocation covers it.
        for (const auto& tp : gone) parts_.get(tp.topic, tp.partition).assigned = false;
    }

    void log_start(const kfk::TopicPartition& tp, std::int64_t offset, const std::string& why) {
        if (!session_.verbose()) return;
        std::fprintf(
            stderr, "kfk: %s [%d] starts at %s (%s)\n", tp.topic.c_str(), tp.partition,
            offset >= 0 ? ("offset " + std::to_string(offset)).c_str() : "the reset position",
            why.c_str());
    }

    bool all_at_end() {
        if (!assigned_once_) return false;
        for (const auto& st : parts_.all()) {
            if (st.assigned && !st.at_end()) return false;
        }
        return true;
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
        std::int64_t printed_count = 0;
        while (!signals::stop_requested()) {
            if (o_.exit_at_end && all_at_end()) break;
            consumer.poll_batch(batch, 1000, std::chrono::milliseconds{500});
            bool done = false;
            for (auto& m : batch) {
                if (m.is_partition_eof()) {
                    auto& st = parts_.get(m.topic(), m.partition());
                    st.position = std::max(st.position, m.offset());
                    continue;
                }
                if (m.is_error()) {
                    handle_error(m.error());
                    continue;
                }
                auto& st = parts_.get(m.topic(), m.partition());
                st.position = m.offset() + 1;
                st.printed = m.offset() + 1;
                if (!filters_.empty() && !matches_all(filters_, m)) continue;
                printer_.print(out_, m);
                if (o_.count >= 0 && ++printed_count >= o_.count) {
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

    void handle_error(const kfk::Error& e) {
        const ExitCode code = exit_code_for(e);
        if (code == ExitCode::not_found || code == ExitCode::auth || e.is_fatal()) {
            throw explain(e, "consume");
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
    Printer printer_;
    OutBuffer out_;
    std::vector<RecordFilter> filters_;
    StartSpec spec_;
    kfk::IsolationLevel isolation_;
    bool committing_ = false;
    bool assigned_once_ = false;
    kfk::BytesConsumer* consumer_ = nullptr;
    Partitions parts_;
    std::map<kfk::TopicPartition, std::tuple<std::int64_t, std::int64_t, std::int64_t>> bounds_;
};

ExitCode run_consume(const ConsumeOptions& o) {
    if (!o.format.empty() && o.output != "text") {
        throw CliError(ExitCode::usage,
                       "--format and --output " + o.output + " exclude each other");
    }
    if (!o.print.empty() && (o.output != "text" || !o.format.empty())) {
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
    sub->add_option("topics", opts->topics, "Topic(s)")->required();
    const char* where = "What to read";
    sub->add_option("--from", opts->from,
                    "Start: beginning, end, stored, OFFSET, -N (last N), @TIME "
                    "(ISO-8601 or epoch ms), @-DURATION (e.g. @-15m). Default: end; with "
                    "--group the committed offset, --from where there is none")
        ->group(where);
    sub->add_option("-p,--partition", opts->partitions, "Only these partitions (repeatable, a,b)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->group(where);
    sub->add_option("-g,--group", opts->group,
                    "Consume as this group: commit what was printed (at-least-once)")
        ->group(where);
    sub->add_flag("--no-commit", opts->no_commit, "With --group: commit nothing")->group(where);
    sub->add_option("-c,--count", opts->count, "Stop after N records")->group(where);
    sub->add_flag("-e,--exit", opts->exit_at_end,
                  "Stop at the end of every partition (as it was at the start)")
        ->group(where);
    sub->add_option("--isolation", opts->isolation, "read_uncommitted (default) or read_committed")
        ->check(CLI::IsMember({"read_uncommitted", "read_committed"}))
        ->group(where);
    sub->add_option("--filter", opts->filters,
                    "Keep records matching key:TEXT, key~REGEX, value:..., value~..., "
                    "header.NAME:..., header.NAME~..., header.NAME (repeatable: all must match)")
        ->allow_extra_args(false)
        ->group(where);
    const char* how = "Output";
    sub->add_option("-o,--output", opts->output,
                    "text (default), json (one object per line) or yaml")
        ->check(CLI::Validator(
            [](std::string& v) -> std::string {
                if (v == "text" || v == "table") {
                    v = "text";
                    return {};
                }
                if (v == "json" || v == "yaml") return {};
                try {
                    (void)parse_output_format(v);
                } catch (const CliError& e) {
                    return std::string{e.what()} + "; " + e.hint();
                }
                return {};
            },
            "text|json|yaml"))
        ->group(how);
    sub->add_option("--print", opts->print,
                    "Text output: also print these fields before the value, e.g. "
                    "key,partition,offset,timestamp,headers,topic")
        ->group(how);
    sub->add_option("-f,--format", opts->format,
                    "Template: %k key, %s value, %t topic, %p partition, %o offset, %T time, "
                    "%h headers, %S/%K sizes, %R 4-byte length prefix; \\n \\t")
        ->group(how);
    sub->add_flag("--json-values", opts->json_values,
                  "--output json: embed keys/values that are JSON as JSON (encoding \"json\")")
        ->group(how);
    sub->add_option("--timestamp", opts->timestamps, "iso (default) or epoch (milliseconds)")
        ->check(CLI::IsMember({"iso", "epoch"}))
        ->group(how);
    sub->add_option("--separator", opts->separator, "Between --print fields (default \\t)")
        ->group(how);
    sub->add_option("--delimiter", opts->delimiter, "After each text record (default \\n)")
        ->group(how);
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
