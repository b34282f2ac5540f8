#!/usr/bin/env bash
# Runs a command with LANDCASE_TEST_KAFKA and LANDCASE_TEST_MONGO pointing at servers that answer:
# whichever variable is not set already, this starts a server for (Kafka and the MongoDB-protocol
# server from jars, in parallel; or both in Docker, see below), runs the command, stops what it started
# (also on failure and CTRL-C) and exits with the command's status.
#
#   bash infra/with-servers.sh vitest run      # what `pnpm test` does
#
# Docker instead of jars: LANDCASE_USE_DOCKER=1, or automatically when Java is missing and `docker info`
# answers (infra/testcontainers.ts starts apache/kafka:3.9.1 and mongo:7).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
# shellcheck source=lib.sh
source "$HERE/lib.sh"

if [[ $# -eq 0 ]]; then
  echo 'usage: bash infra/with-servers.sh <command> [args...]' >&2
  exit 2
fi

need=()
[[ -n ${LANDCASE_TEST_KAFKA:-} ]] || need+=(kafka)
[[ -n ${LANDCASE_TEST_MONGO:-} ]] || need+=(mongo)
[[ ${#need[@]} -gt 0 ]] || exec "$@"

use_docker=0
if [[ ${LANDCASE_USE_DOCKER:-} == 1 ]]; then
  use_docker=1
else
  java_problem=$(lc_java_problem)
  if [[ -n $java_problem ]]; then
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
      lc_log "$java_problem; starting the servers in Docker instead"
      use_docker=1
    else
      lc_die "$java_problem, and no Docker engine answers either. The integration tests need real servers: install a JDK 17 and Maven (Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless maven), or start Docker, or point LANDCASE_TEST_KAFKA / LANDCASE_TEST_MONGO at running servers"
    fi
  else
    export LC_JAVA_OK=1
  fi
fi

# A scratch directory of our own, so that a second run at the same time, or servers started by hand
# with infra/kafka.sh, are never touched; their ports are skipped too (see lc_port_for).
own_state=0
if [[ -z ${LANDCASE_INFRA_DIR:-} ]]; then
  LANDCASE_INFRA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/landcase-infra.XXXXXX")
  export LANDCASE_INFRA_DIR
  own_state=1
fi
LC_STATE=$LANDCASE_INFRA_DIR

started=()
declare -A pids=()
docker_pid=
child=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $child ]] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  local s
  for s in "${!pids[@]}"; do
    kill -TERM "${pids[$s]}" 2>/dev/null || true
  done
  for s in "${started[@]}"; do
    bash "$HERE/$s.sh" stop || true
  done
  if [[ -n $docker_pid ]]; then
    kill -TERM "$docker_pid" 2>/dev/null || true
    wait "$docker_pid" 2>/dev/null || true
  fi
  if [[ $own_state == 1 && $status == 0 ]]; then
    rm -rf "$LC_STATE"
  elif [[ ${#started[@]} -gt 0 || -n $docker_pid ]]; then
    lc_log "server logs kept in $LC_STATE"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

begin=$SECONDS
if [[ $use_docker == 1 ]]; then
  tsx="$REPO/node_modules/.bin/tsx"
  [[ -x $tsx ]] || lc_die "$tsx is missing; run pnpm install first"
  out="$LC_STATE/testcontainers.env"
  "$tsx" "$HERE/testcontainers.ts" "${need[@]}" >"$out" &
  docker_pid=$!
  until grep -qx READY "$out" 2>/dev/null; do
    kill -0 "$docker_pid" 2>/dev/null || {
      docker_pid=
      lc_die 'infra/testcontainers.ts exited before the containers were ready (its messages are above)'
    }
    sleep 0.5
  done
  while IFS= read -r line; do
    [[ $line == LANDCASE_TEST_* ]] && export "${line?}"
  done <"$out"
else
  # One at a time: Maven's local repository is not safe for two writers (only matters on a cold cache).
  for s in "${need[@]}"; do
    bash "$HERE/$s.sh" fetch
  done
  for s in "${need[@]}"; do
    started+=("$s")
    bash "$HERE/$s.sh" start >"$LC_STATE/$s.out" &
    pids[$s]=$!
  done
  failed=()
  for s in "${need[@]}"; do
    wait "${pids[$s]}" || failed+=("$s")
  done
  pids=()
  [[ ${#failed[@]} -eq 0 ]] || lc_die "could not start: ${failed[*]} (see the messages above)"
  for s in "${need[@]}"; do
    line=$(grep '^LANDCASE_TEST_' "$LC_STATE/$s.out")
    export "${line?}"
  done
fi
lc_log "servers ready in $((SECONDS - begin)) s: LANDCASE_TEST_KAFKA=$LANDCASE_TEST_KAFKA LANDCASE_TEST_MONGO=$LANDCASE_TEST_MONGO"

# In the background with our stdin, so that a signal to this script is handled at once instead of when
# the command has finished. Without job control a background command ignores SIGINT, so CTRL-C is passed
# on as SIGTERM.
interrupted=
"$@" <&0 &
child=$!
trap 'interrupted=130; kill -TERM "$child" 2>/dev/null' INT
trap 'interrupted=143; kill -TERM "$child" 2>/dev/null' TERM
status=0
# A trapped signal interrupts `wait`; wait again until the command has really ended, then once more
# for its own status (bash keeps it).
while kill -0 "$child" 2>/dev/null; do
  wait "$child" || true
done
wait "$child" || status=$?
child=
exit "${interrupted:-$status}"
