#include "kfk_test/secure.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kfk_test {

const SecureEnv& secure_env() {
    static const SecureEnv env = [] {
        SecureEnv e;
        std::string missing;
        const auto get = [&missing](const char* name, std::string& out) {
            const char* value = std::getenv(name);
            if (value == nullptr || *value == '\0') {
                missing += missing.empty() ? "" : ", ";
                missing += name;
            } else {
                out = value;
            }
        };
        get("KFK_SECURE_SSL", e.ssl);
        get("KFK_SECURE_MTLS", e.mtls);
        get("KFK_SECURE_SASL_PLAINTEXT", e.sasl_plaintext);
        get("KFK_SECURE_SASL_SSL", e.sasl_ssl);
        get("KFK_SECURE_DIR", e.dir);
        if (!missing.empty()) {
            throw std::runtime_error(
                "the secured listeners' environment is missing (" + missing +
                "). Tests named *_secure_test / *_secure_cluster_test run under ctest, whose "
                "fixtures start the brokers with kafka.sh start --secure and pass these; by hand: "
                "integration/harness/kafka.sh start --secure && export $(integration/harness/"
                "kafka.sh env --secure) KFK_HARNESS=$PWD/integration/harness/kafka.sh");
        }
        return e;
    }();
    return env;
}

std::string SecureEnv::file(std::string_view name) const {
    std::string path = dir + "/" + std::string(name);
    if (!std::filesystem::exists(path)) {
        throw std::runtime_error(path + " does not exist: KFK_SECURE_DIR=" + dir +
                                 " is not the secure directory of kafka.sh start --secure");
    }
    return path;
}

std::string to_string(Security security) {
    switch (security) {
        case Security::ssl:
            return "SSL";
        case Security::mtls:
            return "SSL+client-certificate (mTLS)";
        case Security::sasl_plain:
            return "SASL_PLAINTEXT/PLAIN";
        case Security::scram_sha_256:
            return "SASL_PLAINTEXT/SCRAM-SHA-256";
        case Security::scram_sha_512:
            return "SASL_PLAINTEXT/SCRAM-SHA-512";
        case Security::sasl_ssl_scram_sha_512:
            return "SASL_SSL/SCRAM-SHA-512";
        case Security::oauthbearer:
            return "SASL_PLAINTEXT/OAUTHBEARER (unsecured JWT)";
    }
    return "?";
}

std::string read_file(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string SecureClient::password() const {
    if (password_file.empty()) throw std::runtime_error(description + " has no password");
    std::string text = read_file(password_file);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) throw std::runtime_error(password_file + " is empty");
    return text;
}

std::vector<std::pair<std::string, std::string>> SecureClient::sdk_properties() const {
    std::vector<std::pair<std::string, std::string>> all{{"bootstrap.servers", bootstrap}};
    all.insert(all.end(), properties.begin(), properties.end());
    if (!password_file.empty()) all.emplace_back("sasl.password", password());
    return all;
}

namespace {
constexpr const char* kOauthbearerConfigVar = "KFK_IT_OAUTHBEARER_CONFIG";
}

std::vector<std::string> SecureClient::cli_args() const {
    std::vector<std::string> args{"-b", bootstrap};
    for (const auto& [key, value] : properties) {
        args.push_back("-X");
        if (key == "sasl.oauthbearer.config") {
            args.push_back(key + "=env:" + kOauthbearerConfigVar);
        } else {
            args.push_back(key + "=" + value);
        }
    }
    if (!password_file.empty()) {
        args.push_back("--sasl-password-file");
        args.push_back(password_file);
    }
    return args;
}

std::vector<std::string> SecureClient::cli_env() const {
    std::vector<std::string> env;
    for (const auto& [key, value] : properties) {
        if (key == "sasl.oauthbearer.config") env.push_back(kOauthbearerConfigVar + ("=" + value));
    }
    return env;
}

SecureClient secure_client(Security security, std::string_view user_view) {
    const SecureEnv& env = secure_env();
    const std::string user{user_view};
    SecureClient c;
    c.description = to_string(security) + " as " + user;
    const auto sasl = [&](const char* protocol, const char* mechanism) {
        c.properties.emplace_back("security.protocol", protocol);
        c.properties.emplace_back("sasl.mechanism", mechanism);
        c.properties.emplace_back("sasl.username", user);
        c.password_file = env.file(user + ".password");
    };
    switch (security) {
        case Security::ssl:
            c.description = to_string(security) + " (principal ANONYMOUS)";
            c.bootstrap = env.ssl;
            c.properties = {{"security.protocol", "ssl"}, {"ssl.ca.location", env.file("ca.crt")}};
            break;
        case Security::mtls:
            c.bootstrap = env.mtls;
            c.properties = {{"security.protocol", "ssl"},
                            {"ssl.ca.location", env.file("ca.crt")},
                            {"ssl.certificate.location", env.file(user + ".crt")},
                            {"ssl.key.location", env.file(user + ".key")}};
            break;
        case Security::sasl_plain:
            c.bootstrap = env.sasl_plaintext;
            sasl("sasl_plaintext", "PLAIN");
            break;
        case Security::scram_sha_256:
            c.bootstrap = env.sasl_plaintext;
            sasl("sasl_plaintext", "SCRAM-SHA-256");
            break;
        case Security::scram_sha_512:
            c.bootstrap = env.sasl_plaintext;
            sasl("sasl_plaintext", "SCRAM-SHA-512");
            break;
        case Security::sasl_ssl_scram_sha_512:
            c.bootstrap = env.sasl_ssl;
            c.properties.emplace_back("ssl.ca.location", env.file("ca.crt"));
            sasl("sasl_ssl", "SCRAM-SHA-512");
            break;
        case Security::oauthbearer:
            c.bootstrap = env.sasl_plaintext;
            c.properties = {{"security.protocol", "sasl_plaintext"},
                            {"sasl.mechanism", "OAUTHBEARER"},
                            {"enable.sasl.oauthbearer.unsecure.jwt", "true"},
                            {"sasl.oauthbearer.config", "principal=" + user}};
            break;
    }
    return c;
}

}  // namespace kfk_test
