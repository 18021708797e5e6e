// The contexts file (~/.config/kfk/config.yml): named connection settings and the current
// context. Format (a YAML subset, see contexts_yaml.hpp and docs/cli.md):
//
//   current-context: local
//   contexts:
//     local:
//       bootstrap: 127.0.0.1:9092
//     prod:
//       bootstrap: kafka-1:9093,kafka-2:9093
//       security-protocol: sasl_ssl
//       sasl-mechanism: SCRAM-SHA-512
//       sasl-username: alice
//       sasl-password-file: ~/.config/kfk/prod.password   # or sasl-password-env: VAR
//       timeout: 15s
//       properties-file: client.properties                 # a Java client properties file
//       properties:                                         # any librdkafka property
//         ssl.ca.location: /etc/ssl/certs/ca.pem
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kfk::cli {

struct Context {
    std::string name;
    int line = 0;
    // Named settings as written ("bootstrap", "sasl-password-file", ...), in file order.
    std::vector<std::pair<std::string, std::string>> settings;
    // The "properties:" map: raw librdkafka properties.
    std::vector<std::pair<std::string, std::string>> properties;

    const std::string* setting(std::string_view name) const noexcept;
};

struct ContextsFile {
    std::string path;
    bool exists = false;
    std::optional<std::string> current_context;
    std::vector<Context> contexts;
    unsigned mode = 0;  // permission bits, when it exists

    const Context* find(std::string_view name) const noexcept;
};

// $KFK_CONFIG, else $XDG_CONFIG_HOME/kfk/config.yml, else ~/.config/kfk/config.yml.
std::string default_contexts_path(const char* kfk_config, const char* xdg_config_home,
                                  const char* home);

// "~/x" -> "$HOME/x".
std::string expand_home(const std::string& path, const char* home);

// A file that does not exist loads as empty (exists = false). Throws CliError(usage) for a
// file that cannot be read or parsed, or holds unknown keys (with their line numbers).
ContextsFile load_contexts(const std::string& path);
ContextsFile parse_contexts(std::string_view text, const std::string& path);

// Rewrites (or adds) the top-level "current-context:" line, keeping everything else as it
// is; creates the file (mode 0600) and its directory if needed.
void write_current_context(const std::string& path, const std::string& name);
// The file's text with the current-context line replaced or added.
std::string with_current_context(std::string_view text, const std::string& name);

// The setting names a context may hold (besides "properties").
const std::vector<std::string>& known_context_settings();

}  // namespace kfk::cli
