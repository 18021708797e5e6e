// kfk CLI: connection settings — precedence flags > env > context > default, contexts file
// (YAML subset), secrets never from argv, warnings for readable secret files.
#include <doctest/doctest.h>

#include <map>

#include "core/connection.hpp"
#include "core/contexts.hpp"
#include "core/exit_codes.hpp"
#include "core/yaml.hpp"

using namespace kfk::cli;

namespace {

struct FakeEnv {
    std::map<std::string, std::string> vars;
    std::map<std::string, std::string> files;
    std::map<std::string, unsigned> modes;

    Environment env() const {
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
        e.home = "/home/u";
        return e;
    }
};

const char* kContexts = R"(# kfk contexts
current-context: local
contexts:
  local:
    bootstrap: 127.0.0.1:9092
  prod:
    bootstrap: "kafka-1:9093,kafka-2:9093"   # quoted
    client-id: kfk-prod
    timeout: 15s
    security-protocol: sasl_ssl
    sasl-mechanism: SCRAM-SHA-512
    sasl-username: alice
    sasl-password-file: ~/.kfk/prod.pw
    properties:
      ssl.ca.location: /etc/ssl/ca.pem
      'socket.keepalive.enable': 'true'
  listed:
    bootstrap:
      - b1:9092
      - b2:9092
  inline:
    sasl-password: hunter2
)";

std::string value_of(const Connection& c, const std::string& key) {
    const auto* s = c.find(key);
    return s ? s->value : std::string{"<unset>"};
}

}  // namespace

TEST_CASE("cli contexts file: the documented subset parses") {
    const auto file = parse_contexts(kContexts, "config.yml");
    REQUIRE(file.current_context);
    CHECK(*file.current_context == "local");
    REQUIRE(file.contexts.size() == 4);
    const auto* prod = file.find("prod");
    REQUIRE(prod);
    CHECK(*prod->setting("bootstrap") == "kafka-1:9093,kafka-2:9093");
    REQUIRE(prod->properties.size() == 2);
    CHECK(prod->properties[1].first == "socket.keepalive.enable");
    CHECK(*file.find("listed")->setting("bootstrap") == "b1:9092,b2:9092");
}

TEST_CASE("cli contexts file: mistakes are named with their line") {
    const auto fails_with = [](const char* text, const char* needle) {
        try {
            parse_contexts(text, "f.yml");
            FAIL("accepted: " << text);
        } catch (const CliError& e) {
            CAPTURE(e.what());
            CHECK(std::string{e.what()}.find(needle) != std::string::npos);
        }
    };
    fails_with("contexts:\n  a:\n    bootstrp: x\n", "f.yml:3: unknown setting 'bootstrp'");
    fails_with("current: a\n", "f.yml:1: unknown top-level key");
    fails_with("contexts:\n  a: {bootstrap: x}\n", "f.yml:2: flow collections");
    fails_with("contexts:\n  a:\n\tbootstrap: x\n", "f.yml:3: tabs");
    fails_with("contexts:\n  a:\n    bootstrap: x\n    bootstrap: y\n", "duplicate key");
    fails_with("a b c\n", "expected 'key: value'");
    // What yaml-cpp would accept beyond the documented subset is still refused by name.
    fails_with("contexts:\n  a:\n    bootstrap: &b x\n", "f.yml:3: anchors");
    fails_with("contexts:\n  a:\n    bootstrap: |\n      x\n", "f.yml:3: multi-line");
    fails_with("contexts:\n  a:\n    bootstrap: \"x\n", "f.yml:3: unterminated");
    fails_with("contexts:\n  a:\n    bootstrap: x\n---\ncurrent-context: a\n",
               "f.yml:5: only one YAML document");
}

TEST_CASE("cli connection: default, context, env and flags in that order") {
    FakeEnv fake;
    fake.files["/home/u/.kfk/prod.pw"] = "s3cret\n";
    const auto file = parse_contexts(kContexts, "config.yml");

    GlobalFlags flags;
    ContextsFile none;
    auto c = resolve_connection(flags, fake.env(), none);
    CHECK(c.bootstrap() == "127.0.0.1:9092");
    CHECK(c.find("bootstrap.servers")->source == "default");
    CHECK(c.timeout == std::chrono::milliseconds{10000});

    flags.context = "prod";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(c.bootstrap() == "kafka-1:9093,kafka-2:9093");
    CHECK(c.find("bootstrap.servers")->source.find("context prod") == 0);
    CHECK(c.timeout == std::chrono::milliseconds{15000});
    CHECK(value_of(c, "sasl.password") == "s3cret");
    CHECK(c.find("sasl.password")->secret);
    CHECK(c.find("sasl.password")->shown() == "[redacted]");
    CHECK(value_of(c, "ssl.ca.location") == "/etc/ssl/ca.pem");

    fake.vars["KFK_BOOTSTRAP"] = "env-host:9092";
    fake.vars["KFK_TIMEOUT"] = "2s";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(c.bootstrap() == "env-host:9092");
    CHECK(c.find("bootstrap.servers")->source == "env KFK_BOOTSTRAP");
    CHECK(c.timeout == std::chrono::milliseconds{2000});
    // An explicitly chosen context overridden by the environment is worth a warning.
    CHECK_FALSE(c.warnings.empty());

    flags.bootstrap = "flag-host:9092";
    flags.properties = {"bootstrap.servers=x-host:1", "linger.ms=5"};
    flags.timeout = "500ms";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(c.bootstrap() == "flag-host:9092");  // the named flag beats -X
    CHECK(value_of(c, "linger.ms") == "5");
    CHECK(c.timeout == std::chrono::milliseconds{500});
}

