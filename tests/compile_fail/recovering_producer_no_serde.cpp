// Must NOT compile: the SDK's TypedRecoveringProducer over a value type with no Serde<T>.
// The first compiler error must be kfk's "kfk: no serializer for this type ..." line.
#include <string>

#include "kfk/kfk.hpp"

namespace {
struct NoSerde {
    int x = 0;
};
}  // namespace

int main() {
    kfk::TypedRecoveringProducer<std::string, NoSerde> producer{kfk::ProducerConfig{}};
    (void)producer.send("topic", std::string("key"), NoSerde{});
    return 0;
}
