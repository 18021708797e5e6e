#include "kfk_test/support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace kfk_test {
namespace {

std::string env_or_throw(const char* name, const char* what) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(
            std::string(name) + " is not set: " + what +
            ". Integration tests must run under ctest (its fixtures start a real broker: "
            "ctest -L integration), or with KFK_BOOTSTRAP and KFK_HARNESS exported, e.g. "
            "integration/harness/kafka.sh start && export \"$(integration/harness/kafka.sh env)\" "
            "KFK_HARNESS=$PWD/integration/harness/kafka.sh");
    }
    return value;
}

std::string join(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) {
        if (!s.empty()) s += ' ';
        s += a;
    }
    return s;
}

struct Outcome {
    int exit_code;
    std::string out;
};

// Runs argv (argv[0] looked up in PATH unless it contains '/'); captures stdout if asked.
Outcome run(const std::vector<std::string>& argv, bool capture) {
    std::vector<char*> cargv;
    cargv.reserve(argv.size() + 1);
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);

    int fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (capture) {
        if (pipe2(fds, O_CLOEXEC) != 0) {
            posix_spawn_file_actions_destroy(&actions);
            throw std::runtime_error("pipe2: " + std::string(std::strerror(errno)));
        }
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    }
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (capture) close(fds[1]);
    if (rc != 0) {
        if (capture) close(fds[0]);
        throw std::runtime_error("cannot run " + join(argv) + ": " + std::strerror(rc));
    }

    std::string out;
    if (capture) {
        char buf[4096];
        for (;;) {
            const ssize_t n = read(fds[0], buf, sizeof buf);
            if (n > 0) {
                out.append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                break;
            }
        }
        close(fds[0]);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return {code, std::move(out)};
}

std::vector<std::string> harness_argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv{
        env_or_throw("KFK_HARNESS", "it names integration/harness/kafka.sh")};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

}  // namespace

std::string bootstrap() {
    return env_or_throw("KFK_BOOTSTRAP", "it names the Kafka broker(s) to test against");
}

std::string unique_name(std::string_view prefix) {
    static std::atomic<unsigned> counter{0};
    thread_local std::mt19937_64 rng{std::random_device{}() ^
                                     std::hash<std::thread::id>{}(std::this_thread::get_id())};
    std::string name;
    for (const char c : prefix) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        name += ok ? c : '_';
    }
    if (name.size() > 180) name.resize(180);
    static const char hex[] = "0123456789abcdef";
    std::string random(8, '0');
    auto bits = rng();
    for (auto& c : random) {
        c = hex[bits & 0xF];
        bits >>= 4;
    }
    name +=
        '-' + std::to_string(getpid()) + '-' + std::to_string(counter.fetch_add(1)) + '-' + random;
    return name;
}

int harness(const std::vector<std::string>& args) {
    return run(harness_argv(args), false).exit_code;
}

std::string harness_output(const std::vector<std::string>& args) {
    auto result = run(harness_argv(args), true);
    if (result.exit_code != 0) {
        throw std::runtime_error("kafka.sh " + join(args) + " exited with " +
                                 std::to_string(result.exit_code) + ": " + result.out);
    }
    while (!result.out.empty() && (result.out.back() == '\n' || result.out.back() == '\r')) {
        result.out.pop_back();
    }
    return result.out;
}

ToolResult kafka_tool(std::string_view tool_class, const std::vector<std::string>& args) {
    std::vector<std::string> full{"tool", std::string(tool_class)};
    full.insert(full.end(), args.begin(), args.end());
    auto result = run(harness_argv(full), true);
    return {result.exit_code, std::move(result.out)};
}

bool eventually(const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll_interval) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // Transient failures (a broker that was just killed, a coordinator still loading) are
    // common while polling; an exception counts as "not yet" and is rethrown only if the last
    // attempt at the deadline still throws.
    const auto attempt = [&](bool last) {
        try {
            return predicate();
        } catch (...) {
            if (last) throw;
            return false;
        }
    };
    for (;;) {
        const bool last = std::chrono::steady_clock::now() >= deadline;
        if (attempt(last)) return true;
        if (last) return false;
        const auto left = deadline - std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::max<std::chrono::steady_clock::duration>(
            std::chrono::steady_clock::duration::zero(),
            std::min<std::chrono::steady_clock::duration>(poll_interval, left)));
    }
}

}  // namespace kfk_test
