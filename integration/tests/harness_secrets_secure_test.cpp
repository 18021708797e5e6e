// What kafka.sh start --secure promises about its secrets, checked on the running harness
// broker: no process's command line holds a password (ps shows every command line to every
// user), the files that hold secrets are 0600, and the format log does not list the SCRAM
// credentials' salts and keys.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSecrets{"admin.password", "alice.password", "bob.password",
                                        "keystore.password"};

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE_MESSAGE(::stat(path.c_str(), &st) == 0, "cannot stat " << path);
    return static_cast<unsigned>(st.st_mode & 0777);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("no command line of any process shows a harness password") {
    const auto& env = kfk_test::secure_env();
    std::vector<std::string> secrets;
    for (const auto& name : kSecrets) secrets.push_back(kfk_test::read_file(env.file(name)));
    // The broker must be up (this test runs under its fixture): its JVM is among the scanned.
    REQUIRE(!kfk_test::harness_output({"pid", "single"}).empty());

    int scanned = 0;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string cmdline;
        try {
            cmdline = kfk_test::read_file(entry.path().string() + "/cmdline");
        } catch (const std::exception&) {
            continue;  // gone meanwhile
        }
        ++scanned;
        for (std::size_t i = 0; i < secrets.size(); ++i) {
            CHECK_MESSAGE(cmdline.find(secrets[i]) == std::string::npos,
                          "pid " << name << "'s command line holds " << kSecrets[i]);
        }
    }
    CHECK(scanned > 1);
}

TEST_CASE("the files that hold secrets are readable by their owner only") {
    const auto& env = kfk_test::secure_env();
    CHECK(mode_of(env.dir) == 0700);
    for (const auto& name : kSecrets) {
        CAPTURE(name);
        CHECK(mode_of(env.file(name)) == 0600);
    }
    for (const auto& name : {"admin.key", "alice.key", "bob.key", "rogue.key", "broker.key",
                             "ca.key", "rogue-ca.key", "broker.p12"}) {
        CAPTURE(name);
        CHECK(mode_of(env.file(name)) == 0600);
    }
    // KFK_SECURE_DIR is $KFK_RUN_DIR/secure; the single node's config holds the JAAS lines.
    const auto run_dir = fs::path(env.dir).parent_path();
    const auto conf = (run_dir / "single" / "server.properties").string();
    CHECK(mode_of(conf) == 0600);
    CHECK(kfk_test::read_file(conf).find(kfk_test::read_file(env.file("alice.password"))) !=
          std::string::npos);  // the file checked is really the one with the secrets
}

TEST_CASE("the format log names the SCRAM users without their salts and keys") {
    const auto run_dir = fs::path(kfk_test::secure_env().dir).parent_path();
    const auto log = kfk_test::read_file((run_dir / "logs" / "single" / "format.log").string());
    CHECK(log.find("UserScramCredentialRecord(name='alice'") != std::string::npos);
    for (const std::string field : {"salt=[", "storedKey=[", "serverKey=["}) {
        CAPTURE(field);
        CHECK(count(log, field) == 6);  // 3 users x 2 mechanisms
        CHECK(count(log, field + "redacted]") == 6);
    }
    for (const auto& name : kSecrets) {
        CHECK(log.find(kfk_test::read_file(kfk_test::secure_env().file(name))) ==
              std::string::npos);
    }
}
