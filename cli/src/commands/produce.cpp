// kfk produce TOPIC — one record per input line (stdin, --file) or --value; --input json reads
// what `kfk consume --output json` prints. A summary goes to stderr; the exit code says
// whether every record was acknowledged.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "commands/command.hpp"
#include "core/args.hpp"
#include "core/delimited_reader.hpp"
#include "core/json_input.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"
#include "core/time_parse.hpp"
#include "kfk/bytes_producer.hpp"

namespace kfk::cli {
namespace {

struct ProduceOptions {
    const GlobalFlags* globals = nullptr;
    std::string topic;
    std::string file;
    std::string value;
    bool has_value = false;
    std::string key;
    bool has_key = false;
    std::string key_delimiter;
    std::string delimiter = "\\n";
    std::vector<std::string> headers;
    int partition = -1;
    std::string acks = "all";
    std::string compression;
    std::optional<bool> idempotent;
    std::string rate;
    std::string format = "text";
    std::string input = "lines";
    std::string on_error = "fail";
    bool repartition = false;
    bool keep_timestamps = false;
    bool empty_as_null = false;
    bool quiet = false;
};

// Delivery bookkeeping shared with the producer's delivery thread.
struct Stats {
    std::atomic<std::uint64_t> acked{0};
    std::atomic<std::uint64_t> failed{0};
    std::vector<std::atomic<bool>> partitions_used;
    struct Failure {
        std::uint64_t count = 0;
        std::uint64_t first_record = 0;
        std::string message;
    };
    std::mutex mu;
    std::map<int, Failure> failures;  // by error code
    std::map<int, ExitCode> failure_codes;

    explicit Stats(std::size_t partitions) : partitions_used(partitions) {}

    void fail(const kfk::Error& e, std::uint64_t record) {
        failed.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock{mu};
        auto& f = failures[e.raw_code()];
        if (f.count++ == 0) {
            f.first_record = record;
            f.message = e.to_string();
            failure_codes[e.raw_code()] = exit_code_for(e);
        }
    }
};

struct Limits {
    std::int64_t max_message_bytes = -1;  // the topic's max.message.bytes, if known
    std::string source;
};

std::string human_bytes(double b) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (b >= 1024 && u < 4) {
        b /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    return buf;
}

double parse_rate(const std::string& text) {
    if (text.empty()) return 0;
    std::string number = text;
    double per = 1.0;
    if (const auto slash = text.find('/'); slash != std::string::npos) {
        number = text.substr(0, slash);
        const std::string unit = text.substr(slash + 1);
        if (unit == "s") {
            per = 1.0;
        } else if (unit == "m") {
            per = 60.0;
        } else if (unit == "h") {
            per = 3600.0;
        } else {
            throw CliError(ExitCode::usage, "invalid --rate '" + text + "'", "e.g. --rate 100/s");
        }
    }
    char* end = nullptr;
    const double n = std::strtod(number.c_str(), &end);
    if (end == number.c_str() || *end || n <= 0) {
        throw CliError(ExitCode::usage, "invalid --rate '" + text + "'", "e.g. --rate 100/s");
    }
    return n / per;
}

// Writes "\r<progress>" on a terminal's stderr at most twice a second.
class Progress {
  public:
    explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), last_(start_) {}
    void tick(const Stats& s, std::uint64_t sent) {
        if (!enabled_ || (++calls_ & 1023) != 0) return;
        const auto now = Clock::now();
        if (now - last_ < std::chrono::milliseconds{500}) return;
        last_ = now;
        const double secs = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "\r\033[K%llu sent, %llu acknowledged (%.0f records/s)",
                     static_cast<unsigned long long>(sent),
                     static_cast<unsigned long long>(s.acked.load()), sent / secs);
        shown_ = true;
    }
    void clear() {
        if (shown_) std::fprintf(stderr, "\r\033[K");
        shown_ = false;
    }
    double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  private:
    using Clock = std::chrono::steady_clock;
    bool enabled_;
    Clock::time_point start_, last_;
    std::uint64_t calls_ = 0;
    bool shown_ = false;
};

