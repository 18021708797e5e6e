#include "commands/command.hpp"

namespace kfk::cli {

int& command_result() {
    static int result = 0;
    return result;
}

void add_output_option(CLI::App* sub, OutputFormat& format) {
    sub->add_option_function<std::string>(
           "-o,--output",
           [&format](const std::string& value) { format = parse_output_format(value); },
           "Output format: table, json or yaml")
        ->default_val("table")
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                try {
                    (void)parse_output_format(value);
                    return {};
                } catch (const CliError& e) {
                    return std::string{e.what()} + "; " + e.hint();
                }
            },
            "table|json|yaml"));
}

CLI::Option* add_isolation_option(CLI::App* sub, kfk::IsolationLevel& level,
                                  const std::string& description) {
    return add_enum_option(sub, "--isolation", level,
                           {{"read_uncommitted", kfk::IsolationLevel::read_uncommitted},
                            {"read_committed", kfk::IsolationLevel::read_committed}},
                           description);
}

void set_examples(CLI::App* sub, const std::string& examples) {
    sub->footer("\nExamples:\n" + examples);
}

}  // namespace kfk::cli
