// kfk's ways of being given credentials, against the harness broker's secured listeners
// (kafka.sh start --secure): --sasl-password-stdin, a Java client properties file
// (--command-config, and properties-file: in a context) over SASL_SSL with SCRAM-SHA-512 and
// over mTLS, `kfk config` naming who kfk authenticates as — and the password nowhere: not on
// stdout or stderr (also with -v -X debug=all), not in `kfk config`, not in the command line
// or environment of a running kfk (/proc/<pid>/cmdline, /proc/<pid>/environ).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "kfk_test/secure.hpp"
#include "kfk_test/support.hpp"

using cli_it::describe;
using cli_it::Process;
using cli_it::run_kfk;
using kfk_test::Security;
using namespace std::chrono_literals;

namespace {

constexpr int kRecords = 5;

// No KFK_BOOTSTRAP that could point kfk at the PLAINTEXT listener behind the test's back.
const std::vector<std::string> kEnv{"KFK_BOOTSTRAP="};

// A private directory for the test's files, removed at the end.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / kfk_test::unique_name("kfk-cred");
        std::filesystem::create_directories(path);
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
        const auto file = (path / name).string();
        {
            std::ofstream out{file, std::ios::binary | std::ios::trunc};
            out << text;
            REQUIRE_MESSAGE(out.good(), "cannot write " << file);
        }
        ::chmod(file.c_str(), mode);
        return file;
    }
};

std::string numbered(int count, const std::string& prefix) {
    std::string s;
    for (int i = 0; i < count; ++i) s += prefix + std::to_string(i) + "\n";
    return s;
}

std::set<std::string> numbered_set(int count, const std::string& prefix) {
    std::set<std::string> s;
    for (int i = 0; i < count; ++i) s.insert(prefix + std::to_string(i));
    return s;
}

std::vector<std::string> cat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// The SASL_SSL/SCRAM-SHA-512 settings as flags, without the password.
std::vector<std::string> scram_flags(const kfk_test::SecureClient& client) {
    std::vector<std::string> args{"-b", client.bootstrap};
    for (const auto& [k, v] : client.properties) args.insert(args.end(), {"-X", k + "=" + v});
    return args;
}

// A Java client properties file as a managed-Kafka onboarding page hands it out.
std::string scram_properties(const kfk_test::SecureClient& client, const std::string& user) {
    const auto& env = kfk_test::secure_env();
    return "# SASL_SSL with SCRAM-SHA-512, Java client style\n"
           "bootstrap.servers=" +
           client.bootstrap +
           "\n"
           "security.protocol=SASL_SSL\n"
           "sasl.mechanism=SCRAM-SHA-512\n"
           "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\\n"
           "    username=\"" +
           user + "\" \\\n    password=\"" + client.password() +
           "\";\n"
           "ssl.truststore.type=PEM\n"
           "ssl.truststore.location=" +
           env.file("ca.crt") +
           "\n"
           "ssl.endpoint.identification.algorithm=https\n"
           "acks=all\n"
           "key.serializer=org.apache.kafka.common.serialization.StringSerializer\n";
}

