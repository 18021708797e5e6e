#!/usr/bin/env bash
# CTest fixture commands for the integration tests (see integration/CMakeLists.txt):
#   fixture.sh start 1|3    kafka.broker.start / kafka.cluster.start
#   fixture.sh stop 1|3     kafka.broker.stop / kafka.cluster.stop (FIXTURES_CLEANUP: runs
#                           even when tests fail)
# With KFK_BOOTSTRAP set in the environment of `ctest`, the single-broker fixture starts and
# stops nothing: it checks that this broker answers and fails if it does not. The cluster
# fixture always uses the harness cluster. Failing here makes every dependent test "Not Run",
# so ctest exits non-zero: a broker that cannot start is never a silent skip.
set -euo pipefail

HARNESS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../harness" && pwd)/kafka.sh"
action="${1:?usage: fixture.sh start|stop 1|3}"
nodes="${2:?usage: fixture.sh start|stop 1|3}"

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
    if ! bash "$HARNESS" start --nodes "$nodes" --timeout "${KFK_START_TIMEOUT:-150}"; then
      echo "fixture: ERROR: could not start the Kafka broker(s) (--nodes $nodes); every test" \
        "that needs them will be reported as not run. Logs: integration/harness/kafka.sh logs" >&2
      exit 1
    fi
    ;;
  stop) bash "$HARNESS" stop --nodes "$nodes" ;;
  *) echo "fixture: unknown action $action" >&2; exit 2 ;;
esac
