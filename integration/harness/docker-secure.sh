#!/bin/sh
# Entrypoint of docker-compose.yml's kafka-secure service (profile "secure"): the harness's
# single node with the secured listeners of `kafka.sh start --secure` (same ports, users,
# mechanisms, authorizer settings; see the header of kafka.sh), inside the apache/kafka image.
# It reads the PKI and passwords that `kafka.sh secure-init` made, mounted at $SECURE, writes
# server.properties itself (0600, the JAAS lines hold the PLAIN passwords), formats with the
# SCRAM users through a java @argfile (no password on a command line) and starts the broker.
#
# Environment (set by docker-compose.yml): PORT_BASE (9092), CLUSTER_ID, SECURE (mount point
# of $KFK_SECURE_DIR), KAFKA_HEAP_OPTS; WORK (config and data, default /tmp/kfk-secure) and
# KAFKA_HOME (default /opt/kafka, the image's) exist to try the script outside a container.
set -eu

SECURE="${SECURE:-/etc/kafka/secure}"
B="${PORT_BASE:-9092}"
WORK="${WORK:-/tmp/kfk-secure}"
CONF="$WORK/server.properties"
DATA="$WORK/data"
KAFKA="${KAFKA_HOME:-/opt/kafka}"

pw() {
  [ -r "$SECURE/$1.password" ] || {
    echo "docker-secure.sh: cannot read $SECURE/$1.password: run integration/harness/kafka.sh" \
      "secure-init on the host and make KFK_SECURE_DIR readable by uid $(id -u) (KFK_SECURE_UID)" >&2
    exit 1
  }
  cat "$SECURE/$1.password"
}

umask 077
mkdir -p "$DATA"
# Ports as in kafka.sh: broker base, controller base+1, secured listeners base+200..203. The
# advertised address is the host's 127.0.0.1, where docker-compose.yml publishes them.
L="SSL://:$((B + 200)),MTLS://:$((B + 201)),SASL_PLAINTEXT://:$((B + 202)),SASL_SSL://:$((B + 203))"
A="SSL://127.0.0.1:$((B + 200)),MTLS://127.0.0.1:$((B + 201)),SASL_PLAINTEXT://127.0.0.1:$((B + 202)),SASL_SSL://127.0.0.1:$((B + 203))"
plain=""
for u in admin alice bob; do plain="$plain user_$u=\"$(pw "$u")\""; done
{
  echo "process.roles=broker,controller"
  echo "node.id=1"
  echo "controller.quorum.voters=1@localhost:$((B + 1))"
  echo "listeners=PLAINTEXT://:$B,CONTROLLER://:$((B + 1)),$L"
  echo "advertised.listeners=PLAINTEXT://127.0.0.1:$B,$A"
  echo "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,MTLS:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"
  echo "inter.broker.listener.name=PLAINTEXT"
  echo "controller.listener.names=CONTROLLER"
  echo "log.dirs=$DATA"
  echo "num.partitions=1"
  echo "auto.create.topics.enable=true"
  echo "group.initial.rebalance.delay.ms=0"
  echo "log.cleaner.dedupe.buffer.size=2097152"
  echo "default.replication.factor=1"
  echo "min.insync.replicas=1"
  echo "offsets.topic.replication.factor=1"
  echo "transaction.state.log.replication.factor=1"
  echo "transaction.state.log.min.isr=1"
  echo "share.coordinator.state.topic.replication.factor=1"
  echo "share.coordinator.state.topic.min.isr=1"
  echo "ssl.keystore.type=PKCS12"
  echo "ssl.keystore.location=$SECURE/broker.p12"
  echo "ssl.keystore.password=$(pw keystore)"
  echo "ssl.key.password=$(pw keystore)"
  echo "ssl.truststore.type=PEM"
  echo "ssl.truststore.location=$SECURE/ca.crt"
  echo "ssl.client.auth=none"
  echo "listener.name.mtls.ssl.client.auth=required"
  echo 'ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/$1/,DEFAULT'
  echo "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER"
  for l in sasl_plaintext sasl_ssl; do
    echo "listener.name.$l.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$plain;"
    echo "listener.name.$l.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
    echo "listener.name.$l.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
    echo "listener.name.$l.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"admin\";"
  done
  echo "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
  echo "allow.everyone.if.no.acl.found=false"
  echo "super.users=User:ANONYMOUS;User:admin"
} >"$CONF"

if [ ! -f "$DATA/meta.properties" ]; then
  # kafka-run-class.sh passes "$@" to java after -cp, so the @argfile (main class and
  # arguments, passwords included) is expanded by the java launcher and never reaches argv.
  ARGS="$WORK/format.args"
  {
    printf '%s\n' kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONF" \
      --feature eligible.leader.replicas.version=0
    for u in admin alice bob; do
      for m in SCRAM-SHA-256 SCRAM-SHA-512; do
        printf '%s\n' --add-scram "$m=[name=$u,password=$(pw "$u")]"
      done
    done
  } >"$ARGS"
  "$KAFKA/bin/kafka-run-class.sh" "@$ARGS" 2>&1 |
    sed -E 's/(salt|storedKey|serverKey)=\[[^]]*\]/\1=[redacted]/g'
  rm -f "$ARGS"
  [ -f "$DATA/meta.properties" ] || { echo "docker-secure.sh: format failed" >&2; exit 1; }
fi
exec "$KAFKA/bin/kafka-server-start.sh" "$CONF"
