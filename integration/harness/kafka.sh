#!/usr/bin/env bash
# Real Apache Kafka 4.3.1 brokers (KRaft) for kfk's integration tests, benchmarks and
# local development: plain JVMs from the Maven Central jars that scripts/setup.sh puts
# in $KFK_CACHE/kafka/4.3.1/libs. No Docker, no Kafka tarball.
#
# Usage: integration/harness/kafka.sh COMMAND [options]
#   start [--nodes 1|3] [--timeout S] [--secure]
#                                      stop what we started earlier, wipe that mode's data,
#                                      format, start, and wait until ready (--secure: with the
#                                      secured client listeners below)
#   wait [--nodes 1|3] [--timeout S] [--full-isr] [--secure]
#                                      ready = every node logged "Kafka Server started",
#                                      all brokers registered, every partition has a leader
#                                      (--full-isr: and every ISR is complete; --secure: and
#                                      the nodes run with --secure, every secured listener
#                                      accepts connections and the SSL one verifies with ca.crt)
#   status                             pid / alive / ports per node; exit 0 if all are up
#   stop [--nodes 1|3|all]             SIGTERM (controlled shutdown), SIGKILL after
#                                      KFK_STOP_TIMEOUT (20) seconds
#   kill-node N [--signal TERM|KILL]   stop one cluster node (N = 1..3) and wait for it to exit
#   start-node N [--timeout S]         restart a cluster node (no reformat) and wait for it
#   pid N|single                       print a node's pid
#   env [--nodes 1|3] [--secure]       print KFK_BOOTSTRAP=... (use: export "$(kafka.sh env)");
#                                      --secure adds the KFK_SECURE_* lines below, one per line
#                                      (use: export $(kafka.sh env --secure)); fails if those
#                                      nodes were not started with --secure
#   secure-init                        make the test PKI and passwords if absent (start --secure
#                                      does it too) and print KFK_SECURE_DIR=... (docker-compose)
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
# Secured client listeners (--secure), beside PLAINTEXT; controller and inter-broker traffic
# stay PLAINTEXT. Ports are KFK_PORT_BASE + offset (9092 + offset by default):
#   listener        protocol                       single node   cluster node N (N = 1..3)
#   SSL             SSL, server auth only          +200 (9292)   +209+N (9302..9304)
#   MTLS            SSL, ssl.client.auth=required  +201 (9293)   +219+N (9312..9314)
#   SASL_PLAINTEXT  SASL_PLAINTEXT                 +202 (9294)   +229+N (9322..9324)
#   SASL_SSL        SASL_SSL                       +203 (9295)   +239+N (9332..9334)
#   Both SASL listeners take PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (Kafka's
#   unsecured JWT validator: any unsigned token's "sub" is the principal; test use only).
#   Users admin, alice, bob: one random password each, for PLAIN and both SCRAM mechanisms
#   (SCRAM credentials bootstrapped at format time with --add-scram). mTLS principal = the
#   client certificate's CN (User:alice). StandardAuthorizer, allow.everyone.if.no.acl.found=
#   false, super.users=User:ANONYMOUS;User:admin (ANONYMOUS = PLAINTEXT, SSL without a client
#   certificate, and the brokers/controllers themselves: every such client is a super user).
#   `env --secure` prints, for the chosen nodes (cluster: comma-separated, node 1..3):
#     KFK_SECURE_SSL=127.0.0.1:9292   KFK_SECURE_MTLS=...   KFK_SECURE_SASL_PLAINTEXT=...
#     KFK_SECURE_SASL_SSL=...         KFK_SECURE_DIR=$KFK_RUN_DIR/secure
#   $KFK_RUN_DIR/secure (0700, made once with openssl and reused by every start):
#     ca.crt                 the test CA (PEM): ssl.ca.location for every SSL listener
#     {admin,alice,bob}.crt/.key   client certificates (CN=<user>) signed by it, PEM, key 0600
#     {admin,alice,bob}.password   the user's SASL password (0600, no newline)
#     rogue-ca.crt, rogue.crt/.key an unrelated CA and a CN=admin client certificate it signed
#     broker.crt (SAN IP:127.0.0.1, DNS:localhost), broker.p12 + keystore.password (the
#     brokers' PKCS#12 keystore), ca.key, rogue-ca.key
#   Secrets never reach a command line: the JAAS and keystore settings are in the 0600
#   server.properties, format reads --add-scram from a 0600 java @argfile that is then deleted.
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
#   KFK_SECURE_DAYS  validity of the test certificates made by --secure (default 3650); they
#                    are remade when one expires within a day
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
SECURE_DIR="$RUN_DIR/secure"
SECURE_DAYS="${KFK_SECURE_DAYS:-3650}"
# Listener names of --secure, in port-offset order (see the table above).
readonly SECURE_LISTENERS=(SSL MTLS SASL_PLAINTEXT SASL_SSL)
readonly SECURE_USERS=(admin alice bob)

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
# secure_port INDEX NODE: port of SECURE_LISTENERS[INDEX] on NODE.
secure_port() {
  if [ "$2" = single ]; then echo $((PORT_BASE + 200 + $1)); else echo $((PORT_BASE + 209 + 10 * $1 + $2)); fi
}
# True when NODE's mode was started with --secure (its config has the secured listeners).
node_secure() { [ -f "$(mode_dir "$1")/secure" ]; }
# node_ports NODE 0|1: every port NODE listens on (1: with the secured listeners).
node_ports() {
  local i
  echo "$(broker_port "$1")" "$(controller_port "$1")"
  if [ "$2" = 1 ]; then
    for i in "${!SECURE_LISTENERS[@]}"; do echo "$(secure_port "$i" "$1")"; done
  fi
}

