// Where the kfk command's connection settings come from, in order of precedence:
//   1. flags (-b/--bootstrap, --client-id, ..., -X key=value)
//      and --sasl-password-stdin (the first line of stdin)
//   2. environment (KFK_BOOTSTRAP, KFK_CLIENT_ID, ..., KFK_SASL_PASSWORD)
//   3. Java client properties files (properties_file.hpp): --command-config FILE, over the
//      selected context's `properties-file:`
//   4. the selected context of the contexts file (--context, else KFK_CONTEXT, else the
//      file's current-context)
//   5. the local default: bootstrap 127.0.0.1:9092, timeout 10s
// Every resolved setting remembers its source, so `kfk config` can show it. Secrets never
// come from argv: a secret given literally on the command line is refused with a hint.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/contexts.hpp"

namespace kfk::cli {

struct GlobalFlags {
    std::string bootstrap;
    std::string context;
    std::string config_path;  // the contexts file
    std::string client_id;
    std::string security_protocol;
    std::string sasl_mechanism;
    std::string sasl_username;
    std::string sasl_password_file;
    std::string ssl_ca_location;
    std::string ssl_certificate_location;
    std::string ssl_key_location;
    std::string ssl_key_password_file;
    bool sasl_password_stdin = false;  // the password is the first line of stdin
    std::string command_config;        // a Java client properties file
    std::string timeout;
    std::vector<std::string> properties;  // -X key=value
    bool verbose = false;
};

struct Setting {
    std::string key;    // librdkafka property
    std::string value;  // secrets included: never print it without redact()
    std::string source;
    bool secret = false;

    // The value, or "[redacted]" for secrets.
    std::string shown() const { return secret ? "[redacted]" : value; }
};

struct Connection {
    std::vector<Setting> settings;
    std::chrono::milliseconds timeout{10000};
    std::string timeout_source = "default";
    std::string context;  // empty: none selected
    std::string context_source;
    std::string contexts_path;
    bool contexts_file_exists = false;
    std::vector<std::string> properties_files;  // applied, in order
    std::vector<std::string> warnings;
    std::vector<std::string> notes;  // printed by kfk config and with -v only

    const Setting* find(std::string_view key) const noexcept;
    std::string bootstrap() const;
};

struct Environment {
    // getenv-like; nullptr when unset.
    std::function<const char*(const char*)> get;
    // Reads a secret file (throws CliError when it cannot).
    std::function<std::string(const std::string&)> read_file;
    // Permission bits of a file, or nullopt (used to warn about readable secret files).
    std::function<std::optional<unsigned>(const std::string&)> file_mode;
    // The first line of stdin without its line end (--sasl-password-stdin); prompts without
    // echo on a terminal.
    std::function<std::string()> read_stdin_line;
    // What else reads stdin in this command (claim_stdin()); empty: nothing.
    std::string stdin_claim;
    // false: secrets are not read (files, variables, stdin): they resolve to "" marked
    // secret. For listings that only show where settings come from and who kfk would be.
    bool read_secrets = true;
    const char* home = nullptr;

    static Environment process();
};

// A command that reads its data from stdin says so (e.g. "kfk produce reads its records from
// stdin") before it resolves its connection, so that --sasl-password-stdin is refused rather
// than taking the first record as the password. Environment::process() reports it.
void claim_stdin(std::string what);

// Throws CliError(usage) for an unknown context, a malformed -X, a secret in argv, an
// unreadable or untranslatable properties file, or --sasl-password-stdin that cannot be used.
Connection resolve_connection(const GlobalFlags& flags, const Environment& env,
                              const ContextsFile& file);

// The contexts file path: --config, else $KFK_CONFIG, else the XDG default.
std::string contexts_path(const GlobalFlags& flags, const Environment& env);

}  // namespace kfk::cli
