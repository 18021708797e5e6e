// kfk CLI: splitting produce input into records — the bytes between delimiters exactly.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "core/delimited_reader.hpp"

using namespace kfk::cli;

namespace {

// Feeds `input` through a pipe (in small writes) and collects the records.
std::vector<std::string> split(const std::string& input, const std::string& delimiter,
                               std::size_t chunk = 1 << 20) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::thread writer{[&] {
        std::size_t done = 0;
        while (done < input.size()) {
            const auto n =
                ::write(fds[1], input.data() + done, std::min<std::size_t>(3, input.size() - done));
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    }};
    std::vector<std::string> out;
    DelimitedReader reader{fds[0], delimiter, chunk};
    while (auto r = reader.next()) out.emplace_back(*r);
    writer.join();
    ::close(fds[0]);
    return out;
}

}  // namespace

TEST_CASE("cli reader: lines, a last line without newline, empty lines kept") {
    using V = std::vector<std::string>;
    CHECK(split("a\nb\n", "\n") == V{"a", "b"});
    CHECK(split("a\nb", "\n") == V{"a", "b"});
    CHECK(split("a\n\nb\n", "\n") == V{"a", "", "b"});
    CHECK(split("", "\n").empty());
    CHECK(split("\n", "\n") == V{""});
    CHECK(split("a\r\nb\r\n", "\n") == V{"a\r", "b\r"});  // bytes are never changed
}

TEST_CASE("cli reader: multi-byte delimiters across read boundaries, and whole input") {
    using V = std::vector<std::string>;
    CHECK(split("one||two||three", "||", 4) == V{"one", "two", "three"});
    CHECK(split("x<END>y<END>", "<END>", 4) == V{"x", "y"});
    CHECK(split("a|b", "||", 4) == V{"a|b"});
    CHECK(split("all\nof\nit", "", 4) == V{"all\nof\nit"});
    std::string big(100000, 'z');
    CHECK(split(big + "\n" + big, "\n", 16) == V{big, big});
}

TEST_CASE("cli reader: record numbers are line numbers") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string input = "a\nb\nc\n";
    REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
    DelimitedReader reader{fds[0], "\n"};
    REQUIRE(reader.next());
    REQUIRE(reader.next());
    CHECK(reader.record_number() == 2);
    ::close(fds[0]);
}

TEST_CASE("cli delimiter arguments understand \\t \\n \\0") {
    CHECK(unescape_delimiter("\\t") == "\t");
    CHECK(unescape_delimiter("::") == "::");
    CHECK(unescape_delimiter("\\0") == std::string{"\0", 1});
    CHECK(unescape_delimiter("a\\\\b") == "a\\b");
}