kfk::ProducerConfig producer_config(const Session& session, const ProduceOptions& o,
                                    const Limits& limits, Stats& stats) {
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
    if (o.acks == "all" || o.acks == "-1") {
        config.acks(kfk::Acks::all);
    } else if (o.acks == "1") {
        config.acks(kfk::Acks::leader);
    } else if (o.acks == "0") {
        config.acks(kfk::Acks::none);
    } else {
        throw CliError(ExitCode::usage, "invalid --acks '" + o.acks + "'", "use 0, 1 or all");
    }
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

// The topic's partition count and max.message.bytes; exit 2 if it does not exist.
std::size_t check_topic(kfk::Admin& admin, const std::string& topic,
                        std::chrono::milliseconds timeout, Limits& limits) {
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
    for (const auto& c : described.front().configs) {
        if (c.name == "max.message.bytes" && c.value) {
            limits.max_message_bytes = std::atoll(c.value->c_str());
            limits.source = "max.message.bytes of topic " + topic;
        }
    }
    return described.front().partitions.size();
}

std::string too_large_message(std::size_t size, const Limits& limits) {
    return "record of " + std::to_string(size) + " bytes is larger than the maximum message size " +
           std::to_string(limits.max_message_bytes) + " bytes (" +
           human_bytes(static_cast<double>(limits.max_message_bytes)) + ", " + limits.source + ")";
}

ExitCode run_produce(const ProduceOptions& o) {
    const bool json_input = o.input == "json";
    const bool validate_json_lines = o.format == "json";
    if (json_input && !o.key_delimiter.empty()) {
        throw CliError(ExitCode::usage, "--key-delimiter does not apply to --input json",
                       "each JSON record carries its own key");
    }
    if (o.has_value && (!o.file.empty() || json_input)) {
        throw CliError(ExitCode::usage,
                       "--value sends one record; it cannot be combined with "
                       "--file or --input json");
    }
    const auto fixed_headers_kv = parse_assignments(o.headers, "--header");
    std::vector<kfk::Header> fixed_headers;
    for (const auto& [k, v] : fixed_headers_kv) fixed_headers.push_back({k, v});
    const double rate = parse_rate(o.rate);
    const std::string delimiter = unescape_delimiter(o.delimiter);
    const std::string key_delimiter = unescape_delimiter(o.key_delimiter);

    int fd = STDIN_FILENO;
    if (!o.file.empty()) {
        fd = ::open(o.file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw CliError(ExitCode::usage, "cannot open " + o.file + ": " + std::strerror(errno));
        }
    }
    struct FdCloser {
        int fd;
        ~FdCloser() {
            if (fd != STDIN_FILENO) ::close(fd);
        }
    } closer{fd};

    Session session{*o.globals};
    Limits limits;
    std::size_t partition_count = 0;
    {
        auto admin = session.admin();
        partition_count = check_topic(admin, o.topic, session.timeout(), limits);
    }
    if (o.partition >= 0 && static_cast<std::size_t>(o.partition) >= partition_count) {
        throw CliError(ExitCode::not_found,
                       "topic '" + o.topic + "' has no partition " + std::to_string(o.partition) +
                           " (it has " + plural(partition_count, "partition", "partitions") + ")");
    }
    Stats stats{partition_count};
    kfk::BytesProducer producer{producer_config(session, o, limits, stats)};
    Progress progress{!o.quiet && ::isatty(STDERR_FILENO)};
    if (!o.has_value && o.file.empty() && ::isatty(fd) && !o.quiet) {
        std::fprintf(stderr, "Reading records from the terminal, one per line; Ctrl-D ends.\n");
    }

    std::uint64_t sent = 0, sent_bytes = 0, input_errors = 0, record_no = 0;
    std::uint64_t first_bad_record = 0;
    std::string first_bad_message;
    const auto pace_start = std::chrono::steady_clock::now();
    std::vector<kfk::Header> headers;
    headers.reserve(fixed_headers.size() + 8);
    JsonRecordParser parser;
    InputRecord parsed;
    std::string error;
    bool stopped_on_bad_input = false;

    const auto send = [&](std::optional<std::string_view> key,
                          std::optional<std::string_view> value, std::int32_t partition,
                          std::optional<std::int64_t> timestamp_ms) {
        std::size_t size = (key ? key->size() : 0) + (value ? value->size() : 0);
        for (const auto& h : headers) size += h.key.size() + (h.value ? h.value->size() : 0);
        if (limits.max_message_bytes > 0 &&
            size > static_cast<std::size_t>(limits.max_message_bytes)) {
            stats.fail(
                kfk::Error{kfk::ErrorCode::message_size_too_large, too_large_message(size, limits)},
                record_no);
            return;
        }
        if (rate > 0) {
            const auto due = pace_start + std::chrono::duration_cast<std::chrono::nanoseconds>(
                                              std::chrono::duration<double>(sent / rate));
            std::this_thread::sleep_until(due);
        }
        kfk::RawRecord rec;
        rec.topic = o.topic;
        rec.key = key;
        rec.value = value;
        rec.headers = headers;
        rec.partition = partition;
        // -1 is Kafka's "no timestamp" (records of old clients): such a record gets "now".
        // 0 cannot be sent as such (librdkafka would stamp "now"), so the SDK refuses it.
        if (timestamp_ms && *timestamp_ms >= 0) {
            rec.timestamp = kfk::TimePoint{std::chrono::milliseconds{*timestamp_ms}};
        }
        // Fire and forget: the producer-wide delivery callback (set in producer_config) counts
        // the outcome; no per-record callback state on the hot path.
        if (kfk::Error refused = producer.produce(rec)) {
            stats.fail(refused, record_no);
            return;
        }
        ++sent;
        sent_bytes += size;
        progress.tick(stats, sent);
    };

    const auto bad_input = [&](const std::string& message) {
        ++input_errors;
        if (first_bad_record == 0) {
            first_bad_record = record_no;
            first_bad_message = message;
        }
        std::fprintf(stderr, "kfk: error: line %llu: %s%s\n",
                     static_cast<unsigned long long>(record_no), message.c_str(),
                     o.on_error == "skip" ? " (skipped)" : "; nothing sent from this line");
        if (o.on_error != "skip") stopped_on_bad_input = true;
    };

    if (o.has_value) {
        record_no = 1;
        headers.assign(fixed_headers.begin(), fixed_headers.end());
        if (validate_json_lines && !validate_json(o.value, error)) {
            throw CliError(ExitCode::usage, "--value is not valid JSON: " + error);
        }
        send(o.has_key ? std::optional<std::string_view>{o.key} : std::nullopt,
             o.empty_as_null && o.value.empty() ? std::nullopt
                                                : std::optional<std::string_view>{o.value},
             o.partition, std::nullopt);
    } else {
        DelimitedReader reader{fd, delimiter, 1 << 20, &signals::stop_requested};
        while (!signals::stop_requested() && !stopped_on_bad_input) {
            auto rec = reader.next();
            if (!rec) break;
            record_no = reader.record_number();
            if ((json_input || validate_json_lines) &&
                rec->find_first_not_of(" \t\r") == std::string_view::npos) {
                continue;  // blank lines separate nothing in JSON lines
            }
            headers.assign(fixed_headers.begin(), fixed_headers.end());
            if (json_input) {
                if (!parser.parse(*rec, parsed, error)) {
                    bad_input(error);
                    continue;
                }
                headers.insert(headers.end(), parsed.headers.begin(), parsed.headers.end());
                std::int32_t partition = o.partition;
                if (partition < 0 && !o.repartition && parsed.partition) {
                    partition = *parsed.partition;
                    if (partition < 0 || static_cast<std::size_t>(partition) >= partition_count) {
                        bad_input("partition " + std::to_string(partition) + " does not exist in " +
                                  o.topic + " (" + std::to_string(partition_count) +
                                  " partitions); --repartition lets the partitioner choose");
                        continue;
                    }
                }
                if (o.has_key) parsed.key = o.key;
                send(parsed.key, parsed.value, partition,
                     o.keep_timestamps ? parsed.timestamp_ms : std::nullopt);
                continue;
            }
            std::optional<std::string_view> key;
            std::string_view value = *rec;
            if (!key_delimiter.empty()) {
                if (const auto at = value.find(key_delimiter); at != std::string_view::npos) {
                    key = value.substr(0, at);
                    value = value.substr(at + key_delimiter.size());
                }
            }
            if (o.has_key) key = o.key;
            if (validate_json_lines && !validate_json(value, error)) {
                bad_input("invalid JSON at " + error);
                continue;
            }
            send(key,
                 o.empty_as_null && value.empty() ? std::nullopt
                                                  : std::optional<std::string_view>{value},
                 o.partition, std::nullopt);
        }
    }

    // Everything read is queued: wait for every delivery report (a second Ctrl-C exits at
    // once; the first one only stops reading).
    const bool interrupted = signals::stop_requested();
    while (producer.in_flight() > 0) {
        progress.tick(stats, sent);
        if (!producer.flush(std::chrono::milliseconds{200})) break;
    }
    producer.close(std::chrono::seconds{10});
    progress.clear();

    const std::uint64_t acked = stats.acked.load();
    const std::uint64_t failed = stats.failed.load();
    if (!o.quiet) {
        // One short line at any scale: the partitions by number while there are few, else
        // how many of how many (a 1,000-partition topic would make a 3,500-character line).
        constexpr std::size_t listed_max = 8;
        std::vector<std::size_t> used;
        for (std::size_t p = 0; p < stats.partitions_used.size(); ++p) {
            if (stats.partitions_used[p].load()) used.push_back(p);
        }
        std::string parts;
        if (used.size() > listed_max) {
            parts = std::to_string(used.size()) + " of " +
                    std::to_string(stats.partitions_used.size()) + " partitions";
        } else {
            for (auto p : used) parts += (parts.empty() ? "partitions " : ",") + std::to_string(p);
        }
        const std::string what =
            failed ? std::to_string(acked) + " of " + plural(acked + failed, "record", "records")
                   : plural(acked, "record", "records") + " (" +
                         human_bytes(static_cast<double>(sent_bytes)) + ")";
        std::fprintf(stderr, "Produced %s to %s%s in %.1fs", what.c_str(), o.topic.c_str(),
                     parts.empty() ? "" : (" [" + parts + "]").c_str(), progress.elapsed());
        if (failed || input_errors) {
            std::fprintf(stderr, "; %llu not acknowledged, %llu bad input",
                         static_cast<unsigned long long>(failed),
                         static_cast<unsigned long long>(input_errors));
        }
        std::fprintf(stderr, ".\n");
    }
    if (record_no == 0 && !o.has_value) {
        std::fprintf(stderr, "kfk: warning: the input was empty: nothing to produce\n");
    }

    ExitCode code = ExitCode::ok;
    if (failed) {
        std::lock_guard lock{stats.mu};
        for (const auto& [raw, f] : stats.failures) {
            std::string where =
                f.first_record ? " (first: record " + std::to_string(f.first_record) + ")" : "";
            if (raw == static_cast<int>(kfk::ErrorCode::message_size_too_large) &&
                limits.max_message_bytes > 0 &&
                f.message.find("maximum message size") == std::string::npos) {
                // The broker refused a batch: name the limit it applies.
                where += "; the limit is " + std::to_string(limits.max_message_bytes) + " bytes (" +
                         limits.source + ", record batch overhead included)";
            }
            std::fprintf(stderr, "kfk: error: %s not acknowledged: %s%s\n",
                         plural(f.count, "record", "records").c_str(), f.message.c_str(),
                         where.c_str());
        }
        if (acked == 0 && stats.failure_codes.size() == 1) {
            const auto& [raw, c] = *stats.failure_codes.begin();
            code = c;
            if (c == ExitCode::unreachable) {
                const auto e = explain(kfk::Error{static_cast<kfk::ErrorCode>(raw)}, "produce");
                std::fprintf(stderr, "kfk: error: %s\n", e.what());
            }
        } else {
            code = ExitCode::partial;
        }
    }
    if (input_errors) {
        if (stopped_on_bad_input) {
            std::fprintf(stderr,
                         "kfk: error: stopped at line %llu (bad input); records before it were "
                         "sent; --on-error skip goes on past bad lines\n",
                         static_cast<unsigned long long>(first_bad_record));
            if (code == ExitCode::ok) code = ExitCode::usage;
        } else if (code == ExitCode::ok) {
            code = ExitCode::partial;
        }
    }
    if (interrupted && code == ExitCode::ok) code = ExitCode::interrupted;
    return code;
}

}  // namespace

