#include "core/out_buffer.hpp"

#include <unistd.h>

#include <cerrno>

namespace kfk::cli {

OutBuffer::OutBuffer(int fd, std::size_t capacity)
    : fd_(fd), buf_(capacity), flush_threshold_(capacity / 2) {}

OutBuffer::~OutBuffer() {
    (void)flush();
}

void OutBuffer::grow(std::size_t extra) {
    std::size_t cap = buf_.size() ? buf_.size() : 4096;
    while (size_ + extra > cap) cap *= 2;
    buf_.resize(cap);
}

bool OutBuffer::flush() {
    if (closed_ || errno_) {
        size_ = 0;
        return false;
    }
    std::size_t done = 0;
    while (done < size_) {
        const ssize_t n = ::write(fd_, buf_.data() + done, size_ - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            errno_ = errno;
            closed_ = errno == EPIPE;
            size_ = 0;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    size_ = 0;
    return true;
}

}  // namespace kfk::cli
