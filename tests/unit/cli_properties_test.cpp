// kfk CLI: Java client properties files (--command-config, properties-file: in a context) —
// the java.util.Properties format, the sasl.jaas.config translation, keys librdkafka cannot use
// (refused with what to use instead), and where the file sits in the precedence.
#include <doctest/doctest.h>

#include <map>

#include "core/connection.hpp"
#include "core/contexts.hpp"
#include "core/exit_codes.hpp"
#include "core/principal.hpp"
#include "core/properties_file.hpp"

using namespace kfk::cli;

namespace {

std::map<std::string, std::string> parsed(std::string_view text) {
    std::map<std::string, std::string> m;
    for (const auto& p : parse_java_properties(text, "client.properties")) m[p.key] = p.value;
    return m;
}

std::map<std::string, std::string> translated(std::string_view text) {
    std::map<std::string, std::string> m;
    const auto t =
        translate_java_client(parse_java_properties(text, "c.properties"), "c.properties");
    for (const auto& p : t.properties) m[p.key] = p.value;
    return m;
}

// The CliError of translating `text`; fails the test if it was accepted.
CliError refusal(std::string_view text) {
    try {
        translate_java_client(parse_java_properties(text, "c.properties"), "c.properties");
    } catch (const CliError& e) {
        return e;
    }
    FAIL("accepted: " << text);
    return CliError{ExitCode::ok, ""};
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

struct FakeEnv {
    std::map<std::string, std::string> vars;
    std::map<std::string, std::string> files;
    std::map<std::string, unsigned> modes;
    std::string stdin_line;
    int stdin_reads = 0;

    Environment env() {
        Environment e;
        e.get = [this](const char* name) -> const char* {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
        e.read_file = [this](const std::string& path) {
            auto it = files.find(path);
            if (it == files.end()) throw CliError(ExitCode::usage, "cannot read " + path);
            return it->second;
        };
        e.file_mode = [this](const std::string& path) -> std::optional<unsigned> {
            auto it = modes.find(path);
            if (it == modes.end()) return std::nullopt;
            return it->second;
        };
        e.read_stdin_line = [this] {
            ++stdin_reads;
            return stdin_line;
        };
        e.home = "/home/u";
        return e;
    }
};

std::string value_of(const Connection& c, const std::string& key) {
    const auto* s = c.find(key);
    return s ? s->value : std::string{"<unset>"};
}
std::string source_of(const Connection& c, const std::string& key) {
    const auto* s = c.find(key);
    return s ? s->source : std::string{"<unset>"};
}

}  // namespace

TEST_CASE("java properties: separators, comments, blank lines") {
    const auto m = parsed(
        "# comment\n"
        "! also a comment\n"
        "\n"
        "   \t\n"
        "a=1\n"
        "b = 2\n"
        "c: 3\n"
        "d 4\n"
        "  e\t=\t5  \n"  // leading blanks dropped, trailing kept
        "f\n"            // a key without a value
        "g==x\n"         // the first '=' separates
        "h = = y\n"
        "a=last wins\n"
        "url=https://host:8443/path?x=1\n");
    CHECK(m.at("a") == "last wins");
    CHECK(m.at("b") == "2");
    CHECK(m.at("c") == "3");
    CHECK(m.at("d") == "4");
    CHECK(m.at("e") == "5  ");
    CHECK(m.at("f").empty());
    CHECK(m.at("g") == "=x");
    CHECK(m.at("h") == "= y");
    CHECK(m.at("url") == "https://host:8443/path?x=1");
    CHECK(m.size() == 9);
}

TEST_CASE("java properties: continuations, escapes, line ends") {
    const auto m = parsed(
        "long = one \\\n"
        "       two \\\n"
        "\tthree\n"
        "even = ends in a backslash\\\\\n"
        "next = separate\n"
        "esc = tab\\there\\nnew\\\\back\\qq\n"
        "key\\ with\\=odd\\:chars = v\n"
        "uni = caf\\u00e9 \\u20ac \\uD83D\\uDE00\n"
        "crlf = x\r\n"
        "cr = y\r"
        "# a comment ending in a backslash does not continue \\\n"
        "after = z\n"
        "last = no newline at the end");
    CHECK(m.at("long") == "one two three");
    CHECK(m.at("even") == "ends in a backslash\\");
    CHECK(m.at("next") == "separate");
    CHECK(m.at("esc") == "tab\there\nnew\\backqq");
    CHECK(m.at("key with=odd:chars") == "v");
    CHECK(m.at("uni") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    CHECK(m.at("crlf") == "x");
    CHECK(m.at("cr") == "y");
    CHECK(m.at("after") == "z");
    CHECK(m.at("last") == "no newline at the end");

    const auto lines = parse_java_properties("a=1\n\nb=x\\\n y\nc=2\n", "p");
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].line == 3);
    CHECK(lines[2].line == 5);

    try {
        parse_java_properties("ok=1\nbad=\\u12g4\n", "p.properties");
        FAIL("a malformed \\u escape was accepted");
    } catch (const CliError& e) {
        CHECK(contains(e.what(), "p.properties:2: malformed \\uxxxx"));
    }
}

TEST_CASE("jaas config: the forms Kafka accepts") {
    auto e = parse_jaas_config(
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
        "username=\"alice\" password='p\"w;d' serviceName=kafka;",
        "f:1");
    REQUIRE(e.size() == 1);
    CHECK(e[0].login_module == "org.apache.kafka.common.security.plain.PlainLoginModule");
    CHECK(e[0].flag == "required");
    CHECK(e[0].options.at("username") == "alice");
    CHECK(e[0].options.at("password") == "p\"w;d");
    CHECK(e[0].options.at("serviceName") == "kafka");

    e = parse_jaas_config(
        "/* c */ x.ScramLoginModule REQUIRED // line comment\n username=\"a\\\"b\\\\c\" ;", "f:1");
    CHECK(e[0].flag == "required");
    CHECK(e[0].options.at("username") == "a\"b\\c");
    // Kafka insists on the final ';', kfk does not.
    CHECK(parse_jaas_config("x.PlainLoginModule required username=\"a\"", "f")[0].options.at(
              "username") == "a");

    for (const char* bad : {"", "x.PlainLoginModule", "x.PlainLoginModule maybe;",
                            "x.PlainLoginModule required username;",
                            "x.PlainLoginModule required password=\"secret-value"}) {
        CAPTURE(bad);
        try {
            parse_jaas_config(bad, "f:3");
            FAIL("accepted");
        } catch (const CliError& err) {
            CHECK(contains(err.what(), "f:3: malformed sasl.jaas.config"));
            CHECK_FALSE(contains(err.what(), "secret-value"));
        }
    }
}

TEST_CASE("java client: PLAIN and SCRAM sasl.jaas.config become sasl.username/password") {
    const auto m = translated(
        "bootstrap.servers=pkc-1.example.cloud:9092\n"
        "security.protocol=SASL_SSL\n"
        "sasl.mechanism=PLAIN\n"
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
        "username='API_KEY' password='API_SECRET';\n"
        "client.dns.lookup=use_all_dns_ips\n");
    CHECK(m.at("bootstrap.servers") == "pkc-1.example.cloud:9092");
    CHECK(m.at("security.protocol") == "SASL_SSL");
    CHECK(m.at("sasl.mechanism") == "PLAIN");
    CHECK(m.at("sasl.username") == "API_KEY");
    CHECK(m.at("sasl.password") == "API_SECRET");
    CHECK(m.at("client.dns.lookup") == "use_all_dns_ips");
    CHECK_FALSE(m.contains("sasl.jaas.config"));

    const auto t = translate_java_client(
        parse_java_properties("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                              "sasl.jaas.config=org.apache.kafka.common.security.scram."
                              "ScramLoginModule required \\\n  username=\"alice\" \\\n"
                              "  password=\"s3cret\";\nacks=all\n",
                              "c.properties"),
        "c.properties");
    CHECK(t.holds_secrets);
    bool saw_password = false;
    for (const auto& p : t.properties) {
        if (p.key == "sasl.password") {
            saw_password = true;
            CHECK(p.secret);
            CHECK(p.value == "s3cret");
            CHECK(p.origin == "c.properties:3 (sasl.jaas.config)");
        }
        CHECK_FALSE(contains(p.origin, "s3cret"));
    }
    CHECK(saw_password);
    // acks is a producer setting kfk's own flags choose: noted, not applied.
    REQUIRE(t.notes.size() == 1);
    CHECK(contains(t.notes[0], "acks"));
    CHECK(t.warnings.empty());

    // PlainLoginModule implies PLAIN; SCRAM needs its variant spelled out.
    CHECK(translated("sasl.jaas.config=x.PlainLoginModule required username=u password=p;\n")
              .at("sasl.mechanism") == "PLAIN");
    // SCRAM's variant may come from another source; translation leaves it to them.
    CHECK(translate_java_client(
              parse_java_properties("sasl.jaas.config=x.ScramLoginModule required username=u;\n",
                                    "c.properties"),
              "c.properties")
              .scram_without_mechanism == "c.properties:1 (sasl.jaas.config)");
    CHECK(contains(refusal("sasl.mechanism=PLAIN\n"
                           "sasl.jaas.config=x.ScramLoginModule required username=u;\n")
                       .what(),
                   "does not go with sasl.mechanism=PLAIN"));
    CHECK(contains(refusal("sasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config=x.ScramLoginModule "
                           "required username=u password=p tokenauth=true;\n")
                       .what(),
                   "delegation tokens"));
}

TEST_CASE("java client: OAUTHBEARER becomes librdkafka's OIDC or unsecured JWT") {
    const auto oidc = translated(
        "security.protocol=SASL_SSL\n"
        "sasl.mechanism=OAUTHBEARER\n"
        "sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer."
        "OAuthBearerLoginCallbackHandler\n"
        "sasl.oauthbearer.token.endpoint.url=https://idp.example/oauth2/token\n"
        "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
        "required clientId='kfk-ci' clientSecret='cs' scope='kafka' "
        "extension_logicalCluster='lkc-1' extension_identityPoolId='pool-2';\n");
    CHECK(oidc.at("sasl.oauthbearer.method") == "oidc");
    CHECK(oidc.at("sasl.oauthbearer.client.id") == "kfk-ci");
    CHECK(oidc.at("sasl.oauthbearer.client.secret") == "cs");
    CHECK(oidc.at("sasl.oauthbearer.scope") == "kafka");
    CHECK(oidc.at("sasl.oauthbearer.token.endpoint.url") == "https://idp.example/oauth2/token");
    CHECK(oidc.at("sasl.oauthbearer.extensions") == "identityPoolId=pool-2,logicalCluster=lkc-1");

    const auto unsecured = translated(
        "sasl.mechanism=OAUTHBEARER\n"
        "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
        "required unsecuredLoginStringClaim_sub=\"alice\" unsecuredLoginLifetimeSeconds=\"60\";\n");
    CHECK(unsecured.at("enable.sasl.oauthbearer.unsecure.jwt") == "true");
    CHECK(unsecured.at("sasl.oauthbearer.config") == "principal=alice lifeSeconds=60");

    CHECK(contains(refusal("sasl.mechanism=OAUTHBEARER\nsasl.jaas.config=x.OAuthBearerLoginModule "
                           "required clientId=a clientSecret=b;\n")
                       .hint(),
                   "sasl.oauthbearer.token.endpoint.url"));
    CHECK(contains(refusal("sasl.jaas.config=x.OAuthBearerLoginModule required;\n").what(),
                   "without clientId/clientSecret"));
}

TEST_CASE("java client: stores, endpoint identification and PEM material") {
    const auto pem = translated(
        "security.protocol=SSL\n"
        "ssl.truststore.type=PEM\n"
        "ssl.truststore.location=/etc/kafka/ca.pem\n"
        "ssl.keystore.type=PEM\n"
        "ssl.keystore.location=/etc/kafka/client.pem\n"
        "ssl.key.password=kp\n"
        "ssl.endpoint.identification.algorithm=\n");
    CHECK(pem.at("ssl.ca.location") == "/etc/kafka/ca.pem");
    CHECK(pem.at("ssl.certificate.location") == "/etc/kafka/client.pem");
    CHECK(pem.at("ssl.key.location") == "/etc/kafka/client.pem");
    CHECK(pem.at("ssl.key.password") == "kp");
    CHECK(pem.at("ssl.endpoint.identification.algorithm") == "none");
    CHECK(translated("ssl.endpoint.identification.algorithm=HTTPS\n")
              .at("ssl.endpoint.identification.algorithm") == "https");

    const auto p12 = translated(
        "ssl.keystore.type=PKCS12\nssl.keystore.location=/k.p12\nssl.keystore.password=sp\n"
        "ssl.key.password=sp\n");
    CHECK(p12.at("ssl.keystore.location") == "/k.p12");
    CHECK(p12.at("ssl.keystore.password") == "sp");
    CHECK_FALSE(p12.contains("ssl.key.password"));

    const auto inline_pem = translated(
        "ssl.truststore.type=PEM\nssl.truststore.certificates=-----BEGIN CERTIFICATE-----\\n"
        "AAA\\n-----END CERTIFICATE-----\nssl.keystore.type=PEM\n"
        "ssl.keystore.certificate.chain=CHAIN\nssl.keystore.key=KEY\n");
    CHECK(inline_pem.at("ssl.ca.pem") ==
          "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----");
    CHECK(inline_pem.at("ssl.certificate.pem") == "CHAIN");
    CHECK(inline_pem.at("ssl.key.pem") == "KEY");

    // librdkafka's own names pass as they are (files written for librdkafka clients).
    const auto native = translated(
        "security.protocol=ssl\nssl.ca.location=/ca.pem\nssl.certificate.location=/c.pem\n"
        "ssl.key.location=/k.pem\nsasl.username=u\nsasl.password=p\n");
    CHECK(native.at("ssl.ca.location") == "/ca.pem");
    CHECK(native.at("sasl.password") == "p");
}

TEST_CASE("java client: security settings librdkafka cannot use are refused, not ignored") {
    // The default truststore type is JKS.
    auto e = refusal(
        "ssl.truststore.location=/etc/kafka/truststore.jks\n"
        "ssl.truststore.password=changeit\n");
    CHECK(e.code() == ExitCode::usage);
    CHECK(contains(e.what(), "c.properties:1: ssl.truststore.location: a JKS truststore"));
    CHECK(contains(e.hint(), "keytool -exportcert"));
    CHECK_FALSE(contains(e.what(), "changeit"));
    e = refusal("ssl.truststore.type=PKCS12\nssl.truststore.location=/t.p12\n");
    CHECK(contains(e.hint(), "openssl pkcs12"));
    e = refusal("ssl.keystore.location=/k.jks\n");
    CHECK(contains(e.what(), "JKS keystore"));
    CHECK(contains(e.hint(), "-deststoretype PKCS12"));
    e = refusal(
        "ssl.keystore.type=PKCS12\nssl.keystore.location=/k.p12\n"
        "ssl.keystore.password=a\nssl.key.password=b\n");
    CHECK(contains(e.what(), "ssl.keystore.password only"));

    CHECK(contains(refusal("sasl.mechanism=AWS_MSK_IAM\n").hint(), "aws-msk-iam-auth"));
    CHECK(contains(refusal("sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule "
                           "required;\n")
                       .what(),
                   "is not available to librdkafka"));
    CHECK(contains(refusal("sasl.client.callback.handler.class=software.amazon.msk.auth.iam."
                           "IAMClientCallbackHandler\n")
                       .what(),
                   "Java class"));
    CHECK(contains(refusal("sasl.login.callback.handler.class=com.example.Custom\n").what(),
                   "custom Java login callback handler"));
    CHECK(contains(refusal("ssl.cipher.suites=TLS_AES_256_GCM_SHA384\n").hint(), "OpenSSL"));
    CHECK(contains(refusal("ssl.enabled.protocols=TLSv1.3\n").what(), "TLS versions"));
    CHECK(contains(refusal("ssl.endpoint.identification.algorithm=ldap\n").what(), "unknown"));
    CHECK(contains(refusal("security.protocol=SASL_TLS\n").what(), "unknown security protocol"));
    CHECK(contains(refusal("ssl.made.up.setting=1\n").what(), "does not know how to apply"));
    CHECK(contains(refusal("sasl.jaas.config=a.PlainLoginModule required username=u; "
                           "b.PlainLoginModule required username=v;\n")
                       .what(),
                   "2 login modules"));

    // Java tuning of what librdkafka does itself is not applied, and said so.
    const auto t = translate_java_client(
        parse_java_properties("ssl.truststore.type=PEM\nssl.truststore.location=/ca\n"
                              "ssl.truststore.password=x\nssl.protocol=TLSv1.3\n"
                              "ssl.enabled.protocols=TLSv1.2,TLSv1.3\n"
                              "sasl.login.refresh.buffer.seconds=300\n",
                              "c.properties"),
        "c.properties");
    REQUIRE(t.warnings.size() == 1);
    for (const char* key : {"ssl.truststore.password", "ssl.protocol", "ssl.enabled.protocols",
                            "sasl.login.refresh.buffer.seconds"}) {
        CHECK_MESSAGE(contains(t.warnings[0], key), t.warnings[0]);
    }
    CHECK(t.holds_secrets);  // the truststore password is one, applied or not
}

TEST_CASE("cli connection: flags > env > properties file > context, secrets stay secret") {
    FakeEnv fake;
    fake.files["/home/u/.config/kfk/cloud.properties"] =
        "bootstrap.servers=file-host:9092\n"
        "security.protocol=SASL_SSL\n"
        "sasl.mechanism=SCRAM-SHA-512\n"
        "sasl.jaas.config=x.ScramLoginModule required username=\"file-user\" "
        "password=\"file-pw\";\n";
    fake.files["/work/other.properties"] =
        "sasl.jaas.config=x.ScramLoginModule required "
        "username=\"cmd-user\" password=\"cmd-pw\";\n";
    fake.modes["/home/u/.config/kfk/cloud.properties"] = 0600;
    fake.modes["/work/other.properties"] = 0644;
    const auto file = parse_contexts(
        "contexts:\n  cloud:\n    bootstrap: ctx-host:9092\n    client-id: ctx-client\n"
        "    sasl-username: ctx-user\n    properties-file: cloud.properties\n",
        "/home/u/.config/kfk/config.yml");
    GlobalFlags flags;
    flags.context = "cloud";

    // The context's properties file (relative to the contexts file) beats its own values.
    auto c = resolve_connection(flags, fake.env(), file);
    CHECK(value_of(c, "bootstrap.servers") == "file-host:9092");
    CHECK(value_of(c, "client.id") == "ctx-client");
    CHECK(value_of(c, "sasl.username") == "file-user");
    CHECK(value_of(c, "sasl.password") == "file-pw");
    CHECK(c.find("sasl.password")->secret);
    CHECK(c.find("sasl.password")->shown() == "[redacted]");
    CHECK(source_of(c, "sasl.username") ==
          "properties file /home/u/.config/kfk/cloud.properties:4 (sasl.jaas.config)");
    CHECK(c.warnings.empty());
    REQUIRE(c.properties_files.size() == 1);
    CHECK(principal_of(c).text == "user file-user (SASL_SSL, SCRAM-SHA-512)");

    // --command-config beats the context's file; a readable file with a secret warns.
    flags.command_config = "/work/other.properties";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(value_of(c, "sasl.username") == "cmd-user");
    CHECK(value_of(c, "bootstrap.servers") == "file-host:9092");
    REQUIRE(c.warnings.size() == 1);
    CHECK(contains(c.warnings[0], "/work/other.properties holds secrets"));
    CHECK(contains(c.warnings[0], "chmod 600"));
    CHECK_FALSE(contains(c.warnings[0], "cmd-pw"));

    // The environment beats the files, flags beat the environment.
    fake.vars["KFK_SASL_USERNAME"] = "env-user";
    fake.vars["KFK_BOOTSTRAP"] = "env-host:9092";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(value_of(c, "sasl.username") == "env-user");
    CHECK(value_of(c, "bootstrap.servers") == "env-host:9092");
    flags.sasl_username = "flag-user";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(value_of(c, "sasl.username") == "flag-user");
    CHECK(value_of(c, "sasl.password") == "cmd-pw");

    // SCRAM without a SCRAM mechanism anywhere is refused.
    fake.files["/work/scram.properties"] =
        "sasl.jaas.config=x.ScramLoginModule required username=u password=p;\n";
    GlobalFlags plain;
    plain.command_config = "/work/scram.properties";
    try {
        resolve_connection(plain, fake.env(), ContextsFile{});
        FAIL("SCRAM without a mechanism was accepted");
    } catch (const CliError& e) {
        CHECK(contains(e.what(), "needs sasl.mechanism SCRAM-SHA-256 or SCRAM-SHA-512"));
    }
    plain.sasl_mechanism = "SCRAM-SHA-256";
    CHECK(value_of(resolve_connection(plain, fake.env(), ContextsFile{}), "sasl.password") == "p");

    // A missing or untranslatable file ends the command before anything connects.
    flags.command_config = "/work/missing.properties";
    try {
        resolve_connection(flags, fake.env(), file);
        FAIL("a missing properties file was accepted");
    } catch (const CliError& e) {
        CHECK(contains(e.what(),
                       "cannot read properties file /work/missing.properties "
                       "(flag --command-config)"));
    }
    fake.files["/work/jks.properties"] = "ssl.truststore.location=/t.jks\n";
    flags.command_config = "/work/jks.properties";
    CHECK_THROWS_AS(resolve_connection(flags, fake.env(), file), CliError);
}

TEST_CASE("cli connection: --sasl-password-stdin") {
    FakeEnv fake;
    fake.stdin_line = "from-stdin";
    const auto file = parse_contexts(
        "contexts:\n  prod:\n    sasl-username: alice\n    sasl-password: inline\n", "/c.yml");
    GlobalFlags flags;
    flags.context = "prod";
    flags.sasl_password_stdin = true;
    fake.vars["KFK_SASL_PASSWORD"] = "from-env";
    // It is a flag: it beats the environment and the context.
    auto c = resolve_connection(flags, fake.env(), file);
    CHECK(value_of(c, "sasl.password") == "from-stdin");
    CHECK(source_of(c, "sasl.password") == "flag --sasl-password-stdin");
    CHECK(c.find("sasl.password")->secret);
    CHECK(value_of(c, "sasl.username") == "alice");
    CHECK(fake.stdin_reads == 1);

    fake.stdin_line.clear();
    try {
        resolve_connection(flags, fake.env(), file);
        FAIL("an empty password was accepted");
    } catch (const CliError& e) {
        CHECK(e.code() == ExitCode::usage);
        CHECK(contains(e.what(), "empty"));
    }

    // A command that reads records from stdin cannot share it.
    fake.stdin_line = "from-stdin";
    fake.stdin_reads = 0;
    auto env = fake.env();
    env.stdin_claim = "kfk produce reads its records from stdin";
    try {
        resolve_connection(flags, env, file);
        FAIL("--sasl-password-stdin was accepted with a stdin reader");
    } catch (const CliError& e) {
        CHECK(contains(e.what(), "kfk produce reads its records from stdin"));
        CHECK(contains(e.hint(), "--file"));
    }
    CHECK(fake.stdin_reads == 0);

    flags.sasl_password_file = "/pw";
    CHECK_THROWS_AS(resolve_connection(flags, fake.env(), file), CliError);

    // Listings resolve without reading secrets: stdin stays untouched.
    flags.sasl_password_file.clear();
    env = fake.env();
    env.read_secrets = false;
    c = resolve_connection(flags, env, file);
    CHECK(fake.stdin_reads == 0);
    CHECK(c.find("sasl.password")->secret);
}

TEST_CASE("cli principal: who kfk authenticates as, never the secret") {
    const auto who = [](std::vector<std::pair<std::string, std::string>> kv) {
        Connection c;
        for (auto& [k, v] : kv) c.settings.push_back({k, v, "test", k == "sasl.password"});
        return principal_of(c);
    };
    CHECK(who({}).text == "anonymous (PLAINTEXT)");
    CHECK(who({}).kind == "anonymous");
    CHECK(who({{"security.protocol", "ssl"}}).text == "anonymous (SSL, no client certificate)");
    const auto scram = who({{"security.protocol", "sasl_ssl"},
                            {"sasl.mechanism", "SCRAM-SHA-512"},
                            {"sasl.username", "alice"},
                            {"sasl.password", "pw-value"}});
    CHECK(scram.text == "user alice (SASL_SSL, SCRAM-SHA-512)");
    CHECK(scram.kind == "user");
    CHECK(scram.name == "alice");
    CHECK(scram.sasl_mechanism == "SCRAM-SHA-512");
    CHECK_FALSE(contains(scram.text, "pw-value"));
    CHECK(who({{"security.protocol", "SASL_PLAINTEXT"}}).text ==
          "Kerberos principal kafkaclient (librdkafka's default) (SASL_PLAINTEXT, GSSAPI)");
    CHECK(who({{"security.protocol", "SASL_SSL"},
               {"sasl.mechanism", "OAUTHBEARER"},
               {"sasl.oauthbearer.method", "oidc"},
               {"sasl.oauthbearer.client.id", "kfk-ci"},
               {"sasl.oauthbearer.token.endpoint.url", "https://idp/token"}})
              .text == "OAuth client kfk-ci, token from https://idp/token (SASL_SSL, OAUTHBEARER)");
    CHECK(who({{"security.protocol", "SASL_PLAINTEXT"},
               {"sasl.mechanism", "OAUTHBEARER"},
               {"enable.sasl.oauthbearer.unsecure.jwt", "true"},
               {"sasl.oauthbearer.config", "principal=bob lifeSeconds=60"}})
              .name == "bob");
    const auto missing =
        who({{"security.protocol", "SSL"}, {"ssl.certificate.location", "/nonexistent/alice.crt"}});
    CHECK(missing.kind == "certificate");
    CHECK(missing.text == "client certificate /nonexistent/alice.crt (subject not readable) (SSL)");
    CHECK_FALSE(certificate_subject_of_pem("not a certificate"));

    // A self-signed certificate made for this test (openssl req -x509 -subj
    // "/O=kfk test/CN=alice"); no private key is needed to read a subject.
    const std::string pem =
        "-----BEGIN CERTIFICATE-----\n"
        "MIIBnjCCAUOgAwIBAgIUMRRIwEC1koOcb3RFk7/UWYafdZ8wCgYIKoZIzj0EAwIw\n"
        "IzERMA8GA1UECgwIa2ZrIHRlc3QxDjAMBgNVBAMMBWFsaWNlMCAXDTI2MTIwNDIw\n"
        "MTAyMloYDzIxMjYxMTEwMjAxMDIyWjAjMREwDwYDVQQKDAhrZmsgdGVzdDEOMAwG\n"
        "A1UEAwwFYWxpY2UwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARxym2exrpE5xRb\n"
        "ZZ69yQwobf90LuyVFPYkSvrr0ynADxmiCHA5aueoMn/C09vDTHAeQEgB3x4on2Yv\n"
        "cl17cxYpo1MwUTAdBgNVHQ4EFgQUmXWpAig89RREYnAHeODJfTA8beswHwYDVR0j\n"
        "BBgwFoAUmXWpAig89RREYnAHeODJfTA8beswDwYDVR0TAQH/BAUwAwEB/zAKBggq\n"
        "hkjOPQQDAgNJADBGAiEAyviU97F2s/uNFhzmWeerLpkdbouGYWFbIvw95jD9a28C\n"
        "IQDJ2KhEwH4LeCOPt8FpenqjN01aU7bxuDU6RQq0Jiu3MA==\n"
        "-----END CERTIFICATE-----\n";
    CHECK(certificate_subject_of_pem(pem) == "CN=alice,O=kfk test");
    const auto inline_cert = who({{"security.protocol", "SSL"}, {"ssl.certificate.pem", pem}});
    CHECK(inline_cert.text ==
          "client certificate CN=alice,O=kfk test from ssl.certificate.pem (SSL)");
    CHECK(inline_cert.name == "CN=alice,O=kfk test");
}
