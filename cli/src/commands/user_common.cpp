#include "commands/user_common.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "core/args.hpp"
#include "kfk/exceptions.hpp"

namespace kfk::cli {

CLI::Option* add_mechanism_option(CLI::App* sub, std::optional<kfk::ScramMechanism>& target,
                                  const std::string& description) {
    return sub
        ->add_option_function<std::string>(
            "--mechanism",
            [&target](const std::string& v) { target = kfk::parse_scram_mechanism(v); },
            description)
        ->check(CLI::Validator(
            [](std::string& v) -> std::string {
                return kfk::parse_scram_mechanism(v) ? std::string{}
                                                     : "expected SCRAM-SHA-256 or SCRAM-SHA-512";
            },
            "SCRAM-SHA-256|SCRAM-SHA-512"));
}

Json user_json(const kfk::UserScramCredentials& user) {
    Json creds = Json::array();
    for (const auto& c : user.credentials) {
        Json j;
        j["mechanism"] = std::string{to_string(c.mechanism)};
        j["iterations"] = c.iterations;
        creds.push_back(j);
    }
    Json j;
    j["user"] = user.user;
    j["credentials"] = creds;
    j["error"] = error_json(user.error);
    return j;
}

std::string users_table(const std::vector<kfk::UserScramCredentials>& users) {
    Table t{{"USER", "MECHANISM", "ITERATIONS"}};
    for (const auto& u : users) {
        if (u.error) continue;
        for (const auto& c : u.credentials) {
            t.add({u.user, std::string{to_string(c.mechanism)}, std::to_string(c.iterations)});
        }
    }
    return t.empty() ? std::string{} : t.render();
}

std::optional<kfk::ScramCredentialInfo> credential_of(kfk::Admin& admin, const std::string& user,
                                                      kfk::ScramMechanism mechanism,
                                                      std::chrono::milliseconds timeout) {
    const auto described = admin.describe_scram_credentials({user}, timeout);
    if (described.empty()) return std::nullopt;
    const auto& d = described.front();
    if (d.error) {
        if (d.error.code() == kfk::ErrorCode::resource_not_found) return std::nullopt;
        kfk::throw_error(d.error, "describe user '" + user + "'");
    }
    for (const auto& c : d.credentials) {
        if (c.mechanism == mechanism) return c;
    }
    return std::nullopt;
}

bool wait_for_credential(kfk::Admin& admin, const std::string& user, kfk::ScramMechanism mechanism,
                         bool present, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        try {
            const auto c = credential_of(admin, user, mechanism,
                                         std::min(left, std::chrono::milliseconds{5000}));
            if (c.has_value() == present) return true;
        } catch (const kfk::Exception&) {
            // Not answered this time: ask again until the deadline.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    std::fprintf(stderr,
                 "kfk: warning: the broker %s the %s credential of user %s at the timeout; the "
                 "change may take a moment to apply\n",
                 present ? "did not list" : "still listed",
                 std::string{to_string(mechanism)}.c_str(), user.c_str());
    return false;
}

}  // namespace kfk::cli
