#!/usr/bin/env bash
# CTest fixture commands for the integration tests (see integration/CMakeLists.txt):
#   fixture.sh start 1|3    kafka.broker.start / kafka.cluster.start (kafka.sh start --secure:
#                           PLAINTEXT as always, plus the secured listeners)
#   fixture.sh stop 1|3     kafka.broker.stop / kafka.cluster.stop (FIXTURES_CLEANUP: runs
#                           even when tests fail)
#   fixture.sh exec-secure 1|3 TEST [ARGS...]
#                           runs a *_secure[_cluster]_test with the KFK_SECURE_* variables of
#                           `kafka.sh env --secure`, unless they are all exported already (a
#                           secured broker of your own); fails, naming what is missing, when
#                           neither is there
# With KFK_BOOTSTRAP set in the environment of `ctest`, the single-broker fixture starts and
# stops nothing: it checks that this broker answers and fails if it does not. The cluster
# fixture always uses the harness cluster. Failing here makes every dependent test "Not Run",
# so ctest exits non-zero: a broker that cannot start is never a silent skip.
set -euo pipefail

HARNESS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../harness" && pwd)/kafka.sh"
action="${1:?usage: fixture.sh start|stop 1|3 | exec-secure 1|3 TEST [ARGS...]}"
nodes="${2:?usage: fixture.sh start|stop 1|3 | exec-secure 1|3 TEST [ARGS...]}"
readonly SECURE_VARS=(KFK_SECURE_SSL KFK_SECURE_MTLS KFK_SECURE_SASL_PLAINTEXT KFK_SECURE_SASL_SSL
  KFK_SECURE_DIR)

if [ "$action" = exec-secure ]; then
  shift 2
  [ $# -ge 1 ] || { echo "fixture: exec-secure needs the test command" >&2; exit 2; }
  missing=()
  for v in "${SECURE_VARS[@]}"; do [ -n "${!v:-}" ] || missing+=("$v"); done
  if [ "${#missing[@]}" -eq "${#SECURE_VARS[@]}" ]; then
    if ! lines="$(bash "$HARNESS" env --nodes "$nodes" --secure)"; then
      echo "fixture: ERROR: this test needs the harness's secured listeners (--nodes $nodes)," \
        "and kafka.sh env --secure failed (above). Run it under ctest, whose fixture starts them" \
        "(with KFK_BOOTSTRAP unset), or export ${SECURE_VARS[*]} for a secured broker of yours." >&2
      exit 1
    fi
    while IFS= read -r line; do
      case "$line" in KFK_SECURE_*=*) export "${line?}" ;; esac
    done <<<"$lines"
  elif [ "${#missing[@]}" -gt 0 ]; then
    echo "fixture: ERROR: some KFK_SECURE_* variables are exported but not ${missing[*]}:" \
      "export all of ${SECURE_VARS[*]}, or none (then the harness's are used)" >&2
    exit 1
  fi
  exec "$@"
fi

if [ "$nodes" = 1 ] && [ -n "${KFK_BOOTSTRAP:-}" ]; then
  case "$action" in
    start)
      echo "fixture: KFK_BOOTSTRAP=$KFK_BOOTSTRAP is set: testing against that broker (not starting one)"
      if ! bash "$HARNESS" probe --bootstrap "$KFK_BOOTSTRAP" --timeout "${KFK_PROBE_TIMEOUT:-30}"; then
        echo "fixture: ERROR: the broker at KFK_BOOTSTRAP=$KFK_BOOTSTRAP does not answer." \
          "Start it, or unset KFK_BOOTSTRAP so that ctest starts a broker itself." >&2
        exit 1
      fi
      ;;
    stop) echo "fixture: KFK_BOOTSTRAP=$KFK_BOOTSTRAP is an external broker: nothing to stop" ;;
    *) echo "fixture: unknown action $action" >&2; exit 2 ;;
  esac
  exit 0
fi

case "$action" in
  start)
    if ! bash "$HARNESS" start --nodes "$nodes" --secure --timeout "${KFK_START_TIMEOUT:-150}"; then
      echo "fixture: ERROR: could not start the Kafka broker(s) (--nodes $nodes); every test" \
        "that needs them will be reported as not run. Logs: integration/harness/kafka.sh logs" >&2
      exit 1
    fi
    ;;
  stop) bash "$HARNESS" stop --nodes "$nodes" ;;
  *) echo "fixture: unknown action $action" >&2; exit 2 ;;
esac
