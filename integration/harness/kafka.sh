#!/usr/bin/env bash
# Real Apache Kafka 4.3.1 brokers (KRaft) for kfk's integration tests, benchmarks and
# local development: plain JVMs from the Maven Central jars that scripts/setup.sh puts
# in $KFK_CACHE/kafka/4.3.1/libs. No Docker, no Kafka tarball.
#
# Usage: integration/harness/kafka.sh COMMAND [options]
#   start [--nodes 1|3] [--timeout S]  stop what we started earlier, wipe that mode's data,
#                                      format, start, and wait until ready
#   wait [--nodes 1|3] [--timeout S] [--full-isr]
#                                      ready = every node logged "Kafka Server started",
#                                      all brokers registered, every partition has a leader
#                                      (--full-isr: and every ISR is complete)
#   status                             pid / alive / ports per node; exit 0 if all are up
#   stop [--nodes 1|3|all]             SIGTERM (controlled shutdown), SIGKILL after
#                                      KFK_STOP_TIMEOUT (20) seconds
#   kill-node N [--signal TERM|KILL]   stop one cluster node (N = 1..3) and wait for it to exit
#   start-node N [--timeout S]         restart a cluster node (no reformat) and wait for it
#   pid N|single                       print a node's pid
#   env [--nodes 1|3]                  print KFK_BOOTSTRAP=... (use: export "$(kafka.sh env)")
#   probe --bootstrap B [--brokers N] [--timeout S] [--full-isr]
#                                      readiness probe against any bootstrap
#   tool CLASS [args...]               run a Kafka CLI tool on the broker classpath, e.g.
#                                      tool TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#                                      (short names: TopicCommand, ConsoleProducer,
#                                      ConsoleConsumer, ConsumerGroupCommand,
#                                      ProducerPerformance, ...; or a fully qualified class)
#   logs [LINES]                       tail of every log file (CI prints this on failure)
#
# Topology (all bound to and advertised on 127.0.0.1, PLAINTEXT):
#   --nodes 1  one combined broker+controller: broker 9092, controller 9093
#   --nodes 3  three JVMs, node ids 1..3, brokers 9192/9193/9194,
#              controllers 19192/19193/19194, static quorum, RF 3, min.insync.replicas 2
#
# Environment:
#   KFK_RUN_DIR      data, pid files and logs (default ${TMPDIR:-/tmp}/kfk-broker-$(id -u));
#                    logs in $KFK_RUN_DIR/logs/{single,cluster-node-N}/
#   KFK_CACHE        where scripts/setup.sh put the jars (default ~/.cache/kfk)
#   KFK_PORT_BASE    single broker port (default 9092); every other port moves with it:
#                    controller +1, cluster brokers +100..+102, controllers +10100..+10102
#   KFK_BROKER_HEAP  JVM heap flags per node (default "-Xms256m -Xmx512m")
#   KFK_BROKER_JAVA_OPTS  extra JVM flags per node
#   KFK_ELR_VERSION  eligible.leader.replicas.version given to format (default 0, i.e. the
#                    classic high-watermark rule; set empty to keep Kafka's default, 1)
#   KFK_STOP_TIMEOUT seconds to wait after SIGTERM before SIGKILL (default 20)
set -euo pipefail

readonly KFK_KAFKA_VERSION=4.3.1
HARNESS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KFK_CACHE="${KFK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kfk}"
LIBS="${KFK_KAFKA_LIBS:-$KFK_CACHE/kafka/$KFK_KAFKA_VERSION/libs}"
RUN_DIR="${KFK_RUN_DIR:-${TMPDIR:-/tmp}/kfk-broker-$(id -u)}"
PORT_BASE="${KFK_PORT_BASE:-9092}"
read -r -a BROKER_HEAP <<<"${KFK_BROKER_HEAP:--Xms256m -Xmx512m}"
read -r -a BROKER_EXTRA_OPTS <<<"${KFK_BROKER_JAVA_OPTS:-}"
ELR_VERSION="${KFK_ELR_VERSION-0}"
STOP_TIMEOUT="${KFK_STOP_TIMEOUT:-20}"
SERVER_LOG4J="$HARNESS_DIR/log4j2.yaml"
TOOLS_LOG4J="$HARNESS_DIR/tools-log4j2.yaml"
readonly STARTED_MESSAGE="Kafka Server started"

