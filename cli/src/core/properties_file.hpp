// Java client properties files (what Kafka's own tools take with --command-config, and what
// managed-Kafka onboarding pages hand out) as a connection source: `--command-config FILE` or
// `properties-file: FILE` in a context.
//
// Two steps, both pure (unit-tested without files):
//   parse_java_properties   the java.util.Properties text format, entry by entry with lines
//   translate_java_client   Java client keys -> librdkafka properties: what librdkafka
//                           understands directly is kept; sasl.jaas.config (PLAIN, SCRAM,
//                           OAUTHBEARER, Kerberos), PEM / PKCS#12 keystores and truststores and
//                           ssl.endpoint.identification.algorithm are translated; a security
//                           key that cannot be applied (JKS stores, custom Java classes, AWS
//                           IAM, ...) is refused with what to use instead, never ignored.
//                           Non-security Java client settings (serializers, acks, ...) are not
//                           connection settings: they are listed in a warning, not applied.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kfk::cli {

struct JavaProperty {
    std::string key;
    std::string value;
    int line = 0;  // 1-based line where the entry starts
};

// Parses `text` as java.util.Properties.load() does: `key=value`, `key: value` and `key value`
// entries; `#` and `!` comment lines; blank lines; a line ending in an odd number of
// backslashes continues on the next one (whose leading whitespace is dropped); escapes \t \n
// \r \f \uXXXX, and a backslash before any other character stands for that character (so
// keys may hold `\=`, `\:` and `\ `). Later entries for the same key win (the caller keeps the
// last). Bytes are taken as UTF-8 (Java reads ISO-8859-1 there; files with non-ASCII secrets
// are UTF-8 in practice). Throws CliError(usage) "<path>:<line>: ..." for a malformed \u.
std::vector<JavaProperty> parse_java_properties(std::string_view text, const std::string& path);

// One login module of a JAAS configuration (`Class flag key=value ...;`).
struct JaasEntry {
    std::string login_module;  // fully qualified class name
    std::string flag;          // required, requisite, sufficient, optional
    std::map<std::string, std::string> options;
};

// Parses a sasl.jaas.config value as Kafka's JaasConfig does (Java's StreamTokenizer): values
// plain or quoted with " or ', backslash escapes inside quotes, // and /* */ comments, entries
// ended by `;`. Throws CliError(usage) naming `where` for a malformed value; the message
// never quotes the value (it holds a password).
std::vector<JaasEntry> parse_jaas_config(std::string_view text, const std::string& where);

struct TranslatedProperty {
    std::string key;     // librdkafka property
    std::string value;   // may be a secret: see `secret`
    std::string origin;  // "FILE:LINE (java.key)", for `kfk config`'s source column
    bool secret = false;
};

struct TranslatedProperties {
    std::vector<TranslatedProperty> properties;
    std::vector<std::string> warnings;  // security settings not applied, and why
    // Java client settings that are not connection settings (acks, serializers, ...): not
    // applied, which is expected, so said only where asked (kfk config, -v).
    std::vector<std::string> notes;
    bool holds_secrets = false;  // any secret (password, key, JAAS config) in the file
    // A ScramLoginModule without sasl.mechanism in the file: the mechanism (SCRAM-SHA-256 or
    // -512) must come from another source; where (for the error when none does).
    std::string scram_without_mechanism;
};

// Translates the entries of `path` (from parse_java_properties). Throws CliError(usage) for a
// security setting kfk cannot apply, saying what to use instead.
TranslatedProperties translate_java_client(const std::vector<JavaProperty>& entries,
                                           const std::string& path);

}  // namespace kfk::cli