bootstrap_for() {
  local out="" n
  for n in $(mode_nodes "$1"); do out="${out:+$out,}127.0.0.1:$(broker_port "$n")"; done
  echo "$out"
}

# secure_bootstrap_for MODE INDEX: the bootstrap of SECURE_LISTENERS[INDEX] for MODE's nodes.
secure_bootstrap_for() {
  local out="" n
  for n in $(mode_nodes "$1"); do out="${out:+$out,}127.0.0.1:$(secure_port "$2" "$n")"; done
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

# check_ports 0|1 NODES...: the ports of NODES (1: with the secured listeners) must be free
# before we start them.
check_ports() {
  local secure="$1" n port holder
  shift
  for n in "$@"; do
    for port in $(node_ports "$n" "$secure"); do
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

# ------------------------------------------------------ --secure: PKI and passwords
new_secret() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }

# True when SECURE_DIR holds complete material that stays valid for a day (every certificate
# is made with the same validity right after the CA, so the CA expires first).
secure_material_ok() {
  [ -f "$SECURE_DIR/.complete" ] &&
    openssl x509 -checkend 86400 -noout -in "$SECURE_DIR/ca.crt" >/dev/null 2>&1
}

# make_cert DIR NAME SUBJECT_CN ISSUER EXTENSIONS: DIR/NAME.key (EC P-256, PKCS#8) and
# DIR/NAME.crt signed by DIR/ISSUER.{crt,key} with the given x509v3 extension lines.
make_cert() {
  local dir="$1" name="$2" cn="$3" issuer="$4" ext="$5"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key" 2>/dev/null
  printf '%s\n' "$ext" >"$dir/$name.ext"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$dir/$name.csr"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$issuer.crt" -CAkey "$dir/$issuer.key" \
    -set_serial "0x$(new_secret)" -days "$SECURE_DAYS" -sha256 -extfile "$dir/$name.ext" \
    -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
}

# make_ca DIR NAME CN: a self-signed CA DIR/NAME.{crt,key}.
make_ca() {
  local dir="$1" name="$2" cn="$3"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key" 2>/dev/null
  cat >"$dir/$name.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
x509_extensions = ca
[dn]
CN = $cn
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF
  openssl req -x509 -new -config "$dir/$name.cnf" -key "$dir/$name.key" -days "$SECURE_DAYS" \
    -sha256 -set_serial "0x$(new_secret)" -out "$dir/$name.crt"
  rm -f "$dir/$name.cnf"
}

# Makes SECURE_DIR (see the header) unless it is complete and valid; concurrent starts of the
# single node and the cluster share it, so one of them makes it under a lock.
ensure_secure_material() {
  secure_material_ok && return 0
  command -v openssl >/dev/null 2>&1 || die "--secure needs openssl (apt-get install openssl)"
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 7>"$RUN_DIR/.lock-secure"
    flock -w 120 7 || die "could not lock $RUN_DIR/.lock-secure"
  fi
  if secure_material_ok; then
    exec 7>&-
    return 0
  fi
  local t0 tmp u client_ext rc
  t0="$(now)"
  tmp="$RUN_DIR/.secure-tmp.$$"
  rm -rf "$tmp"
  # errexit inside the subshell only works outside a conditional context, hence set +e here.
  set +e
  (
    set -e
    umask 077
    mkdir -p "$tmp"
    make_ca "$tmp" ca "kfk test CA"
    make_cert "$tmp" broker localhost ca "basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = IP:127.0.0.1,DNS:localhost"
    client_ext="basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth"
    for u in "${SECURE_USERS[@]}"; do
      make_cert "$tmp" "$u" "$u" ca "$client_ext"
      new_secret >"$tmp/$u.password"
    done
    make_ca "$tmp" rogue-ca "kfk rogue CA"
    make_cert "$tmp" rogue admin rogue-ca "$client_ext"
    new_secret >"$tmp/keystore.password"
    openssl pkcs12 -export -in "$tmp/broker.crt" -inkey "$tmp/broker.key" -certfile "$tmp/ca.crt" \
      -name broker -passout "file:$tmp/keystore.password" -out "$tmp/broker.p12"
    # Certificates are public (the directory itself stays 0700).
    chmod 644 "$tmp"/*.crt
    touch "$tmp/.complete"
  ) >"$RUN_DIR/.secure-tmp.log" 2>&1
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    cat "$RUN_DIR/.secure-tmp.log" >&2
    rm -rf "$tmp"
    die "could not make the test PKI with openssl (see above)"
  fi
  rm -f "$RUN_DIR/.secure-tmp.log"
  chmod 700 "$tmp"
  rm -rf "$SECURE_DIR"
  mv -T "$tmp" "$SECURE_DIR"
  exec 7>&-
  say "made the test PKI and passwords in $SECURE_DIR ($(since "$t0")s)"
}

secure_password() { cat "$SECURE_DIR/$1.password"; }

# The server.properties lines of --secure for NODE.
secure_config() {
  local node="$1" i listeners="" l u plain
  for i in "${!SECURE_LISTENERS[@]}"; do
    listeners="$listeners,${SECURE_LISTENERS[$i]}://127.0.0.1:$(secure_port "$i" "$node")"
  done
  echo "listeners=PLAINTEXT://127.0.0.1:$(broker_port "$node"),CONTROLLER://127.0.0.1:$(controller_port "$node")$listeners"
  echo "advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$node")$listeners"
  echo "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,MTLS:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"
  echo "ssl.keystore.type=PKCS12"
  echo "ssl.keystore.location=$SECURE_DIR/broker.p12"
  echo "ssl.keystore.password=$(secure_password keystore)"
  echo "ssl.key.password=$(secure_password keystore)"
  echo "ssl.truststore.type=PEM"
  echo "ssl.truststore.location=$SECURE_DIR/ca.crt"
  echo "ssl.client.auth=none"
  echo "listener.name.mtls.ssl.client.auth=required"
  # User:alice for a certificate whose subject is CN=alice (instead of User:CN=alice).
  echo 'ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/$1/,DEFAULT'
  echo "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER"
  plain=""
  for u in "${SECURE_USERS[@]}"; do plain="$plain user_$u=\"$(secure_password "$u")\""; done
  for l in sasl_plaintext sasl_ssl; do
    echo "listener.name.$l.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$plain;"
    echo "listener.name.$l.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
    echo "listener.name.$l.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
    # Kafka's default server-side OAUTHBEARER validator is the unsecured one (tests only).
    echo "listener.name.$l.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"admin\";"
  done
  echo "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
  echo "allow.everyone.if.no.acl.found=false"
  echo "super.users=User:ANONYMOUS;User:admin"
}

# -------------------------------------------------------------- configuration
# write_config NODE 0|1 (1: with the secured listeners; the file then holds secrets: 0600).
write_config() {
  local node="$1" secure="$2" dir conf bport cport
  dir="$(node_dir "$node")"
  conf="$dir/server.properties"
  bport="$(broker_port "$node")"
  cport="$(controller_port "$node")"
  mkdir -p "$dir/data"
  : >"$conf"
  chmod 600 "$conf"
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
    if [ "$secure" = 1 ]; then
      secure_config "$node"
    else
      echo "listeners=PLAINTEXT://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport"
      echo "advertised.listeners=PLAINTEXT://127.0.0.1:$bport"
      echo "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
    fi
    echo "inter.broker.listener.name=PLAINTEXT"
    echo "controller.listener.names=CONTROLLER"
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

# format_node NODE CLUSTER_ID 0|1 (1: bootstrap the SCRAM users of --secure).
format_node() {
  local node="$1" cid="$2" secure="$3" logdir args argfile u m rc=0
  logdir="$(node_logdir "$node")"
  args=(kafka.tools.StorageTool format -t "$cid" -c "$(node_dir "$node")/server.properties")
  if [ -n "$ELR_VERSION" ]; then
    args+=(--feature "eligible.leader.replicas.version=$ELR_VERSION")
  fi
  # Static quorum (controller.quorum.voters), so no --standalone / --initial-controllers.
  if [ "$secure" != 1 ]; then
    tool_java "${args[@]}" >"$logdir/format.log" 2>&1
    return
  fi
  # The passwords go through a java @argfile (0600), so that no command line shows them.
  argfile="$(node_dir "$node")/format.args"
  : >"$argfile"
  chmod 600 "$argfile"
  {
    printf '%s\n' "${args[@]}"
    for u in "${SECURE_USERS[@]}"; do
      for m in SCRAM-SHA-256 SCRAM-SHA-512; do
        printf '%s\n' --add-scram "$m=[name=$u,password=$(secure_password "$u")]"
      done
    done
  } >"$argfile"
  # Its log lists every credential record; salt and keys are blanked out.
  tool_java "@$argfile" 2>&1 | sed -E 's/(salt|storedKey|serverKey)=\[[^]]*\]/\1=[redacted]/g' \
    >"$logdir/format.log" || rc=$?
  rm -f "$argfile"
  return "$rc"
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
# flushed and closed) such leftovers are killed after a short grace period instead. And a
# broker still in controlled shutdown when the other nodes are gone waits for an active
# controller that cannot come back without a quorum (until SIGKILL): once at most one node
# of several is left, it gets a few seconds to finish on its own, then SIGKILL.
stop_nodes() {
  local signal="$1"
  shift
  local n pid pids=() names=() deadline i alive brokers_done grace_until="" lone_until=""
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
    elif [ "$signal" = TERM ] && [ "${#pids[@]}" -gt 1 ] && [ "${#alive[@]}" -eq 1 ]; then
      [ -n "$lone_until" ] || lone_until=$(($(date +%s%N) / 1000000 + 4000))
      if [ $(($(date +%s%N) / 1000000)) -ge "$lone_until" ]; then
        i="${alive[0]}"
        say "$(node_label "${names[$i]}") (pid ${pids[$i]}) is the last node and still in" \
          "controlled shutdown, which needs a controller quorum: SIGKILL"
        kill -s KILL "${pids[$i]}" 2>/dev/null || true
        lone_until=$((lone_until + 10000))
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
  # Sets NODES_OPT / TIMEOUT_OPT / FULL_ISR / SECURE_OPT (0|1) from "$@".
  NODES_OPT="${NODES_DEFAULT:-1}"
  TIMEOUT_OPT=120
  FULL_ISR=()
  SECURE_OPT=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) NODES_OPT="${2:?--nodes needs a value}"; shift 2 ;;
      --nodes=*) NODES_OPT="${1#*=}"; shift ;;
      --timeout) TIMEOUT_OPT="${2:?--timeout needs a value}"; shift 2 ;;
      --timeout=*) TIMEOUT_OPT="${1#*=}"; shift ;;
      --full-isr) FULL_ISR=(--full-isr); shift ;;
      --secure) SECURE_OPT=1; shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
}

# Dies unless NODE's mode was started (and not stopped since) with --secure and the material
# is in place.
require_secure_mode() {
  [ -f "$(mode_dir "$1")/started" ] ||
    die "the $(node_mode "$1") nodes are not running: nothing was started with" \
      "'kafka.sh start --nodes $([ "$1" = single ] && echo 1 || echo 3) --secure' (KFK_RUN_DIR=$RUN_DIR)"
  node_secure "$1" ||
    die "the $(node_mode "$1") nodes were not started with --secure" \
      "(run: kafka.sh start --nodes $([ "$1" = single ] && echo 1 || echo 3) --secure; KFK_RUN_DIR=$RUN_DIR)"
  secure_material_ok || die "the test PKI in $SECURE_DIR is missing or incomplete: restart with --secure"
}

# wait_secure DEADLINE NODES...: every secured listener of NODES accepts connections, and the
# SSL listener presents a certificate that verifies against ca.crt for 127.0.0.1.
wait_secure() {
  local deadline="$1" n i port out
  shift
  for n in "$@"; do
    for i in "${!SECURE_LISTENERS[@]}"; do
      port="$(secure_port "$i" "$n")"
      until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] ||
          fail_with_logs "the ${SECURE_LISTENERS[$i]} listener 127.0.0.1:$port of the $(node_label "$n") does not accept connections" "$n"
        sleep 0.1
      done
    done
    port="$(secure_port 0 "$n")"
    if ! out="$(timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$SECURE_DIR/ca.crt" \
      -verify_ip 127.0.0.1 -verify_return_error </dev/null 2>&1)"; then
      echo "$out" | tail -n 15 >&2
      fail_with_logs "TLS handshake with the SSL listener 127.0.0.1:$port of the $(node_label "$n") failed (openssl s_client, above)" "$n"
    fi
  done
}

secure_env_lines() {
  local i
  for i in "${!SECURE_LISTENERS[@]}"; do
    echo "KFK_SECURE_${SECURE_LISTENERS[$i]}=$(secure_bootstrap_for "$1" "$i")"
  done
  echo "KFK_SECURE_DIR=$SECURE_DIR"
}

cmd_wait() {
  parse_nodes_opt "$@"
  require_libs
  local nodes t0 deadline n remaining
  nodes=($(mode_nodes "$NODES_OPT"))
  [ "$SECURE_OPT" = 0 ] || require_secure_mode "${nodes[0]}"
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
  [ "$SECURE_OPT" = 0 ] || wait_secure "$deadline" "${nodes[@]}"
  say "ready: KFK_BOOTSTRAP=$(bootstrap_for "$NODES_OPT")$([ "$SECURE_OPT" = 0 ] || echo " with secured listeners") (waited $(since "$t0")s)"
}

cmd_start() {
  parse_nodes_opt "$@"
  require_libs
  local nodes mode t0 n cid pids=() rc secure_args=()
  nodes=($(mode_nodes "$NODES_OPT"))
  mode="$(node_mode "${nodes[0]}")"
  t0="$(now)"
  lock_mode "$mode"
  stop_all "${nodes[@]}"
  rm -f "$(mode_dir "${nodes[0]}")/started"
  check_ports "$SECURE_OPT" "${nodes[@]}"
  rm -rf "$(mode_dir "${nodes[0]}")"
  for n in "${nodes[@]}"; do rm -rf "$(node_logdir "$n")"; done
  mkdir -p "$(mode_dir "${nodes[0]}")"
  if [ "$SECURE_OPT" = 1 ]; then
    ensure_secure_material
    touch "$(mode_dir "${nodes[0]}")/secure"
    secure_args=(--secure)
  fi
  cid="$(new_cluster_id)"
  for n in "${nodes[@]}"; do
    mkdir -p "$(node_logdir "$n")"
    write_config "$n" "$SECURE_OPT"
    format_node "$n" "$cid" "$SECURE_OPT" &
    pids+=($!)
  done
  rc=0
  for n in "${!pids[@]}"; do wait "${pids[$n]}" || rc=1; done
  [ "$rc" -eq 0 ] || fail_with_logs "formatting the storage failed" "${nodes[@]}"
  echo "$cid" >"$(mode_dir "${nodes[0]}")/cluster-id"
  for n in "${nodes[@]}"; do launch_node "$n"; done
  touch "$(mode_dir "${nodes[0]}")/started"
  cmd_wait --nodes "$NODES_OPT" --timeout "$TIMEOUT_OPT" ${secure_args[@]+"${secure_args[@]}"}
  say "started ${#nodes[@]} node(s)$([ "$SECURE_OPT" = 0 ] || echo " with secured listeners") in $(since "$t0")s, cluster id $cid, logs in $RUN_DIR/logs"
  echo "KFK_BOOTSTRAP=$(bootstrap_for "$NODES_OPT")"
  [ "$SECURE_OPT" = 0 ] || secure_env_lines "$NODES_OPT"
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
  if node_secure "$node"; then check_ports 1 "$node"; else check_ports 0 "$node"; fi
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
      if node_secure "$n"; then
        printf '  %-15s %s\n' "" "$(for i in "${!SECURE_LISTENERS[@]}"; do
          printf '%s 127.0.0.1:%s ' "${SECURE_LISTENERS[$i]}" "$(secure_port "$i" "$n")"
        done)"
      fi
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
  local nodes
  nodes=($(mode_nodes "$NODES_OPT"))
  [ "$SECURE_OPT" = 0 ] || require_secure_mode "${nodes[0]}"
  echo "KFK_BOOTSTRAP=$(bootstrap_for "$NODES_OPT")"
  [ "$SECURE_OPT" = 0 ] || secure_env_lines "$NODES_OPT"
}

cmd_secure_init() {
  [ $# -eq 0 ] || die "secure-init takes no options"
  ensure_secure_material
  echo "KFK_SECURE_DIR=$SECURE_DIR"
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
    secure-init) cmd_secure_init "$@" ;;
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
