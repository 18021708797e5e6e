// Ctrl-C and friends for the kfk command.
//
// install() must run first thing in main, before any librdkafka thread exists: it blocks
// SIGINT, SIGTERM and SIGHUP in every thread and serves them on one watcher thread (so
// nothing async-signal-unsafe runs in a handler), and ignores SIGPIPE (a closed stdout shows
// up as EPIPE from write(), which the commands treat as a quiet end).
//
// The first signal asks the running command to stop cleanly (stop_requested(), plus the
// wake-up hook, e.g. BytesConsumer::wakeup()); a second one exits at once with 128+signal.
#pragma once

#include <functional>

namespace kfk::cli::signals {

void install();
bool stop_requested() noexcept;
int received() noexcept;  // the first signal received, 0 if none
// Runs on the watcher thread when the first signal arrives; replaces any previous hook.
// Clear it (empty function) before what it refers to is destroyed.
void on_stop(std::function<void()> hook);

}  // namespace kfk::cli::signals
