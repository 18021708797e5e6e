// The kfk command's conventions: --help with examples on every command, --version with the
// librdkafka version, completion scripts, contexts file and connection precedence, secrets
// redacted and readable secret files warned about.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cli_run.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::run_kfk;

namespace {

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

const std::vector<std::vector<std::string>> kCommands{{"topic", "create"},
                                                      {"topic", "list"},
                                                      {"topic", "describe"},
                                                      {"topic", "alter"},
                                                      {"topic", "add-partitions"},
                                                      {"topic", "delete"},
                                                      {"topic", "offsets"},
                                                      {"produce"},
                                                      {"consume"},
                                                      {"group", "list"},
                                                      {"group", "describe"},
                                                      {"group", "lag"},
                                                      {"group", "reset-offsets"},
                                                      {"group", "delete"},
                                                      {"cluster", "describe"},
                                                      {"acl", "list"},
                                                      {"acl", "create"},
                                                      {"acl", "delete"},
                                                      {"acl", "apply"},
                                                      {"user", "list"},
                                                      {"user", "describe"},
                                                      {"user", "create"},
                                                      {"user", "alter"},
                                                      {"user", "delete"},
                                                      {"config"},
                                                      {"completion"},
                                                      {"version"}};

struct TempDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / kfk_test::unique_name("kfk-cli-it");
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text, unsigned mode) const {
        const auto file = (path / name).string();
        std::ofstream{file} << text;
        ::chmod(file.c_str(), mode);
        return file;
    }
};

}  // namespace

TEST_CASE("--help on every command shows usage and examples; --version both versions") {
    for (const auto& cmd : kCommands) {
        auto args = cmd;
        args.push_back("--help");
        const auto r = run_kfk(args);
        CAPTURE(cmd.front() + (cmd.size() > 1 ? " " + cmd[1] : ""));
        CHECK_MESSAGE(r.code == 0, describe(r));
        CHECK(has(r.out, "Examples:"));
        CHECK(has(r.out, "kfk " + cmd.front()));
    }
    const auto top = run_kfk({"--help"});
    CHECK(top.code == 0);
    CHECK(has(top.out, "Exit codes:"));
    const auto v = run_kfk({"--version"});
    CHECK(v.code == 0);
    CHECK(has(v.out, "kfk 0."));
    CHECK(has(v.out, "librdkafka 2."));
    const auto vj = run_kfk({"version", "-o", "json"});
    REQUIRE_MESSAGE(vj.code == 0, describe(vj));
    CHECK(vj.json()["kfk"].get<std::string>().starts_with("0."));
    CHECK(vj.json()["librdkafka"].get<std::string>().starts_with("2."));
}

TEST_CASE("completion scripts for bash and zsh; bash completes commands, flags and topics") {
    const auto bash = run_kfk({"completion", "bash"});
    REQUIRE_MESSAGE(bash.code == 0, describe(bash));
    CHECK(has(bash.out, "complete -F _kfk kfk"));
    const auto zsh = run_kfk({"completion", "zsh"});
    REQUIRE_MESSAGE(zsh.code == 0, describe(zsh));
    CHECK(has(zsh.out, "#compdef kfk"));
    CHECK(has(zsh.out, "compdef _kfk kfk"));
    CHECK(run_kfk({"completion", "fish"}).code == 1);

    TempDir dir;
    const auto script = dir.write("kfk.bash", bash.out, 0644);
    const std::string topic = kfk_test::unique_name("complete-me");
    REQUIRE(run_kfk({"topic", "create", topic, "-p", "1"}).code == 0);
    // A `kfk` on PATH for the dynamic topic completion.
    const auto bin = dir.path / "bin";
    std::filesystem::create_directories(bin);
    std::filesystem::create_symlink(KFK_CLI_PATH, bin / "kfk");
    const auto complete = [&](const std::string& words, int cword) {
        const auto driver = dir.write("complete.sh",
                                      "export PATH='" + bin.string() +
                                          "':$PATH\n"
                                          "source '" +
                                          script +
                                          "'\n"
                                          "COMP_WORDS=(" +
                                          words +
                                          ")\n"
                                          "COMP_CWORD=" +
                                          std::to_string(cword) +
                                          "\n"
                                          "_kfk\n"
                                          "printf '%s\\n' \"${COMPREPLY[@]}\"\n",
                                      0644);
        const std::string out_file = (dir.path / "out").string();
        const int rc = std::system(("bash '" + driver + "' > '" + out_file + "'").c_str());
        REQUIRE(rc == 0);
        std::ifstream in{out_file};
        return std::string{std::istreambuf_iterator<char>{in}, {}};
    };
    CHECK(complete("kfk to", 1) == "topic\n");
    CHECK(has(complete("kfk topic ''", 2), "add-partitions\n"));
    CHECK(complete("kfk consume x --fr", 3) == "--from\n");
    CHECK(complete("kfk consume x -o ''", 4) == "table\njson\nyaml\n");
    CHECK(has(complete("kfk topic describe complete-me", 3), topic));
}

