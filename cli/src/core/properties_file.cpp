// The java.util.Properties format is parsed here rather than with a library because Debian 12
// packages none that implements it: the nearest, Poco's PropertyFileConfiguration
// (libpoco-dev), differs where Kafka client files need it to agree — keys cannot hold an
// escaped `=` or `:`, `key value` (a blank as the separator) is not an entry, \uXXXX is not
// decoded, a continuation line keeps its indentation and trailing blanks of a value are
// trimmed — and would bring Poco in for some eighty lines.
#include "core/properties_file.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/exit_codes.hpp"
#include "kfk/config.hpp"

namespace kfk::cli {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}

[[noreturn]] void malformed(const std::string& path, int line, const std::string& what) {
    throw CliError(ExitCode::usage, path + ":" + std::to_string(line) + ": " + what);
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Four hex digits at raw[i..i+4), or -1.
long hex4(std::string_view raw, std::size_t i) {
    if (i + 4 > raw.size()) return -1;
    long v = 0;
    for (std::size_t k = i; k < i + 4; ++k) {
        const char c = raw[k];
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

std::string unescape(std::string_view raw, const std::string& path, int line) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out += raw[i];
            continue;
        }
        if (++i == raw.size()) break;  // a lone backslash at the very end of the file
        switch (const char c = raw[i]) {
            case 't':
                out += '\t';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u': {
                const long unit = hex4(raw, i + 1);
                if (unit < 0) malformed(path, line, "malformed \\uxxxx escape");
                i += 4;
                std::uint32_t cp = static_cast<std::uint32_t>(unit);
                // A UTF-16 surrogate pair written as two escapes is one code point.
                if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' &&
                    raw[i + 2] == 'u') {
                    const long low = hex4(raw, i + 3);
                    if (low >= 0xDC00 && low < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) +
                             (static_cast<std::uint32_t>(low) - 0xDC00);
                        i += 6;
                    }
                }
                if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // a lone surrogate
                append_utf8(out, cp);
                break;
            }
            default:
                out += c;
        }
    }
    return out;
}

bool ends_in_odd_backslashes(std::string_view s) {
    std::size_t n = 0;
    for (auto it = s.rbegin(); it != s.rend() && *it == '\\'; ++it) ++n;
    return n % 2 == 1;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// ------------------------------------------------------------------------------- JAAS

class JaasTokens {
  public:
    enum class Kind { end, word, quoted, equals, semicolon };
    struct Token {
        Kind kind = Kind::end;
        std::string text;
    };

    JaasTokens(std::string_view text, const std::string& where) : text_(text), where_(where) {}

    Token next() {
        skip_space_and_comments();
        if (pos_ >= text_.size()) return {};
        const char c = text_[pos_];
        if (c == '=') return ++pos_, Token{Kind::equals, "="};
        if (c == ';') return ++pos_, Token{Kind::semicolon, ";"};
        if (c == '"' || c == '\'') return quoted(c);
        if (is_word_char(c)) {
            const auto start = pos_;
            while (pos_ < text_.size() && is_word_char(text_[pos_])) ++pos_;
            return {Kind::word, std::string{text_.substr(start, pos_ - start)}};
        }
        fail(std::string{"unexpected character '"} + c + "'");
    }

    [[noreturn]] void fail(const std::string& what) const {
        // Never the text itself: it holds a password.
        throw CliError(ExitCode::usage,
                       where_ + ": malformed sasl.jaas.config: " + what + " at character " +
                           std::to_string(pos_ + 1),
                       "expected: LoginModuleClass required key=\"value\" ...;");
    }

  private:
    static bool is_word_char(char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '$' || u >= 0x80;
    }

    void skip_space_and_comments() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++pos_;
            } else if (text_.substr(pos_, 2) == "//") {
                while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
            } else if (text_.substr(pos_, 2) == "/*") {
                const auto end = text_.find("*/", pos_ + 2);
                if (end == std::string_view::npos) fail("unterminated /* comment");
                pos_ = end + 2;
            } else {
                return;
            }
        }
    }

    // Java's StreamTokenizer: backslash escapes (\n \t \r \f \b \a \v, octal, else the
    // character itself); a quote ends at the matching quote.
    Token quoted(char quote) {
        std::string s;
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != quote) {
            char c = text_[pos_++];
            if (c == '\\' && pos_ < text_.size()) {
                c = text_[pos_++];
                switch (c) {
                    case 'n':
                        c = '\n';
                        break;
                    case 't':
                        c = '\t';
                        break;
                    case 'r':
                        c = '\r';
                        break;
                    case 'f':
                        c = '\f';
                        break;
                    case 'b':
                        c = '\b';
                        break;
                    case 'a':
                        c = '\a';
                        break;
                    case 'v':
                        c = '\v';
                        break;
                    default:
                        if (c >= '0' && c <= '7') {
                            int v = c - '0';
                            for (int k = 0; k < 2 && pos_ < text_.size() && text_[pos_] >= '0' &&
                                            text_[pos_] <= '7';
                                 ++k) {
                                v = v * 8 + (text_[pos_++] - '0');
                            }
                            c = static_cast<char>(v & 0xFF);
                        }
                }
            }
            s += c;
        }
        if (pos_ >= text_.size()) fail("unterminated quoted value");
        ++pos_;
        return {Kind::quoted, std::move(s)};
    }

    std::string_view text_;
    const std::string& where_;
    std::size_t pos_ = 0;
};

}  // namespace

