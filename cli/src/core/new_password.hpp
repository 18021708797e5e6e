// Where `kfk user create` / `kfk user alter` take the new SCRAM password from — a file,
// stdin, or generated — never argv (every local user can read it in ps and /proc).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace kfk::cli {

struct PasswordArgs {
    std::string file;         // --password-file
    bool from_stdin = false;  // --password-stdin
    bool generate = false;    // --generate
};

struct NewPassword {
    std::string value;
    bool generated = false;  // the command prints it once, to stdout
};

// Throws CliError(usage) unless exactly one source is given.
void check_password_args(const PasswordArgs& args);

// The password from the one source: a file's content or stdin's up to its end, without the
// line ending at the end (one "\n" or "\r\n"); a terminal on stdin gets a prompt on stderr
// and no echo, and one line is read. `read_file` reads a whole file (throws CliError),
// `read_stdin` the rest of stdin. Throws CliError(usage) for an empty password.
NewPassword read_new_password(const PasswordArgs& args,
                              const std::function<std::string(const std::string&)>& read_file,
                              const std::function<std::string()>& read_stdin);

// The process's files and stdin (with the terminal prompt) for read_new_password.
std::string read_password_file(const std::string& path);
std::string read_password_stdin();

// `length` characters of [A-Za-z0-9] from getrandom(2) (the kernel's CSPRNG), without
// modulo bias: 32 characters carry about 190 bits.
std::string generate_password(std::size_t length = 32);

}  // namespace kfk::cli
