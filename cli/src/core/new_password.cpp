#include "core/new_password.hpp"

#include <sys/random.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string_view>

#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

constexpr const char* kSourcesHint =
    "give exactly one of --password-file FILE, --password-stdin or --generate";

void strip_line_ending(std::string& s) {
    if (!s.empty() && s.back() == '\n') {
        s.pop_back();
        if (!s.empty() && s.back() == '\r') s.pop_back();
    }
}

// Echo off on the terminal for as long as it lives.
class NoEcho {
  public:
    explicit NoEcho(int fd) : fd_(fd) {
        if (::tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
    ~NoEcho() {
        if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

  private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

}  // namespace

void check_password_args(const PasswordArgs& a) {
    const int given =
        !a.file.empty() + static_cast<int>(a.from_stdin) + static_cast<int>(a.generate);
    if (given == 0) throw CliError(ExitCode::usage, "no password source", kSourcesHint);
    if (given > 1) throw CliError(ExitCode::usage, "more than one password source", kSourcesHint);
}

NewPassword read_new_password(const PasswordArgs& a,
                              const std::function<std::string(const std::string&)>& read_file,
                              const std::function<std::string()>& read_stdin) {
    check_password_args(a);
    NewPassword out;
    if (a.generate) {
        out.value = generate_password();
        out.generated = true;
        return out;
    }
    out.value = a.from_stdin ? read_stdin() : read_file(a.file);
    strip_line_ending(out.value);
    if (out.value.empty()) {
        throw CliError(ExitCode::usage, std::string{"the password "} +
                                            (a.from_stdin ? "read from stdin" : "in " + a.file) +
                                            " is empty");
    }
    return out;
}

std::string read_password_file(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        throw CliError(ExitCode::usage,
                       "cannot read password file " + path + ": " + std::strerror(errno));
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string read_password_stdin() {
    if (::isatty(STDIN_FILENO)) {
        std::fputs("New password: ", stderr);
        std::fflush(stderr);
        std::string line;
        {
            NoEcho quiet{STDIN_FILENO};
            std::getline(std::cin, line);
        }
        std::fputs("\n", stderr);
        return line;
    }
    return std::string{std::istreambuf_iterator<char>{std::cin}, std::istreambuf_iterator<char>{}};
}

std::string generate_password(std::size_t length) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // 62 letters: keep bytes below 248 (= 4 * 62) and reduce them, so that every letter is
    // as likely as any other.
    std::string out;
    out.reserve(length);
    unsigned char buf[64];
    while (out.size() < length) {
        const auto n = ::getrandom(buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw CliError(ExitCode::usage, std::string{"cannot generate a password: getrandom: "} +
                                                std::strerror(errno));
        }
        for (ssize_t i = 0; i < n && out.size() < length; ++i) {
            if (buf[i] < 4 * alphabet.size()) out.push_back(alphabet[buf[i] % alphabet.size()]);
        }
    }
    ::explicit_bzero(buf, sizeof buf);
    return out;
}

}  // namespace kfk::cli