std::vector<JavaProperty> parse_java_properties(std::string_view text, const std::string& path) {
    std::vector<JavaProperty> out;
    std::size_t pos = 0;
    int line_no = 0;
    // One natural line (terminated by \n, \r or \r\n).
    const auto next_line = [&](std::string_view& line) {
        if (pos >= text.size()) return false;
        const auto end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) {
            line = text.substr(pos);
            pos = text.size();
        } else {
            line = text.substr(pos, end - pos);
            pos = end + 1;
            if (text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
        }
        ++line_no;
        return true;
    };
    std::string_view natural;
    while (next_line(natural)) {
        std::size_t i = 0;
        while (i < natural.size() && is_blank(natural[i])) ++i;
        if (i == natural.size()) continue;                     // blank line
        if (natural[i] == '#' || natural[i] == '!') continue;  // comment (never continued)
        const int start_line = line_no;
        std::string logical{natural.substr(i)};
        while (ends_in_odd_backslashes(logical)) {
            logical.pop_back();
            std::string_view more;
            if (!next_line(more)) break;
            std::size_t j = 0;
            while (j < more.size() && is_blank(more[j])) ++j;
            logical.append(more.substr(j));
        }
        // The key ends at the first unescaped '=', ':' or blank.
        std::size_t k = 0;
        for (bool escaped = false; k < logical.size(); ++k) {
            const char c = logical[k];
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '=' || c == ':' || is_blank(c)) {
                break;
            }
        }
        std::size_t v = k;
        while (v < logical.size() && is_blank(logical[v])) ++v;
        if (v < logical.size() && (logical[v] == '=' || logical[v] == ':')) {
            ++v;
            while (v < logical.size() && is_blank(logical[v])) ++v;
        }
        out.push_back({unescape(std::string_view{logical}.substr(0, k), path, start_line),
                       unescape(std::string_view{logical}.substr(v), path, start_line),
                       start_line});
    }
    return out;
}

std::vector<JaasEntry> parse_jaas_config(std::string_view text, const std::string& where) {
    JaasTokens tokens{text, where};
    std::vector<JaasEntry> entries;
    using Kind = JaasTokens::Kind;
    for (auto t = tokens.next(); t.kind != Kind::end; t = tokens.next()) {
        if (t.kind != Kind::word) tokens.fail("expected a login module class");
        JaasEntry e;
        e.login_module = t.text;
        t = tokens.next();
        if (t.kind != Kind::word) tokens.fail("expected a control flag after the login module");
        e.flag = lower(t.text);
        static const std::set<std::string> flags{"required", "requisite", "sufficient", "optional"};
        if (!flags.contains(e.flag)) {
            tokens.fail("unknown control flag '" + t.text +
                        "' (required, requisite, sufficient, optional)");
        }
        for (t = tokens.next(); t.kind != Kind::semicolon && t.kind != Kind::end;
             t = tokens.next()) {
            if (t.kind != Kind::word) tokens.fail("expected an option name");
            const std::string key = t.text;
            if (tokens.next().kind != Kind::equals) tokens.fail("expected '=' after " + key);
            auto value = tokens.next();
            if (value.kind != Kind::word && value.kind != Kind::quoted) {
                tokens.fail("expected a value for " + key);
            }
            e.options[key] = std::move(value.text);
        }
        entries.push_back(std::move(e));
        if (t.kind == Kind::end) break;  // Kafka wants the final ';'; kfk does not insist
    }
    if (entries.empty()) tokens.fail("no login module");
    return entries;
}

