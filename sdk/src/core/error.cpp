#include "kfk/error.hpp"

#include <librdkafka/rdkafka.h>

namespace kfk {
namespace {

class KafkaCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "kafka"; }
    std::string message(int code) const override {
        if (code == static_cast<int>(ErrorCode::wakeup)) return "Woken up by wakeup()";
        return rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code));
    }
};

}  // namespace

Error::Error(ErrorCode code, std::string message, Flags flags)
    : code_(code), flags_(flags), detail_(std::move(message)) {}

std::string_view Error::name() const noexcept {
    if (code_ == ErrorCode::wakeup) return "_WAKEUP";
    return rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code_));
}

std::string Error::message() const {
    return detail_.empty() ? kafka_category().message(raw_code()) : detail_;
}

std::error_code Error::error_code() const noexcept {
    return make_error_code(code_);
}

std::string Error::to_string() const {
    if (!*this) return "Success";
    std::string s{name()};
    s += ": ";
    s += message();
    return s;
}

const std::error_category& kafka_category() noexcept {
    static const KafkaCategory category;
    return category;
}

std::error_code make_error_code(ErrorCode code) noexcept {
    return {static_cast<int>(code), kafka_category()};
}

}  // namespace kfk
