#include "core/start_spec.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "core/exit_codes.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {

StartSpec parse_start_spec(std::string_view text, std::int64_t now_ms) {
    if (text == "beginning" || text == "earliest" || text == "oldest") {
        return {StartSpec::Kind::beginning, 0};
    }
    if (text == "end" || text == "latest" || text == "newest") return {StartSpec::Kind::end, 0};
    if (text == "stored" || text == "committed") return {StartSpec::Kind::stored, 0};
    if (text.starts_with('@')) return {StartSpec::Kind::time, parse_time(text.substr(1), now_ms)};
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (!text.empty() && ec == std::errc{} && end == text.data() + text.size()) {
        if (text.front() == '-') return {StartSpec::Kind::from_end, -n};
        return {StartSpec::Kind::absolute, n};
    }
    throw CliError(ExitCode::usage, "invalid --from '" + std::string{text} + "'",
                   "use beginning, end, stored, an offset (1234), the last N records (-100), a "
                   "time (@2024-01-15T10:00:00Z, @1705312800000) or a time relative to now "
                   "(@-15m)");
}

std::int64_t resolve_start_offset(const StartSpec& spec, std::int64_t low, std::int64_t high,
                                  std::int64_t time_offset) {
    std::int64_t off = high;
    switch (spec.kind) {
        case StartSpec::Kind::beginning:
            off = low;
            break;
        case StartSpec::Kind::end:
        case StartSpec::Kind::stored:
            off = high;
            break;
        case StartSpec::Kind::absolute:
            off = spec.value;
            break;
        case StartSpec::Kind::from_end:
            off = high - spec.value;
            break;
        case StartSpec::Kind::time:
            off = time_offset < 0 ? high : time_offset;
            break;
    }
    return std::clamp(off, low, std::max(low, high));
}

}  // namespace kfk::cli
