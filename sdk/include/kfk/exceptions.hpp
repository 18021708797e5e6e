// The kfk exception hierarchy, organised by what the caller can do about the failure.
//
//   Exception                 every kfk exception; carries the kfk::Error
//   ├── ConfigError           fix the configuration (bad key or value) — thrown at construction
//   ├── UsageError            fix the calling code (wrong state, invalid argument)
//   ├── TimeoutError          the deadline passed; the outcome may be unknown, retry or give up
//   ├── RetriableError        a transient condition; retrying the same call may succeed
//   ├── TxnAbortRequired      abort the current transaction, then run it again
//   ├── FatalError            the client is unusable: destroy it and create a new one
//   └── KafkaError            anything else the broker refused (not found, not authorized, ...)
//       └── AuthenticationError  the cluster rejected the client's credentials or TLS identity
//                                (SASL failure, handshake or certificate verify failure): fix
//                                the credentials or trust settings; retrying as-is fails again
//
// Operations whose failure is an ordinary outcome (a delivery, a poll) return values instead.
#pragma once

#include <stdexcept>

#include "kfk/error.hpp"

namespace kfk {

class Exception : public std::runtime_error {
  public:
    explicit Exception(Error error);
    Exception(Error error, const std::string& context);
    const Error& error() const noexcept { return error_; }
    ErrorCode code() const noexcept { return error_.code(); }

  private:
    Error error_;
};

class ConfigError : public Exception {
    using Exception::Exception;
};
class UsageError : public Exception {
    using Exception::Exception;
};
class TimeoutError : public Exception {
    using Exception::Exception;
};
class RetriableError : public Exception {
    using Exception::Exception;
};
class TxnAbortRequired : public Exception {
    using Exception::Exception;
};
class FatalError : public Exception {
    using Exception::Exception;
};
class KafkaError : public Exception {
    using Exception::Exception;
};
// A KafkaError so that code catching KafkaError keeps working; thrown by any call that was
// waiting for the cluster when every broker it could reach refused the client's credentials.
class AuthenticationError : public KafkaError {
    using KafkaError::KafkaError;
};

// Throws the exception class that matches what the caller can do about `error`.
// `context` (e.g. "create topic 'orders'") prefixes the message.
[[noreturn]] void throw_error(const Error& error, const std::string& context = {});

}  // namespace kfk