# ------------------------------------------------------------------ helpers
say() { echo "kafka.sh: $*" >&2; }
die() {
  echo "kafka.sh: ERROR: $*" >&2
  exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

require_libs() {
  if [ ! -f "$LIBS/kafka_2.13-$KFK_KAFKA_VERSION.jar" ]; then
    die "Kafka $KFK_KAFKA_VERSION jars not found in $LIBS: run scripts/setup.sh"
  fi
  command -v java >/dev/null 2>&1 || die "java not found: run scripts/setup.sh"
}

# Nodes are named "single" (the --nodes 1 broker) or 1, 2, 3 (the cluster).
mode_nodes() {
  case "$1" in
    1 | single) echo single ;;
    3 | cluster) echo 1 2 3 ;;
    *) die "--nodes must be 1 or 3 (got '$1')" ;;
  esac
}
mode_dir() { if [ "$1" = single ]; then echo "$RUN_DIR/single"; else echo "$RUN_DIR/cluster"; fi; }
node_mode() { if [ "$1" = single ]; then echo single; else echo cluster; fi; }
node_dir() { if [ "$1" = single ]; then echo "$RUN_DIR/single"; else echo "$RUN_DIR/cluster/node-$1"; fi; }
node_logdir() { if [ "$1" = single ]; then echo "$RUN_DIR/logs/single"; else echo "$RUN_DIR/logs/cluster-node-$1"; fi; }
node_label() { if [ "$1" = single ]; then echo "single node"; else echo "cluster node $1"; fi; }
broker_port() { if [ "$1" = single ]; then echo "$PORT_BASE"; else echo $((PORT_BASE + 99 + $1)); fi; }
controller_port() { if [ "$1" = single ]; then echo $((PORT_BASE + 1)); else echo $((PORT_BASE + 10099 + $1)); fi; }
node_marker() { echo "-Dkfk.harness.node=$RUN_DIR/$1"; }

bootstrap_for() {
  local out="" n
  for n in $(mode_nodes "$1"); do out="${out:+$out,}127.0.0.1:$(broker_port "$n")"; done
  echo "$out"
}

check_cluster_node() {
  case "${1:-}" in
    1 | 2 | 3) ;;
    *) die "node must be 1, 2 or 3 (got '${1:-}')" ;;
  esac
}

# True when PID is a live JVM started by this harness for NODE (guards against pid reuse).
is_our_jvm() {
  local pid="$1" node="$2"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$(node_marker "$node")"
}

# Prints the pid of NODE's JVM if it runs (pid file first, then a /proc scan for the marker).
node_pid() {
  local node="$1" pidfile pid p
  pidfile="$(node_dir "$node")/pid"
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if is_our_jvm "$pid" "$node"; then
      echo "$pid"
      return 0
    fi
  fi
  # No (valid) pid file: look for a JVM carrying this node's marker (one grep over /proc).
  for p in $(grep -lzxF -- "$(node_marker "$node")" /proc/[0-9]*/cmdline 2>/dev/null); do
    pid="${p#/proc/}"
    pid="${pid%/cmdline}"
    if [ "$pid" != "$$" ] && is_our_jvm "$pid" "$node"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# Stops NODES and makes sure no JVM of theirs is left (pid files can be stale or missing).
stop_all() {
  local round n left
  for round in 1 2 3; do
    stop_nodes TERM "$@"
    left=0
    for n in "$@"; do
      if node_pid "$n" >/dev/null; then left=1; fi
    done
    [ "$left" -eq 1 ] || return 0
  done
}

# "pid 1234 (java -Xms256m ...)" for whatever listens on PORT; empty when the port is free.
port_holder() {
  local port="$1" line pid
  if command -v ss >/dev/null 2>&1; then
    line="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n1)"
    [ -n "$line" ] || return 0
    pid="$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$line")"
    if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ]; then
      local cmdline
      cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
      if [ "${#cmdline}" -gt 200 ]; then
        cmdline="${cmdline:0:60} ... ${cmdline: -130}"
      fi
      echo "pid $pid ($cmdline)"
    else
      echo "${line##* }"
    fi
  elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "unknown process (install iproute2 for details)"
  fi
}