// ------------------------------------------------------------------------- translation

namespace {

// Connection settings that mean the same in the Java client and librdkafka.
const std::set<std::string> kConnectionKeys{
    "bootstrap.servers",
    "client.id",
    "client.dns.lookup",
    "client.rack",
    "connections.max.idle.ms",
    "reconnect.backoff.ms",
    "reconnect.backoff.max.ms",
    "retry.backoff.ms",
    "retry.backoff.max.ms",
    "metadata.max.age.ms",
    "socket.connection.setup.timeout.ms",
    // librdkafka's own names, as in files written for librdkafka clients
    "socket.keepalive.enable",
    "socket.timeout.ms",
};

// Security settings librdkafka takes as they are (also what a file written for a librdkafka
// client holds).
const std::set<std::string> kNativeSecurityKeys{
    "sasl.username",
    "sasl.password",
    "sasl.oauthbearer.method",
    "sasl.oauthbearer.client.id",
    "sasl.oauthbearer.client.secret",
    "sasl.oauthbearer.scope",
    "sasl.oauthbearer.extensions",
    "sasl.oauthbearer.token.endpoint.url",
    "sasl.oauthbearer.config",
    "enable.sasl.oauthbearer.unsecure.jwt",
    "sasl.kerberos.service.name",
    "sasl.kerberos.principal",
    "sasl.kerberos.keytab",
    "sasl.kerberos.kinit.cmd",
    "sasl.kerberos.min.time.before.relogin",
    "ssl.ca.location",
    "ssl.ca.pem",
    "ssl.ca.certificate.stores",
    "ssl.certificate.location",
    "ssl.certificate.pem",
    "ssl.key.location",
    "ssl.key.pem",
    "ssl.crl.location",
    "ssl.curves.list",
    "ssl.sigalgs.list",
    "enable.ssl.certificate.verification",
};

// Java client tuning of what librdkafka does by itself: not applied, with the reason.
const std::map<std::string, std::string> kJavaOnlySecurityTuning{
    {"sasl.login.refresh.window.factor", "librdkafka refreshes tokens by itself"},
    {"sasl.login.refresh.window.jitter", "librdkafka refreshes tokens by itself"},
    {"sasl.login.refresh.min.period.seconds", "librdkafka refreshes tokens by itself"},
    {"sasl.login.refresh.buffer.seconds", "librdkafka refreshes tokens by itself"},
    {"sasl.login.connect.timeout.ms", "a Java login setting"},
    {"sasl.login.read.timeout.ms", "a Java login setting"},
    {"sasl.login.retry.backoff.ms", "a Java login setting"},
    {"sasl.login.retry.backoff.max.ms", "a Java login setting"},
    {"sasl.kerberos.ticket.renew.window.factor", "librdkafka renews with kinit"},
    {"sasl.kerberos.ticket.renew.jitter", "librdkafka renews with kinit"},
    {"sasl.oauthbearer.scope.claim.name", "the broker validates tokens"},
    {"sasl.oauthbearer.sub.claim.name", "the broker validates tokens"},
    {"sasl.oauthbearer.clock.skew.seconds", "the broker validates tokens"},
    {"sasl.oauthbearer.expected.audience", "the broker validates tokens"},
    {"sasl.oauthbearer.expected.issuer", "the broker validates tokens"},
    {"sasl.oauthbearer.jwks.endpoint.url", "the broker validates tokens"},
    {"sasl.oauthbearer.jwks.endpoint.refresh.ms", "the broker validates tokens"},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", "the broker validates tokens"},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", "the broker validates tokens"},
    {"ssl.protocol", "OpenSSL negotiates TLS 1.2 or 1.3"},
    {"ssl.keymanager.algorithm", "a Java (JSSE) setting"},
    {"ssl.trustmanager.algorithm", "a Java (JSSE) setting"},
    {"ssl.secure.random.implementation", "a Java (JSSE) setting"},
};

