// Checks the produce-path promise: serializing strings, numbers and a small RapidJSON struct
// into a fresh stack Buffer performs no heap allocation. Replaces the global operator new,
// so it is its own executable (kfk_serde_alloc_test), not part of kfk_unit_tests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "kfk/serde/json_rapid.hpp"
#include "kfk/serde/serde.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

// The replacements pair malloc with free on purpose; GCC cannot see that through new/delete.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

namespace kfk_test_alloc {

struct Quote {
    std::string symbol;
    std::int64_t ts = 0;
    double bid = 0;
    double ask = 0;
    std::uint32_t size = 0;
    bool firm = false;
    std::optional<std::string> venue;
    std::vector<int> flags;
};

void write_json(kfk::serde::JsonWriter& w, const Quote& q) {
    using kfk::serde::rapid::write_field;
    w.StartObject();
    write_field(w, "symbol", q.symbol);
    write_field(w, "ts", q.ts);
    write_field(w, "bid", q.bid);
    write_field(w, "ask", q.ask);
    write_field(w, "size", q.size);
    write_field(w, "firm", q.firm);
    write_field(w, "venue", q.venue);
    write_field(w, "flags", q.flags);
    w.EndObject();
}

bool read_json(const rapidjson::Value& v, Quote& q) {
    using kfk::serde::rapid::read_field;
    return read_field(v, "symbol", q.symbol) && read_field(v, "ts", q.ts) &&
           read_field(v, "bid", q.bid) && read_field(v, "ask", q.ask) &&
           read_field(v, "size", q.size) && read_field(v, "firm", q.firm) &&
           read_field(v, "venue", q.venue) && read_field(v, "flags", q.flags);
}

}  // namespace kfk_test_alloc

template <>
struct kfk::serde::Serde<kfk_test_alloc::Quote> : kfk::serde::RapidJson<kfk_test_alloc::Quote> {};

namespace {

// Allocations made while running f (the encoded size is returned through `size`).
template <class F>
long allocations_during(F&& f) {
    const long before = g_allocations.load();
    f();
    return g_allocations.load() - before;
}

}  // namespace

TEST_CASE("the counting operator new sees allocations") {
    CHECK(allocations_during([] {
              std::vector<int> v(100);
              // Let the vector escape so the optimizer cannot elide the allocation.
              asm volatile("" : : "g"(v.data()) : "memory");
          }) == 1);
}

TEST_CASE("serializing strings, numbers and a small RapidJSON struct does not allocate") {
    const std::string key = "a-key-longer-than-the-small-string-buffer-of-std-string";
    const kfk_test_alloc::Quote quote{"ACME", 1700000000123, 101.25, 101.5,
                                      300,    true,          "XNAS", {1, 2, 3}};
    std::size_t json_size = 0;

    const long n = allocations_during([&] {
        kfk::serde::Buffer key_buf;  // as the SDK does: fresh stack Buffers per send
        kfk::serde::Buffer value_buf;
        (void)kfk::serde::Serde<std::string>::serialize(key, key_buf);
        (void)kfk::serde::Serde<std::string_view>::serialize(key, key_buf);
        (void)kfk::serde::Serde<std::int64_t>::serialize(-1, key_buf);
        (void)kfk::serde::Serde<double>::serialize(1.5, key_buf);
        (void)kfk::serde::Serde<bool>::serialize(true, key_buf);
        (void)kfk::serde::Serde<kfk::serde::Null>::serialize({}, key_buf);
        json_size = kfk::serde::Serde<kfk_test_alloc::Quote>::serialize(quote, value_buf).size();
    });
    CHECK(n == 0);
    CHECK(json_size > 100);
    CHECK(json_size < 200);
}

TEST_CASE("only payloads beyond the inline capacity allocate") {
    kfk_test_alloc::Quote big;
    big.symbol = std::string(1000, 's');
    const long n = allocations_during([&] {
        kfk::serde::Buffer buf;
        (void)kfk::serde::Serde<kfk_test_alloc::Quote>::serialize(big, buf);
    });
    CHECK(n >= 1);
    CHECK(n <= 4);  // geometric growth of the Buffer only
}

TEST_CASE("decoding a small RapidJSON struct allocates only for the result") {
    kfk::serde::Buffer buf;
    const kfk_test_alloc::Quote quote{"ACME", 1, 2.5, 3.5, 4, false, std::nullopt, {}};
    const auto payload = kfk::serde::Serde<kfk_test_alloc::Quote>::serialize(quote, buf);
    bool ok = false;
    const long n = allocations_during([&] {
        const auto d = kfk::serde::Serde<kfk_test_alloc::Quote>::deserialize(payload);
        ok = d.ok();
    });
    CHECK(ok);
    CHECK(n == 0);  // "ACME" fits std::string's small buffer; the parse itself uses stack arenas
}
