#include "core/signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace kfk::cli::signals {
namespace {

std::atomic<int> g_received{0};
std::mutex g_hook_mu;
std::function<void()> g_hook;

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

void watch() {
    const sigset_t set = stop_signals();
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        int expected = 0;
        if (!g_received.compare_exchange_strong(expected, sig)) {
            // Second signal: the user insists.
            _exit(128 + sig);
        }
        std::lock_guard lock{g_hook_mu};
        if (g_hook) g_hook();
    }
}

}  // namespace

void install() {
    ::signal(SIGPIPE, SIG_IGN);
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread{watch}.detach();
}

bool stop_requested() noexcept {
    return g_received.load(std::memory_order_relaxed) != 0;
}

int received() noexcept {
    return g_received.load(std::memory_order_relaxed);
}

void on_stop(std::function<void()> hook) {
    std::lock_guard lock{g_hook_mu};
    g_hook = std::move(hook);
    if (g_hook && stop_requested()) g_hook();
}

}  // namespace kfk::cli::signals
