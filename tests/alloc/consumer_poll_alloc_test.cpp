// Checks the consume-path promise: once warmed up, poll() and poll_batch() (with the default
// at-least-once offset store) perform no heap allocation of their own. Replaces the global
// operator new, so it is its own executable (kfk_consumer_alloc_test). librdkafka is C and
// allocates with malloc: only C++ allocations, i.e. the SDK's and the test's, are counted, and
// only on the polling thread.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>

#include "../unit/consumer_test_support.hpp"

namespace {
thread_local long t_allocations = 0;
}

// The replacements pair malloc with free on purpose; GCC cannot see that through new/delete.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
    ++t_allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    ++t_allocations;
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

using namespace kfk_consumer_test;

namespace {

constexpr int records_per_partition = 400;

// Reads `want` records, counting the C++ allocations made while doing so.
template <class Read>
long allocations_while(Read&& read) {
    const long before = t_allocations;
    read();
    return t_allocations - before;
}

}  // namespace

TEST_CASE("poll() and poll_batch() allocate nothing per record once warmed up") {
    MockCluster mock;
    mock.create_topic("alloc", 2);
    produce(mock, "alloc", records_per_partition, 0);
    produce(mock, "alloc", records_per_partition, 1);
    kfk::BytesConsumer consumer{consumer_config(mock, "alloc-group")};
    consumer.subscribe({"alloc"});

    // Warm-up: the group forms, both partitions deliver, per-partition state is set up.
    int seen = 0;
    bool both = false;
    std::array<bool, 2> partition_seen{};
    for (int i = 0; i < 2000 && !both; ++i) {
        if (auto m = consumer.poll(std::chrono::milliseconds{50}); m && !m->is_error()) {
            partition_seen.at(static_cast<std::size_t>(m->partition())) = true;
            ++seen;
        }
        both = partition_seen[0] && partition_seen[1];
    }
    REQUIRE(both);

    int read = 0;
    const long single = allocations_while([&] {
        for (int i = 0; i < 2000 && read < 200; ++i) {
            auto m = consumer.poll(std::chrono::milliseconds{100});
            if (m && !m->is_error() && !m->is_partition_eof()) ++read;
        }
    });
    MESSAGE(single << " C++ allocations while poll() returned " << read << " records");
    REQUIRE(read == 200);
    CHECK(single == 0);

    std::vector<kfk::Message> batch;
    batch.reserve(64);
    int batched = 0;
    const long in_batches = allocations_while([&] {
        for (int i = 0; i < 2000 && batched < 2 * records_per_partition - seen - 200; ++i) {
            consumer.poll_batch(batch, 64, std::chrono::milliseconds{100});
            for (const auto& m : batch) {
                if (!m.is_error() && !m.is_partition_eof()) ++batched;
            }
        }
    });
    MESSAGE(in_batches << " C++ allocations while poll_batch() returned " << batched << " records");
    CHECK(batched == 2 * records_per_partition - seen - 200);
    CHECK(in_batches == 0);
}

TEST_CASE("a typed Consumer with borrowing types allocates nothing per record either") {
    MockCluster mock;
    mock.create_topic("alloc-typed", 1);
    produce(mock, "alloc-typed", 300, 0);
    kfk::Consumer<std::string_view, std::string_view> consumer{
        consumer_config(mock, "alloc-typed-group")};
    consumer.subscribe({"alloc-typed"});
    std::vector<kfk::ConsumerRecord<std::string_view, std::string_view>> batch;
    batch.reserve(64);
    int seen = 0;
    for (int i = 0; i < 2000 && seen == 0; ++i) {  // warm-up: group formed, fetching
        consumer.poll_batch(batch, 64, std::chrono::milliseconds{50});
        seen += static_cast<int>(batch.size());
    }
    REQUIRE(seen > 0);
    int read = 0;
    std::size_t bytes = 0;
    const long allocations = allocations_while([&] {
        for (int i = 0; i < 2000 && seen + read < 300; ++i) {
            if (i % 2 == 0) {
                auto r = consumer.poll(std::chrono::milliseconds{100});
                if (r && r->value()) {
                    bytes += r->value()->size();
                    ++read;
                }
            } else {
                consumer.poll_batch(batch, 64, std::chrono::milliseconds{100});
                for (const auto& r : batch) bytes += r.value() ? r.value()->size() : 0;
                read += static_cast<int>(batch.size());
            }
        }
    });
    MESSAGE(allocations << " C++ allocations for " << read << " typed records (" << bytes
                        << " value bytes)");
    CHECK(seen + read == 300);
    CHECK(allocations == 0);
}
