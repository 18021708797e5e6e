#include "core/args.hpp"

#include <cstdio>

#include "core/exit_codes.hpp"

namespace kfk::cli {

std::vector<std::pair<std::string, std::string>> parse_assignments(
    const std::vector<std::string>& items, std::string_view flag) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw CliError(ExitCode::usage,
                           std::string{flag} + " expects key=value, got '" + item + "'",
                           "e.g. " + std::string{flag} + " retention.ms=86400000");
        }
        out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return out;
}

void check_topic_name(std::string_view name) {
    const auto bad = [&](const std::string& why) {
        return CliError(ExitCode::usage, "invalid topic name '" + std::string{name} + "': " + why,
                        "topic names are 1-249 characters of letters, digits, '.', '_' and '-'");
    };
    if (name.empty()) throw bad("empty");
    if (name == "." || name == "..") throw bad("'.' and '..' are reserved");
    if (name.size() > 249) throw bad("longer than 249 characters");
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) {
            throw bad(c == ' ' ? std::string{"contains a space"}
                               : std::string{"contains '"} + c + "'");
        }
    }
}

ExitCode report_topic_error(const std::string& topic, const kfk::Error& error) {
    const std::string msg = error.code() == kfk::ErrorCode::unknown_topic_or_partition
                                ? "topic '" + topic + "' does not exist"
                                : "topic '" + topic + "': " + error.to_string();
    std::fprintf(stderr, "kfk: error: %s\n", msg.c_str());
    return exit_code_for(error);
}

Json error_json(const kfk::Error& error) {
    if (!error) return nullptr;
    Json j;
    j["code"] = std::string{error.name()};
    j["message"] = error.message();
    return j;
}

std::string join_ints(const std::vector<std::int32_t>& v) {
    std::string s;
    for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
    return s;
}

std::string plural(std::uint64_t n, std::string_view singular, std::string_view plural_form) {
    return std::to_string(n) + " " + std::string{n == 1 ? singular : plural_form};
}

std::string human_bytes(double b) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (b >= 1024 && u < 4) {
        b /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    return buf;
}

}  // namespace kfk::cli
