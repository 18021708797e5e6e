#include "core/connection.hpp"

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/exit_codes.hpp"
#include "core/properties_file.hpp"
#include "core/time_parse.hpp"
#include "kfk/config.hpp"

namespace kfk::cli {
namespace {

std::string g_stdin_claim;

struct Named {
    const char* name;  // in the contexts file
    const char* key;   // librdkafka property; "" for kfk's own (timeout)
    const char* env;
    std::string GlobalFlags::*flag;  // for secrets: the *-file flag
    const char* flag_name;
    bool secret;
};

const Named kNamed[] = {
    {"bootstrap", "bootstrap.servers", "KFK_BOOTSTRAP", &GlobalFlags::bootstrap, "--bootstrap",
     false},
    {"client-id", "client.id", "KFK_CLIENT_ID", &GlobalFlags::client_id, "--client-id", false},
    {"timeout", "", "KFK_TIMEOUT", &GlobalFlags::timeout, "--timeout", false},
    {"security-protocol", "security.protocol", "KFK_SECURITY_PROTOCOL",
     &GlobalFlags::security_protocol, "--security-protocol", false},
    {"sasl-mechanism", "sasl.mechanism", "KFK_SASL_MECHANISM", &GlobalFlags::sasl_mechanism,
     "--sasl-mechanism", false},
    {"sasl-username", "sasl.username", "KFK_SASL_USERNAME", &GlobalFlags::sasl_username,
     "--sasl-username", false},
    {"sasl-password", "sasl.password", "KFK_SASL_PASSWORD", &GlobalFlags::sasl_password_file,
     "--sasl-password-file", true},
    {"ssl-ca-location", "ssl.ca.location", "KFK_SSL_CA_LOCATION", &GlobalFlags::ssl_ca_location,
     "--ssl-ca-location", false},
    {"ssl-certificate-location", "ssl.certificate.location", "KFK_SSL_CERTIFICATE_LOCATION",
     &GlobalFlags::ssl_certificate_location, "--ssl-certificate-location", false},
    {"ssl-key-location", "ssl.key.location", "KFK_SSL_KEY_LOCATION", &GlobalFlags::ssl_key_location,
     "--ssl-key-location", false},
    {"ssl-key-password", "ssl.key.password", "KFK_SSL_KEY_PASSWORD",
     &GlobalFlags::ssl_key_password_file, "--ssl-key-password-file", true},
};

std::string secret_hint(const std::string& key) {
    return "pass secrets by reference: -X " + key + "=file:PATH or -X " + key +
           "=env:VARIABLE, the KFK_* environment variables (e.g. KFK_SASL_PASSWORD), or "
           "*-file / *-env settings in the contexts file";
}

class Resolver {
  public:
    Resolver(const Environment& env, Connection& out) : env_(env), out_(out) {}

    void set(const std::string& key, std::string value, std::string source, bool secret) {
        if (key.empty()) {
            // kfk's own setting: the timeout.
            out_.timeout = parse_duration(value);
            out_.timeout_source = std::move(source);
            return;
        }
        for (auto& s : out_.settings) {
            if (s.key == key) {
                s.value = std::move(value);
                s.source = std::move(source);
                s.secret = secret;
                return;
            }
        }
        out_.settings.push_back({key, std::move(value), std::move(source), secret});
    }

    std::string read_secret_file(const std::string& path, const std::string& what) {
        if (!env_.read_secrets) return {};
        const std::string expanded = expand_home(path, env_.home);
        if (env_.file_mode) {
            if (auto mode = env_.file_mode(expanded); mode && (*mode & 077)) {
                out_.warnings.push_back(what + " file " + expanded +
                                        " is readable by group/others; run: chmod 600 " + expanded);
            }
        }
        std::string text = env_.read_file(expanded);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        return text;
    }

    // "file:PATH" / "env:VAR" references for secret values.
    std::optional<std::string> dereference(const std::string& key, const std::string& value,
                                           const std::string& where) {
        if (value.starts_with("file:")) return read_secret_file(value.substr(5), key);
        if (value.starts_with("env:")) {
            const std::string var = value.substr(4);
            const char* v = env_.get(var.c_str());
            if (!v && !env_.read_secrets) return std::string{};
            if (!v) {
                throw CliError(ExitCode::usage, key + " refers to environment variable " + var +
                                                    " (" + where + "), which is not set");
            }
            return std::string{v};
        }
        return std::nullopt;
    }

