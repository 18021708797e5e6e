#include "core/delimited_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "core/exit_codes.hpp"

namespace kfk::cli {

DelimitedReader::DelimitedReader(int fd, std::string delimiter, std::size_t chunk, bool (*stop)())
    : fd_(fd), delim_(std::move(delimiter)), buf_(chunk), chunk_(chunk), stop_(stop) {}

bool DelimitedReader::fill() {
    if (eof_) return false;
    if (begin_ > 0) {
        // Keep the unfinished record at the front.
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        scan_ -= begin_;
        begin_ = 0;
    }
    if (buf_.size() - end_ < chunk_ / 2) buf_.resize(buf_.size() * 2);
    for (;;) {
        if (stop_) {
            // Wait for input in slices, so that a stop request is seen even while a terminal
            // or an open pipe has nothing to say.
            pollfd p{fd_, POLLIN, 0};
            const int ready = ::poll(&p, 1, 200);
            if (ready < 0 && errno != EINTR) {
                throw CliError(ExitCode::usage,
                               std::string{"cannot read input: "} + std::strerror(errno));
            }
            if (stop_()) {
                interrupted_ = true;
                eof_ = true;
                return false;
            }
            if (ready <= 0) continue;
        }
        const ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw CliError(ExitCode::usage,
                           std::string{"cannot read input: "} + std::strerror(errno));
        }
        if (n == 0) {
            eof_ = true;
            return false;
        }
        end_ += static_cast<std::size_t>(n);
        return true;
    }
}

std::optional<std::string_view> DelimitedReader::next() {
    for (;;) {
        if (!delim_.empty() && scan_ < end_) {
            const char* base = buf_.data();
            const char* found = nullptr;
            if (delim_.size() == 1) {
                found =
                    static_cast<const char*>(std::memchr(base + scan_, delim_[0], end_ - scan_));
            } else if (end_ - scan_ >= delim_.size()) {
                found = static_cast<const char*>(
                    ::memmem(base + scan_, end_ - scan_, delim_.data(), delim_.size()));
            }
            if (found) {
                const auto at = static_cast<std::size_t>(found - base);
                std::string_view rec{base + begin_, at - begin_};
                begin_ = scan_ = at + delim_.size();
                ++number_;
                return rec;
            }
            // A multi-byte delimiter may straddle the end of what was read.
            scan_ = end_ >= delim_.size() - 1 ? std::max(scan_, end_ - (delim_.size() - 1)) : scan_;
        }
        if (!fill()) {
            if (begin_ < end_) {
                std::string_view rec{buf_.data() + begin_, end_ - begin_};
                begin_ = scan_ = end_;
                ++number_;
                return rec;
            }
            return std::nullopt;
        }
    }
}

std::string unescape_delimiter(std::string_view arg) {
    std::string out;
    for (std::size_t i = 0; i < arg.size(); ++i) {
        if (arg[i] != '\\' || i + 1 == arg.size()) {
            out += arg[i];
            continue;
        }
        switch (arg[++i]) {
            case 't':
                out += '\t';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case '0':
                out += '\0';
                break;
            case '\\':
                out += '\\';
                break;
            default:
                out += '\\';
                out += arg[i];
        }
    }
    return out;
}

}  // namespace kfk::cli
