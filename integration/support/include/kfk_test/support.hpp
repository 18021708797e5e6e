// Helpers for kfk's integration tests (integration/tests/*_test.cpp). Only the C++ standard
// library: no dependency on the kfk SDK, so the helpers cannot hide an SDK bug.
//
// Tests run under CTest, whose fixtures start a real broker (integration/harness/kafka.sh) and
// pass its address in KFK_BOOTSTRAP and the harness path in KFK_HARNESS. A test run outside
// CTest needs both set by hand, e.g.
//   export "$(integration/harness/kafka.sh env)" KFK_HARNESS=$PWD/integration/harness/kafka.sh
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kfk_test {

// KFK_BOOTSTRAP ("host:port[,host:port...]"). Throws std::runtime_error when it is not set:
// integration tests never skip silently.
std::string bootstrap();

// A fresh topic/group/transactional id: prefix + pid + per-process counter + random suffix.
// Only Kafka-legal characters ([A-Za-z0-9._-]); other characters in prefix become '_'.
std::string unique_name(std::string_view prefix);

// Runs "$KFK_HARNESS args..." (e.g. {"kill-node", "2", "--signal", "KILL"}); its stdout and
// stderr go to the test's own. Returns the exit code (128 + signal if it was killed).
// Throws std::runtime_error when KFK_HARNESS is not set or the harness cannot be run.
int harness(const std::vector<std::string>& args);

// Like harness(), but returns its stdout (trailing newline trimmed); throws
// std::runtime_error when it exits non-zero. E.g. harness_output({"pid", "2"}).
std::string harness_output(const std::vector<std::string>& args);

struct ToolResult {
    int exit_code = -1;
    std::string out;  // stdout; the tool's stderr (WARN and above) goes to the test's stderr
};

// Runs one of Kafka's own command-line tools on the broker's classpath via "$KFK_HARNESS tool",
// e.g. kafka_tool("TopicCommand", {"--bootstrap-server", bootstrap(), "--describe",
// "--topic", t}) or a fully qualified class name. Useful to cross-check kfk.
ToolResult kafka_tool(std::string_view tool_class, const std::vector<std::string>& args);

// Polls predicate until it returns true (then true) or timeout passes (then false; the
// predicate is evaluated one last time at the deadline). An exception from predicate counts as
// "not yet" (brokers being killed and restarted make calls fail transiently); only one thrown
// by the final attempt at the deadline propagates.
//   REQUIRE(kfk_test::eventually([&] { return isr_size(t) == 2; }, 60s));
bool eventually(const std::function<bool()>& predicate,
                std::chrono::milliseconds timeout = std::chrono::seconds(30),
                std::chrono::milliseconds poll_interval = std::chrono::milliseconds(200));

}  // namespace kfk_test
