#include "kfk/exceptions.hpp"

namespace kfk {

Exception::Exception(Error error)
    : std::runtime_error(error.to_string()), error_(std::move(error)) {}

Exception::Exception(Error error, const std::string& context)
    : std::runtime_error(context.empty() ? error.to_string() : context + ": " + error.to_string()),
      error_(std::move(error)) {}

void throw_error(const Error& error, const std::string& context) {
    if (error.is_fatal()) throw FatalError(error, context);
    if (error.txn_requires_abort()) throw TxnAbortRequired(error, context);
    switch (error.code()) {
        case ErrorCode::timed_out:
        case ErrorCode::message_timed_out:
        case ErrorCode::request_timed_out:
            throw TimeoutError(error, context);
        case ErrorCode::invalid_arg:
        case ErrorCode::state:
        case ErrorCode::not_implemented:
        case ErrorCode::unsupported_feature:
            throw UsageError(error, context);
        case ErrorCode::invalid_config:
            throw ConfigError(error, context);
        case ErrorCode::authentication:
        case ErrorCode::sasl_authentication_failed:
        case ErrorCode::ssl:
            throw AuthenticationError(error, context);
        default:
            break;
    }
    if (error.is_retriable()) throw RetriableError(error, context);
    throw KafkaError(error, context);
}

}  // namespace kfk
