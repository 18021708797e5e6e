#!/usr/bin/env bash
# Everything, from a fresh Debian/Ubuntu machine: install what kfk needs, build it twice
# (sanitizers for the unit tests, then the normal build), and run every test — unit and
# integration against real Apache Kafka 4.3.1 brokers that CTest starts and stops itself.
#
#   scripts/test.sh            the README's test command; CI runs exactly this
#
# A broker that cannot start fails the run (its logs are printed); nothing is skipped.
# Set KFK_BOOTSTRAP to run the single-broker tests against a broker you already run.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
start=$(date +%s)
stamp() { echo "test.sh: [$(($(date +%s) - start))s] $*"; }

stamp "setup"
scripts/setup.sh

stamp "unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
KFK_TARGET=unit-tests scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DKFK_SANITIZE=ON \
    -DKFK_BUILD_EXAMPLES=OFF -DKFK_BUILD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -L unit --output-on-failure

stamp "all tests (unit + integration against real brokers)"
scripts/build.sh build
status=0
log="$(mktemp)"
set +e
ctest --test-dir build --output-on-failure --timeout 600 -j2 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "test.sh: tests failed; broker logs follow" >&2
    integration/harness/kafka.sh logs 200 >&2 || true
    # Leave no JVM behind even if a fixture cleanup did not run.
    integration/harness/kafka.sh stop --nodes all >/dev/null 2>&1 || true
fi
stamp "done in $(($(date +%s) - start))s, exit $status"
# CTest's summary is the last line of the run.
grep -E '^[0-9]+% tests passed' "$log" | tail -n 1
rm -f "$log"
exit "$status"
