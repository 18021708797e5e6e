#include "commands/consume_output.hpp"

#include "core/delimited_reader.hpp"
#include "core/yaml.hpp"

namespace kfk::cli {

Printer::Printer(const ConsumeOptions& o) {
    if (o.output == RecordOutput::json) {
        mode_ = Mode::json;
    } else if (o.output == RecordOutput::yaml) {
        mode_ = Mode::yaml;
    } else if (!o.format.empty()) {
        mode_ = Mode::format;
        format_.emplace(o.format);
    }
    layout_.fields = parse_print_fields(o.print);
    // The same escapes as produce's -D/-K (an unknown one stays as written).
    layout_.separator = unescape_delimiter(o.separator);
    layout_.delimiter = unescape_delimiter(o.delimiter);
    layout_.timestamps = o.timestamps;
    json_.embed_json = o.json_values;
}

void Printer::print(OutBuffer& out, const kfk::Message& m) {
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

}  // namespace kfk::cli