const char* kOidcHandlerSuffix = "OAuthBearerLoginCallbackHandler";

class Translator {
  public:
    Translator(const std::vector<JavaProperty>& entries, const std::string& path) : path_(path) {
        // The last entry of a key wins, as in java.util.Properties; keep file order.
        for (const auto& e : entries) {
            std::erase_if(entries_, [&](const JavaProperty* p) { return p->key == e.key; });
            entries_.push_back(&e);
        }
    }

    TranslatedProperties run() {
        truststore_type_ = upper(value_or("ssl.truststore.type", "JKS"));
        keystore_type_ = upper(value_or("ssl.keystore.type", "JKS"));
        mechanism_ = upper(value_or("sasl.mechanism", value_or("sasl.mechanisms", "")));
        for (const auto* e : entries_) translate(*e);
        if (!not_applied_.empty()) {
            std::string list;
            for (const auto& n : not_applied_) list += (list.empty() ? "" : ", ") + n;
            out_.warnings.push_back(path_ + ": not applied: " + list);
        }
        if (!java_client_settings_.empty()) {
            std::string list;
            for (const auto& n : java_client_settings_) list += (list.empty() ? "" : ", ") + n;
            out_.notes.push_back(path_ +
                                 ": not applied (kfk takes only connection and security "
                                 "settings from a properties file; kfk's own flags set the "
                                 "rest): " +
                                 list);
        }
        return std::move(out_);
    }

  private:
    const JavaProperty* find(std::string_view key) const {
        for (const auto* e : entries_) {
            if (e->key == key) return e;
        }
        return nullptr;
    }
    std::string value_or(std::string_view key, std::string fallback) const {
        const auto* e = find(key);
        return e ? e->value : fallback;
    }

    std::string origin(const JavaProperty& e) const {
        return path_ + ":" + std::to_string(e.line) + " (" + e.key + ")";
    }

    void emit(const std::string& key, std::string value, const JavaProperty& from) {
        const bool secret = kfk::ConfigBase::is_secret(key);
        out_.holds_secrets = out_.holds_secrets || secret;
        std::erase_if(out_.properties, [&](const TranslatedProperty& p) { return p.key == key; });
        out_.properties.push_back({key, std::move(value), origin(from), secret});
    }

    [[noreturn]] void refuse(const JavaProperty& e, const std::string& what,
                             const std::string& instead) const {
        throw CliError(ExitCode::usage,
                       path_ + ":" + std::to_string(e.line) + ": " + e.key + ": " + what, instead);
    }

    void not_applied(const JavaProperty& e, const std::string& why) {
        if (kfk::ConfigBase::is_secret(e.key)) out_.holds_secrets = true;
        not_applied_.push_back(e.key + " (" + why + ")");
    }

    static bool is_security_key(const std::string& key) {
        return key.starts_with("ssl.") || key.starts_with("sasl.") ||
               key.starts_with("security.") || key.starts_with("enable.ssl") ||
               key.starts_with("enable.sasl") || kfk::ConfigBase::is_secret(key) ||
               key.find("jaas") != std::string::npos;
    }

