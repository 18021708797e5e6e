// Must NOT compile: the SDK's Producer over a key type with no Serde<T>.
// The first compiler error must be kfk's "kfk: no serializer for this type ..." line.
#include <string>

#include "kfk/kfk.hpp"

namespace {
struct NoSerde {
    int x = 0;
};
}  // namespace

int main() {
    kfk::Producer<NoSerde, std::string> producer{kfk::ProducerConfig{}};
    (void)producer.send("topic", NoSerde{}, std::string("value"));
    return 0;
}
