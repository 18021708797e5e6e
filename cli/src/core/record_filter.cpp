#include "core/record_filter.hpp"

#include "core/exit_codes.hpp"

namespace kfk::cli {

RecordFilter::RecordFilter(std::string_view spec) {
    const auto bad = [&](const std::string& why) {
        return CliError(ExitCode::usage, "invalid --filter '" + std::string{spec} + "': " + why,
                        "filters: key:TEXT, key~REGEX, value:TEXT, value~REGEX, "
                        "header.NAME:TEXT, header.NAME~REGEX, header.NAME");
    };
    const auto op = spec.find_first_of(":~");
    const auto field = spec.substr(0, op);
    if (field == "key") {
        field_ = Field::key;
    } else if (field == "value") {
        field_ = Field::value;
    } else if (field.starts_with("header.") && field.size() > 7) {
        field_ = Field::header;
        header_ = field.substr(7);
    } else {
        throw bad("expected key, value or header.NAME before ':' or '~'");
    }
    if (op == std::string_view::npos) {
        if (field_ != Field::header) throw bad("missing ':TEXT' or '~REGEX'");
        presence_only_ = true;
        return;
    }
    text_ = spec.substr(op + 1);
    if (spec[op] == '~') {
        try {
            regex_ = std::make_shared<const std::regex>(text_, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            throw bad(e.what());
        }
    }
}

bool RecordFilter::match(const std::optional<std::string_view>& bytes) const {
    if (!bytes) return false;
    if (regex_) return std::regex_search(bytes->begin(), bytes->end(), *regex_);
    return bytes->find(text_) != std::string_view::npos;
}

}  // namespace kfk::cli
