// The kfk command with credentials the secured broker refuses: exit 6 within seconds, a message
// that names the cause (SASL failure, TLS alert, certificate verification) and who kfk tried to
// be, never "is the broker running?" after the whole timeout. No secret in the output.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using kfk_test::Security;

namespace {

constexpr auto kBound = 15s;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A 0600 file holding a wrong password, removed at the end of the test.
struct WrongPassword {
    std::string path =
        (std::filesystem::temp_directory_path() / kfk_test::unique_name("kfk-wrong-password"))
            .string();
    WrongPassword() {
        std::ofstream{path} << "not-the-password";
        std::filesystem::permissions(
            path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
    ~WrongPassword() { std::remove(path.c_str()); }
};

// cli_args() with the value after `flag` replaced, or `drop` arguments (-X key=...) removed.
std::vector<std::string> replaced(std::vector<std::string> args, const std::string& flag,
                                  const std::string& value) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == flag) args[i + 1] = value;
    }
    return args;
}
std::vector<std::string> set_property(std::vector<std::string> args, const std::string& key,
                                      const std::string& value) {
    bool found = false;
    for (auto& a : args) {
        if (a.starts_with(key + "=")) {
            a = key + "=" + value;
            found = true;
        }
    }
    if (!found) {
        args.push_back("-X");
        args.push_back(key + "=" + value);
    }
    return args;
}
std::vector<std::string> drop_property(std::vector<std::string> args, const std::string& prefix) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-X" && i + 1 < args.size() && args[i + 1].starts_with(prefix)) {
            ++i;
            continue;
        }
        out.push_back(args[i]);
    }
    return out;
}

struct Case {
    std::string name;
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::string cause;  // a piece of the message
};

}  // namespace

TEST_CASE("refused credentials: exit 6 within seconds from topic, produce, consume and group") {
    const WrongPassword wrong;
    const auto& env = kfk_test::secure_env();
    const auto plain = kfk_test::secure_client(Security::sasl_plain, "alice");
    const auto scram = kfk_test::secure_client(Security::sasl_ssl_scram_sha_512, "alice");
    const auto mtls = kfk_test::secure_client(Security::mtls, "alice");
    const auto ssl = kfk_test::secure_client(Security::ssl);
    const std::vector<Case> cases{
        {"PLAIN, wrong password", replaced(plain.cli_args(), "--sasl-password-file", wrong.path),
         plain.cli_env(), "user 'alice' over SASL_PLAINTEXT (PLAIN)"},
        {"SASL_SSL SCRAM-SHA-512, wrong password",
         replaced(scram.cli_args(), "--sasl-password-file", wrong.path), scram.cli_env(),
         "SCRAM-SHA-512"},
        {"mTLS without a client certificate",
         drop_property(drop_property(mtls.cli_args(), "ssl.certificate."), "ssl.key."),
         mtls.cli_env(), "alert"},
        {"SSL with the wrong CA",
         set_property(ssl.cli_args(), "ssl.ca.location", env.file("rogue-ca.crt")), ssl.cli_env(),
         "certificate verify failed"},
    };
    const std::string real_password = plain.password();
    for (const auto& c : cases) {
        for (const auto& command :
             std::vector<std::vector<std::string>>{{"topic", "list"},
                                                   {"produce", "x", "--value", "v"},
                                                   {"consume", "x", "--exit"},
                                                   {"group", "list"}}) {
            std::vector<std::string> args{"--timeout", "60s"};
            args.insert(args.end(), c.args.begin(), c.args.end());
            args.insert(args.end(), command.begin(), command.end());
            const auto start = Clock::now();
            const auto r = cli_it::run_kfk(args, {}, c.env);
            CAPTURE(c.name);
            CAPTURE(command[0]);
            CHECK_MESSAGE(r.code == 6, cli_it::describe(r));
            CHECK_MESSAGE(r.err.find("refused the connection") != std::string::npos,
                          cli_it::describe(r));
            CHECK_MESSAGE(r.err.find(c.cause) != std::string::npos, cli_it::describe(r));
            CHECK(r.err.find("is the broker running") == std::string::npos);
            CHECK(r.err.find(real_password) == std::string::npos);
            CHECK(r.out.find(real_password) == std::string::npos);
            CHECK(seconds_since(start) < std::chrono::duration<double>(kBound).count());
        }
    }
}