    void translate(const JavaProperty& e) {
        const std::string& key = e.key;
        if (kConnectionKeys.contains(key) || kNativeSecurityKeys.contains(key)) {
            return emit(key, e.value, e);
        }
        if (const auto it = kJavaOnlySecurityTuning.find(key);
            it != kJavaOnlySecurityTuning.end()) {
            return not_applied(e, it->second);
        }
        if (key == "security.protocol") {
            static const std::set<std::string> protocols{"PLAINTEXT", "SSL", "SASL_PLAINTEXT",
                                                         "SASL_SSL"};
            if (!protocols.contains(upper(e.value))) {
                refuse(e, "unknown security protocol '" + e.value + "'",
                       "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
            }
            return emit(key, e.value, e);
        }
        if (key == "sasl.mechanism" || key == "sasl.mechanisms") return mechanism(e);
        if (key == "sasl.jaas.config") return jaas(e);
        if (key == "sasl.login.callback.handler.class") {
            if (e.value.ends_with(kOidcHandlerSuffix)) return;  // OIDC: implied by clientId
            refuse(e, "a custom Java login callback handler (" + e.value + ")",
                   "librdkafka cannot load Java classes; use PLAIN/SCRAM credentials, a client "
                   "certificate, or OAUTHBEARER with OIDC (sasl.oauthbearer.method=oidc)");
        }
        if (key == "sasl.client.callback.handler.class" || key == "sasl.login.class" ||
            key == "ssl.engine.factory.class" || key == "ssl.provider" ||
            key == "security.providers") {
            refuse(e, "a Java class or security provider (" + e.value + ")",
                   "librdkafka cannot load Java classes; remove the setting and give the "
                   "credentials as PEM files, PLAIN/SCRAM or OIDC settings");
        }
        if (key == "sasl.oauthbearer.client.credentials.client.id") {
            emit("sasl.oauthbearer.method", "oidc", e);
            return emit("sasl.oauthbearer.client.id", e.value, e);
        }
        if (key == "sasl.oauthbearer.client.credentials.client.secret") {
            emit("sasl.oauthbearer.method", "oidc", e);
            return emit("sasl.oauthbearer.client.secret", e.value, e);
        }
        if (key == "ssl.endpoint.identification.algorithm") {
            if (e.value.empty() || lower(e.value) == "none") {
                return emit(key, "none", e);
            }
            if (lower(e.value) == "https") return emit(key, "https", e);
            refuse(e, "unknown algorithm '" + e.value + "'", "https, or empty for none");
        }
        if (key == "ssl.enabled.protocols") {
            if (e.value.find("TLSv1.2") != std::string::npos) {
                return not_applied(e, "OpenSSL negotiates TLS 1.2 or 1.3");
            }
            refuse(e, "librdkafka cannot restrict the TLS versions it offers",
                   "remove it: kfk negotiates TLS 1.2 or 1.3 with OpenSSL");
        }
        if (key == "ssl.cipher.suites") {
            refuse(e, "Java names cipher suites differently from OpenSSL",
                   "remove it, or give OpenSSL names with -X ssl.cipher.suites=... (e.g. "
                   "ECDHE-RSA-AES256-GCM-SHA384)");
        }
        if (key == "ssl.truststore.type" || key == "ssl.keystore.type") {
            static const std::set<std::string> types{"JKS", "PKCS12", "PEM"};
            if (!types.contains(upper(e.value))) refuse(e, "unknown store type", "PEM or PKCS12");
            return;  // applied with the location
        }
        if (key.starts_with("ssl.truststore.") || key.starts_with("ssl.keystore.") ||
            key == "ssl.key.password") {
            return store(e);
        }
        if (is_security_key(key)) {
            refuse(e, "kfk does not know how to apply this security setting",
                   "remove it, or give the librdkafka equivalent with -X (see librdkafka's "
                   "CONFIGURATION.md)");
        }
        java_client_settings_.push_back(key);
    }

    void mechanism(const JavaProperty& e) {
        static const std::set<std::string> known{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512",
                                                 "OAUTHBEARER", "GSSAPI"};
        if (!known.contains(upper(e.value))) {
            refuse(e, "librdkafka has no SASL mechanism " + e.value,
                   upper(e.value) == "AWS_MSK_IAM"
                       ? "AWS_MSK_IAM needs the Java aws-msk-iam-auth library; give kfk SCRAM "
                         "credentials or a client certificate for the cluster"
                       : "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER or GSSAPI");
        }
        emit("sasl.mechanism", upper(e.value), e);
    }

    void jaas(const JavaProperty& e) {
        out_.holds_secrets = true;
        const auto entries = parse_jaas_config(e.value, path_ + ":" + std::to_string(e.line));
        if (entries.size() != 1) {
            refuse(e, "holds " + std::to_string(entries.size()) + " login modules",
                   "a client uses exactly one");
        }
        const auto& j = entries.front();
        const auto dot = j.login_module.rfind('.');
        const std::string module =
            dot == std::string::npos ? j.login_module : j.login_module.substr(dot + 1);
        auto options = j.options;
        const auto take = [&options](const std::string& name) -> std::optional<std::string> {
            const auto it = options.find(name);
            if (it == options.end()) return std::nullopt;
            std::string v = it->second;
            options.erase(it);
            return v;
        };
        const auto need_mechanism = [&](const std::string& expected, const std::string& mech) {
            if (mechanism_.empty()) {
                if (expected.empty()) {
                    out_.scram_without_mechanism = origin(e);
                    return;
                }
                emit("sasl.mechanism", expected, e);
                mechanism_ = expected;
            } else if (!mech.empty() && !mechanism_.starts_with(mech)) {
                refuse(e, module + " does not go with sasl.mechanism=" + mechanism_,
                       "use the login module of the mechanism (PlainLoginModule for PLAIN, "
                       "ScramLoginModule for SCRAM-SHA-*, OAuthBearerLoginModule for "
                       "OAUTHBEARER, Krb5LoginModule for GSSAPI)");
            }
        };
        if (module == "PlainLoginModule" || module == "ScramLoginModule") {
            const bool plain = module == "PlainLoginModule";
            need_mechanism(plain ? "PLAIN" : "", plain ? "PLAIN" : "SCRAM-SHA-");
            if (auto t = take("tokenauth"); t && lower(*t) == "true") {
                refuse(e, "delegation tokens (tokenauth=true) are not supported by librdkafka",
                       "use the SCRAM user's own credentials");
            }
            if (auto u = take("username")) emit("sasl.username", *u, e);
            if (auto p = take("password")) emit("sasl.password", *p, e);
        } else if (module == "OAuthBearerLoginModule") {
            need_mechanism("OAUTHBEARER", "OAUTHBEARER");
            std::string extensions;
            for (auto it = options.begin(); it != options.end();) {
                if (it->first.starts_with("extension_")) {
                    extensions +=
                        (extensions.empty() ? "" : ",") + it->first.substr(10) + "=" + it->second;
                    it = options.erase(it);
                } else {
                    ++it;
                }
            }
            auto client_id = take("clientId");
            auto client_secret = take("clientSecret");
            auto scope = take("scope");
            auto sub = take("unsecuredLoginStringClaim_sub");
            auto life = take("unsecuredLoginLifetimeSeconds");
            if (client_id || client_secret) {
                if (!find("sasl.oauthbearer.token.endpoint.url")) {
                    refuse(e, "OIDC client credentials without a token endpoint",
                           "add sasl.oauthbearer.token.endpoint.url=https://...");
                }
                emit("sasl.oauthbearer.method", "oidc", e);
                if (client_id) emit("sasl.oauthbearer.client.id", *client_id, e);
                if (client_secret) emit("sasl.oauthbearer.client.secret", *client_secret, e);
                if (scope) emit("sasl.oauthbearer.scope", *scope, e);
                if (!extensions.empty()) emit("sasl.oauthbearer.extensions", extensions, e);
            } else if (sub) {
                // Kafka's unsecured JWT (test clusters): librdkafka's builds the same token.
                std::string config = "principal=" + *sub;
                if (life) config += " lifeSeconds=" + *life;
                if (scope) config += " scope=" + *scope;
                for (auto it = options.begin(); it != options.end();) {
                    if (it->first.starts_with("unsecuredLoginExtension_")) {
                        config += " extension_" + it->first.substr(24) + "=" + it->second;
                        it = options.erase(it);
                    } else {
                        ++it;
                    }
                }
                emit("enable.sasl.oauthbearer.unsecure.jwt", "true", e);
                emit("sasl.oauthbearer.config", config, e);
            } else if (find("sasl.oauthbearer.client.credentials.client.id") ||
                       find("sasl.oauthbearer.client.id")) {
                if (!extensions.empty()) emit("sasl.oauthbearer.extensions", extensions, e);
            } else {
                refuse(e, "OAuthBearerLoginModule without clientId/clientSecret",
                       "kfk gets tokens with librdkafka's OIDC client credentials: set clientId "
                       "and clientSecret (or sasl.oauthbearer.client.id / .client.secret) and "
                       "sasl.oauthbearer.token.endpoint.url");
            }
        } else if (module == "Krb5LoginModule") {
            need_mechanism("GSSAPI", "GSSAPI");
            if (auto p = take("principal")) emit("sasl.kerberos.principal", *p, e);
            if (auto k = take("keyTab")) emit("sasl.kerberos.keytab", *k, e);
            // librdkafka runs kinit with the keytab; these say the same to Java.
            for (const char* o : {"useKeyTab", "storeKey", "useTicketCache", "debug"}) take(o);
        } else {
            refuse(e, "login module " + j.login_module + " is not available to librdkafka",
                   "kfk translates PlainLoginModule, ScramLoginModule, OAuthBearerLoginModule "
                   "(OIDC client credentials) and Krb5LoginModule");
        }
        for (const auto& [name, value] : options) {
            (void)value;
            not_applied_.push_back("sasl.jaas.config option " + name +
                                   " (no librdkafka equivalent)");
        }
    }

    // Truststores and keystores: PEM and PKCS#12 as librdkafka takes them, JKS refused.
    void store(const JavaProperty& e) {
        const std::string& key = e.key;
        const bool has_keystore = find("ssl.keystore.location") != nullptr;
        if (key == "ssl.truststore.location") {
            if (truststore_type_ == "PEM") return emit("ssl.ca.location", e.value, e);
            refuse(e, "a " + truststore_type_ + " truststore, which librdkafka cannot read",
                   "convert it to PEM and set ssl.truststore.type=PEM (or ssl.ca.location): " +
                       std::string{truststore_type_ == "PKCS12"
                                       ? "openssl pkcs12 -in truststore.p12 -nokeys -out ca.pem"
                                       : "keytool -exportcert -rfc -keystore truststore.jks "
                                         "-alias CARoot -file ca.pem"});
        }
        if (key == "ssl.truststore.certificates") return emit("ssl.ca.pem", e.value, e);
        if (key == "ssl.truststore.password") {
            return not_applied(e, "a PEM CA file has no password");
        }
        if (key == "ssl.keystore.location") {
            if (keystore_type_ == "PKCS12") return emit("ssl.keystore.location", e.value, e);
            if (keystore_type_ == "PEM") {
                emit("ssl.certificate.location", e.value, e);
                return emit("ssl.key.location", e.value, e);
            }
            refuse(e, "a JKS keystore, which librdkafka cannot read",
                   "convert it to PKCS#12 and set ssl.keystore.type=PKCS12: keytool "
                   "-importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 "
                   "-deststoretype PKCS12 (or give ssl.certificate.location and "
                   "ssl.key.location as PEM files)");
        }
        if (key == "ssl.keystore.password") {
            if (!has_keystore || keystore_type_ == "PKCS12") {
                return emit("ssl.keystore.password", e.value, e);
            }
            return not_applied(e, "a PEM keystore has no store password");
        }
        if (key == "ssl.keystore.certificate.chain") return emit("ssl.certificate.pem", e.value, e);
        if (key == "ssl.keystore.key") return emit("ssl.key.pem", e.value, e);
        if (key == "ssl.key.password") {
            if (has_keystore && keystore_type_ == "PKCS12") {
                if (e.value == value_or("ssl.keystore.password", "")) return;
                refuse(e, "librdkafka opens a PKCS#12 keystore with ssl.keystore.password only",
                       "export the keystore with the key password equal to the store password, "
                       "or as PEM files");
            }
            return emit("ssl.key.password", e.value, e);
        }
        refuse(e, "kfk does not know how to apply this security setting",
               "remove it, or give the librdkafka equivalent with -X");
    }

    const std::string& path_;
    std::vector<const JavaProperty*> entries_;
    std::string truststore_type_, keystore_type_, mechanism_;
    TranslatedProperties out_;
    std::vector<std::string> not_applied_;
    std::vector<std::string> java_client_settings_;
};

}  // namespace

TranslatedProperties translate_java_client(const std::vector<JavaProperty>& entries,
                                           const std::string& path) {
    return Translator{entries, path}.run();
}

}  // namespace kfk::cli
