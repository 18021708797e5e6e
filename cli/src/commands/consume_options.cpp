#include "commands/consume_options.hpp"

#include "commands/command.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {

void add_consume_options(CLI::App* sub, const std::shared_ptr<ConsumeOptions>& opts) {
    sub->add_option("topics", opts->topics, "Topic(s)")->required();
    const char* where = "What to read";
    sub->add_option_function<std::string>(
           "--from",
           [opts](const std::string& v) {
               // Parsed here, so a bad --from is parse_start_spec's usage error (with its hint).
               if (!v.empty()) opts->from = parse_start_spec(v, now_epoch_ms());
           },
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
    add_isolation_option(sub, opts->isolation, "read_uncommitted (default) or read_committed")
        ->group(where);
    sub->add_option("--filter", opts->filters,
                    "Keep records matching key:TEXT, key~REGEX, value:..., value~..., "
                    "header.NAME:..., header.NAME~..., header.NAME (repeatable: all must match)")
        ->allow_extra_args(false)
        ->group(where);
    const char* how = "Output";
    sub->add_option_function<std::string>(
           "-o,--output",
           [opts](const std::string& v) {
               // The check below has accepted it (and made "table" "text").
               if (v == "text") {
                   opts->output = RecordOutput::text;
                   return;
               }
               const auto format = parse_output_format(v);
               opts->output = format == OutputFormat::json   ? RecordOutput::json
                              : format == OutputFormat::yaml ? RecordOutput::yaml
                                                             : RecordOutput::text;
           },
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
    add_enum_option(sub, "--timestamp", opts->timestamps,
                    {{"iso", TimestampStyle::iso}, {"epoch", TimestampStyle::epoch_ms}},
                    "iso (default) or epoch (milliseconds)")
        ->group(how);
    sub->add_option("--separator", opts->separator, "Between --print fields (default \\t)")
        ->group(how);
    sub->add_option("--delimiter", opts->delimiter, "After each text record (default \\n)")
        ->group(how);
}

}  // namespace kfk::cli
