#include "core/time_parse.hpp"

#include <charconv>
#include <cstring>

#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

using std::chrono::milliseconds;

[[noreturn]] void bad_duration(std::string_view text, const std::string& why) {
    throw CliError(ExitCode::usage, "invalid duration '" + std::string{text} + "': " + why,
                   "durations look like 500ms, 30s, 15m, 2h, 1d or 1h30m");
}

[[noreturn]] void bad_time(std::string_view text) {
    throw CliError(ExitCode::usage, "invalid time '" + std::string{text} + "'",
                   "use ISO-8601 (2024-01-15T10:00:00Z, 2024-01-15T10:00:00.5+02:00, "
                   "2024-01-15), epoch milliseconds (1705312800000), now, or a duration "
                   "relative to now (-15m, -2h)");
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// Reads exactly `n` digits at `pos`.
bool take_digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    pos += n;
    out = v;
    return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// ISO-8601 subset; false if `s` is not one.
bool parse_iso8601(std::string_view s, std::int64_t& out_ms) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::int64_t millis = 0;
    if (!take_digits(s, pos, 4, year) || !expect(s, pos, '-') || !take_digits(s, pos, 2, month) ||
        !expect(s, pos, '-') || !take_digits(s, pos, 2, day)) {
        return false;
    }
    int offset_minutes = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return false;
        ++pos;
        if (!take_digits(s, pos, 2, hour) || !expect(s, pos, ':') ||
            !take_digits(s, pos, 2, minute)) {
            return false;
        }
        if (expect(s, pos, ':')) {
            if (!take_digits(s, pos, 2, second)) return false;
            if (expect(s, pos, '.') || expect(s, pos, ',')) {
                // Fractional seconds: keep milliseconds, ignore finer digits.
                int scale = 100;
                std::size_t n = 0;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    if (scale > 0) {
                        millis += (s[pos] - '0') * scale;
                        scale /= 10;
                    }
                    ++pos;
                    ++n;
                }
                if (n == 0) return false;
            }
        }
        if (pos < s.size()) {
            if (s[pos] == 'Z' || s[pos] == 'z') {
                ++pos;
            } else if (s[pos] == '+' || s[pos] == '-') {
                const int sign = s[pos] == '-' ? -1 : 1;
                ++pos;
                int oh = 0, om = 0;
                if (!take_digits(s, pos, 2, oh)) return false;
                expect(s, pos, ':');
                if (!take_digits(s, pos, 2, om)) return false;
                if (oh > 23 || om > 59) return false;
                offset_minutes = sign * (oh * 60 + om);
            } else {
                return false;
            }
        }
        if (pos != s.size()) return false;
        if (hour > 23 || minute > 59 || second > 60) return false;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return false;
    const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
    const std::int64_t seconds = static_cast<std::int64_t>(days) * 86400 + hour * 3600 +
                                 minute * 60 + second - offset_minutes * 60;
    out_ms = seconds * 1000 + millis;
    return true;
}

}  // namespace

milliseconds parse_duration(std::string_view text) {
    if (text.empty()) bad_duration(text, "empty");
    if (all_digits(text)) {
        if (text == "0") return milliseconds{0};
        bad_duration(text, "a unit is missing");
    }
    std::int64_t total = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::int64_t n = 0;
        const auto* begin = text.data() + pos;
        const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), n);
        if (ec != std::errc{} || end == begin) bad_duration(text, "expected a number");
        pos = static_cast<std::size_t>(end - text.data());
        std::size_t unit_end = pos;
        while (unit_end < text.size() && (text[unit_end] < '0' || text[unit_end] > '9')) {
            ++unit_end;
        }
        const auto unit = text.substr(pos, unit_end - pos);
        std::int64_t scale = 0;
        if (unit == "ms") {
            scale = 1;
        } else if (unit == "s") {
            scale = 1000;
        } else if (unit == "m") {
            scale = 60'000;
        } else if (unit == "h") {
            scale = 3'600'000;
        } else if (unit == "d") {
            scale = 86'400'000;
        } else if (unit.empty()) {
            bad_duration(text, "a unit is missing");
        } else {
            bad_duration(text, "unknown unit '" + std::string{unit} + "'");
        }
        total += n * scale;
        pos = unit_end;
    }
    return milliseconds{total};
}

std::int64_t now_epoch_ms() noexcept {
    return std::chrono::duration_cast<milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t parse_time(std::string_view text, std::int64_t now_ms) {
    if (text.empty()) bad_time(text);
    if (text == "now") return now_ms;
    if (all_digits(text)) {
        std::int64_t ms = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (ec != std::errc{} || end != text.data() + text.size()) bad_time(text);
        return ms;
    }
    if (text[0] == '-' || text[0] == '+') {
        const auto d = parse_duration(text.substr(1)).count();
        return text[0] == '-' ? now_ms - d : now_ms + d;
    }
    std::int64_t ms = 0;
    if (!parse_iso8601(text, ms)) bad_time(text);
    return ms;
}

std::size_t format_iso8601(std::int64_t epoch_ms, char* out) noexcept {
    std::int64_t secs = epoch_ms / 1000;
    std::int64_t ms = epoch_ms % 1000;
    if (ms < 0) {
        ms += 1000;
        secs -= 1;
    }
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    const std::chrono::year_month_day ymd{
        std::chrono::sys_days{std::chrono::days{static_cast<int>(days)}}};
    const int year = static_cast<int>(ymd.year());
    const unsigned month = static_cast<unsigned>(ymd.month());
    const unsigned day = static_cast<unsigned>(ymd.day());
    const auto put2 = [](char* p, unsigned v) {
        p[0] = static_cast<char>('0' + v / 10);
        p[1] = static_cast<char>('0' + v % 10);
    };
    char* p = out;
    if (year < 0 || year > 9999) {
        // Outside ISO's 4-digit years: still unambiguous, never truncated.
        const auto r = std::to_chars(p, p + 12, year);
        p = r.ptr;
    } else {
        const unsigned y = static_cast<unsigned>(year);
        put2(p, y / 100);
        put2(p + 2, y % 100);
        p += 4;
    }
    *p++ = '-';
    put2(p, month);
    p += 2;
    *p++ = '-';
    put2(p, day);
    p += 2;
    *p++ = 'T';
    put2(p, static_cast<unsigned>(rem / 3600));
    p += 2;
    *p++ = ':';
    put2(p, static_cast<unsigned>(rem % 3600 / 60));
    p += 2;
    *p++ = ':';
    put2(p, static_cast<unsigned>(rem % 60));
    p += 2;
    *p++ = '.';
    *p++ = static_cast<char>('0' + ms / 100);
    *p++ = static_cast<char>('0' + ms / 10 % 10);
    *p++ = static_cast<char>('0' + ms % 10);
    *p++ = 'Z';
    return static_cast<std::size_t>(p - out);
}

std::string format_iso8601(std::int64_t epoch_ms) {
    char buf[iso8601_max];
    return std::string(buf, format_iso8601(epoch_ms, buf));
}

std::string format_duration(milliseconds d) {
    std::int64_t ms = d.count();
    if (ms == 0) return "0s";
    std::string out;
    if (ms < 0) {
        out += '-';
        ms = -ms;
    }
    const std::pair<std::int64_t, const char*> units[] = {
        {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
    for (const auto& [scale, name] : units) {
        if (ms >= scale) {
            out += std::to_string(ms / scale);
            out += name;
            ms %= scale;
        }
    }
    return out;
}

}  // namespace kfk::cli
