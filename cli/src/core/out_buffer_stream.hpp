// A RapidJSON output stream over OutBuffer, so a rapidjson::Writer writes records straight
// into the consume output buffer. Like RapidJSON's own StringBuffer, the Writer reserves the
// worst case once per string (PutReserve) and then writes into it unchecked (PutUnsafe).
#pragma once

#include <rapidjson/stream.h>

#include <cstddef>

#include "core/out_buffer.hpp"

namespace kfk::cli {

class OutBufferStream {
  public:
    using Ch = char;

    explicit OutBufferStream(OutBuffer& out) noexcept : out_(out) {}
    OutBufferStream(const OutBufferStream&) = delete;
    OutBufferStream& operator=(const OutBufferStream&) = delete;
    ~OutBufferStream() { Flush(); }

    void Reserve(std::size_t n) {
        Flush();
        begin_ = cursor_ = out_.reserve(n);
        end_ = begin_ + n;
    }
    void PutUnsafe(char c) noexcept { *cursor_++ = c; }
    void Put(char c) {
        if (cursor_ == end_) Reserve(64);
        *cursor_++ = c;
    }
    // Commits what was written to the OutBuffer (it is not written to the fd here).
    void Flush() noexcept {
        out_.commit(static_cast<std::size_t>(cursor_ - begin_));
        begin_ = cursor_;
    }

  private:
    OutBuffer& out_;
    char* begin_ = nullptr;
    char* cursor_ = nullptr;
    char* end_ = nullptr;
};

}  // namespace kfk::cli

namespace rapidjson {

template <>
inline void PutReserve(kfk::cli::OutBufferStream& stream, size_t count) {
    stream.Reserve(count);
}
template <>
inline void PutUnsafe(kfk::cli::OutBufferStream& stream, char c) {
    stream.PutUnsafe(c);
}

}  // namespace rapidjson