# Ports of NODES must be free before we start them.
check_ports() {
  local n port holder
  for n in "$@"; do
    for port in "$(broker_port "$n")" "$(controller_port "$n")"; do
      holder="$(port_holder "$port")"
      if [ -n "$holder" ]; then
        die "port 127.0.0.1:$port (needed by the $(node_label "$n")) is busy, held by $holder." \
          "It was not started by this harness (KFK_RUN_DIR=$RUN_DIR): stop it, or use another" \
          "KFK_PORT_BASE, or point tests at it with KFK_BOOTSTRAP."
      fi
    done
  done
}

tail_logs_of() {
  local n d f
  for n in "$@"; do
    d="$(node_logdir "$n")"
    for f in "$d/format.log" "$d/stdout.log" "$d/server.log"; do
      [ -s "$f" ] || continue
      echo "----- $(node_label "$n"): tail of $f -----" >&2
      tail -n "${KFK_LOG_TAIL:-40}" "$f" >&2
    done
  done
}

fail_with_logs() {
  local msg="$1"
  shift
  echo "kafka.sh: ERROR: $msg" >&2
  tail_logs_of "$@"
  echo "kafka.sh: ERROR: $msg (logs: $RUN_DIR/logs)" >&2
  exit 1
}

new_cluster_id() {
  # A Kafka Uuid: 16 random bytes, URL-safe base64 without padding, not starting with '-'.
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" == -* ]] || break
  done
  echo "$id"
}

# -------------------------------------------------------------- configuration
write_config() {
  local node="$1" dir conf bport cport
  dir="$(node_dir "$node")"
  conf="$dir/server.properties"
  bport="$(broker_port "$node")"
  cport="$(controller_port "$node")"
  mkdir -p "$dir/data"
  {
    echo "# Generated by integration/harness/kafka.sh for the $(node_label "$node")."
    echo "process.roles=broker,controller"
    if [ "$node" = single ]; then
      echo "node.id=1"
      echo "controller.quorum.voters=1@127.0.0.1:$cport"
    else
      echo "node.id=$node"
      echo "controller.quorum.voters=1@127.0.0.1:$(controller_port 1),2@127.0.0.1:$(controller_port 2),3@127.0.0.1:$(controller_port 3)"
    fi
    echo "listeners=PLAINTEXT://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport"
    echo "advertised.listeners=PLAINTEXT://127.0.0.1:$bport"
    echo "inter.broker.listener.name=PLAINTEXT"
    echo "controller.listener.names=CONTROLLER"
    echo "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
    echo "log.dirs=$dir/data"
    echo "num.partitions=1"
    echo "auto.create.topics.enable=true"
    echo "group.initial.rebalance.delay.ms=0"
    # The cleaner's dedupe buffer defaults to 128 MiB of heap per node.
    echo "log.cleaner.dedupe.buffer.size=2097152"
    if [ "$node" = single ]; then
      echo "default.replication.factor=1"
      echo "min.insync.replicas=1"
      echo "offsets.topic.replication.factor=1"
      echo "transaction.state.log.replication.factor=1"
      echo "transaction.state.log.min.isr=1"
      echo "share.coordinator.state.topic.replication.factor=1"
      echo "share.coordinator.state.topic.min.isr=1"
    else
      echo "default.replication.factor=3"
      echo "min.insync.replicas=2"
      echo "offsets.topic.replication.factor=3"
      echo "transaction.state.log.replication.factor=3"
      echo "transaction.state.log.min.isr=2"
      echo "share.coordinator.state.topic.replication.factor=3"
      echo "share.coordinator.state.topic.min.isr=2"
      # Fence a killed node after 6 s instead of 9 s (heartbeat x 2 must be <= session).
      echo "broker.session.timeout.ms=6000"
      echo "broker.heartbeat.interval.ms=2000"
    fi
  } >"$conf"
}

