// Must NOT compile: a Producer-like template over a type with no Serde<T>.
// The first compiler error must be kfk's "kfk: no serializer for this type ..." line
// (checked by expect_first_error.cmake).
#include <string>

#include "kfk/serde/serde.hpp"

namespace {

struct NoSerde {
    int x = 0;
};

// Mirrors how the SDK is expected to guard Producer<K, V>: static_assert in the class body,
// before any member function touches Serde<K>.
template <class K, class V>
class FakeProducer {
    static_assert(kfk::serde::require_serializer<K>());
    static_assert(kfk::serde::require_serializer<V>());

  public:
    void send(const K& key, const V& value) {
        kfk::serde::Buffer key_buf;
        kfk::serde::Buffer value_buf;
        (void)kfk::serde::Serde<K>::serialize(key, key_buf);
        (void)kfk::serde::Serde<V>::serialize(value, value_buf);
    }
};

}  // namespace

int main() {
    FakeProducer<NoSerde, std::string> producer;
    producer.send(NoSerde{}, "value");
    return 0;
}
