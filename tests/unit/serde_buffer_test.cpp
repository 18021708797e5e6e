// Unit tests for kfk::serde::Buffer, Decoded and the byte-view helpers.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <utility>

#include "kfk/serde/serde.hpp"

using kfk::serde::Buffer;
using kfk::serde::Bytes;
using kfk::serde::Decoded;
using kfk::serde::DecodeError;

namespace {

std::string str(Bytes b) {
    return std::string(kfk::serde::as_string_view(b));
}

void fill(Buffer& b, std::size_t n, char c) {
    for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<std::byte>(c));
}

}  // namespace

TEST_SUITE("serde") {
    TEST_CASE("Buffer starts inline and empty") {
        Buffer b;
        CHECK(b.empty());
        CHECK(b.size() == 0);
        CHECK(b.capacity() == Buffer::inline_capacity);
        CHECK(b.is_inline());
        CHECK(b.view().empty());
    }

    TEST_CASE("Buffer stays inline up to inline_capacity, then moves to the heap") {
        Buffer b;
        fill(b, Buffer::inline_capacity, 'a');
        CHECK(b.is_inline());
        CHECK(b.size() == Buffer::inline_capacity);
        b.push_back(std::byte{'b'});
        CHECK_FALSE(b.is_inline());
        CHECK(b.size() == Buffer::inline_capacity + 1);
        CHECK(b.capacity() >= Buffer::inline_capacity * 2);
        const std::string s = str(b.view());
        CHECK(s == std::string(Buffer::inline_capacity, 'a') + "b");
    }

    TEST_CASE("Buffer append, grow, resize, view_from") {
        Buffer b;
        b.append("hello", 5);
        std::byte* p = b.grow(6);
        std::memcpy(p, " world", 6);
        CHECK(str(b.view()) == "hello world");
        CHECK(str(b.view_from(6)) == "world");
        CHECK(b.view_from(11).empty());
        CHECK(b.view_from(100).empty());
        b.resize(5);
        CHECK(str(b.view()) == "hello");
        b.append(kfk::serde::as_bytes("!"));
        CHECK(str(b.view()) == "hello!");
        b.append(nullptr, 0);  // no-op
        CHECK(b.size() == 6);
    }

    TEST_CASE("Buffer grows geometrically across many appends") {
        Buffer b;
        std::string expected;
        for (int i = 0; i < 10000; ++i) {
            const std::string piece = std::to_string(i) + ",";
            b.append(piece.data(), piece.size());
            expected += piece;
        }
        CHECK(str(b.view()) == expected);
        CHECK(b.capacity() < 2 * expected.size() + Buffer::inline_capacity);
    }

    TEST_CASE("Buffer one large grow and reserve") {
        Buffer b;
        b.reserve(10);
        CHECK(b.is_inline());
        b.reserve(100000);
        CHECK(b.capacity() >= 100000);
        CHECK_FALSE(b.is_inline());
        std::byte* p = b.grow(100000);
        std::memset(p, 7, 100000);
        CHECK(b.size() == 100000);
        b.reserve_extra(1);
        CHECK(b.capacity() >= 100001);
    }

    TEST_CASE("Buffer clear keeps capacity for reuse") {
        Buffer b;
        fill(b, 1000, 'x');
        const std::size_t cap = b.capacity();
        b.clear();
        CHECK(b.empty());
        CHECK(b.capacity() == cap);
        CHECK_FALSE(b.is_inline());
    }

    TEST_CASE("Buffer appending a slice of itself survives reallocation") {
        Buffer b;
        fill(b, Buffer::inline_capacity, 'q');
        b.append(b.data(), b.size());  // forces growth while reading from the old block
        CHECK(b.size() == 2 * Buffer::inline_capacity);
        CHECK(str(b.view()) == std::string(2 * Buffer::inline_capacity, 'q'));
    }

    TEST_CASE("Buffer copy and move, inline and heap") {
        for (std::size_t n : {std::size_t{10}, std::size_t{1000}}) {
            CAPTURE(n);
            Buffer a;
            fill(a, n, 'z');
            Buffer copy(a);
            CHECK(str(copy.view()) == str(a.view()));
            CHECK(copy.data() != a.data());

            Buffer moved(std::move(a));
            CHECK(moved.size() == n);
            CHECK(str(moved.view()) == std::string(n, 'z'));
            CHECK(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty and usable
            CHECK(a.is_inline());
            a.append("ok", 2);
            CHECK(str(a.view()) == "ok");

            Buffer assigned;
            fill(assigned, 2000, 'y');
            assigned = std::move(moved);
            CHECK(str(assigned.view()) == std::string(n, 'z'));

            Buffer copy_assigned;
            copy_assigned = copy;
            CHECK(str(copy_assigned.view()) == std::string(n, 'z'));
            copy_assigned = copy_assigned;  // self-assignment is harmless
            CHECK(copy_assigned.size() == n);
        }
    }

    TEST_CASE("Decoded holds a value or an error") {
        Decoded<int> ok = 42;
        CHECK(ok.ok());
        CHECK(static_cast<bool>(ok));
        CHECK(ok.value() == 42);
        CHECK(*ok == 42);
        CHECK(ok.value_or(7) == 42);

        Decoded<int> bad = Decoded<int>::failure("nope");
        CHECK_FALSE(bad.ok());
        CHECK_FALSE(static_cast<bool>(bad));
        CHECK(bad.error().message == "nope");
        CHECK(bad.value_or(7) == 7);

        Decoded<std::string> s = DecodeError{"why"};
        CHECK(s.error().message == "why");

        Decoded<std::string> moved = std::string(100, 'm');
        std::string taken = moved.take();
        CHECK(taken == std::string(100, 'm'));

        Decoded<std::string> in_place(std::in_place, 3, 'k');
        CHECK(in_place->size() == 3);
        CHECK(std::move(in_place).value() == "kkk");
    }

    TEST_CASE("as_bytes / as_string_view do not copy") {
        const std::string s = "abc";
        const Bytes b = kfk::serde::as_bytes(s);
        CHECK(static_cast<const void*>(b.data()) == static_cast<const void*>(s.data()));
        CHECK(b.size() == 3);
        const std::string_view v = kfk::serde::as_string_view(b);
        CHECK(v.data() == s.data());
        CHECK(kfk::serde::as_string_view(Bytes{}).empty());
    }
}
