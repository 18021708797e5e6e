#pragma once

#include <chrono>
#include <functional>

#include "detail/client_core.hpp"
#include "kfk/admin.hpp"

namespace kfk::detail {

class AdminImpl final : public ClientCore {
  public:
    using Duration = std::chrono::milliseconds;

    explicit AdminImpl(const AdminConfig& config);
    ~AdminImpl() override;

    // Options for one admin request with `timeout` as both request and operation timeout.
    AdminOptionsPtr options(rd_kafka_admin_op_t op, Duration timeout, bool validate_only = false);
    // Starts a request on a private queue via `start(queue)` and waits for its result event;
    // throws TimeoutError when none arrives in time, or the request-level error.
    EventPtr run(const std::function<void(rd_kafka_queue_t*)>& start, Duration timeout,
                 const char* what);
};

}  // namespace kfk::detail