// Creates `topic`, produces kRecords lines (from a file when the password is on stdin), and
// reads them back, all with `conn` (connection arguments) and `input` (kfk's stdin prefix).
void round_trip(const std::vector<std::string>& conn, const std::string& input, const TempDir& dir,
                const std::vector<std::string>& env = kEnv) {
    const auto topic = kfk_test::unique_name("cred");
    auto r = run_kfk(cat({"topic", "create", topic, "--partitions", "2"}, conn), input, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    REQUIRE(kfk_test::eventually(
        [&] {
            r = run_kfk(cat({"topic", "describe", topic}, conn), input, env);
            return r.code == 0;
        },
        30s));
    const auto records = dir.write(topic + ".txt", numbered(kRecords, "cred-"));
    r = run_kfk(cat({"produce", topic, "--file", records}, conn), input, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(
        r.err.find("Produced " + std::to_string(kRecords) + " records") != std::string::npos,
        describe(r));
    r = run_kfk(cat({"consume", topic, "--from", "beginning", "--exit"}, conn), input, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto lines = r.lines();
    CHECK_MESSAGE(
        std::set<std::string>(lines.begin(), lines.end()) == numbered_set(kRecords, "cred-"),
        describe(r));
}

// The pid of the running child of this process whose executable is kfk.
pid_t running_kfk() {
    for (const auto& entry : std::filesystem::directory_iterator{"/proc"}) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat{entry.path() / "stat"};
        std::string text{std::istreambuf_iterator<char>{stat}, {}};
        const auto close = text.rfind(')');
        if (close == std::string::npos || text.find("(kfk)") == std::string::npos) continue;
        // "pid (comm) state ppid ..."
        char state = 0;
        int ppid = 0;
        if (std::sscanf(text.c_str() + close + 1, " %c %d", &state, &ppid) == 2 &&
            ppid == ::getpid()) {
            return static_cast<pid_t>(std::stoi(name));
        }
    }
    return -1;
}

std::string proc_file(pid_t pid, const char* what) {
    std::ifstream in{"/proc/" + std::to_string(pid) + "/" + what, std::ios::binary};
    return std::string{std::istreambuf_iterator<char>{in}, {}};
}

// Checks that nothing kfk printed holds `password`; only positions are reported.
void check_secret_absent(const cli_it::Result& r, const std::string& password) {
    CHECK_MESSAGE(r.out.find(password) == std::string::npos,
                  "password on stdout at byte " << r.out.find(password));
    CHECK_MESSAGE(r.err.find(password) == std::string::npos,
                  "password on stderr at byte " << r.err.find(password));
}

}  // namespace

TEST_CASE("--sasl-password-stdin over SASL_SSL with SCRAM-SHA-512") {
    const auto client = kfk_test::secure_client(Security::sasl_ssl_scram_sha_512, "admin");
    INFO("client: ", client.description, " at ", client.bootstrap);
    const TempDir dir;
    const auto conn = cat(scram_flags(client), {"--sasl-password-stdin"});
    const std::string password_line = client.password() + "\n";

    round_trip(conn, password_line, dir);

    auto r = run_kfk(cat({"config"}, conn), password_line, kEnv);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(
        r.out.find("Authenticates as: user admin (SASL_SSL, SCRAM-SHA-512)") != std::string::npos,
        describe(r));
    CHECK_MESSAGE(r.out.find("flag --sasl-password-stdin") != std::string::npos, describe(r));
    r = run_kfk(cat({"config", "-o", "json"}, conn), password_line, kEnv);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto who = r.json()["authenticates_as"];
    CHECK(who["kind"] == "user");
    CHECK(who["principal"] == "admin");
    CHECK(who["security_protocol"] == "SASL_SSL");
    CHECK(who["sasl_mechanism"] == "SCRAM-SHA-512");

    // kfk produce reading records from stdin cannot also take the password from it.
    const auto topic = kfk_test::unique_name("cred-conflict");
    r = run_kfk(cat({"produce", topic}, conn), password_line + "record\n", kEnv);
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(r.err.find("--sasl-password-stdin cannot be used here: kfk produce reads its "
                             "records from stdin") != std::string::npos,
                  describe(r));
    check_secret_absent(r, client.password());

    // An empty first line is no password.
    r = run_kfk(cat({"cluster", "describe"}, conn), "\n", kEnv);
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(r.err.find("the first line of stdin is empty") != std::string::npos, describe(r));
    r = run_kfk(cat({"cluster", "describe"}, conn), {}, kEnv);  // no stdin at all
    CHECK_MESSAGE(r.code == 1, describe(r));

    // A wrong password from stdin is refused quickly, with exit 6 naming the user.
    const auto start = std::chrono::steady_clock::now();
    r = run_kfk(cat({"cluster", "describe"}, conn), "not-the-password\n", kEnv);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK_MESSAGE(r.code == 6, describe(r));
    CHECK_MESSAGE(r.err.find("user 'admin'") != std::string::npos, describe(r));
    CHECK_MESSAGE(took < 5s, "took " << std::chrono::duration<double>(took).count() << " s");
}

TEST_CASE("--command-config and properties-file: over SASL_SSL with SCRAM-SHA-512") {
    const auto client = kfk_test::secure_client(Security::sasl_ssl_scram_sha_512, "admin");
    INFO("client: ", client.description, " at ", client.bootstrap);
    const TempDir dir;
    const auto props = dir.write("client.properties", scram_properties(client, "admin"));

    round_trip({"--command-config", props}, {}, dir);

    auto r = run_kfk({"config", "--command-config", props}, {}, kEnv);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(
        r.out.find("Authenticates as: user admin (SASL_SSL, SCRAM-SHA-512)") != std::string::npos,
        describe(r));
    CHECK_MESSAGE(r.out.find("(sasl.jaas.config)") != std::string::npos, describe(r));
    // acks and the serializer are not connection settings: noted by kfk config, not applied.
    CHECK_MESSAGE(r.err.find("not applied") != std::string::npos, describe(r));
    CHECK_MESSAGE(r.err.find("key.serializer") != std::string::npos, describe(r));

    // The same file from a context, relative to the contexts file; the context's listing
    // names the user without reading the password.
    const auto contexts = dir.write("config.yml",
                                    "current-context: cloud\ncontexts:\n  cloud:\n"
                                    "    properties-file: client.properties\n");
    const std::vector<std::string> env{"KFK_BOOTSTRAP=", "KFK_CONFIG=" + contexts};
    round_trip({}, {}, dir, env);
    r = run_kfk({"config", "get-contexts", "-o", "json"}, {}, env);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto listed = r.json()["contexts"];
    REQUIRE_MESSAGE(listed.size() == 1, describe(r));
    CHECK_MESSAGE(listed[0]["authenticates_as"]["text"] == "user admin (SASL_SSL, SCRAM-SHA-512)",
                  describe(r));

    // A world-readable file holding the password works, with a warning (as ssh warns).
    ::chmod(props.c_str(), 0644);
    r = run_kfk({"cluster", "describe", "--command-config", props}, {}, kEnv);
    CHECK_MESSAGE(r.code == 0, describe(r));
    CHECK_MESSAGE(r.err.find("holds secrets and is readable by group/others (mode 0644)") !=
                      std::string::npos,
                  describe(r));
    check_secret_absent(r, client.password());

    // A JKS truststore is refused before connecting, saying what to use instead.
    const auto jks = dir.write("jks.properties",
                               "security.protocol=SSL\nssl.truststore.location=/etc/t.jks\n"
                               "ssl.truststore.password=changeit\n");
    r = run_kfk({"cluster", "describe", "--command-config", jks}, {}, kEnv);
    CHECK_MESSAGE(r.code == 1, describe(r));
    CHECK_MESSAGE(r.err.find("a JKS truststore, which librdkafka cannot read") != std::string::npos,
                  describe(r));
    CHECK_MESSAGE(r.err.find("keytool -exportcert") != std::string::npos, describe(r));
}

TEST_CASE("--command-config over mTLS (PEM keystore and truststore)") {
    const auto& env = kfk_test::secure_env();
    const auto client = kfk_test::secure_client(Security::mtls, "admin");
    INFO("client: ", client.description, " at ", client.bootstrap);
    const TempDir dir;
    // Java's PEM keystore: the certificate and its key in one file.
    const auto keystore = dir.write("admin.pem", kfk_test::read_file(env.file("admin.crt")) +
                                                     kfk_test::read_file(env.file("admin.key")));
    const auto props = dir.write("mtls.properties", "bootstrap.servers=" + client.bootstrap +
                                                        "\nsecurity.protocol=SSL\n"
                                                        "ssl.keystore.type=PEM\n"
                                                        "ssl.keystore.location=" +
                                                        keystore +
                                                        "\n"
                                                        "ssl.truststore.type=PEM\n"
                                                        "ssl.truststore.location=" +
                                                        env.file("ca.crt") + "\n");
    round_trip({"--command-config", props}, {}, dir);

    auto r = run_kfk({"config", "--command-config", props, "-o", "json"}, {}, kEnv);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    const auto who = r.json()["authenticates_as"];
    CHECK_MESSAGE(who["kind"] == "certificate", describe(r));
    CHECK_MESSAGE(who["principal"] == "CN=admin", describe(r));
    CHECK_MESSAGE(who["text"] == "client certificate CN=admin from " + keystore + " (SSL)",
                  describe(r));
    CHECK(who["certificate"] == keystore);
}

TEST_CASE("the password is in no output, debug log, kfk config, or a running kfk's argv") {
    const auto client = kfk_test::secure_client(Security::sasl_ssl_scram_sha_512, "admin");
    const std::string password = client.password();
    REQUIRE(password.size() >= 16);
    const TempDir dir;
    const auto props = dir.write("client.properties", scram_properties(client, "admin"));
    const auto topic = kfk_test::unique_name("cred-secret");
    const std::vector<std::string> stdin_conn = cat(scram_flags(client), {"--sasl-password-stdin"});
    const std::vector<std::string> file_conn{"--command-config", props};
    auto r = run_kfk(cat({"topic", "create", topic, "--partitions", "1"}, file_conn), {}, kEnv);
    REQUIRE_MESSAGE(r.code == 0, describe(r));
    REQUIRE(kfk_test::eventually(
        [&] {
            r = run_kfk(cat({"produce", topic, "--value", "first"}, file_conn), {}, kEnv);
            return r.code == 0;
        },
        30s));

    const std::vector<std::string> debug{"-v", "-X", "debug=all"};
    struct Way {
        const char* name;
        std::vector<std::string> conn;
        std::string input;
    };
    const std::vector<Way> ways{{"--sasl-password-stdin", stdin_conn, password + "\n"},
                                {"--command-config", file_conn, {}}};
    for (const auto& way : ways) {
        for (const bool verbose : {true, false}) {
            const auto records = dir.write("records.txt", "x\n");
            const std::vector<std::vector<std::string>> commands{
                {"cluster", "describe"},
                {"topic", "describe", topic},
                {"produce", topic, "--file", records},
                {"consume", topic, "--from", "beginning", "--exit"},
                {"config"},
                {"config", "-o", "json"},
            };
            for (const auto& command : commands) {
                auto args = cat(command, way.conn);
                if (verbose) args = cat(args, debug);
                std::string shown;
                for (const auto& a : args) shown += a + " ";
                INFO(way.name, ": kfk ", shown);
                r = run_kfk(args, way.input, kEnv, 60s);
                check_secret_absent(r, password);
                if (r.out.find(password) != std::string::npos ||
                    r.err.find(password) != std::string::npos) {
                    continue;  // describe(r) would print it
                }
                CHECK_MESSAGE(r.code == 0, describe(r));
                if (command[0] == "config") {
                    CHECK_MESSAGE(r.out.find("[redacted]") != std::string::npos, describe(r));
                } else if (verbose) {
                    CHECK_MESSAGE(r.err.find("SASL") != std::string::npos,
                                  "no SASL debug lines on stderr (" << r.err.size() << " bytes)");
                }
            }
        }

        // A running kfk consume (no --exit): its command line and environment hold no
        // password while it is connected and printing.
        INFO(way.name, ": a running kfk consume");
        Process consume{cat({"consume", topic, "--from", "beginning"}, way.conn), kEnv};
        if (!way.input.empty()) consume.write_stdin(way.input);
        const auto out = consume.read_lines(1, 30s);
        REQUIRE_MESSAGE(out.find("first") != std::string::npos, "kfk consume printed: " << out);
        const pid_t pid = running_kfk();
        REQUIRE_MESSAGE(pid > 0, "no running kfk child found in /proc");
        const auto cmdline = proc_file(pid, "cmdline");
        REQUIRE_MESSAGE(cmdline.find("consume") != std::string::npos,
                        "pid " << pid << " is not the kfk consume");
        CHECK_MESSAGE(cmdline.find(password) == std::string::npos,
                      "password in /proc/" << pid << "/cmdline at byte " << cmdline.find(password));
        const auto environ_text = proc_file(pid, "environ");
        CHECK_MESSAGE(!environ_text.empty(), "/proc/" << pid << "/environ not readable");
        CHECK_MESSAGE(environ_text.find(password) == std::string::npos,
                      "password in /proc/" << pid << "/environ");
        consume.signal(SIGTERM);
        r = consume.wait(30s, true);
        check_secret_absent(r, password);
        CHECK_MESSAGE(r.code == 0, "exit " << r.code);
    }
}
