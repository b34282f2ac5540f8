#!/usr/bin/env bash
# Single-node Kafka 3.9.1 (KRaft: broker and controller in one JVM) on 127.0.0.1, from Maven Central
# jars; no Docker. Every start begins with empty storage, unless LANDCASE_KAFKA_KEEP_DATA=1 finds the
# storage of an earlier start in the same LANDCASE_INFRA_DIR: then the broker starts again on it, on
# the ports it had, with its topics, offsets and committed consumer positions (a restart, not a reset).
#   infra/kafka.sh start    prints LANDCASE_TEST_KAFKA=127.0.0.1:<port> once the broker answers metadata
#   infra/kafka.sh stop     stops the broker started from the same LANDCASE_INFRA_DIR
#   infra/kafka.sh status   exit 0 when running, 3 when not
#   infra/kafka.sh fetch    only fill the cache (jars, compiled helpers)
# Ports: LANDCASE_KAFKA_PORT (default 19092) and LANDCASE_KAFKA_CONTROLLER_PORT (default port + 1).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fetch_libs() { lc_fetch_libs kafka "$LC_HOME/kafka/pom.xml"; }
fetch() {
  local libs
  libs=$(fetch_libs)
  lc_classes kafka "$libs" "$LC_HOME/kafka/KafkaReady.java" >/dev/null
}

# A restart on the storage kept from an earlier start (LANDCASE_KAFKA_KEEP_DATA=1): the same
# server.properties, so the same ports and cluster id, and no format.
restart_server() {
  local libs=$1 classes=$2 dir="$LC_STATE/kafka" port controller pid
  port=$(sed -n 's|^advertised.listeners=PLAINTEXT://127.0.0.1:\([0-9]*\)$|\1|p' "$dir/server.properties")
  controller=$(sed -n 's|^controller.quorum.voters=1@127.0.0.1:\([0-9]*\)$|\1|p' "$dir/server.properties")
  [[ -n $port && -n $controller ]] || lc_die "no ports in $dir/server.properties to start again on"
  local p
  for p in "$port" "$controller"; do
    lc_port_busy "$p" && lc_die "port $p of the kept broker is in use by another process"
  done
  lc_log "kafka starts again on the storage kept in $dir/data (LANDCASE_KAFKA_KEEP_DATA=1)"
  lc_spawn "$dir/pid" "$dir/kafka.log" java -Xmx512m -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LC_HOME/kafka/log4j.properties" -cp "$libs/*" \
    kafka.Kafka "$dir/server.properties"
  pid=$(<"$dir/pid")
  lc_wait_ready kafka "$pid" "$dir/kafka.log" kafka.Kafka \
    java "${LC_QUICK_JVM[@]}" -Dlog4j.configuration="file:$LC_HOME/kafka/log4j-quiet.properties" \
    -cp "$classes:$libs/*" KafkaReady "127.0.0.1:$port" "$LC_TIMEOUT" "$pid"
  echo "LANDCASE_TEST_KAFKA=127.0.0.1:$port" >"$dir/env"
}

start_server() {
  local libs classes port controller dir="$LC_STATE/kafka" cluster_id pid
  libs=$(fetch_libs)
  classes=$(lc_classes kafka "$libs" "$LC_HOME/kafka/KafkaReady.java")
  if [[ ${LANDCASE_KAFKA_KEEP_DATA:-} == 1 && -f $dir/data/meta.properties && -f $dir/server.properties ]]; then
    restart_server "$libs" "$classes"
    return
  fi
  port=$(lc_port_for kafka LANDCASE_KAFKA_PORT 19092 2)
  controller=${LANDCASE_KAFKA_CONTROLLER_PORT:-$((port + 1))}
  if lc_port_busy "$controller"; then
    lc_die "controller port $controller is in use by another process; set LANDCASE_KAFKA_CONTROLLER_PORT to a free port"
  fi

  rm -rf "$dir"
  mkdir -p "$dir/data"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller|g" -e "s|@DATA_DIR@|$dir/data|g" \
    "$LC_HOME/kafka/server.properties" >"$dir/server.properties"

  # A cluster id is 16 random bytes in URL-safe base64; one starting with '-' would read as an option.
  cluster_id=-
  while [[ $cluster_id == -* ]]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  if ! java "${LC_QUICK_JVM[@]}" -Dlog4j.configuration="file:$LC_HOME/kafka/log4j-quiet.properties" -cp "$libs/*" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1; then
    cat "$dir/format.log" >&2
    lc_die "could not format the Kafka storage in $dir/data"
  fi

  lc_spawn "$dir/pid" "$dir/kafka.log" java -Xmx512m -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LC_HOME/kafka/log4j.properties" -cp "$libs/*" \
    kafka.Kafka "$dir/server.properties"
  pid=$(<"$dir/pid")
  lc_wait_ready kafka "$pid" "$dir/kafka.log" kafka.Kafka \
    java "${LC_QUICK_JVM[@]}" -Dlog4j.configuration="file:$LC_HOME/kafka/log4j-quiet.properties" \
    -cp "$classes:$libs/*" KafkaReady "127.0.0.1:$port" "$LC_TIMEOUT" "$pid"
  echo "LANDCASE_TEST_KAFKA=127.0.0.1:$port" >"$dir/env"
}

lc_main kafka kafka.Kafka "$@"
