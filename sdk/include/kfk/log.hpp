// Where librdkafka's and kfk's diagnostics go. The default sink writes to stderr, never to
// stdout (stdout is for data, e.g. the kfk command's consumed records).
#pragma once

#include <functional>
#include <string_view>

namespace kfk {

// syslog levels, as librdkafka reports them.
enum class LogLevel { emergency = 0, alert, critical, error, warning, notice, info, debug };

// Called from librdkafka's internal threads: it must be thread-safe and must not block for
// long or call back into the client that logs. Exceptions thrown by a sink are swallowed.
using LogSink = std::function<void(LogLevel level, std::string_view facility,
                                   std::string_view client_name, std::string_view message)>;

// Writes "%LEVEL|client|FACILITY| message" lines to stderr.
LogSink stderr_log_sink();
// Discards everything.
LogSink null_log_sink();

}  // namespace kfk
