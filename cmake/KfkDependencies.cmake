# Finds every third-party dependency once, for all layers.
include_guard(GLOBAL)

find_package(PkgConfig REQUIRED)

# librdkafka: Kafka 4.x removed old protocol versions (KIP-896); older librdkafka silently
# disables gzip/snappy/lz4 against it and mis-detects features (librdkafka #4948/#4956).
set(KFK_RDKAFKA_MIN_VERSION 2.11.1)
pkg_check_modules(RDKAFKA QUIET IMPORTED_TARGET GLOBAL rdkafka)
if(NOT RDKAFKA_FOUND)
    message(FATAL_ERROR
        "kfk: librdkafka was not found through pkg-config (need >= ${KFK_RDKAFKA_MIN_VERSION}).\n"
        "Fix: run scripts/setup.sh, then configure with "
        "-DCMAKE_PREFIX_PATH=\"$(scripts/setup.sh --print-prefix)\" "
        "(scripts/build.sh does both).")
endif()
if(RDKAFKA_VERSION VERSION_LESS KFK_RDKAFKA_MIN_VERSION)
    message(FATAL_ERROR
        "kfk: librdkafka ${RDKAFKA_VERSION} found (${RDKAFKA_PREFIX}), but kfk needs >= "
        "${KFK_RDKAFKA_MIN_VERSION} for Apache Kafka 4.x (older versions silently disable "
        "gzip/snappy/lz4 compression and trip over removed protocol versions).\n"
        "Fix: run scripts/setup.sh (it builds a newer librdkafka into a per-user cache), then "
        "configure with -DCMAKE_PREFIX_PATH=\"$(scripts/setup.sh --print-prefix)\" "
        "(scripts/build.sh does both).")
endif()
message(STATUS "kfk: librdkafka ${RDKAFKA_VERSION} from ${RDKAFKA_PREFIX}")

find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(RapidJSON REQUIRED)
find_package(CLI11 2.1 REQUIRED)
if(KFK_BUILD_TESTS)
    find_package(doctest 2.4 REQUIRED)
endif()