tool_java() {
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$TOOLS_LOG4J" -cp "$LIBS/*" "$@"
}

format_node() {
  local node="$1" cid="$2" logdir args
  logdir="$(node_logdir "$node")"
  args=(kafka.tools.StorageTool format -t "$cid" -c "$(node_dir "$node")/server.properties")
  if [ -n "$ELR_VERSION" ]; then
    args+=(--feature "eligible.leader.replicas.version=$ELR_VERSION")
  fi
  # Static quorum (controller.quorum.voters), so no --standalone / --initial-controllers.
  tool_java "${args[@]}" >"$logdir/format.log" 2>&1
}

launch_node() {
  local node="$1" dir logdir pid offset i
  dir="$(node_dir "$node")"
  logdir="$(node_logdir "$node")"
  mkdir -p "$logdir"
  offset="$(stat -c %s "$logdir/server.log" 2>/dev/null || echo 0)"
  echo "$offset" >"$dir/log-offset"
  local cmd=(
    java "${BROKER_HEAP[@]}"
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true
    "-Xlog:gc*:file=$logdir/gc.log:time,tags:filecount=2,filesize=10M"
    "-Dkafka.logs.dir=$logdir" "-Dlog4j2.configurationFile=$SERVER_LOG4J"
    "$(node_marker "$node")"
    ${BROKER_EXTRA_OPTS[@]+"${BROKER_EXTRA_OPTS[@]}"}
    -cp "$LIBS/*" kafka.Kafka "$dir/server.properties"
  )
  echo "[$(date '+%F %T')] ${cmd[*]}" >>"$logdir/stdout.log"
  # New session so the broker outlives the caller (ctest fixture, terminal); no inherited
  # stdio so callers reading our output are not held open; fd 9 is our lock.
  if command -v setsid >/dev/null 2>&1; then
    setsid "${cmd[@]}" </dev/null >>"$logdir/stdout.log" 2>&1 9>&- &
  else
    "${cmd[@]}" </dev/null >>"$logdir/stdout.log" 2>&1 9>&- &
  fi
  pid=$!
  echo "$pid" >"$dir/pid"
  for i in $(seq 1 50); do
    is_our_jvm "$pid" "$node" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  is_our_jvm "$pid" "$node" || fail_with_logs "the $(node_label "$node") JVM did not start" "$node"
}

# True when NODE's broker half logged a completed shutdown since its last launch.
broker_shut_down() {
  local node="$1" log offset
  log="$(node_logdir "$node")/server.log"
  offset="$(cat "$(node_dir "$node")/log-offset" 2>/dev/null || echo 0)"
  [ -f "$log" ] && tail -c "+$((offset + 1))" "$log" | grep -q 'BrokerServer id=[0-9]*\] shut down completed'
}

# Sends SIGNAL to every running node in NODES, then waits for them to exit; SIGKILL after
# STOP_TIMEOUT. When a whole cluster stops, the last raft leader resigns and then waits 5 s
# for a successor that cannot appear; once every broker half has shut down cleanly (logs
# flushed and closed) such leftovers are killed after a short grace period instead.
stop_nodes() {
  local signal="$1"
  shift
  local n pid pids=() names=() deadline i alive brokers_done grace_until=""
  for n in "$@"; do
    if pid="$(node_pid "$n")"; then
      kill -s "$signal" "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$n")
    fi
    rm -f "$(node_dir "$n")/pid"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  deadline=$(($(date +%s) + STOP_TIMEOUT))
  while :; do
    alive=()
    brokers_done=1
    for i in "${!pids[@]}"; do
      if is_our_jvm "${pids[$i]}" "${names[$i]}"; then
        alive+=("$i")
        broker_shut_down "${names[$i]}" || brokers_done=0
      fi
    done
    [ "${#alive[@]}" -gt 0 ] || break
    if [ "$signal" = TERM ] && [ "${#pids[@]}" -gt 1 ] && [ "$brokers_done" -eq 1 ]; then
      [ -n "$grace_until" ] || grace_until=$(($(date +%s%N) / 1000000 + 1500))
      if [ $(($(date +%s%N) / 1000000)) -ge "$grace_until" ]; then
        for i in "${alive[@]}"; do kill -s KILL "${pids[$i]}" 2>/dev/null || true; done
      fi
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for i in "${alive[@]}"; do
        say "$(node_label "${names[$i]}") (pid ${pids[$i]}) did not stop within ${STOP_TIMEOUT}s: SIGKILL"
        kill -s KILL "${pids[$i]}" 2>/dev/null || true
      done
      deadline=$(($(date +%s) + 10))
    fi
    sleep 0.1
  done
}

lock_mode() {
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN_DIR/.lock-$1"
    flock -w 600 9 || die "could not lock $RUN_DIR/.lock-$1"
  fi
}

# True when NODE logged STARTED_MESSAGE since its last launch.
node_started() {
  local node="$1" log offset
  log="$(node_logdir "$node")/server.log"
  offset="$(cat "$(node_dir "$node")/log-offset" 2>/dev/null || echo 0)"
  [ -f "$log" ] && tail -c "+$((offset + 1))" "$log" | grep -qF "$STARTED_MESSAGE"
}

ready_probe() {
  # ready_probe BOOTSTRAP BROKERS TIMEOUT [--full-isr]
  local src="$HARNESS_DIR/Ready.java" classes sum
  local args=(--bootstrap "$1" --brokers "$2" --timeout "$3" "${@:4}")
  local jflags=(-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    "-Dlog4j2.configurationFile=$TOOLS_LOG4J" -Dkfk.log.level=ERROR)
  # Java 11+ runs Ready.java as a single-file program; with a JDK present, a compiled copy
  # is cached to save ~1 s per call.
  if command -v javac >/dev/null 2>&1; then
    sum="$(sha256sum "$src" | cut -c1-16)"
    classes="$RUN_DIR/.ready-$sum"
    if [ ! -f "$classes/Ready.class" ]; then
      local tmp="$classes.tmp.$$"
      mkdir -p "$tmp"
      if javac -nowarn -d "$tmp" -cp "$LIBS/*" "$src" 2>/dev/null && mv -T "$tmp" "$classes" 2>/dev/null; then
        :
      fi
      rm -rf "$tmp"
    fi
    if [ -f "$classes/Ready.class" ]; then
      java "${jflags[@]}" -cp "$classes:$LIBS/*" Ready "${args[@]}"
      return
    fi
  fi
  java "${jflags[@]}" -cp "$LIBS/*" "$src" "${args[@]}"
}

# ---------------------------------------------------------------- commands
parse_nodes_opt() {
  # Sets NODES_OPT / TIMEOUT_OPT / FULL_ISR from "$@".
  NODES_OPT="${NODES_DEFAULT:-1}"
  TIMEOUT_OPT=120
  FULL_ISR=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) NODES_OPT="${2:?--nodes needs a value}"; shift 2 ;;
      --nodes=*) NODES_OPT="${1#*=}"; shift ;;
      --timeout) TIMEOUT_OPT="${2:?--timeout needs a value}"; shift 2 ;;
      --timeout=*) TIMEOUT_OPT="${1#*=}"; shift ;;
      --full-isr) FULL_ISR=(--full-isr); shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
}

cmd_wait() {
  parse_nodes_opt "$@"
  require_libs
  local nodes t0 deadline n remaining
  nodes=($(mode_nodes "$NODES_OPT"))
  t0="$(now)"
  deadline=$(($(date +%s) + ${TIMEOUT_OPT%.*}))
  for n in "${nodes[@]}"; do
    while ! node_started "$n"; do
      node_pid "$n" >/dev/null ||
        fail_with_logs "the $(node_label "$n") is not running (it exited or was never started)" "$n"
      [ "$(date +%s)" -lt "$deadline" ] ||
        fail_with_logs "the $(node_label "$n") did not log '$STARTED_MESSAGE' within ${TIMEOUT_OPT}s" "$n"
      sleep 0.1
    done
  done
  remaining=$((deadline - $(date +%s)))
  [ "$remaining" -ge 5 ] || remaining=5
  if ! ready_probe "$(bootstrap_for "$NODES_OPT")" "${#nodes[@]}" "$remaining" \
    ${FULL_ISR[@]+"${FULL_ISR[@]}"} >/dev/null; then
    fail_with_logs "$(bootstrap_for "$NODES_OPT") did not become ready within ${TIMEOUT_OPT}s" "${nodes[@]}"
  fi
  say "ready: KFK_BOOTSTRAP=$(bootstrap_for "$NODES_OPT") (waited $(since "$t0")s)"
}

cmd_start() {
  parse_nodes_opt "$@"
  require_libs
  local nodes mode t0 n cid pids=() rc
  nodes=($(mode_nodes "$NODES_OPT"))
  mode="$(node_mode "${nodes[0]}")"
  t0="$(now)"
  lock_mode "$mode"
  stop_all "${nodes[@]}"
  rm -f "$(mode_dir "${nodes[0]}")/started"
  check_ports "${nodes[@]}"
  rm -rf "$(mode_dir "${nodes[0]}")"
  for n in "${nodes[@]}"; do rm -rf "$(node_logdir "$n")"; done
  mkdir -p "$(mode_dir "${nodes[0]}")"
  cid="$(new_cluster_id)"
  for n in "${nodes[@]}"; do
    mkdir -p "$(node_logdir "$n")"
    write_config "$n"
    format_node "$n" "$cid" &
    pids+=($!)
  done
  rc=0
  for n in "${!pids[@]}"; do wait "${pids[$n]}" || rc=1; done
  [ "$rc" -eq 0 ] || fail_with_logs "formatting the storage failed" "${nodes[@]}"
  echo "$cid" >"$(mode_dir "${nodes[0]}")/cluster-id"
  for n in "${nodes[@]}"; do launch_node "$n"; done
  touch "$(mode_dir "${nodes[0]}")/started"
  cmd_wait --nodes "$NODES_OPT" --timeout "$TIMEOUT_OPT"
  say "started ${#nodes[@]} node(s) in $(since "$t0")s, cluster id $cid, logs in $RUN_DIR/logs"
  echo "KFK_BOOTSTRAP=$(bootstrap_for "$NODES_OPT")"
}

cmd_stop() {
  local which="all"
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) which="${2:?--nodes needs a value}"; shift 2 ;;
      --nodes=*) which="${1#*=}"; shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
  local modes t0 m nodes
  case "$which" in
    1) modes=(1) ;;
    3) modes=(3) ;;
    all) modes=(1 3) ;;
    *) die "--nodes must be 1, 3 or all (got '$which')" ;;
  esac
  t0="$(now)"
  for m in "${modes[@]}"; do
    nodes=($(mode_nodes "$m"))
    lock_mode "$(node_mode "${nodes[0]}")"
    stop_all "${nodes[@]}"
    rm -f "$(mode_dir "${nodes[0]}")/started"
  done
  say "stopped (--nodes $which) in $(since "$t0")s"
}

cmd_kill_node() {
  local node="${1:-}" signal=TERM pid
  check_cluster_node "$node"
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --signal) signal="${2:?--signal needs a value}"; shift 2 ;;
      --signal=*) signal="${1#*=}"; shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
  signal="${signal#SIG}"
  case "$signal" in TERM | KILL) ;; *) die "--signal must be TERM or KILL" ;; esac
  pid="$(node_pid "$node")" || die "cluster node $node is not running"
  lock_mode cluster
  stop_nodes "$signal" "$node"
  say "cluster node $node (pid $pid) stopped with SIG$signal"
}

cmd_start_node() {
  local node="${1:-}" timeout=120 t0 pid n alive=0
  check_cluster_node "$node"
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --timeout) timeout="${2:?--timeout needs a value}"; shift 2 ;;
      --timeout=*) timeout="${1#*=}"; shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
  require_libs
  [ -f "$(node_dir "$node")/data/meta.properties" ] ||
    die "cluster node $node has no formatted storage: run 'kafka.sh start --nodes 3' first"
  lock_mode cluster
  if pid="$(node_pid "$node")"; then
    say "cluster node $node is already running (pid $pid)"
    return 0
  fi
  t0="$(now)"
  check_ports "$node"
  launch_node "$node"
  local deadline=$(($(date +%s) + timeout))
  while ! node_started "$node"; do
    node_pid "$node" >/dev/null || fail_with_logs "cluster node $node exited during startup" "$node"
    [ "$(date +%s)" -lt "$deadline" ] ||
      fail_with_logs "cluster node $node did not log '$STARTED_MESSAGE' within ${timeout}s" "$node"
    sleep 0.1
  done
  for n in 1 2 3; do
    if node_pid "$n" >/dev/null; then alive=$((alive + 1)); fi
  done
  local remaining=$((deadline - $(date +%s)))
  [ "$remaining" -ge 5 ] || remaining=5
  ready_probe "$(bootstrap_for 3)" "$alive" "$remaining" >/dev/null ||
    fail_with_logs "cluster not ready after restarting node $node" "$node"
  say "cluster node $node restarted (pid $(node_pid "$node")) in $(since "$t0")s"
}

cmd_pid() {
  local node="${1:-}"
  [ "$node" = single ] || check_cluster_node "$node"
  node_pid "$node" || die "$(node_label "$node") is not running"
}

cmd_status() {
  local any=0 bad=0 m nodes n pid state dir
  for m in 1 3; do
    nodes=($(mode_nodes "$m"))
    dir="$(mode_dir "${nodes[0]}")"
    [ -f "$dir/started" ] || continue
    any=1
    echo "$(node_mode "${nodes[0]}") (KFK_BOOTSTRAP=$(bootstrap_for "$m")):"
    for n in "${nodes[@]}"; do
      if pid="$(node_pid "$n")"; then
        state=up
        [ -n "$(port_holder "$(broker_port "$n")")" ] || state="up (broker port not listening yet)"
      else
        pid=-
        state=DOWN
        bad=1
      fi
      printf '  %-15s pid %-8s %-6s broker 127.0.0.1:%s controller 127.0.0.1:%s\n' \
        "$(node_label "$n")" "$pid" "$state" "$(broker_port "$n")" "$(controller_port "$n")"
    done
  done
  if [ "$any" -eq 0 ]; then
    echo "no broker started by this harness is running (KFK_RUN_DIR=$RUN_DIR)"
    return 1
  fi
  return "$bad"
}

cmd_env() {
  parse_nodes_opt "$@"
  mode_nodes "$NODES_OPT" >/dev/null
  echo "KFK_BOOTSTRAP=$(bootstrap_for "$NODES_OPT")"
}

cmd_probe() {
  local bootstrap="" brokers=1 timeout=30 extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --bootstrap) bootstrap="${2:?}"; shift 2 ;;
      --brokers) brokers="${2:?}"; shift 2 ;;
      --timeout) timeout="${2:?}"; shift 2 ;;
      --full-isr) extra=(--full-isr); shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
  [ -n "$bootstrap" ] || die "probe needs --bootstrap HOST:PORT[,...]"
  require_libs
  ready_probe "$bootstrap" "$brokers" "$timeout" ${extra[@]+"${extra[@]}"}
}

tool_class() {
  case "$1" in
    *.*) echo "$1" ;;
    StorageTool) echo kafka.tools.StorageTool ;;
    ConfigCommand) echo kafka.admin.ConfigCommand ;;
    ConsoleConsumer) echo org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    ConsoleShareConsumer) echo org.apache.kafka.tools.consumer.ConsoleShareConsumer ;;
    ConsumerGroupCommand) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    ShareGroupCommand) echo org.apache.kafka.tools.consumer.group.ShareGroupCommand ;;
    ReassignPartitionsCommand) echo org.apache.kafka.tools.reassign.ReassignPartitionsCommand ;;
    StreamsGroupCommand) echo org.apache.kafka.tools.streams.StreamsGroupCommand ;;
    *) echo "org.apache.kafka.tools.$1" ;;
  esac
}

cmd_tool() {
  [ $# -ge 1 ] || die "usage: kafka.sh tool CLASS [args...]"
  require_libs
  local cls
  cls="$(tool_class "$1")"
  shift
  read -r -a heap <<<"${KFK_TOOL_HEAP:--Xmx512m}"
  exec java "${heap[@]}" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$TOOLS_LOG4J" -cp "$LIBS/*" "$cls" "$@"
}

cmd_logs() {
  local lines="${1:-${KFK_LOG_TAIL:-80}}" f found=0
  if [ -d "$RUN_DIR/logs" ]; then
    while IFS= read -r f; do
      found=1
      echo "===== $f ====="
      tail -n "$lines" "$f"
    done < <(find "$RUN_DIR/logs" -type f \( -name '*.log' -o -name '*.log.[0-9]*' \) ! -name 'gc.log*' | sort)
  fi
  [ "$found" -eq 1 ] || echo "kafka.sh: no logs under $RUN_DIR/logs"
}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

main() {
  local cmd="${1:-help}"
  [ $# -eq 0 ] || shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    wait) cmd_wait "$@" ;;
    status) cmd_status "$@" ;;
    stop) cmd_stop "$@" ;;
    kill-node) cmd_kill_node "$@" ;;
    start-node) cmd_start_node "$@" ;;
    pid) cmd_pid "$@" ;;
    env) cmd_env "$@" ;;
    probe) cmd_probe "$@" ;;
    tool) cmd_tool "$@" ;;
    logs) cmd_logs "$@" ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      die "unknown command: $cmd"
      ;;
  esac
}

main "$@"
