// Running the built `kfk` binary (KFK_CLI_PATH) from the CLI integration tests: feed stdin,
// capture stdout and stderr, get the exit code; or start it and talk to it (signals, reading
// stdout a little at a time, closing the pipe early).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>

#include <atomic>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#ifndef KFK_CLI_PATH
#error "KFK_CLI_PATH (the kfk binary) must be defined by the build"
#endif

namespace cli_it {

struct Result {
    int code = -1;
    std::string out;
    std::string err;

    nlohmann::json json() const { return nlohmann::json::parse(out); }
    // One JSON document per stdout line.
    std::vector<nlohmann::json> json_lines() const {
        std::vector<nlohmann::json> v;
        std::size_t pos = 0;
        while (pos < out.size()) {
            const auto nl = out.find('\n', pos);
            const auto line = out.substr(pos, nl - pos);
            if (!line.empty()) v.push_back(nlohmann::json::parse(line));
            if (nl == std::string::npos) break;
            pos = nl + 1;
        }
        return v;
    }
    std::vector<std::string> lines() const {
        std::vector<std::string> v;
        std::size_t pos = 0;
        while (pos < out.size()) {
            const auto nl = out.find('\n', pos);
            v.push_back(out.substr(pos, nl - pos));
            if (nl == std::string::npos) break;
            pos = nl + 1;
        }
        return v;
    }
};

// A running kfk. Environment: the test's own, plus `env` ("K=V"); KFK_CONFIG points to a
// file that does not exist unless `env` sets it, so the developer's contexts never leak in.
class Process {
  public:
    Process(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
        int in[2], out[2], err[2];
        if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) {
            throw std::runtime_error("pipe2 failed");
        }
        std::vector<std::string> envs;
        for (char** e = environ; *e; ++e) envs.emplace_back(*e);
        const auto set = [&envs](const std::string& assignment) {
            const auto name = assignment.substr(0, assignment.find('=') + 1);
            std::erase_if(envs, [&](const std::string& e) { return e.rfind(name, 0) == 0; });
            envs.push_back(assignment);
        };
        set("KFK_CONFIG=/nonexistent/kfk-it-config.yml");
        for (const auto& e : env) set(e);
        // kfk may exit before reading all its input (e.g. it rejects the arguments): the
        // test must see EPIPE on its write, not die of SIGPIPE.
        ::signal(SIGPIPE, SIG_IGN);
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            ::dup2(err[1], 2);
            // The test runner may have blocked or ignored signals; kfk starts clean.
            sigset_t none;
            sigemptyset(&none);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            ::signal(SIGPIPE, SIG_DFL);
            std::vector<char*> argv{const_cast<char*>(KFK_CLI_PATH)};
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            std::vector<char*> envp;
            for (auto& e : envs) envp.push_back(e.data());
            envp.push_back(nullptr);
            ::execve(KFK_CLI_PATH, argv.data(), envp.data());
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        stdin_ = in[1];
        stdout_ = out[0];
        stderr_ = err[0];
    }
    ~Process() {
        close_stdin();
        close_stdout();
        if (stderr_ >= 0) ::close(stderr_);
        if (pid_ > 0 && !waited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    void write_stdin(const std::string& data) {
        std::size_t done = 0;
        while (done < data.size()) {
            const auto n = ::write(stdin_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EPIPE) return;  // kfk stopped reading; its exit code tells why
            if (n <= 0) throw std::runtime_error("write to kfk's stdin failed");
            done += static_cast<std::size_t>(n);
        }
    }
    void close_stdin() {
        if (stdin_ >= 0) ::close(stdin_);
        stdin_ = -1;
    }
    // Closing the read end makes kfk's next write fail with EPIPE (the `| head` case).
    void close_stdout() {
        if (stdout_ >= 0) ::close(stdout_);
        stdout_ = -1;
    }
    void signal(int sig) { ::kill(pid_, sig); }

    // Reads stdout until it holds `n` lines (or `timeout`); returns them all so far.
    std::string read_lines(std::size_t n, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (count_lines(out_) < n && std::chrono::steady_clock::now() < deadline) {
            pump(std::chrono::milliseconds{50});
        }
        return out_;
    }

    // Waits for the exit (SIGKILL after `timeout`, then code = -9), collecting output.
    // `keep_stdin`: do not close kfk's stdin first (it must end by itself, e.g. on a signal).
    Result wait(std::chrono::milliseconds timeout = std::chrono::seconds{60},
                bool keep_stdin = false) {
        if (!keep_stdin) close_stdin();
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        int status = 0;
        bool killed = false;
        for (;;) {
            pump(std::chrono::milliseconds{20});
            const pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) break;
            if (std::chrono::steady_clock::now() > deadline && !killed) {
                ::kill(pid_, SIGKILL);
                killed = true;
            }
        }
        waited_ = true;
        // Drain what is left in the pipes.
        while (pump(std::chrono::milliseconds{0})) {
        }
        Result r;
        r.out = out_;
        r.err = err_;
        if (killed) {
            r.code = -9;
        } else if (WIFEXITED(status)) {
            r.code = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            r.code = -WTERMSIG(status);
        }
        return r;
    }

    // Reads what kfk wrote so far (stdout and stderr), waiting up to `timeout`.
    void collect(std::chrono::milliseconds timeout) { pump(timeout); }

  private:
    static std::size_t count_lines(const std::string& s) {
        std::size_t n = 0;
        for (char c : s) n += c == '\n';
        return n;
    }
    // Reads whatever is available; true if anything was read.
    bool pump(std::chrono::milliseconds timeout) {
        pollfd fds[2];
        nfds_t n = 0;
        if (stdout_ >= 0) fds[n++] = {stdout_, POLLIN, 0};
        if (stderr_ >= 0) fds[n++] = {stderr_, POLLIN, 0};
        if (n == 0) {
            std::this_thread::sleep_for(timeout);
            return false;
        }
        if (::poll(fds, n, static_cast<int>(timeout.count())) <= 0) return false;
        bool any = false;
        char buf[65536];
        for (nfds_t i = 0; i < n; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
            const auto r = ::read(fds[i].fd, buf, sizeof buf);
            if (r > 0) {
                (fds[i].fd == stdout_ ? out_ : err_).append(buf, static_cast<std::size_t>(r));
                any = true;
            } else if (r == 0) {
                if (fds[i].fd == stdout_) {
                    ::close(stdout_);
                    stdout_ = -1;
                } else {
                    ::close(stderr_);
                    stderr_ = -1;
                }
            }
        }
        return any;
    }

    pid_t pid_ = -1;
    int stdin_ = -1, stdout_ = -1, stderr_ = -1;
    bool waited_ = false;
    std::string out_, err_;
};

// Runs kfk to completion with `input` on stdin.
inline Result run_kfk(const std::vector<std::string>& args, const std::string& input = {},
                      const std::vector<std::string>& env = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds{90}) {
    Process p{args, env};
    if (!input.empty()) {
        // Feed stdin from a thread while reading stdout here, so that a large input cannot
        // deadlock against a full stdout pipe.
        std::atomic<bool> fed{false};
        std::thread feeder{[&] {
            try {
                p.write_stdin(input);
            } catch (...) {
            }
            fed = true;
        }};
        while (!fed) p.collect(std::chrono::milliseconds{20});
        feeder.join();
    }
    return p.wait(timeout);
}

// What doctest prints when an assertion on a run fails.
inline std::string describe(const Result& r) {
    return "exit " + std::to_string(r.code) + "\n--- stdout ---\n" + r.out.substr(0, 4000) +
           "\n--- stderr ---\n" + r.err.substr(0, 4000);
}

}  // namespace cli_it
