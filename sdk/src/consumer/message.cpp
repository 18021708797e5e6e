#include "kfk/message.hpp"

#include <librdkafka/rdkafka.h>

#include "consumer/message_access.hpp"
#include "core/error_map.hpp"
#include "core/message_timestamp.hpp"

namespace kfk {
namespace {

rd_kafka_headers_t* headers_of(rd_kafka_message_t* raw) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!raw || rd_kafka_message_headers(raw, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return nullptr;
    }
    return hdrs;
}

}  // namespace

void Message::Deleter::operator()(rd_kafka_message_t* raw) const noexcept {
    rd_kafka_message_destroy(raw);
}

namespace detail {

Message MessageAccess::adopt(rd_kafka_message_t* msg) noexcept {
    Message m;
    m.raw_.reset(msg);
    m.err_ = msg->err;
    m.topic_ = msg->rkt ? std::string_view{rd_kafka_topic_name(msg->rkt)} : std::string_view{};
    m.partition_ = msg->partition;
    m.offset_ = msg->offset;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        m.has_key_ = msg->key != nullptr;
        if (m.has_key_) m.key_ = {static_cast<const char*>(msg->key), msg->key_len};
        m.has_value_ = msg->payload != nullptr;
        if (m.has_value_) m.value_ = {static_cast<const char*>(msg->payload), msg->len};
        m.timestamp_ = timestamp_of(msg);
    }
    return m;
}

}  // namespace detail

std::optional<std::int32_t> Message::leader_epoch() const noexcept {
    if (!raw_) return std::nullopt;
    const auto epoch = rd_kafka_message_leader_epoch(raw_.get());
    return epoch >= 0 ? std::optional<std::int32_t>{epoch} : std::nullopt;
}

std::size_t Message::header_count() const noexcept {
    auto* hdrs = headers_of(raw_.get());
    return hdrs ? rd_kafka_header_cnt(hdrs) : 0;
}

Header Message::header_at(std::size_t index) const noexcept {
    auto* hdrs = headers_of(raw_.get());
    const char* name = nullptr;
    const void* val = nullptr;
    size_t size = 0;
    if (!hdrs ||
        rd_kafka_header_get_all(hdrs, index, &name, &val, &size) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return {};
    }
    Header h{name, std::nullopt};
    if (val) h.value = std::string_view{static_cast<const char*>(val), size};
    return h;
}

std::vector<Header> Message::headers() const {
    std::vector<Header> out;
    const auto n = header_count();
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(header_at(i));
    return out;
}

std::optional<std::string_view> Message::last_header(std::string_view key) const noexcept {
    std::optional<std::string_view> found;
    const auto n = header_count();
    for (std::size_t i = 0; i < n; ++i) {
        auto h = header_at(i);
        if (h.key == key) found = h.value;
    }
    return found;
}

bool Message::is_partition_eof() const noexcept {
    return err_ == RD_KAFKA_RESP_ERR__PARTITION_EOF;
}

Error Message::error() const {
    if (!err_) return {};
    auto* msg = raw_.get();
    return detail::make_error(static_cast<rd_kafka_resp_err_t>(err_),
                              msg ? rd_kafka_message_errstr(msg) : "");
}

}  // namespace kfk
