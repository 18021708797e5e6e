#include "kfk/log.hpp"

#include <cstdio>
#include <string>

namespace kfk {

LogSink stderr_log_sink() {
    return [](LogLevel level, std::string_view facility, std::string_view client,
              std::string_view message) {
        static constexpr const char* names[] = {"EMERG", "ALERT",  "CRIT", "ERROR",
                                                "WARN",  "NOTICE", "INFO", "DEBUG"};
        auto idx = static_cast<unsigned>(level);
        // One fprintf per line so that lines from librdkafka's threads do not interleave.
        std::fprintf(stderr, "%%%s|%.*s|%.*s| %.*s\n", idx < 8 ? names[idx] : "LOG",
                     static_cast<int>(client.size()), client.data(),
                     static_cast<int>(facility.size()), facility.data(),
                     static_cast<int>(message.size()), message.data());
    };
}

LogSink null_log_sink() {
    return [](LogLevel, std::string_view, std::string_view, std::string_view) {};
}

}  // namespace kfk
