// Lag monitor: prints a group's lag per partition and its Burrow-style status every interval.
//
//   example_lag_monitor GROUP [bootstrap] [interval-seconds] [samples]
//     defaults: 127.0.0.1:9092, 10 s, run until interrupted (samples 0)
//
// Status per partition (see kfk/lag_watch.hpp): OK, WARN (lag grows while commits advance),
// STALL (a member holds the partition but its commits do not move), STOP (no member, commits
// stopped, lag > 0), REWIND (the committed offset went back).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <string>

#include "kfk/kfk.hpp"

using namespace std::chrono_literals;

namespace {

std::string text(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : "-";
}

void print(const kfk::GroupStatus& status, const kfk::GroupLag& lag) {
    std::printf(
        "\ngroup %s  state %s  status %s (worst %s)  total lag %lld\n", status.group.c_str(),
        std::string{to_string(status.state)}.c_str(), std::string{to_string(status.status)}.c_str(),
        std::string{to_string(status.worst)}.c_str(), static_cast<long long>(lag.total_lag));
    std::printf("%-30s %5s %10s %10s %8s %-7s %s\n", "TOPIC", "PART", "COMMITTED", "LOG-END", "LAG",
                "STATUS", "OWNER / REASON");
    for (const auto& s : status.partitions) {
        const auto* p = lag.find({s.topic, s.partition});
        std::printf("%-30s %5d %10s %10s %8s %-7s %s%s\n", s.topic.c_str(), s.partition,
                    text(s.committed).c_str(), p ? std::to_string(p->log_end).c_str() : "-",
                    text(s.lag).c_str(), std::string{to_string(s.status)}.c_str(),
                    s.owner ? (s.owner->client_id + "@" + s.owner->host + ": ").c_str() : "",
                    s.reason.c_str());
    }
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " GROUP [bootstrap] [interval-seconds] [samples]\n";
        return 2;
    }
    const std::string group = argv[1];
    const std::string bootstrap = argc > 2 ? argv[2] : "127.0.0.1:9092";
    const std::chrono::seconds interval{argc > 3 ? std::stoi(argv[3]) : 10};
    const std::size_t samples = argc > 4 ? std::stoul(argv[4]) : 0;

    kfk::Admin admin{kfk::AdminConfig{}.bootstrap_servers(bootstrap)};
    kfk::LagWatcher watcher{admin, group, {.window = 10}};
    const auto count = samples == 0 ? std::numeric_limits<std::size_t>::max() : samples;
    const auto last = watcher.run(count, interval, 10s, print);
    return last.status == kfk::LagStatus::ok ? 0 : 1;
} catch (const kfk::Exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
