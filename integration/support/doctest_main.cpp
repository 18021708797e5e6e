// main() for every integration test executable (kfk_add_integration_test links it).
//
// Same as DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN, plus one step first: CTest passes the harness
// broker's address as KFK_IT_DEFAULT_BOOTSTRAP, and it becomes KFK_BOOTSTRAP unless the
// developer already exported KFK_BOOTSTRAP (their own broker, which the kfk_broker fixture then
// only probes). Doing this here rather than in CTest's ENVIRONMENT is what lets an exported
// KFK_BOOTSTRAP win at `ctest` time without a wrapper script around the test binary.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <stdlib.h>  // setenv

#include <cstdlib>

int main(int argc, char** argv) {
    const char* bootstrap = std::getenv("KFK_BOOTSTRAP");
    const char* fallback = std::getenv("KFK_IT_DEFAULT_BOOTSTRAP");
    if ((bootstrap == nullptr || *bootstrap == '\0') && fallback != nullptr && *fallback != '\0') {
        setenv("KFK_BOOTSTRAP", fallback, 1);
    }
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    return context.run();
}
