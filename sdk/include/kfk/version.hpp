#pragma once

#include <string>

namespace kfk {

// kfk's own version, "MAJOR.MINOR.PATCH".
[[nodiscard]] std::string version();
// The librdkafka this program runs with (rd_kafka_version_str()), e.g. "2.14.2".
[[nodiscard]] std::string librdkafka_version();

}  // namespace kfk
