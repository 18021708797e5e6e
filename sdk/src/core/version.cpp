#include "kfk/version.hpp"

#include <librdkafka/rdkafka.h>

namespace kfk {

std::string version() {
    return KFK_VERSION_STRING;
}
std::string librdkafka_version() {
    return rd_kafka_version_str();
}

}  // namespace kfk