TEST_CASE("contexts file: current context, --context, use-context, env beats file") {
    TempDir dir;
    const std::string config = dir.write("config.yml",
                                         "current-context: broken\n"
                                         "contexts:\n"
                                         "  broken:\n"
                                         "    bootstrap: 127.0.0.1:1\n"
                                         "    timeout: 2s\n"
                                         "  local:\n"
                                         "    bootstrap: " +
                                             kfk_test::bootstrap() + "\n",
                                         0600);
    // Without KFK_BOOTSTRAP the file decides.
    const std::vector<std::string> env{"KFK_CONFIG=" + config, "KFK_BOOTSTRAP="};
    auto r = run_kfk({"cluster", "describe"}, {}, env);
    CHECK_MESSAGE(r.code == 5, describe(r));
    CHECK(has(r.err, "127.0.0.1:1"));
    r = run_kfk({"--context", "local", "cluster", "describe"}, {}, env);
    CHECK_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"config", "get-contexts", "-o", "json"}, {}, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK(r.json()["current_context"] == "broken");
    CHECK(r.json()["contexts"].size() == 2);

    r = run_kfk({"config", "use-context", "local"}, {}, env);
    CHECK_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"config", "current-context"}, {}, env);
    CHECK(r.out == "local\n");
    r = run_kfk({"cluster", "describe"}, {}, env);
    CHECK_MESSAGE(r.code == 0, describe(r));
    r = run_kfk({"config", "use-context", "nope"}, {}, env);
    CHECK_MESSAGE(r.code == 2, describe(r));

    // Environment beats the file, flags beat the environment.
    r = run_kfk({"config", "-o", "json"}, {},
                {"KFK_CONFIG=" + config, "KFK_BOOTSTRAP=127.0.0.1:1"});
    const auto shown = r.json();
    bool checked = false;
    for (const auto& s : shown["settings"]) {
        if (s["key"] != "bootstrap.servers") continue;
        checked = true;
        CHECK(s["value"] == "127.0.0.1:1");
        CHECK(s["source"] == "env KFK_BOOTSTRAP");
    }
    CHECK(checked);
    r = run_kfk({"-b", kfk_test::bootstrap(), "cluster", "describe"}, {},
                {"KFK_CONFIG=" + config, "KFK_BOOTSTRAP=127.0.0.1:1"});
    CHECK_MESSAGE(r.code == 0, describe(r));

    r = run_kfk({"--context", "nope", "topic", "list"}, {}, env);
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "unknown context 'nope'"));
    const auto bad = dir.write("bad.yml", "contexts:\n  x:\n    bootstrp: y\n", 0600);
    r = run_kfk({"topic", "list"}, {}, {"KFK_CONFIG=" + bad});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "bad.yml:3: unknown setting 'bootstrp'"));
}

TEST_CASE("secrets: never printed; a readable file holding them gets a warning") {
    TempDir dir;
    const std::string secret = "pa55-" + kfk_test::unique_name("w");
    const std::string config = dir.write("config.yml",
                                         "current-context: s\n"
                                         "contexts:\n"
                                         "  s:\n"
                                         "    bootstrap: " +
                                             kfk_test::bootstrap() +
                                             "\n"
                                             "    sasl-username: alice\n"
                                             "    sasl-password: " +
                                             secret + "\n",
                                         0644);
    const std::vector<std::string> env{"KFK_CONFIG=" + config, "KFK_BOOTSTRAP="};
    for (const auto& fmt : {"table", "json", "yaml"}) {
        const auto r = run_kfk({"config", "-o", fmt, "-v"}, {}, env);
        CAPTURE(fmt);
        CHECK_MESSAGE(r.code == 0, describe(r));
        CHECK_FALSE(has(r.out + r.err, secret));
        CHECK(has(r.out, "[redacted]"));
        CHECK(has(r.err, "chmod 600"));
    }
    ::chmod(config.c_str(), 0600);
    auto r = run_kfk({"config"}, {}, env);
    CHECK_FALSE(has(r.err, "chmod 600"));

    // From a secret file, from the environment: still redacted.
    const auto pw_file = dir.write("pw", secret + "\n", 0600);
    r = run_kfk({"-X", "sasl.password=file:" + pw_file, "config", "-o", "json"});
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_FALSE(has(r.out + r.err, secret));
    r = run_kfk({"config"}, {}, {"KFK_SASL_PASSWORD=" + secret});
    CHECK_FALSE(has(r.out + r.err, secret));
    CHECK(has(r.out, "env KFK_SASL_PASSWORD"));
    // A bad property next to a secret: the error does not echo the secret either.
    r = run_kfk(
        {"-X", "sasl.password=file:" + pw_file, "-X", "no.such.property=1", "topic", "list"});
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK(has(r.err, "no.such.property"));
    CHECK_FALSE(has(r.out + r.err, secret));
}
