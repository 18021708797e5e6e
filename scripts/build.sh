#!/usr/bin/env bash
# Configures and builds kfk against the librdkafka that scripts/setup.sh provides.
#
#   scripts/build.sh [BUILD_DIR] [extra cmake -D options...]
#
# KFK_TARGET builds one target only (e.g. unit-tests); KFK_JOBS sets the parallelism.
# BUILD_DIR defaults to build/. Run scripts/setup.sh first (test.sh and demo.sh do).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-$REPO_ROOT/build}"
shift || true
jobs="${KFK_JOBS:-$(nproc)}"

prefix="$("$REPO_ROOT/scripts/setup.sh" --print-prefix)"
cmake -S "$REPO_ROOT" -B "$build_dir" -DCMAKE_PREFIX_PATH="$prefix" "$@" >/dev/null
cmake --build "$build_dir" -j"$jobs" ${KFK_TARGET:+--target "$KFK_TARGET"}
