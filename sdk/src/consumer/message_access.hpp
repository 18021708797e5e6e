// The consumer's gate into Message (a friend of it): wrapping librdkafka's messages and
// reading them back, without a public "internal" entry point on Message itself.
#pragma once

#include <librdkafka/rdkafka.h>

#include "kfk/message.hpp"

namespace kfk::detail {

struct MessageAccess {
    // Takes ownership of `msg`.
    static Message adopt(rd_kafka_message_t* msg) noexcept;
    static const rd_kafka_message_t* raw(const Message& m) noexcept { return m.raw_.get(); }
    static rd_kafka_message_t* raw(Message& m) noexcept { return m.raw_.get(); }
};

}  // namespace kfk::detail
