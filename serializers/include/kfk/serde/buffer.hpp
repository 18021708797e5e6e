// kfk/serde/buffer.hpp - the output buffer serializers write into.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

#include "kfk/serde/bytes.hpp"

namespace kfk::serde {

// Growable byte buffer with `inline_capacity` bytes of inline storage.
//
// The SDK keeps one on the stack per send, so encodings up to inline_capacity bytes never
// touch the heap; longer ones move to a heap block that doubles as needed. clear() keeps
// the capacity, so a long-lived Buffer can be reused without reallocating.
//
// Every pointer or view obtained from a Buffer (data(), view(), grow(), a Bytes returned
// by Serde<T>::serialize) is invalidated by the next call that adds bytes, by reserve(),
// and by moving the Buffer. Serialize key and value into two Buffers, or take the views
// only after both are written.
class Buffer {
  public:
    static constexpr std::size_t inline_capacity = 256;

    Buffer() noexcept = default;

    explicit Buffer(std::size_t initial_capacity) { reserve(initial_capacity); }

    Buffer(const Buffer& other) { append(other.data_, other.size_); }

    Buffer(Buffer&& other) noexcept { steal(other); }

    Buffer& operator=(const Buffer& other) {
        if (this != &other) {
            clear();
            append(other.data_, other.size_);
        }
        return *this;
    }

    Buffer& operator=(Buffer&& other) noexcept {
        if (this != &other) {
            release();
            steal(other);
        }
        return *this;
    }

    ~Buffer() { release(); }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    // True while the bytes still live in the inline storage (no heap block yet).
    [[nodiscard]] bool is_inline() const noexcept { return data_ == inline_; }

    [[nodiscard]] std::byte* data() noexcept { return data_; }
    [[nodiscard]] const std::byte* data() const noexcept { return data_; }
    [[nodiscard]] Bytes view() const noexcept { return {data_, size_}; }
    // The bytes from `offset` to the end; handy to return what one serialize() appended.
    [[nodiscard]] Bytes view_from(std::size_t offset) const noexcept {
        return offset < size_ ? Bytes{data_ + offset, size_ - offset} : Bytes{};
    }

    // Drops the contents, keeps the capacity.
    void clear() noexcept { size_ = 0; }

    // Ensures capacity() >= n; never shrinks.
    void reserve(std::size_t n) {
        if (n > capacity_) reallocate(n);
    }

    // Ensures n more bytes can be appended without reallocating (grows geometrically, so
    // calling it before every small write stays amortized O(1)).
    void reserve_extra(std::size_t n) {
        if (n > capacity_ - size_) grow_for(n);
    }

    // Appends n uninitialized bytes and returns a pointer to the first of them.
    [[nodiscard]] std::byte* grow(std::size_t n) {
        if (n > capacity_ - size_) grow_for(n);
        std::byte* p = data_ + size_;
        size_ += n;
        return p;
    }

    // Sets the size; new bytes (if growing) are uninitialized. Used to roll back a
    // partial write, e.g. resize(size_before).
    void resize(std::size_t n) {
        if (n > size_) {
            (void)grow(n - size_);
        } else {
            size_ = n;
        }
    }

    void push_back(std::byte b) {
        if (size_ == capacity_) grow_for(1);
        data_[size_++] = b;
    }

    void append(const void* p, std::size_t n) {
        if (n == 0) return;
        // Appending a slice of ourselves must survive the reallocation below.
        const auto* src = static_cast<const std::byte*>(p);
        if (src >= data_ && src < data_ + size_ && n > capacity_ - size_) {
            const std::size_t offset = static_cast<std::size_t>(src - data_);
            grow_for(n);
            src = data_ + offset;
        }
        std::memcpy(grow(n), src, n);
    }

    void append(Bytes b) { append(b.data(), b.size()); }

  private:
    void grow_for(std::size_t extra) {
        if (extra > max_size() - size_) throw std::length_error("kfk::serde::Buffer: too large");
        const std::size_t needed = size_ + extra;
        std::size_t next = capacity_ > max_size() / 2 ? max_size() : capacity_ * 2;
        if (next < needed) next = needed;
        reallocate(next);
    }

    void reallocate(std::size_t new_capacity) {
        auto* block = new std::byte[new_capacity];
        if (size_ != 0) std::memcpy(block, data_, size_);
        release();
        data_ = block;
        capacity_ = new_capacity;
    }

    void release() noexcept {
        if (!is_inline()) delete[] data_;
        data_ = inline_;
        capacity_ = inline_capacity;
    }

    // Requires: *this holds no heap block (fresh or just released).
    void steal(Buffer& other) noexcept {
        if (other.is_inline()) {
            if (other.size_ != 0) std::memcpy(inline_, other.inline_, other.size_);
            size_ = other.size_;
        } else {
            data_ = other.data_;
            capacity_ = other.capacity_;
            size_ = other.size_;
            other.data_ = other.inline_;
            other.capacity_ = inline_capacity;
        }
        other.size_ = 0;
    }

    static constexpr std::size_t max_size() noexcept { return static_cast<std::size_t>(-1) / 2; }

    std::byte* data_ = inline_;
    std::size_t size_ = 0;
    std::size_t capacity_ = inline_capacity;
    alignas(std::max_align_t) std::byte inline_[inline_capacity];
};

}  // namespace kfk::serde