void setup_produce(CLI::App& app, const GlobalFlags& g) {
    auto opts = std::make_shared<ProduceOptions>();
    opts->globals = &g;
    auto* sub = app.add_subcommand(
        "produce", "Produce records: one per input line (stdin or --file), or --value");
    sub->add_option("topic", opts->topic, "Topic")->required();
    auto* in = "Input";
    sub->add_option("-f,--file", opts->file, "Read records from FILE instead of stdin")->group(in);
    sub->add_option_function<std::string>(
           "--value",
           [opts](const std::string& v) {
               opts->value = v;
               opts->has_value = true;
           },
           "Send this one record (no input is read)")
        ->group(in);
    sub->add_option_function<std::string>(
           "-k,--key",
           [opts](const std::string& v) {
               opts->key = v;
               opts->has_key = true;
           },
           "The same key for every record")
        ->group(in);
    sub->add_option("-K,--key-delimiter", opts->key_delimiter,
                    "Split each line at the first DELIM into key and value (like kcat -K; any "
                    "length; \\t works)")
        ->group(in);
    sub->add_option("-D,--delimiter", opts->delimiter,
                    "Record delimiter (default \\n; any length; empty: the whole input is one "
                    "record)")
        ->group(in);
    sub->add_option("--input", opts->input,
                    "lines (default) or json: objects as `kfk consume --output json` prints "
                    "them (key, value, headers, partition, encodings)")
        ->check(CLI::IsMember({"lines", "json"}))
        ->group(in);
    sub->add_option("--format", opts->format,
                    "json: check that every value is valid JSON (bad lines are named)")
        ->check(CLI::IsMember({"text", "json"}))
        ->group(in);
    sub->add_option("--on-error", opts->on_error,
                    "Bad input line: fail (stop there, default) or skip (report it, go on)")
        ->check(CLI::IsMember({"fail", "skip"}))
        ->group(in);
    sub->add_flag("--empty-as-null", opts->empty_as_null,
                  "Send an empty value as null (a tombstone on compacted topics)")
        ->group(in);
    sub->add_flag("--repartition", opts->repartition,
                  "--input json: ignore the records' partitions, let the partitioner choose")
        ->group(in);
    sub->add_flag("--keep-timestamps", opts->keep_timestamps,
                  "--input json: keep the records' timestamps (default: now)")
        ->group(in);
    auto* rec = "Records";
    sub->add_option("-H,--header", opts->headers, "Header key=value on every record (repeatable)")
        ->allow_extra_args(false)
        ->group(rec);
    sub->add_option("-p,--partition", opts->partition,
                    "Partition (default: by key, Java-compatible murmur2; unkeyed: sticky)")
        ->group(rec);
    auto* del = "Delivery";
    sub->add_option("--acks", opts->acks, "0, 1 or all (default all)")
        ->check(CLI::IsMember({"0", "1", "all", "-1"}))
        ->group(del);
    sub->add_option("--compression", opts->compression, "none, gzip, snappy, lz4 or zstd")
        ->check(CLI::IsMember({"none", "gzip", "snappy", "lz4", "zstd"}))
        ->group(del);
    sub->add_flag_function(
           "--idempotent,!--no-idempotent", [opts](std::int64_t n) { opts->idempotent = n > 0; },
           "Idempotence (default on with --acks all: no duplicates on retry)")
        ->group(del);
    sub->add_option("--rate", opts->rate, "At most N records per second (N, N/s, N/m)")->group(del);
    sub->add_flag("-q,--quiet", opts->quiet, "No summary or progress on stderr (errors only)");
    set_examples(
        sub,
        "  echo '{\"id\":1}' | kfk produce orders\n"
        "  printf 'customer-1\\t{\"id\":1}\\n' | kfk produce orders --key-delimiter '\\t' "
        "--format json\n"
        "  kfk produce orders --key customer-1 --value '{\"id\":1}' --header source=cli\n"
        "  kfk produce orders --file orders.txt --acks 1 --compression zstd --rate 500/s\n"
        "  kfk consume src --from beginning --exit -o json | kfk produce dst --input json   # "
        "copy\n"
        "\nExit codes: 0 every record acknowledged; 1 bad input (the line is named);\n"
        "2 topic or partition does not exist; 4 some records not acknowledged;\n"
        "5 cluster unreachable; 130 interrupted (what was read before is still delivered).\n");
    bind(sub, opts, &run_produce);
}

}  // namespace kfk::cli