    // A Java client properties file (--command-config, properties-file: in a context).
    void properties_file(const std::string& path, const std::string& via) {
        std::string text;
        try {
            text = env_.read_file(path);
        } catch (const CliError& e) {
            throw CliError(ExitCode::usage,
                           "cannot read properties file " + path + " (" + via + ")", e.what());
        }
        auto t = translate_java_client(parse_java_properties(text, path), path);
        for (auto& w : t.warnings) out_.warnings.push_back(std::move(w));
        for (auto& n : t.notes) out_.notes.push_back(std::move(n));
        for (auto& p : t.properties) {
            set(p.key, std::move(p.value), "properties file " + p.origin, p.secret);
        }
        out_.properties_files.push_back(path);
        if (!t.scram_without_mechanism.empty()) scram_without_mechanism = t.scram_without_mechanism;
        if (!t.holds_secrets || !env_.file_mode) return;
        if (auto mode = env_.file_mode(path); mode && (*mode & 077)) {
            char shown[16];
            std::snprintf(shown, sizeof shown, "%04o", *mode);
            out_.warnings.push_back("properties file " + path +
                                    " holds secrets and is readable by group/others (mode " +
                                    shown + "); run: chmod 600 " + path);
        }
    }

    std::string scram_without_mechanism;

  private:
    const Environment& env_;
    Connection& out_;
};

// The first line of stdin, read a byte at a time so that nothing after it is consumed; on a
// terminal with a prompt and without echo.
std::string first_stdin_line() {
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    const bool echo_off = tty && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (echo_off) {
        termios quiet = saved;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        std::fputs("SASL password: ", stderr);
        std::fflush(stderr);
    }
    std::string line;
    for (;;) {
        char c = 0;
        const auto n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || c == '\n') break;
        line += c;
    }
    if (echo_off) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

void claim_stdin(std::string what) {
    g_stdin_claim = std::move(what);
}

const Setting* Connection::find(std::string_view key) const noexcept {
    for (const auto& s : settings) {
        if (s.key == key) return &s;
    }
    return nullptr;
}

std::string Connection::bootstrap() const {
    const auto* s = find("bootstrap.servers");
    return s ? s->value : std::string{};
}

Environment Environment::process() {
    Environment env;
    env.get = [](const char* name) -> const char* { return std::getenv(name); };
    env.read_file = [](const std::string& path) {
        std::ifstream in{path, std::ios::binary};
        if (!in) {
            throw CliError(ExitCode::usage,
                           "cannot read secret file " + path + ": " + std::strerror(errno));
        }
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    env.file_mode = [](const std::string& path) -> std::optional<unsigned> {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return std::nullopt;
        return static_cast<unsigned>(st.st_mode & 07777);
    };
    env.read_stdin_line = first_stdin_line;
    env.stdin_claim = g_stdin_claim;
    env.home = std::getenv("HOME");
    return env;
}

std::string contexts_path(const GlobalFlags& flags, const Environment& env) {
    if (!flags.config_path.empty()) return expand_home(flags.config_path, env.home);
    return expand_home(
        default_contexts_path(env.get("KFK_CONFIG"), env.get("XDG_CONFIG_HOME"), env.home),
        env.home);
}

Connection resolve_connection(const GlobalFlags& flags, const Environment& env,
                              const ContextsFile& file) {
    Connection out;
    out.contexts_path = file.path;
    out.contexts_file_exists = file.exists;
    Resolver r{env, out};

    // 4. Defaults.
    r.set("bootstrap.servers", "127.0.0.1:9092", "default", false);

    // 3. The selected context.
    const char* env_context = env.get("KFK_CONTEXT");
    if (!flags.context.empty()) {
        out.context = flags.context;
        out.context_source = "flag --context";
    } else if (env_context && *env_context) {
        out.context = env_context;
        out.context_source = "env KFK_CONTEXT";
    } else if (file.current_context) {
        out.context = *file.current_context;
        out.context_source = "current-context in " + file.path;
    }
    bool inline_secrets = false;
    const Context* ctx = nullptr;
    if (!out.context.empty()) {
        ctx = file.find(out.context);
        if (!ctx) {
            std::string names;
            for (const auto& c : file.contexts) names += (names.empty() ? "" : ", ") + c.name;
            throw CliError(ExitCode::usage,
                           "unknown context '" + out.context + "' (" + out.context_source + ")",
                           file.exists ? (names.empty() ? file.path + " defines no contexts"
                                                        : "contexts in " + file.path + ": " + names)
                                       : file.path + " does not exist; see `kfk config --help`");
        }
        const std::string where = "context " + ctx->name + " (" + file.path + ")";
        for (const auto& [key, value] : ctx->properties) {
            const bool secret = kfk::ConfigBase::is_secret(key);
            if (secret) {
                if (auto v = r.dereference(key, value, where)) {
                    r.set(key, *v, where, true);
                    continue;
                }
                inline_secrets = true;
            }
            r.set(key, value, where, secret);
        }
        for (const auto& n : kNamed) {
            if (const auto* v = ctx->setting(n.name)) {
                if (n.secret) inline_secrets = true;
                r.set(n.key, *v, where, n.secret);
            }
            if (!n.secret) continue;
            if (const auto* f = ctx->setting(std::string{n.name} + "-file")) {
                r.set(n.key, r.read_secret_file(*f, n.key), where, true);
            }
            if (const auto* e = ctx->setting(std::string{n.name} + "-env")) {
                const char* v = env.get(e->c_str());
                if (!v) {
                    throw CliError(ExitCode::usage, std::string{n.name} + "-env in " + where +
                                                        " names " + *e + ", which is not set");
                }
                r.set(n.key, v, where + " via env " + *e, true);
            }
        }
    }
    // 3. Properties files: the context's, then --command-config.
    if (ctx) {
        if (const auto* pf = ctx->setting("properties-file"); pf && !pf->empty()) {
            std::string path = expand_home(*pf, env.home);
            // Relative to the contexts file, so that the two can move together.
            if (std::filesystem::path{path}.is_relative()) {
                path = (std::filesystem::path{file.path}.parent_path() / path).string();
            }
            r.properties_file(path, "properties-file of context " + ctx->name);
        }
    }
    if (!flags.command_config.empty()) {
        r.properties_file(expand_home(flags.command_config, env.home), "flag --command-config");
    }
    if (inline_secrets && file.mode & 077) {
        char mode[16];
        std::snprintf(mode, sizeof mode, "%04o", file.mode);
        out.warnings.push_back(file.path + " holds secrets and is readable by group/others (mode " +
                               mode + "); run: chmod 600 " + file.path);
    }

    // 2. Environment.
    for (const auto& n : kNamed) {
        if (const char* v = env.get(n.env); v && *v) {
            if (ctx && !flags.context.empty() && ctx->setting(n.name)) {
                out.warnings.push_back(std::string{n.env} + " overrides " + n.name +
                                       " of context " + ctx->name +
                                       " (environment beats the contexts file)");
            }
            r.set(n.key, v, std::string{"env "} + n.env, n.secret);
        }
        if (n.secret) {
            const std::string file_var = std::string{n.env} + "_FILE";
            if (const char* f = env.get(file_var.c_str()); f && *f) {
                r.set(n.key, r.read_secret_file(f, n.key), "env " + file_var, true);
            }
        }
    }

    // 1. Flags: -X first, then the named flags.
    for (const auto& prop : flags.properties) {
        const auto eq = prop.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw CliError(ExitCode::usage, "-X expects key=value, got '" + prop + "'",
                           "e.g. -X linger.ms=5 (any librdkafka property)");
        }
        const std::string key = prop.substr(0, eq);
        const std::string value = prop.substr(eq + 1);
        if (kfk::ConfigBase::is_secret(key)) {
            auto v = r.dereference(key, value, "flag -X");
            if (!v) {
                throw CliError(ExitCode::usage,
                               "refusing a secret on the command line (-X " + key +
                                   "=...): every local user can read argv (ps, /proc) and it "
                                   "lands in shell history",
                               secret_hint(key));
            }
            r.set(key, *v, "flag -X", true);
            continue;
        }
        r.set(key, value, "flag -X", false);
    }
    for (const auto& n : kNamed) {
        const std::string& v = flags.*(n.flag);
        if (v.empty()) continue;
        if (n.secret) {
            r.set(n.key, r.read_secret_file(v, n.key), std::string{"flag "} + n.flag_name, true);
        } else {
            r.set(n.key, v, std::string{"flag "} + n.flag_name, false);
        }
    }
    if (flags.sasl_password_stdin) {
        if (!flags.sasl_password_file.empty()) {
            throw CliError(ExitCode::usage,
                           "--sasl-password-stdin and --sasl-password-file both give the SASL "
                           "password; use one");
        }
        if (!env.stdin_claim.empty()) {
            throw CliError(ExitCode::usage,
                           "--sasl-password-stdin cannot be used here: " + env.stdin_claim +
                               ", and the password would be taken from the same stream",
                           "give the records with --file FILE or --value V, or the password "
                           "with --sasl-password-file FILE or KFK_SASL_PASSWORD_FILE");
        }
        if (env.read_secrets) {
            std::string password = env.read_stdin_line ? env.read_stdin_line() : std::string{};
            if (password.empty()) {
                throw CliError(ExitCode::usage,
                               "--sasl-password-stdin: the first line of stdin is empty, so there "
                               "is no password",
                               "e.g. kfk --sasl-password-stdin ... < password-file, or "
                               "printf '%s\\n' \"$PASSWORD\" | kfk --sasl-password-stdin ...");
            }
            r.set("sasl.password", std::move(password), "flag --sasl-password-stdin", true);
        } else {
            r.set("sasl.password", {}, "flag --sasl-password-stdin", true);
        }
    }
    if (!r.scram_without_mechanism.empty()) {
        const auto* m = out.find("sasl.mechanism");
        if (!m || !(m->value.starts_with("SCRAM-") || m->value.starts_with("scram-"))) {
            throw CliError(ExitCode::usage,
                           "the ScramLoginModule of " + r.scram_without_mechanism +
                               " needs sasl.mechanism SCRAM-SHA-256 or SCRAM-SHA-512" +
                               (m ? ", not " + m->value + " (" + m->source + ")" : ""),
                           "add sasl.mechanism=SCRAM-SHA-512 (or -256) to the file, or give "
                           "--sasl-mechanism");
        }
    }
    return out;
}

}  // namespace kfk::cli
