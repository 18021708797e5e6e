#!/usr/bin/env bash
# kfk vs raw librdkafka: throughput and CPU against the local broker and the mock cluster
# (bench/sdk_bench.cpp), then instructions per record on the sending thread under callgrind.
# Prints markdown tables (progress goes to stderr).
#
#   bench/run_sdk_bench.sh [build-dir]        default build-dir: build
#   QUICK=1 bench/run_sdk_bench.sh            100k x 100 B and 20k x 1 KB instead of 1M / 200k
#   ROUNDS=5 ...                              alternating rounds per workload (default 3)
#   KFK_BOOTSTRAP=host:port ...               the broker (default 127.0.0.1:9092)
#   SKIP_BROKER=1 / SKIP_MOCK=1 / SKIP_CALLGRIND=1
set -euo pipefail

build=${1:-build}
bin=$build/bench/sdk_bench
[[ -x $bin ]] || { echo "no $bin: cmake --build $build --target sdk_bench" >&2; exit 2; }
bootstrap=${KFK_BOOTSTRAP:-127.0.0.1:9092}
rounds=${ROUNDS:-3}
if [[ ${QUICK:-0} == 1 ]]; then
    small=100000 large=20000
else
    small=1000000 large=200000
fi
cg_count=${CG_COUNT:-20000}

echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "- Memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "- Kernel: $(uname -r); compiler: $(c++ --version | head -1)"
echo "- librdkafka: $("$bin" --version)"
echo "- kfk: $(git -C "$(dirname "$0")/.." rev-parse --short HEAD 2>/dev/null || echo '?')," \
     "build type $(grep -m1 CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2)"
echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

run() {  # target-args...
    "$bin" "$@" --count "$small" --size 100 --rounds "$rounds"
    "$bin" "$@" --count "$large" --size 1000 --rounds "$rounds"
}

if [[ ${SKIP_BROKER:-0} != 1 ]]; then
    echo "## Against the broker ($bootstrap)"
    run --bootstrap "$bootstrap"
    echo
fi
if [[ ${SKIP_MOCK:-0} != 1 ]]; then
    echo "## Against librdkafka's mock cluster (in process)"
    run --mock
    echo
fi

if [[ ${SKIP_CALLGRIND:-0} != 1 ]]; then
    command -v valgrind > /dev/null || { echo "valgrind not found" >&2; exit 2; }
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    echo "## Instructions per record on the sending thread (callgrind, mock cluster, $cg_count x 100 B)"
    echo
    echo "| impl | instructions/record | vs raw (producev) | vs raw-rkt (produce with topic handle) |"
    echo "|---|---|---|---|"
    declare -A ir
    for impl in raw raw-rkt kfk-bytes kfk-typed; do
        echo "  callgrind $impl" >&2
        valgrind --tool=callgrind --separate-threads=yes --collect-atstart=no \
            --toggle-collect='bench_loop_*' --callgrind-out-file="$dir/cg.$impl" \
            "$bin" --mock --callgrind "$impl" --count "$cg_count" --size 100 > "$dir/$impl.log" 2>&1 \
            || { cat "$dir/$impl.log" >&2; exit 1; }
        # Thread 1 is the sending thread; the others (librdkafka, kfk's poller) are not counted.
        ir[$impl]=$(awk '/^summary:/ {print $2}' "$dir/cg.$impl-01")
    done
    for impl in raw raw-rkt kfk-bytes kfk-typed; do
        awk -v n="$cg_count" -v x="${ir[$impl]}" -v r="${ir[raw]}" -v k="${ir[raw-rkt]}" -v i="$impl" \
            'BEGIN { printf "| %s | %.0f | %+.0f | %+.0f |\n", i, x / n, (x - r) / n, (x - k) / n }'
    done
fi
