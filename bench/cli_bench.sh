#!/usr/bin/env bash
# kfk vs kcat on the same broker with the same producer settings: `kfk produce` / `kcat -P`
# from a file of N lines, and `kfk consume --exit` / `kcat -C -e` of those N records to
# /dev/null. Runs alternate, and which tool goes first flips every round, so that drift and
# warm-up on a shared machine hit both alike; prints every run and the medians with the kfk/kcat ratio (< 1: kfk is faster).
#
#   bench/cli_bench.sh [--records N] [--rounds R] [--value-size B] [--partitions P]
#
# Environment: KFK_BOOTSTRAP (default 127.0.0.1:9092), KFK (the kfk binary, default
# build/cli/kfk), KCAT (default /usr/bin/kcat). kcat runs on the librdkafka kfk was built
# with (LD_LIBRARY_PATH=$HOME/.cache/kfk/librdkafka/current/lib), so both use the same client
# library and the comparison is about the tools.
set -euo pipefail

records=1000000
rounds=3
value_size=100
partitions=3
while [ $# -gt 0 ]; do
    case "$1" in
        --records) records=$2; shift 2;;
        --rounds) rounds=$2; shift 2;;
        --value-size) value_size=$2; shift 2;;
        --partitions) partitions=$2; shift 2;;
        -h|--help) sed -n '2,13p' "$0"; exit 0;;
        *) echo "unknown argument: $1" >&2; exit 1;;
    esac
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bootstrap="${KFK_BOOTSTRAP:-127.0.0.1:9092}"
kfk="${KFK:-$REPO_ROOT/build/cli/kfk}"
kcat_bin="${KCAT:-/usr/bin/kcat}"
rdkafka_lib="${KFK_RDKAFKA_LIB:-$HOME/.cache/kfk/librdkafka/current/lib}"
[ -x "$kfk" ] || { echo "kfk not found at $kfk (set KFK=...)" >&2; exit 1; }
[ -x "$kcat_bin" ] || { echo "kcat not found at $kcat_bin (apt-get install kcat)" >&2; exit 1; }
kcat() { LD_LIBRARY_PATH="$rdkafka_lib" "$kcat_bin" -b "$bootstrap" "$@"; }
export KFK_BOOTSTRAP="$bootstrap"

# The same producer settings for both: acks=all with idempotence (kfk's default), librdkafka's
# batching defaults spelled out, no compression.
settings=(-X linger.ms=5 -X batch.num.messages=10000 -X batch.size=1000000
          -X queue.buffering.max.messages=1000000 -X compression.type=none)
kcat_producer=(-X acks=all -X enable.idempotence=true "${settings[@]}")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
input="$work/records.txt"
# N distinct lines of value_size bytes: "record-<n>-xxxx...".
awk -v n="$records" -v size="$value_size" 'BEGIN {
    pad = sprintf("%*s", size, ""); gsub(/ /, "x", pad);
    for (i = 0; i < n; i++) { line = "record-" i "-" pad; print substr(line, 1, size) }
}' > "$input"

echo "kfk:  $("$kfk" --version)"
echo "kcat: $(kcat -V 2>&1 | grep -o 'Version [^ ]*') on $(kcat -V 2>&1 | grep -o 'librdkafka [0-9.]*')"
echo "records: $records x ${value_size} B, partitions: $partitions, rounds: $rounds, broker: $bootstrap"
echo

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
new_topic() {
    local t="bench-cli-$1-$$-$RANDOM"
    "$kfk" topic create "$t" --partitions "$partitions" >/dev/null
    echo "$t"
}
count_records() {  # log end offsets summed over partitions
    "$kfk" topic describe "$1" -o json | awk -F'"log_end": ' 'NF > 1 { split($2, a, /[,}]/); s += a[1] } END { print s }'
}

declare -a kfk_produce kcat_produce kfk_consume kcat_consume
topics=()
for ((round = 1; round <= rounds; round++)); do
    t_kfk="$(new_topic kfk)"; t_kcat="$(new_topic kcat)"; topics+=("$t_kfk" "$t_kcat")

    # Who goes first alternates with the round.
    run_kfk_produce() {
        local start end
        start=$(now); "$kfk" produce "$t_kfk" --file "$input" --acks all --idempotent -q "${settings[@]}"; end=$(now)
        kfk_produce+=("$(elapsed "$start" "$end")")
    }
    run_kcat_produce() {
        local start end
        start=$(now); kcat -P -t "$t_kcat" "${kcat_producer[@]}" < "$input"; end=$(now)
        kcat_produce+=("$(elapsed "$start" "$end")")
    }
    if ((round % 2)); then run_kfk_produce; run_kcat_produce; else run_kcat_produce; run_kfk_produce; fi
    for t in "$t_kfk" "$t_kcat"; do
        got="$(count_records "$t")"
        [ "$got" = "$records" ] || { echo "topic $t holds $got records, expected $records" >&2; exit 1; }
    done

    # Consume the same topic with both (the one kfk produced to), to /dev/null; the first round
    # also checks that each tool printed every record.
    if [ "$round" = 1 ]; then
        kfk_lines=$("$kfk" consume "$t_kfk" --from beginning --exit | wc -l)
        kcat_lines=$(kcat -C -t "$t_kfk" -o beginning -e -q | wc -l)
        [ "$kfk_lines" = "$records" ] && [ "$kcat_lines" = "$records" ] ||
            { echo "consumed kfk=$kfk_lines kcat=$kcat_lines, expected $records" >&2; exit 1; }
    fi
    run_kfk_consume() {
        local start end
        start=$(now); "$kfk" consume "$t_kfk" --from beginning --exit > /dev/null; end=$(now)
        kfk_consume+=("$(elapsed "$start" "$end")")
    }
    run_kcat_consume() {
        local start end
        start=$(now); kcat -C -t "$t_kfk" -o beginning -e -q > /dev/null; end=$(now)
        kcat_consume+=("$(elapsed "$start" "$end")")
    }
    if ((round % 2)); then run_kcat_consume; run_kfk_consume; else run_kfk_consume; run_kcat_consume; fi

    printf 'round %d: produce kfk %ss kcat %ss | consume kfk %ss kcat %ss\n' "$round" \
        "${kfk_produce[-1]}" "${kcat_produce[-1]}" "${kfk_consume[-1]}" "${kcat_consume[-1]}"
done

for t in "${topics[@]}"; do "$kfk" topic delete "$t" >/dev/null || true; done

report() {  # name kfk-times kcat-times
    local name=$1 a b
    a=$(printf '%s\n' $2 | median); b=$(printf '%s\n' $3 | median)
    awk -v n="$name" -v a="$a" -v b="$b" -v r="$records" 'BEGIN {
        printf "| %-28s | %7.2f s | %9.0f | %7.2f s | %9.0f | %5.2f |\n", n, a, r / a, b, r / b, a / b }'
}
echo
echo "| median of $rounds runs          | kfk      | kfk rec/s | kcat     | kcat rec/s | kfk/kcat |"
echo "|------------------------------|----------|-----------|----------|------------|----------|"
report "produce $records lines" "${kfk_produce[*]}" "${kcat_produce[*]}"
report "consume --exit > /dev/null" "${kfk_consume[*]}" "${kcat_consume[*]}"