TEST_CASE("cli connection: current-context, KFK_CONTEXT and unknown contexts") {
    FakeEnv fake;
    const auto file = parse_contexts(kContexts, "config.yml");
    GlobalFlags flags;
    auto c = resolve_connection(flags, fake.env(), file);
    CHECK(c.context == "local");
    fake.vars["KFK_CONTEXT"] = "listed";
    c = resolve_connection(flags, fake.env(), file);
    CHECK(c.bootstrap() == "b1:9092,b2:9092");
    flags.context = "nope";
    CHECK_THROWS_AS(resolve_connection(flags, fake.env(), file), CliError);
}

TEST_CASE("cli connection: secrets on the command line are refused, references work") {
    FakeEnv fake;
    fake.files["/run/pw"] = "from-file";
    fake.vars["PW"] = "from-env";
    ContextsFile none;
    GlobalFlags flags;
    flags.properties = {"sasl.password=hunter2"};
    try {
        resolve_connection(flags, fake.env(), none);
        FAIL("a literal password was accepted");
    } catch (const CliError& e) {
        CHECK(e.code() == ExitCode::usage);
        CHECK(std::string{e.what()}.find("hunter2") == std::string::npos);
        CHECK(e.hint().find("file:") != std::string::npos);
    }
    flags.properties = {"sasl.password=file:/run/pw"};
    CHECK(value_of(resolve_connection(flags, fake.env(), none), "sasl.password") == "from-file");
    flags.properties = {"sasl.password=env:PW"};
    CHECK(value_of(resolve_connection(flags, fake.env(), none), "sasl.password") == "from-env");
    flags.properties = {"sasl.password=env:MISSING"};
    CHECK_THROWS_AS(resolve_connection(flags, fake.env(), none), CliError);
    flags.properties = {"no-equals-sign"};
    CHECK_THROWS_AS(resolve_connection(flags, fake.env(), none), CliError);

    flags.properties.clear();
    fake.vars["KFK_SASL_PASSWORD"] = "env-pw";
    const auto c = resolve_connection(flags, fake.env(), none);
    CHECK(value_of(c, "sasl.password") == "env-pw");
    CHECK(c.find("sasl.password")->secret);
}

TEST_CASE("cli connection: a readable contexts file with secrets gets a warning") {
    FakeEnv fake;
    auto file = parse_contexts(kContexts, "config.yml");
    file.mode = 0644;
    GlobalFlags flags;
    flags.context = "inline";
    auto c = resolve_connection(flags, fake.env(), file);
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0].find("chmod 600") != std::string::npos);
    CHECK(c.warnings[0].find("hunter2") == std::string::npos);
    file.mode = 0600;
    CHECK(resolve_connection(flags, fake.env(), file).warnings.empty());
    flags.context = "local";
    file.mode = 0644;  // no secrets in use: nothing to warn about
    CHECK(resolve_connection(flags, fake.env(), file).warnings.empty());
}

TEST_CASE("cli use-context rewrites only the current-context line") {
    const std::string text = "# mine\ncontexts:\n  a:\n    bootstrap: x\n";
    const std::string added = with_current_context(text, "a");
    CHECK(added == "current-context: a\n# mine\ncontexts:\n  a:\n    bootstrap: x\n");
    CHECK(with_current_context(added, "b") ==
          "current-context: b\n# mine\ncontexts:\n  a:\n    bootstrap: x\n");
    CHECK(default_contexts_path(nullptr, nullptr, "/home/u") == "/home/u/.config/kfk/config.yml");
    CHECK(default_contexts_path("/x.yml", "/xdg", "/home/u") == "/x.yml");
    CHECK(default_contexts_path(nullptr, "/xdg", "/home/u") == "/xdg/kfk/config.yml");
}
