// The one place librdkafka errors become kfk::Error values.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>

#include "kfk/error.hpp"

namespace kfk::detail {

// From a bare response code (delivery reports, per-partition results). Flags are derived from
// the code: librdkafka only attaches them to rd_kafka_error_t objects.
Error make_error(rd_kafka_resp_err_t err, std::string message = {});
// With the flags librdkafka attached (retriable, fatal, txn-requires-abort); does not take
// ownership. A null pointer is success.
Error copy_error(const rd_kafka_error_t* error);
// Takes ownership of (and destroys) `error`; a null pointer is success.
Error take_error(rd_kafka_error_t* error);
// The underlying fatal error of a client whose error code says _FATAL.
Error fatal_error_of(rd_kafka_t* rk);

// Throw the exception throw_error() picks for a failed call, naming `what`; no-ops on success.
void throw_if(rd_kafka_resp_err_t err, const char* what);
void throw_if(rd_kafka_error_t* error, const char* what);  // takes ownership of `error`
// "topic [partition]", as messages name a partition.
std::string partition_name(const char* topic, std::int32_t partition);
// Per-partition failures inside an otherwise successful call: throws for the first one.
void throw_first_partition_error(const rd_kafka_topic_partition_list_t* list, const char* what);

}  // namespace kfk::detail
