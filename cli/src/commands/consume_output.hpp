// kfk consume's record output: text (with --print fields), a --format template, JSON lines
// or YAML documents, appended to the output buffer.
#pragma once

#include <optional>

#include "commands/consume_options.hpp"
#include "core/out_buffer.hpp"
#include "core/record_format.hpp"
#include "kfk/message.hpp"

namespace kfk::cli {

class Printer {
  public:
    explicit Printer(const ConsumeOptions& o);
    void print(OutBuffer& out, const kfk::Message& m);

  private:
    enum class Mode { text, format, json, yaml };
    Mode mode_ = Mode::text;
    TextLayout layout_;
    std::optional<FormatTemplate> format_;
    JsonRecordOptions json_;
};

}  // namespace kfk::cli
