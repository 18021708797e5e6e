#!/usr/bin/env bash
# The main job, from a fresh Debian/Ubuntu machine: install what kfk needs, build it, start a
# local Apache Kafka 4.3.1 broker, and walk through the everyday tasks with the kfk command —
# create a topic, produce keyed JSON orders, consume them as a group, and watch the group's lag.
#
#   scripts/demo.sh            the README's first command
#
# The broker keeps running afterwards (127.0.0.1:9092) so you can go on with kfk;
# stop it with: integration/harness/kafka.sh stop
# Set KFK_BOOTSTRAP to use a broker you already run instead.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

scripts/setup.sh
# Only the kfk command: the tests, examples and benchmarks are scripts/test.sh's business.
KFK_TARGET=kfk KFK_JOBS="${KFK_JOBS:-$(nproc)}" scripts/build.sh build >/dev/null
kfk="$REPO_ROOT/build/cli/kfk"

if [ -z "${KFK_BOOTSTRAP:-}" ]; then
    if ! integration/harness/kafka.sh status >/dev/null 2>&1; then
        integration/harness/kafka.sh start
    fi
    export KFK_BOOTSTRAP=127.0.0.1:9092
fi

topic="order-events"
group="order-processor"
run() {
    printf '\n$ %s\n' "$*"
    "$@"
}
orders() {
    local first=$1 last=$2
    for i in $(seq "$first" "$last"); do
        printf 'customer-%d\t{"order_id":%d,"customer":"customer-%d","amount":%d.%02d}\n' \
            $((i % 5)) "$i" $((i % 5)) $((i * 7 % 100)) $((i % 100))
    done
}

echo "== kfk $("$kfk" --version | head -n 1) against $KFK_BOOTSTRAP"
run "$kfk" cluster describe
run "$kfk" topic create "$topic" --partitions 3 --replication-factor 1 --if-not-exists \
    --config retention.ms=86400000
run "$kfk" topic describe "$topic"
printf '\n$ (10 keyed JSON orders) | kfk produce %s --key-delimiter TAB --format json\n' "$topic"
orders 1 10 | "$kfk" produce "$topic" --key-delimiter $'\t' --format json
run "$kfk" consume "$topic" --from beginning --group "$group" --exit \
    --print key,partition,offset
run "$kfk" group describe "$group"
run "$kfk" group lag "$group"
printf '\n$ (5 more orders) | kfk produce %s --key-delimiter TAB --format json\n' "$topic"
orders 11 15 | "$kfk" produce "$topic" --key-delimiter $'\t' --format json
run "$kfk" group lag "$group"
run "$kfk" group lag "$group" --output json
echo
echo "The broker is still running on $KFK_BOOTSTRAP. Try: $kfk --help"
echo "Stop it with: integration/harness/kafka.sh stop"
