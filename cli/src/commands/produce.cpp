// kfk produce TOPIC — one record per input line (stdin, --file) or --value; --input json reads
// what `kfk consume --output json` prints. A summary goes to stderr; the exit code says
// whether every record was acknowledged.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "commands/command.hpp"
#include "commands/produce_delivery.hpp"
#include "commands/produce_input.hpp"
#include "commands/produce_options.hpp"
#include "commands/produce_progress.hpp"
#include "commands/produce_sender.hpp"
#include "commands/produce_summary.hpp"
#include "core/args.hpp"
#include "core/signals.hpp"
#include "kfk/bytes_producer.hpp"

namespace kfk::cli {

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

namespace {

void check_combinations(const ProduceOptions& o) {
    const bool json_input = o.input == InputKind::json;
    if (json_input && !o.key_delimiter.empty()) {
        throw CliError(ExitCode::usage, "--key-delimiter does not apply to --input json",
                       "each JSON record carries its own key");
    }
    if (o.value && (!o.file.empty() || json_input)) {
        throw CliError(ExitCode::usage,
                       "--value sends one record; it cannot be combined with "
                       "--file or --input json");
    }
}

// The input: --file or stdin; closed at the end of the run.
class InputFile {
  public:
    explicit InputFile(const std::string& path) {
        if (path.empty()) return;
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0)
            throw CliError(ExitCode::usage, "cannot open " + path + ": " + std::strerror(errno));
    }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    ~InputFile() {
        if (fd_ != STDIN_FILENO) ::close(fd_);
    }
    int fd() const noexcept { return fd_; }

  private:
    int fd_ = STDIN_FILENO;
};

ExitCode run_produce(const ProduceOptions& o) {
    check_combinations(o);
    // kfk::Header views its strings: the parsed pairs live as long as the run.
    const auto fixed_headers_kv = parse_assignments(o.headers, "--header");
    std::vector<kfk::Header> fixed_headers;
    for (const auto& [k, v] : fixed_headers_kv) fixed_headers.push_back({k, v});
    const InputFile input{o.file};
    if (!o.value && o.file.empty()) {
        claim_stdin("kfk produce reads its records from stdin (no --file or --value)");
    }

    Session session{*o.globals};
    TopicLimits limits;
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
    DeliveryStats stats{partition_count};
    kfk::BytesProducer producer{producer_config(session, o, limits, stats)};
    Progress progress{!o.quiet && ::isatty(STDERR_FILENO)};
    if (!o.value && o.file.empty() && ::isatty(input.fd()) && !o.quiet) {
        std::fprintf(stderr, "Reading records from the terminal, one per line; Ctrl-D ends.\n");
    }

    RecordSender sender{producer, stats, limits, o.topic, o.rate_per_second, progress};
    BadInputLog bad_input{o.on_error};
    ProduceTotals totals;
    if (o.value) {
        totals.records_read = 1;
        sender.send(value_record(o, fixed_headers), 1);
    } else {
        InputReader reader{o, input.fd(), std::move(fixed_headers), partition_count};
        OutgoingRecord rec;
        std::string error;
        while (!bad_input.stopped()) {
            const auto next = reader.next(rec, error);
            if (next == InputReader::Next::end) break;
            if (next == InputReader::Next::bad_input) {
                bad_input.report(reader.record_number(), error);
            } else {
                sender.send(rec, reader.record_number());
            }
        }
        totals.records_read = reader.record_number();
    }

    // Everything read is queued: wait for every delivery report (a second Ctrl-C exits at
    // once; the first one only stops reading).
    totals.interrupted = signals::stop_requested();
    sender.drain();
    totals.sent_bytes = sender.sent_bytes();
    totals.elapsed_seconds = progress.elapsed();
    print_summary(o, stats, totals, bad_input);
    return report_outcome(stats, limits, bad_input, totals.interrupted);
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
    sub->add_option("--value", opts->value, "Send this one record (no input is read)")->group(in);
    sub->add_option("-k,--key", opts->key, "The same key for every record")->group(in);
    sub->add_option("-K,--key-delimiter", opts->key_delimiter,
                    "Split each line at the first DELIM into key and value (like kcat -K; any "
                    "length; \\t works)")
        ->group(in);
    sub->add_option("-D,--delimiter", opts->delimiter,
                    "Record delimiter (default \\n; any length; empty: the whole input is one "
                    "record)")
        ->group(in);
    add_enum_option(sub, "--input", opts->input,
                    {{"lines", InputKind::lines}, {"json", InputKind::json}},
                    "lines (default) or json: objects as `kfk consume --output json` prints "
                    "them (key, value, headers, partition, encodings)")
        ->group(in);
    add_enum_option(sub, "--format", opts->value_check,
                    {{"text", ValueCheck::none}, {"json", ValueCheck::json}},
                    "json: check that every value is valid JSON (bad lines are named)")
        ->group(in);
    add_enum_option(sub, "--on-error", opts->on_error,
                    {{"fail", OnBadInput::fail}, {"skip", OnBadInput::skip}},
                    "Bad input line: fail (stop there, default) or skip (report it, go on)")
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
    add_enum_option(sub, "--acks", opts->acks,
                    {{"0", kfk::Acks::none},
                     {"1", kfk::Acks::leader},
                     {"all", kfk::Acks::all},
                     {"-1", kfk::Acks::all}},
                    "0, 1 or all (default all)")
        ->group(del);
    sub->add_option("--compression", opts->compression, "none, gzip, snappy, lz4 or zstd")
        ->check(CLI::IsMember({"none", "gzip", "snappy", "lz4", "zstd"}))
        ->group(del);
    sub->add_flag_function(
           "--idempotent,!--no-idempotent", [opts](std::int64_t n) { opts->idempotent = n > 0; },
           "Idempotence (default on with --acks all: no duplicates on retry)")
        ->group(del);
    // Parsed in the callback, at parse time: a bad rate is the CliError parse_rate throws.
    sub->add_option_function<std::string>(
           "--rate", [opts](const std::string& v) { opts->rate_per_second = parse_rate(v); },
           "At most N records per second (N, N/s, N/m)")
        ->group(del);
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
