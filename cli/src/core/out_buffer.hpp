// A buffered writer to a file descriptor (stdout) for the consume hot path: one write() per
// batch of records instead of one per record, and a closed pipe (`kfk consume | head`) seen as
// a clean end instead of a SIGPIPE death or an error.
//
// Thread-safety: one thread at a time.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace kfk::cli {

class OutBuffer {
  public:
    explicit OutBuffer(int fd, std::size_t capacity = 256 * 1024);
    OutBuffer(const OutBuffer&) = delete;
    OutBuffer& operator=(const OutBuffer&) = delete;
    // Flushes what is left; a failure is ignored (call flush() to see it).
    ~OutBuffer();

    void append(std::string_view s) {
        if (size_ + s.size() > buf_.size()) grow(s.size());
        std::memcpy(buf_.data() + size_, s.data(), s.size());
        size_ += s.size();
    }
    void append(char c) {
        if (size_ + 1 > buf_.size()) grow(1);
        buf_[size_++] = c;
    }
    template <class Int>
    void append_int(Int v) {
        if (size_ + 24 > buf_.size()) grow(24);
        const auto r = std::to_chars(buf_.data() + size_, buf_.data() + size_ + 24, v);
        size_ = static_cast<std::size_t>(r.ptr - buf_.data());
    }
    // Room for `n` bytes written directly at the returned pointer; commit() what was used.
    char* reserve(std::size_t n) {
        if (size_ + n > buf_.size()) grow(n);
        return buf_.data() + size_;
    }
    void commit(std::size_t n) noexcept { size_ += n; }

    std::size_t size() const noexcept { return size_; }
    // The buffered bytes, for fixing up what was just appended.
    char* data() noexcept { return buf_.data(); }
    // What is buffered and not yet written.
    std::string_view view() const noexcept { return {buf_.data(), size_}; }
    bool wants_flush() const noexcept { return size_ >= flush_threshold_; }
    // Drops buffered bytes not yet written (e.g. a record whose output was aborted).
    void truncate(std::size_t size) noexcept {
        if (size < size_) size_ = size;
    }

    // Writes everything buffered. False if the reader went away (EPIPE) or another write
    // error happened; `closed()` tells a closed pipe apart.
    bool flush();
    bool closed() const noexcept { return closed_; }
    int last_errno() const noexcept { return errno_; }

  private:
    void grow(std::size_t extra);

    int fd_;
    std::vector<char> buf_;
    std::size_t size_ = 0;
    std::size_t flush_threshold_;
    bool closed_ = false;
    int errno_ = 0;
};

}  // namespace kfk::cli
