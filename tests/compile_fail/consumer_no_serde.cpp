// Must NOT compile: the SDK's Consumer over a value type with no Serde<T>.
// The first compiler error must be kfk's "kfk: no deserializer for this type ..." line.
#include <chrono>
#include <string>

#include "kfk/kfk.hpp"

namespace {
struct NoSerde {
    int x = 0;
};
}  // namespace

int main() {
    kfk::Consumer<std::string, NoSerde> consumer{kfk::ConsumerConfig{}};
    auto record = consumer.poll(std::chrono::milliseconds(1));
    (void)record;
    return 0;
}
